package dev.ecomstream.schema.normalise;

import static dev.ecomstream.testkit.StagingDatabase.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.testkit.StagingDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The watermark with several sink instances: a transaction that drew lower staging ids but commits after a
 * normaliser run must not be skipped (it would be with "the highest staging_id seen").
 */
@ExtendWith(DevStackExtension.class)
class ConcurrentWritersIT {

    @Test
    void shouldNotSkipTheRowsOfATransactionThatCommitsAfterALaterOneAndARun(DevStack stack) throws Exception {
        StagingDatabase db = StagingDatabase.create(stack, "late_commit");
        try (Connection earlier = db.dataSource().getConnection();
             Connection later = db.dataSource().getConnection()) {
            earlier.setAutoCommit(false);
            later.setAutoCommit(false);

            long lowerId = db.land(earlier, Entity.USERS, user(1)).get(0);
            long higherId = db.land(later, Entity.USERS, user(2)).get(0);
            later.commit();
            assertThat(lowerId).isLessThan(higherId);

            NormaliserRun between = db.runner().runOnce();

            // user 2 is visible, but below it a transaction is still open: it waits for the next run
            assertThat(between.counts(Entity.USERS).orElseThrow())
                    .extracting(EntityCounts::inserted, EntityCounts::deferred).containsExactly(0L, 1L);

            earlier.commit();
        }

        NormaliserRun after = db.runner().runOnce();

        assertThat(after.counts(Entity.USERS).orElseThrow())
                .extracting(EntityCounts::inserted, EntityCounts::deferred).containsExactly(2L, 0L);
        assertThat(db.query("SELECT user_id FROM core.users ORDER BY user_id"))
                .containsExactly(Map.of("user_id", 1L), Map.of("user_id", 2L));
    }

    @Test
    void shouldLoadEveryRowOfTwoWritersWhileTheNormaliserRunsAllTheTime(DevStack stack) throws Exception {
        StagingDatabase db = StagingDatabase.create(stack, "two_writers");
        int transactionsPerWriter = 40;
        int rowsPerTransaction = 25;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int writer = 0; writer < 2; writer++) {
                long firstKey = writer * 1_000_000L;
                writers.add(threads.submit(() -> {
                    write(db, firstKey, transactionsPerWriter, rowsPerTransaction);
                    return null;
                }));
            }
            Future<Integer> normaliser = threads.submit(() -> {
                int runs = 0;
                while (writing.get()) {
                    db.runner().runOnce();
                    runs++;
                }
                return runs;
            });
            for (Future<?> writer : writers) {
                writer.get();
            }
            writing.set(false);
            assertThat(normaliser.get()).as("runs during the writes").isPositive();
        } finally {
            threads.shutdownNow();
        }

        NormaliserRun last = db.runner().runUntilCaughtUp(Duration.ofSeconds(30));

        assertThat(last.caughtUp()).isTrue();
        long expected = 2L * transactionsPerWriter * rowsPerTransaction;
        assertThat(db.scalar("SELECT count(*) FROM staging.users")).isEqualTo(expected);
        assertThat(db.scalar("SELECT count(*) FROM core.users")).isEqualTo(expected);
    }

    /** Transactions of consecutive user keys, with a pause between insert and commit to interleave them. */
    private static void write(StagingDatabase db, long firstKey, int transactions, int rowsPerTransaction)
            throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            long key = firstKey;
            for (int t = 0; t < transactions; t++) {
                for (int r = 0; r < rowsPerTransaction; r++) {
                    db.land(connection, Entity.USERS, user(key++));
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 15));
                connection.commit();
            }
        }
    }

    private static Map<String, Object> user(long id) {
        return row("id", id, "first_name", "User " + id, "created_at", "2024-01-01T00:00:00Z");
    }
}
