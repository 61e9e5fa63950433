package dev.ecomstream.bench;

import dev.ecomstream.producers.publish.BrokerUnreachableException;
import dev.ecomstream.schema.KafkaConnectionOptions;
import dev.ecomstream.schema.OneLineFailureHandler;
import dev.ecomstream.schema.PostgresOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench.sh}: the end-to-end benchmark in one command; prints one table, writes JSON and a PNG. */
@Command(name = "bench.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the pipeline against two references on the same CSV files, COPY into staging "
                + "then the normaliser, and COPY straight into keyed tables (what a user could do instead): "
                + "throughput, latency from send to core, and how throughput holds as the data grows.",
                "Runs on an embedded Kafka and PostgreSQL unless an external Kafka and PostgreSQL are named "
                        + "(--bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS, and --pg-url or PG_URL): the run creates "
                        + "(and drops) its own databases there, so the PostgreSQL role needs CREATEDB."},
        footer = {"", "Exit codes: 0 done (the table says which targets were met), 1 failed, 2 bad command line."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--scale", defaultValue = "1", paramLabel = "S",
            description = "Data scale: 1 is about 3.3 million rows (default ${DEFAULT-VALUE}; --quick: 0.1).")
    double scale;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Use these seven <entity>.csv files instead of generating data (skips the scaling step).")
    Path data;

    @Option(names = "--quick", description = "A check that everything works in a few minutes: scale 0.1, "
            + "15 s of latency after 3 s of warm-up (options given explicitly still win).")
    boolean quick;

    @Option(names = "--sink-per-entity", description = "Instead of the usual steps: per entity, the sink alone "
            + "(normaliser off) on a topic holding that entity's rows, against COPY of the same rows into a logged "
            + "table with a primary key; prints one row per entity and the server's synchronous_commit.")
    boolean sinkPerEntity;

    @Option(names = "--out", defaultValue = "bench-results", paramLabel = "DIR",
            description = "Where results.json, results.png, results.md and the sink logs go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data-cache", defaultValue = "bench/target/bench-data", paramLabel = "DIR",
            description = "Where generated data is kept for the next run (default ${DEFAULT-VALUE}).")
    Path dataCache;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
            description = "Partitions per topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1", paramLabel = "N",
            description = "Replication factor of the run's topics (default ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--sink-jar", defaultValue = "sink/target/ecomstream-sink.jar", paramLabel = "JAR",
            description = "The packaged sink, run as a child JVM (default ${DEFAULT-VALUE}).")
    Path sinkJar;

    @Option(names = "--sink-heap", defaultValue = "256m", paramLabel = "SIZE",
            description = "The sink JVM's -Xmx (default ${DEFAULT-VALUE}).")
    String sinkHeap;

    @Option(names = "--sink-arg", paramLabel = "ARG",
            description = "One more argument for the sink's command line, repeatable (e.g. --sink-arg=--batch-rows=50000).")
    List<String> sinkArguments = new ArrayList<>();

    @Option(names = "--batch-max-age-ms", defaultValue = "500", paramLabel = "MS",
            description = "The sink's --batch-max-age-ms in the throughput steps (default ${DEFAULT-VALUE}, the sink's own).")
    long batchMaxAgeMs;

    @Option(names = "--normalise-interval-ms", defaultValue = "1000", paramLabel = "MS",
            description = "The sink's --normalise-interval-ms in the throughput steps (default ${DEFAULT-VALUE}).")
    long normaliseIntervalMs;

    @Option(names = "--latency-batch-max-age-ms", defaultValue = "100", paramLabel = "MS",
            description = "The sink's --batch-max-age-ms in the latency step (default ${DEFAULT-VALUE}).")
    long latencyBatchMaxAgeMs;

    @Option(names = "--latency-normalise-interval-ms", defaultValue = "200", paramLabel = "MS",
            description = "The sink's --normalise-interval-ms in the latency step (default ${DEFAULT-VALUE}).")
    long latencyNormaliseIntervalMs;

    @Option(names = "--latency-rate", defaultValue = "2000", paramLabel = "EVENTS_PER_S",
            description = "Events per second in the latency step (default ${DEFAULT-VALUE}).")
    double latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "60", paramLabel = "S",
            description = "Measured seconds of the latency step (default ${DEFAULT-VALUE}; --quick: 15).")
    int latencySeconds;

    @Option(names = "--latency-warmup-seconds", defaultValue = "5", paramLabel = "S",
            description = "Seconds sent at the same rate before measuring (default ${DEFAULT-VALUE}; --quick: 3).")
    int latencyWarmupSeconds;

    @Option(names = "--latency-poll-ms", defaultValue = "20", paramLabel = "MS",
            description = "How often core.events is polled (default ${DEFAULT-VALUE}).")
    long latencyPollMs;

    @Option(names = "--no-latency", description = "Skip the latency step.")
    boolean noLatency;

    @Option(names = "--no-scaling", description = "Skip the scaling step (its smaller scales).")
    boolean noScaling;

    @Option(names = "--no-warmup", description = "Skip the small untimed run that warms up the JIT first.")
    boolean noWarmup;

    @Option(names = "--scaling-fractions", defaultValue = "0.25,0.5,1", split = ",", paramLabel = "F",
            description = "Fractions of --scale the scaling step measures (default ${DEFAULT-VALUE}).")
    List<Double> scalingFractions;

    @Option(names = "--timeout-seconds", defaultValue = "1800", paramLabel = "S",
            description = "Give up on a step after this long (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    KafkaConnectionOptions kafka;

    @Mixin
    PostgresOptions postgres;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /*
     * A setting, file or external stack to fix (a value picocli could not check, Kafka or PostgreSQL unreachable,
     * a refused login) is one line: the message says what to do. Anything else is a fault of the benchmark, and
     * its trace is what finds it.
     */
    static CommandLine commandLine() {
        return new CommandLine(new BenchCommand()).setExecutionExceptionHandler(OneLineFailureHandler.expecting(
                BenchSetupException.class, BrokerUnreachableException.class, IllegalArgumentException.class));
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings settings = settings();
        if (sinkPerEntity) {
            SinkPerEntityResults results = new BenchRun(settings).runSinkPerEntity();
            report(ResultsTable.format(results), "results-per-entity", results);
            return 0;
        }
        BenchResults results = new BenchRun(settings).run();
        Path chart = out.resolve("results.png");
        Files.createDirectories(out);
        ResultsChart.write(results, chart);
        report(ResultsTable.format(results), "results", results, chart);
        return 0;
    }

    /** Prints the table, writes it to {@code <name>.md} and the results to {@code <name>.json}, says where. */
    private void report(String table, String name, Object results, Path... alsoWritten) throws IOException {
        System.out.println();
        System.out.print(table);
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>(List.of(out.resolve(name + ".json"), out.resolve(name + ".md")));
        ResultsJson.write(results, written.get(0));
        Files.writeString(written.get(1), table);
        written.addAll(List.of(alsoWritten));
        System.out.println();
        System.out.println("Wrote " + written.stream().map(Path::toString).collect(Collectors.joining(", ")));
    }

    BenchSettings settings() {
        var parsed = spec.commandLine().getParseResult();
        if (quick) {
            // --quick only changes what was not given explicitly
            if (!parsed.hasMatchedOption("--scale")) {
                scale = 0.1;
            }
            if (!parsed.hasMatchedOption("--latency-seconds")) {
                latencySeconds = 15;
            }
            if (!parsed.hasMatchedOption("--latency-warmup-seconds")) {
                latencyWarmupSeconds = 3;
            }
        }
        String bootstrapServers = kafka.bootstrapServersIfNamed().orElse(null);
        String pgUrl = postgres.urlIfNamed().orElse(null);
        if ((bootstrapServers == null) != (pgUrl == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--bootstrap-servers and --pg-url (or KAFKA_BOOTSTRAP_SERVERS and PG_URL) go together: name "
                            + "both for an external stack, or neither for the embedded one");
        }
        if (scale <= 0 || latencyRate <= 0 || latencySeconds <= 0 || latencyWarmupSeconds < 0 || partitions < 1
                || latencyPollMs < 1 || timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--scale, --latency-rate, --latency-seconds, --partitions, --latency-poll-ms and "
                            + "--timeout-seconds must be positive, --latency-warmup-seconds not negative");
        }
        if (scalingFractions.stream().anyMatch(f -> f <= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scaling-fractions must be positive");
        }
        SinkOptions throughputSink = new SinkOptions(sinkJar, sinkHeap, batchMaxAgeMs, normaliseIntervalMs,
                sinkArguments);
        List<Double> fractions = noScaling ? List.of() : scalingFractions.stream().sorted().distinct().toList();
        return new BenchSettings(scale, seed, data, dataCache, out, partitions, replicationFactor, throughputSink,
                throughputSink.withTiming(latencyBatchMaxAgeMs, latencyNormaliseIntervalMs), latencyRate,
                Duration.ofSeconds(latencySeconds), Duration.ofSeconds(latencyWarmupSeconds), latencyPollMs,
                !noLatency, fractions, !noWarmup, Duration.ofSeconds(timeoutSeconds), bootstrapServers, kafka.clientProperties(), pgUrl,
                postgres.user(), postgres.password());
    }
}
