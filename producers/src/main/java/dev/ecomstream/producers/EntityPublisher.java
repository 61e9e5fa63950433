package dev.ecomstream.producers;

import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one publishing engine: reads a CSV export of any entity, converts each row to typed JSON following the
 * catalog, sends it keyed by the entity's id, rejects bad rows to the rejects file, and returns counts that
 * reconcile. Sends are asynchronous; the run only reports success once Kafka acknowledged every record.
 */
public final class EntityPublisher {

    private static final Logger log = LoggerFactory.getLogger(EntityPublisher.class);
    private static final int REJECTIONS_LOGGED_PER_FILE = 20;

    private final Producer<byte[], byte[]> producer;

    public EntityPublisher(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Publishes one file.
     *
     * @throws InvalidCsvHeaderException when the header does not fit the entity (nothing is sent)
     * @throws BadRowException           with {@code failFast}, at the first bad row (rows before it were sent)
     * @throws PublishFailedException    when Kafka did not acknowledge a record after the client's retries
     * @throws IOException               when the file cannot be read
     */
    public PublishReport publish(Entity entity, Path file, PublishOptions options) throws IOException {
        long started = System.nanoTime();
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        long read = 0;
        long published = 0;
        long rejected = 0;
        byte[] entityHeader = entity.entityName().getBytes(StandardCharsets.UTF_8);
        byte[] fileHeader = file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        Path rejectsPath;
        try (CsvRowReader reader = CsvRowReader.open(entity, file)) {
            if (!reader.header().unknownColumns().isEmpty()) {
                log.warn("{}:1: ignoring column(s) {} that {} does not define", file,
                        reader.header().unknownColumns(), entity.entityName());
            }
            RowConverter converter = new RowConverter(entity, reader.header(), file);
            try (RejectsFileWriter rejects = new RejectsFileWriter(
                    RejectsFileWriter.rejectsFileFor(file, options.rejectsDir()), reader.header().fileColumns())) {
                for (CsvRow row : reader) {
                    if (options.limit() > 0 && read >= options.limit()) {
                        break;
                    }
                    read++;
                    RowConversion conversion = converter.convert(row);
                    if (conversion instanceof RowRejection rejection) {
                        if (options.failFast()) {
                            throw new BadRowException(rejection.describe()
                                    + "; stopped at the first bad row (--fail-fast)");
                        }
                        rejected++;
                        rejects.write(rejection);
                        if (rejected <= REJECTIONS_LOGGED_PER_FILE) {
                            log.warn("Rejected {}", rejection.describe());
                        }
                        continue;
                    }
                    PublishableRow publishable = (PublishableRow) conversion;
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("entity", entityHeader);
                    headers.add("source_file", fileHeader);
                    headers.add("source_line", Long.toString(publishable.lineNumber()).getBytes(StandardCharsets.UTF_8));
                    producer.send(new ProducerRecord<>(options.topic(), null,
                                    publishable.key().getBytes(StandardCharsets.UTF_8), publishable.json(), headers),
                            (metadata, exception) -> {
                                if (exception != null) {
                                    sendFailure.compareAndSet(null, exception);
                                }
                            });
                    published++;
                    failIfSendFailed(sendFailure, file, entity);
                }
                rejectsPath = rejects.wroteAny() ? rejects.path() : null;
            }
        }
        producer.flush();
        failIfSendFailed(sendFailure, file, entity);
        if (rejected > REJECTIONS_LOGGED_PER_FILE) {
            log.warn("{}: {} rows rejected in all ({} not shown above); every one is in {}", file, rejected,
                    rejected - REJECTIONS_LOGGED_PER_FILE, rejectsPath);
        }
        PublishReport report = new PublishReport(entity, file, options.topic(), read, published, rejected,
                Duration.ofNanos(System.nanoTime() - started), rejectsPath);
        log.info(report.summary());
        return report;
    }

    private static void failIfSendFailed(AtomicReference<Exception> sendFailure, Path file, Entity entity) {
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw new PublishFailedException(String.format(
                    "Kafka did not accept a %s record from %s after the producer's retries: %s. "
                            + "Nothing after it is reported as published; check the brokers and the topic, "
                            + "then run the file again (records are keyed by id, so a rerun replaces, not adds).",
                    entity.entityName(), file, failure.getMessage()), failure);
        }
    }
}
