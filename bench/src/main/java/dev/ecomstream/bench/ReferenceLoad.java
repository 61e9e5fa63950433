package dev.ecomstream.bench;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import dev.ecomstream.schema.normalise.NormaliserRun;
import dev.ecomstream.schema.normalise.NormaliserRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference the pipeline is measured against: the same CSV files loaded straight into the staging tables
 * with PostgreSQL's COPY FROM STDIN (what {@code psql \copy} does), one table after the other, then the same
 * normaliser run until it has caught up. No Kafka, no JSON, no sink: the least work that ends with the same
 * rows in core.
 */
final class ReferenceLoad {

    private static final Logger log = LoggerFactory.getLogger(ReferenceLoad.class);

    private final Duration timeout;

    ReferenceLoad(Duration timeout) {
        this.timeout = timeout;
    }

    /** What the reference measured. */
    record Result(Map<Entity, Long> csvRows, double copySeconds, double normaliseSeconds,
                  Map<Entity, Long> coreRows) {

        long totalCsvRows() {
            return csvRows.values().stream().mapToLong(Long::longValue).sum();
        }

        double totalSeconds() {
            return copySeconds + normaliseSeconds;
        }

        double rowsPerSecond() {
            return totalCsvRows() / totalSeconds();
        }
    }

    Result run(Path dataDir, BenchDatabase database) throws IOException, SQLException {
        SchemaMigrator.migrate(database.dataSource());
        Map<Entity, Long> csvRows = new EnumMap<>(Entity.class);
        long started = System.nanoTime();
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(true); // one transaction per table, as psql \copy does
            for (Entity entity : Entity.values()) {
                csvRows.put(entity, copy(connection, entity, dataDir.resolve(entity.csvFileName())));
            }
        }
        double copySeconds = (System.nanoTime() - started) / 1e9;
        log.info("Reference: COPY of {} rows in {} s", csvRows.values().stream().mapToLong(Long::longValue).sum(),
                String.format("%.1f", copySeconds));

        started = System.nanoTime();
        NormaliserRun run = new NormaliserRunner(database.dataSource()).runUntilCaughtUp(timeout);
        double normaliseSeconds = (System.nanoTime() - started) / 1e9;
        if (!run.caughtUp()) {
            throw new IllegalStateException("The reference's normaliser had not caught up after "
                    + timeout.toSeconds() + " s");
        }
        Map<Entity, Long> coreRows = new TableCounts(database.dataSource()).core();
        log.info("Reference: normalised in {} s; core rows {}", String.format("%.1f", normaliseSeconds), coreRows);
        return new Result(csvRows, copySeconds, normaliseSeconds, coreRows);
    }

    /** COPY one file into its staging table, adding the Kafka coordinates; returns the records copied. */
    private static long copy(Connection connection, Entity entity, Path file) throws IOException, SQLException {
        List<String> header;
        try (InputStream in = Files.newInputStream(file)) {
            header = CoordinatedCsv.header(in);
        }
        for (String column : header) {
            entity.column(column); // an unknown column fails here, naming it, rather than inside COPY
        }
        String sql = "COPY " + entity.stagingTable() + " (kafka_topic, kafka_partition, kafka_offset, "
                + header.stream().collect(Collectors.joining(", ")) + ") FROM STDIN WITH (FORMAT csv)";
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try (InputStream in = Files.newInputStream(file)) {
            long records = CoordinatedCsv.transfer(in, entity.topic(), (bytes, offset, length) -> {
                try {
                    copy.writeToCopy(bytes, offset, length);
                } catch (SQLException e) {
                    throw new IOException("COPY into " + entity.stagingTable() + " failed: " + e.getMessage(), e);
                }
            });
            copy.endCopy();
            return records;
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
