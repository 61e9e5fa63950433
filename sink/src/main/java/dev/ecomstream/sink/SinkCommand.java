package dev.ecomstream.sink;

import dev.ecomstream.sink.failure.SinkFailedException;
import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.HttpListenOptions;
import dev.ecomstream.schema.KafkaConnectionOptions;
import dev.ecomstream.schema.OneLineFailureHandler;
import dev.ecomstream.schema.PostgresOptions;
import dev.ecomstream.sink.rejected.RejectedRecordsCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar ecomstream-sink.jar}: runs the sink service until SIGTERM or Ctrl-C. */
@Command(name = "ecomstream-sink", mixinStandardHelpOptions = true,
        defaultValueProvider = SinkCommand.HttpDefaults.class,
        subcommands = {SinkMigrateCommand.class, SinkOffsetsCommand.class, RejectedRecordsCommand.class},
        description = "Consumes the entity topics and lands every record exactly once in the PostgreSQL "
                + "staging tables. Runs until stopped with SIGTERM or Ctrl-C.",
        footer = {"", "--http-address and --http-port serve /health and /metrics (env SINK_HTTP_ADDRESS, "
                + "SINK_HTTP_PORT); --http-port -1 turns them off.",
                "", "Exit codes: 0 stopped on request, 1 failed (the message says what to fix), 2 bad command line."})
public final class SinkCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SinkCommand.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(25);
    /** Set by the shutdown hook, so main does not call System.exit while the JVM is already shutting down. */
    private static final AtomicBoolean STOPPED_BY_SIGNAL = new AtomicBoolean();

    @Mixin
    KafkaConnectionOptions kafka;

    @Mixin
    ConsumerGroupOption group;

    @Option(names = "--entities", paramLabel = "ENTITY[,ENTITY...]", split = ",",
            defaultValue = "${env:SINK_ENTITIES:-all}",
            description = "The entities to consume, e.g. orders,order_items (env SINK_ENTITIES; default: all seven).")
    List<String> entities = new ArrayList<>();

    @Option(names = "--topic", paramLabel = "ENTITY=TOPIC",
            description = "Consume ENTITY from TOPIC instead of its default topic (repeatable), "
                    + "e.g. orders=shop.orders.")
    Map<String, String> topicOverrides = new LinkedHashMap<>();

    @Mixin
    PostgresOptions postgres;

    @Option(names = "--batch-rows", paramLabel = "N", defaultValue = "${env:SINK_BATCH_ROWS:-" + SinkSettings.DEFAULT_BATCH_ROWS + "}",
            description = "Land a batch when it holds N records (env SINK_BATCH_ROWS; default: ${DEFAULT-VALUE}).")
    int batchRows;

    @Option(names = "--batch-bytes", paramLabel = "BYTES", defaultValue = "${env:SINK_BATCH_BYTES:-" + SinkSettings.DEFAULT_BATCH_BYTES + "}",
            description = "Land a batch when its values add up to BYTES (env SINK_BATCH_BYTES; default: ${DEFAULT-VALUE}).")
    long batchBytes;

    @Option(names = "--batch-max-age-ms", paramLabel = "MS", defaultValue = "${env:SINK_BATCH_MAX_AGE_MS:-" + SinkSettings.DEFAULT_BATCH_MAX_AGE_MS + "}",
            description = "Land a batch at the latest MS milliseconds after its first record arrived "
                    + "(env SINK_BATCH_MAX_AGE_MS; default: ${DEFAULT-VALUE}).")
    long batchMaxAgeMs;

    @Option(names = "--max-record-bytes", paramLabel = "BYTES", defaultValue = "" + SinkSettings.DEFAULT_MAX_RECORD_BYTES,
            description = "Reject records whose value is larger (default: ${DEFAULT-VALUE}).")
    int maxRecordBytes;

    @Option(names = "--start-from", paramLabel = "earliest|latest", defaultValue = "earliest",
            description = "Where a partition with no stored offset starts (default: ${DEFAULT-VALUE}).")
    String startFrom;

    @Option(names = "--accept-offset-gaps",
            description = "When a partition's stored offset is outside its log (records deleted before they landed, "
                    + "or the topic was recreated), go on from the log's start and record the gap in "
                    + "staging.sink_offset_gaps, instead of stopping the partition.")
    boolean acceptOffsetGaps;

    @Option(names = "--instance-id", paramLabel = "NAME", defaultValue = "${env:SINK_INSTANCE_ID}",
            description = "This instance's stable name in the consumer group (static membership): a restarted "
                    + "instance takes its partitions back at once instead of after the session timeout. Give "
                    + "each instance of a group on one host its own (env SINK_INSTANCE_ID; default: "
                    + "ecomstream-sink.HOSTNAME).")
    String instanceId;

    @Option(names = "--normalise-interval-ms", paramLabel = "MS",
            defaultValue = "${env:SINK_NORMALISE_INTERVAL_MS:-" + SinkSettings.DEFAULT_NORMALISE_INTERVAL_MS + "}",
            description = "Run the normaliser (staging to core) at most every MS milliseconds while rows land; "
                    + "0 leaves it to the normalise command (env SINK_NORMALISE_INTERVAL_MS; default: ${DEFAULT-VALUE}).")
    long normaliseIntervalMs;

    @Option(names = "--staging-retention", paramLabel = "DAYS",
            defaultValue = "${env:SINK_STAGING_RETENTION_DAYS:-" + SinkSettings.DEFAULT_STAGING_RETENTION_DAYS + "}",
            description = "Drop staging's day partitions once they are DAYS days old and core holds every row of them "
                    + "(hourly); 0 keeps every staging row. Kafka stays the replay log "
                    + "(env SINK_STAGING_RETENTION_DAYS; default: ${DEFAULT-VALUE}).")
    long stagingRetentionDays;

    @Option(names = "--skip-migrations",
            description = "Do not run the Flyway migrations at start (when a more privileged role runs them).")
    boolean skipMigrations;

    @Mixin
    HttpListenOptions http;

    /** The sink's environment variables and port for {@link HttpListenOptions}. */
    public static final class HttpDefaults extends HttpListenOptions.Defaults {
        public HttpDefaults() {
            super("SINK_HTTP_ADDRESS", "SINK_HTTP_PORT", SinkSettings.DEFAULT_HTTP_PORT);
        }
    }

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        if (!STOPPED_BY_SIGNAL.get()) {
            // During a SIGTERM the JVM is already exiting; System.exit would block the hook's wait for ever.
            System.exit(exitCode);
        }
    }

    /** The sink's command line with its subcommands, and the exit codes its footer promises. */
    static CommandLine commandLine() {
        return new CommandLine(new SinkCommand()).setExecutionExceptionHandler(
                OneLineFailureHandler.expecting(SinkFailedException.class, IllegalArgumentException.class));
    }

    @Override
    public Integer call() {
        SinkService service = new SinkService(settings());
        Thread shutdownHook = new Thread(() -> {
            STOPPED_BY_SIGNAL.set(true);
            log.info("Stop requested; settling the batch in flight");
            // SIGKILL follows SIGTERM after a grace period in most supervisors; stay well within it.
            if (!service.stopAndAwait(SHUTDOWN_GRACE)) {
                log.warn("The sink did not stop within {} s; exiting anyway (the batch in flight is not committed "
                        + "and will be read again)", SHUTDOWN_GRACE.toSeconds());
            }
        }, "sink-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            service.run();
        } finally {
            if (!STOPPED_BY_SIGNAL.get()) {
                removeHook(shutdownHook);
            }
        }
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to; nothing to undo
        }
    }

    SinkSettings settings() {
        Map<String, Entity> entityByTopic = new LinkedHashMap<>(SinkSettings.defaultTopics());
        if (!(entities.size() == 1 && entities.get(0).equals("all"))) {
            Set<Entity> wanted = EnumSet.noneOf(Entity.class);
            for (String name : entities) {
                wanted.add(Entity.byName(name).orElseThrow(() -> new IllegalArgumentException(
                        "--entities: unknown entity '" + name + "'; the entities are " + entityNames())));
            }
            entityByTopic.values().removeIf(entity -> !wanted.contains(entity));
        }
        topicOverrides.forEach((entityName, topic) -> {
            Entity entity = Entity.byName(entityName).orElseThrow(() -> new IllegalArgumentException(
                    "--topic " + entityName + "=" + topic + ": unknown entity '" + entityName + "'; the entities are "
                            + entityNames()));
            if (entityByTopic.values().removeIf(e -> e == entity)) {
                entityByTopic.put(topic, entity);
            }
        });
        if (!startFrom.equals("earliest") && !startFrom.equals("latest")) {
            throw new IllegalArgumentException("--start-from must be earliest or latest, was " + startFrom);
        }
        return SinkSettings.builder()
                .kafka(kafka.bootstrapServers(), kafka.clientProperties())
                .consumerGroup(group.group())
                .entityByTopic(entityByTopic)
                .postgres(postgres.url(), postgres.user(), postgres.passwordForDriver())
                .batchMaxRows(batchRows)
                .batchMaxBytes(batchBytes)
                .batchMaxAge(Duration.ofMillis(batchMaxAgeMs))
                .maxRecordBytes(maxRecordBytes)
                .startFromBeginning(startFrom.equals("earliest"))
                .migrate(!skipMigrations)
                .http(http.address(), http.port())
                .normaliseInterval(Duration.ofMillis(normaliseIntervalMs))
                .acceptOffsetGaps(acceptOffsetGaps)
                .instanceId(instanceId)
                .stagingRetention(Duration.ofDays(stagingRetentionDays))
                .build();
    }

    private static String entityNames() {
        return Arrays.stream(Entity.values()).map(Entity::entityName).collect(Collectors.joining(", "));
    }
}
