package dev.ecomstream.schema.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.Entity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormaliserRunTest {

    @Test
    void shouldAddInsertedUpdatedAndInferredButKeepTheLaterPendingAndDeferred() {
        NormaliserRun first = new NormaliserRun(true,
                List.of(new EntityCounts(Entity.ORDERS, 5, 1, 4, 2, 3)), Duration.ofMillis(10));
        NormaliserRun second = new NormaliserRun(true,
                List.of(new EntityCounts(Entity.ORDERS, 2, 0, 1, 0, 0)), Duration.ofMillis(5));

        NormaliserRun both = first.then(second);

        assertThat(both.counts(Entity.ORDERS)).contains(new EntityCounts(Entity.ORDERS, 7, 1, 5, 0, 0));
        assertThat(both.elapsed()).isEqualTo(Duration.ofMillis(15));
        assertThat(both.caughtUp()).isTrue();
        assertThat(first.caughtUp()).isFalse();
    }

    @Test
    void shouldNeverCallASkippedRunCaughtUp() {
        NormaliserRun skipped = NormaliserRun.skipped(Duration.ZERO);

        assertThat(skipped.ran()).isFalse();
        assertThat(skipped.caughtUp()).isFalse();
        assertThat(skipped.then(skipped).ran()).isFalse();
    }
}
