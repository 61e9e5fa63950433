package dev.ecomstream.producers.publish;

import dev.ecomstream.producers.convert.PublishableRow;
import dev.ecomstream.producers.convert.RecordHeaderValues;
import dev.ecomstream.producers.convert.RowConversion;
import dev.ecomstream.producers.convert.RowConverter;
import dev.ecomstream.producers.convert.RowRejection;
import dev.ecomstream.producers.csv.CsvRow;
import dev.ecomstream.producers.csv.CsvRowReader;
import dev.ecomstream.producers.csv.CsvSyntaxException;
import dev.ecomstream.producers.csv.InvalidCsvHeaderException;
import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one publishing engine: reads a CSV export of any entity, converts each row to typed JSON following the
 * catalog, sends it keyed by the entity's id, rejects bad rows to the rejects file, and returns counts that
 * reconcile. Sends are asynchronous; the run only reports success once Kafka acknowledged every record.
 *
 * <p>When the run stops early (a bad row with {@code failFast}, a broken quote), the rows before the stop are
 * still flushed, so the exception's counts are what really reached Kafka.
 */
public final class EntityPublisher {

    private static final Logger log = LoggerFactory.getLogger(EntityPublisher.class);
    private static final int REJECTIONS_LOGGED_PER_FILE = 20;

    private final RecordSender sender;

    public EntityPublisher(Producer<byte[], byte[]> producer) {
        this(new KafkaRecordSender(producer));
    }

    public EntityPublisher(RecordSender sender) {
        this.sender = sender;
    }

    /** A publisher that checks and counts but sends nothing. */
    public static EntityPublisher dryRun() {
        return new EntityPublisher(RecordSender.DRY_RUN);
    }

    /**
     * Publishes one file.
     *
     * @throws InvalidCsvHeaderException when the header does not fit the entity (nothing is sent)
     * @throws BadRowException           with {@code failFast}, at the first bad row (rows before it were sent)
     * @throws CsvSyntaxException        when a quote breaks the CSV structure (rows before it were sent)
     * @throws PublishFailedException    when Kafka did not acknowledge a record after the client's retries
     * @throws IOException               when the file cannot be read
     */
    public PublishReport publish(Entity entity, Path file, PublishOptions options) throws IOException {
        long started = System.nanoTime();
        RowCounts counts = new RowCounts();
        RuntimeException stop = null;
        Path rejectsPath;
        try (CsvRowReader reader = CsvRowReader.open(entity, file)) {
            if (!reader.header().unknownColumns().isEmpty()) {
                log.warn("{}:1: ignoring column(s) {} that {} does not define", file,
                        reader.header().unknownColumns(), entity.entityName());
            }
            RatePacer pacer = options.pacer();
            if (pacer.isReplay() && entity.findColumn("created_at").isEmpty()) {
                log.warn("{} rows have no created_at, so --replay-speed has nothing to follow; publishing {} "
                        + "as fast as possible", entity.entityName(), file);
            }
            RowConverter converter = new RowConverter(entity, reader.header(), file, options.maxRecordBytes());
            RecordHeaderValues headers = new RecordHeaderValues(entity, file);
            try (RejectsFileWriter rejects = new RejectsFileWriter(
                    RejectsFileWriter.rejectsFileFor(file, options.rejectsDir()), reader.header().fileColumns());
                 ProgressReporter progress = ProgressReporter.create(options.progress(), entity.entityName(), file,
                         Files.size(file))) {
                // Parsing, converting and sending each cost about as much per row: three threads, in order.
                try (ReadAhead<CsvRow, CsvRow> parsed = ReadAhead.start(reader.iterator(), row -> row,
                        "csv-reader " + file.getFileName());
                     ReadAhead<CsvRow, RowConversion> rows = ReadAhead.start(parsed, converter::convert,
                        "row-converter " + file.getFileName())) {
                    while (rows.hasNext()) {
                        if (options.limit() > 0 && counts.read >= options.limit()) {
                            break;
                        }
                        RowConversion conversion = rows.next();
                        counts.read++;
                        if (conversion instanceof RowRejection rejection) {
                            reject(rejection, rejects, counts);
                            if (options.failFast()) {
                                stop = new BadRowException(rejection.describe()
                                        + "; stopped at the first bad row (--fail-fast)");
                                break;
                            }
                        } else {
                            PublishableRow publishable = (PublishableRow) conversion;
                            pacer.awaitTurn(publishable.createdAt());
                            sender.send(options.topic(), publishable.key().getBytes(StandardCharsets.UTF_8),
                                    publishable.json(), headers.forLine(publishable.lineNumber()));
                            counts.published++;
                        }
                        progress.update(counts.read, reader.bytesRead());
                    }
                } catch (CsvSyntaxException e) {
                    stop = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop = new IllegalStateException(file + ": interrupted while waiting for the next row's turn");
                }
                progress.finish(counts.read, reader.bytesRead());
                rejectsPath = rejects.wroteAny() ? rejects.path() : null;
            }
        }
        sender.flush();
        if (counts.rejected > REJECTIONS_LOGGED_PER_FILE) {
            log.warn("{}: {} rows rejected in all ({} not shown above); every one is in {}", file, counts.rejected,
                    counts.rejected - REJECTIONS_LOGGED_PER_FILE, rejectsPath);
        }
        PublishReport report = new PublishReport(entity, file, options.topic(), counts.read, counts.published,
                counts.rejected, Duration.ofNanos(System.nanoTime() - started), rejectsPath, !sender.sendsRecords());
        if (stop != null) {
            throw withCounts(stop, report);
        }
        log.info(report.summary());
        return report;
    }

    private static void reject(RowRejection rejection, RejectsFileWriter rejects, RowCounts counts)
            throws IOException {
        counts.rejected++;
        rejects.write(rejection);
        if (counts.rejected <= REJECTIONS_LOGGED_PER_FILE) {
            log.warn("Rejected {}", rejection.describe());
        }
    }

    /* The exception says what happened; the counts say what did reach Kafka before it. */
    private static RuntimeException withCounts(RuntimeException stop, PublishReport report) {
        String counts = String.format(". Before stopping: read %d rows, %s %d, rejected %d%s", report.rowsRead(),
                report.dryRun() ? "valid" : "published", report.rowsPublished(), report.rowsRejected(),
                report.rejectsFile() != null ? " (see " + report.rejectsFile() + ")" : "");
        if (stop instanceof CsvSyntaxException syntax) {
            return new CsvSyntaxException(syntax.getMessage() + counts, syntax.lineNumber());
        }
        if (stop instanceof BadRowException) {
            return new BadRowException(stop.getMessage() + counts);
        }
        return new IllegalStateException(stop.getMessage() + counts, stop);
    }

    private static final class RowCounts {
        long read;
        long published;
        long rejected;
    }
}
