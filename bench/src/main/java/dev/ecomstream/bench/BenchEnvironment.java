package dev.ecomstream.bench;

import java.util.Map;
import javax.sql.DataSource;

/**
 * The Kafka cluster and PostgreSQL server the benchmark runs against: the embedded devstack, or the user's
 * own ({@code --bootstrap-servers}, {@code --pg-url}). Each step gets fresh topics and a fresh database, so
 * steps never disturb one another and nothing of the user's is touched.
 */
interface BenchEnvironment extends AutoCloseable {

    String bootstrapServers();

    /** Kafka client properties every client of the run gets (security settings of an external cluster). */
    Map<String, String> kafkaProperties();

    /** Creates an empty database named {@code name} (lower-case letters, digits, underscores). */
    BenchDatabase createDatabase(String name);

    /** A connection to the server outside the step databases (for DROP DATABASE and CHECKPOINT). */
    DataSource maintenanceDataSource();

    /**
     * Drops a database a finished step created, so its checkpoints and autovacuum cannot slow the next step;
     * a failure is only logged.
     */
    void dropDatabase(String name);

    /** "embedded devstack" or "external", for the results. */
    String description();

    /** Whether the PostgreSQL server runs on this machine, so its processes' CPU time can be read. */
    boolean postgresIsLocal();

    /** Drops what the run created on an external server; stops the devstack. */
    @Override
    void close();
}
