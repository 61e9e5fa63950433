package dev.ecomstream.producers.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.producers.csv.CsvSyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    @Test
    void shouldDeliverEveryMappedItemInSourceOrder() {
        List<Integer> source = IntStream.range(0, 10_000).boxed().toList();
        List<String> seen = new ArrayList<>();
        try (ReadAhead<Integer, String> items = ReadAhead.start(source.iterator(), i -> "#" + i, "test")) {
            items.forEachRemaining(seen::add);
        }
        assertThat(seen).hasSize(10_000).startsWith("#0", "#1").endsWith("#9999");
        assertThat(seen).isEqualTo(source.stream().map(i -> "#" + i).toList());
    }

    @Test
    void shouldThrowTheSourcesFailureAfterTheItemsBeforeIt() {
        Iterator<Integer> failingAt700 = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 700) {
                    throw new CsvSyntaxException("broken quote at line 701", 701);
                }
                return next++;
            }
        };
        List<Integer> seen = new ArrayList<>();
        try (ReadAhead<Integer, Integer> items = ReadAhead.start(failingAt700, i -> i, "test")) {
            assertThatThrownBy(() -> items.forEachRemaining(seen::add))
                    .isInstanceOf(CsvSyntaxException.class).hasMessageContaining("line 701");
        }
        assertThat(seen).hasSize(700).endsWith(699);
    }

    @Test
    void shouldStopReadingTheSourceWhenClosed() throws InterruptedException {
        AtomicInteger read = new AtomicInteger();
        ReadAhead<Integer, Integer> items = ReadAhead.start(endless(read), i -> i, "test");
        assertThat(items.next()).isEqualTo(1);
        items.close();
        int afterClose = read.get();
        Thread.sleep(100);
        assertThat(read.get()).isEqualTo(afterClose).isLessThan(100_000);
    }

    @Test
    void shouldPassTheFirstStagesFailureThroughTheSecondAndStopBothWhenClosed() throws InterruptedException {
        AtomicInteger read = new AtomicInteger();
        Iterator<Integer> failingAt5000 = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (read.get() == 5000) {
                    throw new CsvSyntaxException("broken quote at line 5001", 5001);
                }
                return read.getAndIncrement();
            }
        };
        List<String> seen = new ArrayList<>();
        try (ReadAhead<Integer, Integer> parsed = ReadAhead.start(failingAt5000, i -> i, "first");
             ReadAhead<Integer, String> converted = ReadAhead.start(parsed, i -> "#" + i, "second")) {
            assertThatThrownBy(() -> converted.forEachRemaining(seen::add))
                    .isInstanceOf(CsvSyntaxException.class).hasMessageContaining("line 5001");
        }
        assertThat(seen).hasSize(5000).endsWith("#4999");

        AtomicInteger endlessRead = new AtomicInteger();
        ReadAhead<Integer, Integer> first = ReadAhead.start(endless(endlessRead), i -> i, "first");
        ReadAhead<Integer, Integer> second = ReadAhead.start(first, i -> i, "second");
        assertThat(second.next()).isEqualTo(1);
        second.close();
        first.close();
        int afterClose = endlessRead.get();
        Thread.sleep(100);
        assertThat(endlessRead.get()).isEqualTo(afterClose);
    }

    /** 1, 2, 3... for ever, counting in {@code read} how many were taken. */
    private static Iterator<Integer> endless(AtomicInteger read) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return read.incrementAndGet();
            }
        };
    }
}
