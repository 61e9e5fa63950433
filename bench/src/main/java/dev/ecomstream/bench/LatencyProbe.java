package dev.ecomstream.bench;

import dev.ecomstream.producers.publish.EntityPublisher;
import dev.ecomstream.producers.publish.KafkaClientProperties;
import dev.ecomstream.producers.publish.KafkaRecordSender;
import dev.ecomstream.producers.publish.ProgressReporter;
import dev.ecomstream.producers.publish.PublishOptions;
import dev.ecomstream.producers.publish.RecordSender;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.SchemaMigrator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latency from send to queryable: events are published at a steady rate through the producers' own engine
 * and pacer ({@code --rate}), the sink lands and normalises them, and a separate connection polls
 * {@code core.events} by id every few milliseconds. An event's latency is the time from handing it to the
 * Kafka producer to the start of the first poll that saw it in core. That is an upper bound, late by at most
 * one poll interval; the normaliser's {@code normalised_at} column is not used because it holds the start of
 * its transaction, before the rows become visible at commit.
 *
 * <p>The first seconds (JIT, connections, the first normaliser runs) are a warm-up sent at the same rate
 * but not measured.
 */
final class LatencyProbe {

    private static final Logger log = LoggerFactory.getLogger(LatencyProbe.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /** How long after the last send the probe waits for stragglers before counting them as not seen. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final BenchEnvironment environment;
    private final BenchKafka kafka;
    private final SinkOptions sinkOptions;
    private final Path workDir;
    private final double rate;
    private final Duration duration;
    private final Duration warmup;
    private final long pollMillis;

    LatencyProbe(BenchEnvironment environment, BenchKafka kafka, SinkOptions sinkOptions, Path workDir, double rate,
                 Duration duration, Duration warmup, long pollMillis) {
        this.environment = environment;
        this.kafka = kafka;
        this.sinkOptions = sinkOptions;
        this.workDir = workDir;
        this.rate = rate;
        this.duration = duration;
        this.warmup = warmup;
        this.pollMillis = pollMillis;
    }

    /**
     * What the probe measured.
     *
     * @param achievedRate events per second actually handed to the producer in the measured window
     * @param notSeen      measured events not in core within the drain timeout (counted, not in the percentiles)
     */
    record Result(double targetRate, double achievedRate, double seconds, int measured, int notSeen,
                  Percentiles latency, String method) {
    }

    Result run(String step) throws IOException, SQLException, InterruptedException {
        int warmupEvents = (int) Math.round(rate * warmup.toNanos() / 1e9);
        int measuredEvents = (int) Math.round(rate * duration.toNanos() / 1e9);
        int total = warmupEvents + measuredEvents;
        Path csv = writeEvents(workDir.resolve("latency-events.csv"), total);

        BenchDatabase database = environment.createDatabase(step);
        SchemaMigrator.migrate(database.dataSource());
        Map<Entity, String> topics = kafka.createTopics("bench." + step + ".");
        String group = "bench-" + step;
        long[] sentAt = new long[total + 1];
        long[] seenAt = new long[total + 1];
        try (SinkProcess sink = SinkProcess.start(sinkOptions.jar(), sinkOptions.heap(),
                sinkOptions.arguments(kafka, group, topics, database), database.password(),
                workDir.resolve("sink-" + step + ".log"))) {
            kafka.awaitAssignment(group, topics.size() * kafka.partitions(), READY_TIMEOUT, sink);
            CorePoller poller = new CorePoller(database, sentAt, seenAt);
            Thread pollThread = new Thread(poller, "bench-latency-poll");
            pollThread.start();
            try (Producer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProperties())) {
                log.info("{}: sending {} events at {}/s ({} s warm-up, {} s measured)", step, total, rate,
                        warmup.toSeconds(), duration.toSeconds());
                new EntityPublisher(new TimedSender(new KafkaRecordSender(producer), sentAt, poller.maxSent))
                        .publish(Entity.EVENTS, csv, new PublishOptions(topics.get(Entity.EVENTS), 0,
                                workDir, false, rate, 0, ProgressReporter.Mode.NONE,
                                KafkaClientProperties.maxRecordBytes(kafka.producerProperties())));
                poller.awaitAll(total, System.nanoTime() + DRAIN_TIMEOUT.toNanos(), sink);
            } finally {
                poller.stop();
                pollThread.join(TimeUnit.SECONDS.toMillis(10));
            }
            if (poller.failure.get() != null) {
                throw new IllegalStateException("Polling core.events failed: " + poller.failure.get().getMessage(),
                        poller.failure.get());
            }
        }
        return summarise(sentAt, seenAt, warmupEvents, total);
    }

    private Result summarise(long[] sentAt, long[] seenAt, int warmupEvents, int total) {
        int firstMeasured = warmupEvents + 1;
        long[] latencies = new long[total - warmupEvents];
        int measured = 0;
        int notSeen = 0;
        for (int id = firstMeasured; id <= total; id++) {
            if (seenAt[id] == 0) {
                notSeen++;
            } else {
                latencies[measured++] = seenAt[id] - sentAt[id];
            }
        }
        double window = (sentAt[total] - sentAt[firstMeasured]) / 1e9;
        double achieved = window > 0 ? (total - firstMeasured) / window : Double.NaN;
        return new Result(rate, achieved, duration.toNanos() / 1e9, measured, notSeen,
                Percentiles.ofNanos(java.util.Arrays.copyOf(latencies, measured)),
                "send to first poll of core.events that returns the id (separate connection, every "
                        + pollMillis + " ms)");
    }

    /** Anonymous events (no user, so no parent to wait for), ten per session, ids 1..count. */
    static Path writeEvents(Path file, int count) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,user_id,sequence_number,session_id,created_at,ip_address,city,state,postal_code,browser,"
                    + "traffic_source,uri,event_type\n");
            UUID session = null;
            for (int id = 1; id <= count; id++) {
                if ((id - 1) % 10 == 0) {
                    session = new UUID(0x5e55_0000_0000_0000L, id);
                }
                out.write(id + ",," + ((id - 1) % 10 + 1) + "," + session + ","
                        + TIMESTAMP.format(start.plusSeconds(id)) + " UTC," + "10.0." + (id >> 8 & 255) + "."
                        + (id & 255) + ",Berlin,Berlin,10115,Chrome,Email,/product/" + (id % 1000) + ",product\n");
            }
        }
        return file;
    }

    /** Notes when each record is handed to the Kafka producer; the key is the event id in ASCII digits. */
    private static final class TimedSender implements RecordSender {
        private final RecordSender delegate;
        private final long[] sentAt;
        private final AtomicLong maxSent;

        TimedSender(RecordSender delegate, long[] sentAt, AtomicLong maxSent) {
            this.delegate = delegate;
            this.sentAt = sentAt;
            this.maxSent = maxSent;
        }

        @Override
        public void send(String topic, byte[] key, byte[] value, Headers headers) {
            int id = Integer.parseInt(new String(key, StandardCharsets.US_ASCII));
            sentAt[id] = System.nanoTime();
            delegate.send(topic, key, value, headers);
            maxSent.set(id); // published after sentAt[id] is written, so the poller reads a set value
        }

        @Override
        public void flush() {
            delegate.flush();
        }

        @Override
        public boolean sendsRecords() {
            return delegate.sendsRecords();
        }
    }

    /**
     * Polls core.events for ids above the highest one below which all were seen, up to the highest sent. Rows
     * come back once, or a few times while an earlier id is still missing, so a poll reads about as many rows
     * as became visible since the last one.
     */
    private final class CorePoller implements Runnable {
        final AtomicLong maxSent = new AtomicLong();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        private final BenchDatabase database;
        private final long[] sentAt;
        private final long[] seenAt;
        private volatile boolean stopped;
        private volatile int allSeenUpTo;

        CorePoller(BenchDatabase database, long[] sentAt, long[] seenAt) {
            this.database = database;
            this.sentAt = sentAt;
            this.seenAt = seenAt;
        }

        @Override
        public void run() {
            try (Connection connection = database.dataSource().getConnection();
                 PreparedStatement query = connection.prepareStatement(
                         "SELECT event_id FROM core.events WHERE event_id > ? AND event_id <= ?")) {
                connection.setAutoCommit(true); // each poll its own snapshot
                int floor = 0;
                while (!stopped) {
                    long pollStarted = System.nanoTime();
                    long upTo = maxSent.get();
                    if (upTo > floor) {
                        query.setLong(1, floor);
                        query.setLong(2, upTo);
                        try (ResultSet rows = query.executeQuery()) {
                            while (rows.next()) {
                                int id = (int) rows.getLong(1);
                                if (seenAt[id] == 0) {
                                    seenAt[id] = Math.max(pollStarted, sentAt[id]);
                                }
                            }
                        }
                        while (floor < upTo && seenAt[floor + 1] != 0) {
                            floor++;
                        }
                        allSeenUpTo = floor;
                    }
                    long sleep = pollMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pollStarted);
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            } catch (SQLException e) {
                failure.set(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitAll(int total, long deadline, SinkProcess sink) throws InterruptedException {
            while (allSeenUpTo < total && System.nanoTime() < deadline && failure.get() == null) {
                sink.requireAlive();
                Thread.sleep(50);
            }
            if (allSeenUpTo < total) {
                log.warn("Not every event reached core within {} s of the last send; {} of {} seen in order",
                        DRAIN_TIMEOUT.toSeconds(), allSeenUpTo, total);
            }
        }

        void stop() {
            stopped = true;
        }
    }
}
