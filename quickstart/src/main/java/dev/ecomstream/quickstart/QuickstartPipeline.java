package dev.ecomstream.quickstart;

import dev.ecomstream.producers.publish.EntityPublisher;
import dev.ecomstream.producers.publish.KafkaClientProperties;
import dev.ecomstream.producers.publish.PublishOptions;
import dev.ecomstream.producers.publish.PublishReport;
import dev.ecomstream.producers.publish.TopicCreator;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.normalise.NormaliserRun;
import dev.ecomstream.schema.normalise.NormaliserRunner;
import dev.ecomstream.sink.SinkService;
import dev.ecomstream.sink.SinkSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on a given Kafka and PostgreSQL: creates the topics, starts the sink, publishes the
 * seven files of a data directory, and waits until every published row has landed (or been rejected by the
 * sink). The sink keeps running afterwards until {@link #close()}.
 */
public final class QuickstartPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QuickstartPipeline.class);
    private static final List<String> CORE_TABLES = List.of("distribution_centers", "products", "inventory_items",
            "users", "orders", "order_items", "sessions", "events");

    private final String bootstrapServers;
    private final DataSource dataSource;
    /** Reads the sink's progress in the ops views (a login in ecomstream_monitor: the writer may not). */
    private final DataSource progress;
    private final SinkService sink;
    private final Thread sinkThread;

    /**
     * Starts the sink against the database at {@code jdbcUrl} (migrating it first) as {@code dbUser}, who also
     * normalises through {@code dataSource}; {@code progress} counts what landed, in the ops views.
     */
    public QuickstartPipeline(String bootstrapServers, String jdbcUrl, String dbUser, String dbPassword,
                              DataSource dataSource, DataSource progress) {
        this.bootstrapServers = bootstrapServers;
        this.dataSource = dataSource;
        this.progress = progress;
        TopicCreator.createMissing(adminProperties(), Arrays.stream(Entity.values()).map(Entity::topic).toList(),
                TopicCreator.DEFAULT_PARTITIONS, TopicCreator.DEFAULT_REPLICATION_FACTOR);
        // Freshness over throughput: the quickstart's files are small, and its user watches the dashboard.
        this.sink = new SinkService(SinkSettings.builder()
                .kafka(bootstrapServers, Map.of())
                .consumerGroup("ecomstream-quickstart")
                .postgres(jdbcUrl, dbUser, dbPassword)
                .batchMaxAge(Duration.ofMillis(200))
                .normaliseInterval(Duration.ofSeconds(2))
                .withoutHttp()
                .build());
        this.sinkThread = new Thread(sink, "ecomstream-sink");
        sinkThread.setUncaughtExceptionHandler((thread, failure) ->
                log.error("The sink stopped: {}", failure.getMessage()));
        sinkThread.start();
    }

    /** Checks that the directory holds the seven files before anything is published. */
    public static void requireDataFiles(Path dataDir) {
        List<String> missing = Arrays.stream(Entity.values())
                .map(Entity::csvFileName)
                .filter(name -> !Files.isReadable(dataDir.resolve(name)))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(String.format(
                    "%s lacks %s; the quickstart needs the seven TheLook exports named <entity>.csv there. "
                            + "Run it from the repository root (it uses data/), or pass --data DIR.",
                    dataDir.toAbsolutePath(), missing));
        }
    }

    /** Publishes every entity's file and waits until all of it is in PostgreSQL. */
    public List<EntityCounts> publishAndWait(Path dataDir, Duration timeout)
            throws IOException, SQLException, TimeoutException, InterruptedException {
        requireDataFiles(dataDir);
        List<PublishReport> reports = new ArrayList<>();
        try (Producer<byte[], byte[]> producer =
                     new KafkaProducer<>(KafkaClientProperties.forProducer(bootstrapServers, Map.of()))) {
            EntityPublisher publisher = new EntityPublisher(producer);
            for (Entity entity : Entity.values()) {
                reports.add(publisher.publish(entity, dataDir.resolve(entity.csvFileName()),
                        new PublishOptions(entity.topic(), 0, null, false)));
            }
        }
        return waitUntilLanded(reports, timeout);
    }

    private List<EntityCounts> waitUntilLanded(List<PublishReport> reports, Duration timeout)
            throws SQLException, TimeoutException, InterruptedException {
        StagingCounter counter = new StagingCounter(progress);
        long deadline = System.nanoTime() + timeout.toNanos();
        // the sink creates the staging tables as it starts, which may take longer than publishing the files
        while (!sink.health().hasStarted()) {
            if (!sinkThread.isAlive()) {
                throw new IllegalStateException("The sink stopped before it started; see the error above.");
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("The sink did not start within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        while (true) {
            List<EntityCounts> counts = new ArrayList<>();
            boolean allArrived = true;
            for (PublishReport report : reports) {
                long landed = counter.landed(report.entity());
                long rejectedBySink = counter.rejectedBySink(report.topic());
                allArrived &= landed + rejectedBySink >= report.rowsPublished();
                counts.add(new EntityCounts(report.entity(), report.rowsRead(), report.rowsPublished(), landed,
                        report.rowsRejected() + rejectedBySink));
            }
            if (allArrived) {
                return counts;
            }
            if (!sinkThread.isAlive()) {
                throw new IllegalStateException("The sink stopped before every row landed; see the error above.");
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Not every published row landed within " + timeout.toSeconds() + " s: "
                        + counts);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Normalises everything landed so far into core, waiting for runs the sink may have started, and
     * returns how many rows each core table holds.
     */
    public Map<String, Long> normaliseAndCountCore(Duration timeout) throws SQLException {
        NormaliserRun run = new NormaliserRunner(dataSource).runUntilCaughtUp(timeout);
        if (run.pending() > 0) {
            log.warn("{} staged rows wait for a parent that has not arrived; see core.pending", run.pending());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : CORE_TABLES) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM core." + table)) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
        }
        return counts;
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }

    @Override
    public void close() {
        sink.close();
        try {
            sinkThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
