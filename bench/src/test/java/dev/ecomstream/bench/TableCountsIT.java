package dev.ecomstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.testkit.StagingDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the benchmark reads of the sink's progress, it reads from the published ops views. */
@ExtendWith(DevStackExtension.class)
class TableCountsIT {

    @Test
    void shouldCountTheRecordsTheSinkTookPerTopicAndRejectedOverAll(DevStack stack) throws SQLException {
        StagingDatabase db = StagingDatabase.create(stack, "bench_counts");
        db.execute("""
                INSERT INTO staging.sink_offsets (consumer_group, topic, kafka_partition, next_offset)
                VALUES ('g', 'ecomstream.orders', 0, 40), ('g', 'ecomstream.orders', 1, 2), ('g', 'ecomstream.users', 0, 7)""");
        db.execute("""
                INSERT INTO staging.rejected_records (kafka_topic, kafka_partition, kafka_offset, record_value, reason)
                VALUES ('ecomstream.orders', 0, 3, 'not json', 'not JSON'), ('ecomstream.users', 0, 5, '{}', 'no key')""");
        TableCounts counts = new TableCounts(db.dataSource());

        assertThat(counts.takenBySink("ecomstream.orders")).isEqualTo(42);
        assertThat(counts.takenBySink("ecomstream.users")).isEqualTo(7);
        assertThat(counts.takenBySink("ecomstream.events")).isZero();
        assertThat(counts.rejectedBySink()).isEqualTo(2);
    }
}
