package dev.ecomstream.sink.rejected;

import dev.ecomstream.schema.KafkaConnectionOptions;
import dev.ecomstream.schema.PostgresOptions;
import dev.ecomstream.sink.failure.SinkFailedException;
import dev.ecomstream.sink.failure.SqlFailureClassifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ecomstream-sink rejected export|replay}: the way back for records the sink rejected. Export writes each
 * record not replayed yet to files an operator can fix; replay publishes each fixed record to its original topic
 * with its key and headers, and marks it replayed in {@code staging.rejected_records} (when, and where the fixed
 * record went) in the same database transaction that held the row locked, so no record is replayed twice.
 */
@Command(name = "rejected", mixinStandardHelpOptions = true,
        description = "Exports the records the sink rejected (staging.rejected_records) to files to fix, and "
                + "publishes the fixed ones again.",
        subcommands = {RejectedRecordsCommand.Export.class, RejectedRecordsCommand.Replay.class},
        footer = {"", "Exit codes: 0 done, 1 failed (the message says what to fix), 2 bad command line."})
public final class RejectedRecordsCommand {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);

    /** What both subcommands need. */
    abstract static class RejectedSubcommand implements Callable<Integer> {

        @Mixin
        KafkaConnectionOptions kafka;

        @Mixin
        PostgresOptions postgres;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        Properties kafkaProperties(String clientId) {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
            properties.putAll(kafka.clientProperties());
            return properties;
        }

        SinkFailedException databaseFailure(String what, SQLException failure) {
            return new SinkFailedException(what + " failed: " + SqlFailureClassifier.firstLine(failure) + ". To fix: "
                    + SqlFailureClassifier.advice(failure) + ".", failure);
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes every rejected record not replayed yet to DIR: <topic>-<partition>-<offset>.value "
                    + "(the value's bytes, to fix) and .json (coordinates, reason, key and headers).")
    static final class Export extends RejectedSubcommand {

        @Option(names = "--to", paramLabel = "DIR", required = true,
                description = "Directory to write the files to (created if missing).")
        Path directory;

        @Option(names = "--topic", paramLabel = "TOPIC", split = ",",
                description = "Only the records rejected from these topics (default: all).")
        List<String> topics = new ArrayList<>();

        @Override
        public Integer call() {
            List<RejectedRecordsTable.Rejected> rejected;
            try {
                rejected = RejectedRecordsTable.notReplayed(postgres.dataSource(), topics);
            } catch (SQLException e) {
                throw databaseFailure("Reading staging.rejected_records", e);
            }
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new SinkFailedException("Cannot create " + directory.toAbsolutePath() + ": " + e
                        + ". To fix: give --to a directory you may write.", e);
            }
            int withoutHeaders = 0;
            Properties properties = kafkaProperties("ecomstream-sink-rejected-export");
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            // an offset Kafka no longer holds is an answer (no headers), not a reason to read from elsewhere
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
                for (RejectedRecordsTable.Rejected record : rejected) {
                    List<Header> headers = originalHeaders(consumer, record).orElse(null);
                    withoutHeaders += headers == null ? 1 : 0;
                    new ExportedRecord(record.id(), record.topic(), record.partition(), record.offset(),
                            record.reason(), String.valueOf(record.rejectedAt()), record.key(), headers,
                            record.value()).write(directory);
                }
            } catch (IOException e) {
                throw new SinkFailedException("Cannot write into " + directory.toAbsolutePath() + ": " + e
                        + ". To fix: give --to a directory you may write.", e);
            }
            out().printf("Exported %d rejected record(s) to %s%s%n", rejected.size(), directory.toAbsolutePath(),
                    withoutHeaders == 0 ? "" : " (" + withoutHeaders + " no longer in Kafka: replayed without their "
                            + "headers, \"headers\": null)");
            if (!rejected.isEmpty()) {
                out().printf("Fix each .value file (delete the .json of a record not to replay), then run: "
                        + "ecomstream-sink rejected replay --from %s%n", directory.toAbsolutePath());
            }
            return 0;
        }

        /** The headers of the original record, read back from Kafka; empty when Kafka no longer holds it. */
        private static Optional<List<Header>> originalHeaders(KafkaConsumer<byte[], byte[]> consumer,
                                                              RejectedRecordsTable.Rejected record) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, record.offset());
            long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> read : consumer.poll(Duration.ofMillis(200)).records(partition)) {
                        return read.offset() == record.offset()
                                ? Optional.of(Arrays.asList(read.headers().toArray())) : Optional.empty();
                    }
                }
            } catch (OffsetOutOfRangeException deletedByRetention) {
                return Optional.empty();
            }
            return Optional.empty();
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Publishes each record exported to DIR (as fixed there) to its original topic, with its key "
                    + "and headers, and marks it replayed in staging.rejected_records; a record replayed already is "
                    + "skipped.")
    static final class Replay extends RejectedSubcommand {

        @Option(names = "--from", paramLabel = "DIR", required = true,
                description = "The directory rejected export wrote, with the values fixed.")
        Path directory;

        @Override
        public Integer call() {
            List<Path> descriptions;
            try (Stream<Path> files = Files.list(directory)) {
                descriptions = files.filter(file -> file.toString().endsWith(ExportedRecord.DESCRIPTION_SUFFIX))
                        .sorted().toList();
            } catch (IOException e) {
                throw new SinkFailedException("Cannot read " + directory.toAbsolutePath() + ": " + e
                        + ". To fix: give --from the directory rejected export wrote.", e);
            }
            DataSource dataSource = postgres.dataSource();
            Properties properties = kafkaProperties("ecomstream-sink-rejected-replay");
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(KAFKA_TIMEOUT.toMillis()));
            int replayed = 0;
            int skipped = 0;
            int failed = 0;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
                for (Path description : descriptions) {
                    try {
                        ExportedRecord record = ExportedRecord.read(description);
                        if (replay(record, dataSource, producer)) {
                            replayed++;
                        } else {
                            skipped++;
                        }
                    } catch (IllegalArgumentException | IOException e) {
                        out().println("Not replayed: " + e.getMessage());
                        failed++;
                    }
                }
            }
            out().printf("Replayed %d record(s), skipped %d replayed before, %d not replayed (see above)%n",
                    replayed, skipped, failed);
            out().flush();
            return failed == 0 ? 0 : 1;
        }

        /** Publishes the record and marks it replayed; false when it was replayed before. */
        private boolean replay(ExportedRecord record, DataSource dataSource, KafkaProducer<byte[], byte[]> producer) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                RejectedRecordsTable.Replay earlier = RejectedRecordsTable.lock(connection, record.rejectedId())
                        .orElseThrow(() -> new IllegalArgumentException(record.baseName() + ": no rejected record "
                                + record.rejectedId() + " in staging.rejected_records; is --pg-url the database the "
                                + "export read?"));
                if (!earlier.topic().equals(record.topic())) {
                    throw new IllegalArgumentException(record.baseName() + ": rejected record " + record.rejectedId()
                            + " came from " + earlier.topic() + ", not " + record.topic()
                            + "; is --pg-url the database the export read?");
                }
                if (earlier.done()) {
                    out().printf("Skipped %s: replayed at %s to partition %d, offset %d%n", record.baseName(),
                            earlier.at(), earlier.partition(), earlier.offset());
                    connection.rollback();
                    return false;
                }
                RecordMetadata sent = send(producer, record);
                RejectedRecordsTable.markReplayed(connection, record.rejectedId(), sent.partition(), sent.offset());
                // Published but not marked if this commit fails: replaying it again lands a second copy, which the
                // normaliser folds (the newest version of a key wins).
                connection.commit();
                out().printf("Replayed %s to partition %d, offset %d%n", record.baseName(), sent.partition(),
                        sent.offset());
                return true;
            } catch (SQLException e) {
                throw databaseFailure("Marking " + record.baseName() + " replayed", e);
            }
        }

        private RecordMetadata send(KafkaProducer<byte[], byte[]> producer, ExportedRecord record) {
            ProducerRecord<byte[], byte[]> fixed = new ProducerRecord<>(record.topic(), null, record.key(),
                    record.value(), record.headers());
            try {
                return producer.send(fixed).get(KAFKA_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new SinkFailedException("Kafka did not accept " + record.baseName() + " (" + cause.getMessage()
                        + "); nothing was marked replayed. To fix: check --bootstrap-servers and the security "
                        + "settings (--kafka-config), then run the replay again.", cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkFailedException("Interrupted while publishing " + record.baseName(), e);
            }
        }
    }
}
