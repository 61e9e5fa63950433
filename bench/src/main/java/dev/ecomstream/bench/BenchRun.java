package dev.ecomstream.bench;

import dev.ecomstream.schema.Entity;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run, step by step: data, the COPY reference, the pipeline, latency, scaling. Every step gets
 * a fresh database and fresh topics, and the previous step's database is dropped and a checkpoint taken
 * first, so a step does not pay for its predecessor's writes. Ratios are taken within the run: on a shared
 * 2-core machine only they are comparable between runs.
 */
final class BenchRun {

    private static final Logger log = LoggerFactory.getLogger(BenchRun.class);

    private static final double WARMUP_SCALE = 0.01;

    private final BenchSettings settings;
    /** Distinguishes this run's databases and topics from any other on an external server. */
    private final String runId = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);

    BenchRun(BenchSettings settings) {
        this.settings = settings;
    }

    BenchResults run() throws IOException, SQLException, InterruptedException, ExecutionException {
        String date = now();
        requireExternalStackReachable();
        Path mainData = data();
        return onStack((environment, kafka) -> measure(environment, kafka, mainData, date));
    }

    /**
     * The {@code --sink-per-entity} run instead of the steps above: the seven files published once to fresh
     * topics, then per entity (in load order) the COPY of its file into a keyed table, and the sink alone on
     * its topic with the normaliser off, each in a database of its own.
     */
    SinkPerEntityResults runSinkPerEntity() throws IOException, SQLException, InterruptedException,
            ExecutionException {
        String date = now();
        requireExternalStackReachable();
        Path data = data();
        return onStack((environment, kafka) -> measureSinkPerEntity(environment, kafka, data, date));
    }

    /*
     * Before data is generated (minutes at scale 1): an external Kafka or PostgreSQL that cannot be reached, or
     * refuses the login, fails the run at once, saying what to fix.
     */
    private void requireExternalStackReachable() {
        if (!settings.external()) {
            return;
        }
        kafka(settings.bootstrapServers(), settings.kafkaProperties()).requireReachable();
        try (ExternalEnvironment environment = externalEnvironment()) {
            environment.requirePostgresReachable();
        }
    }

    private ExternalEnvironment externalEnvironment() {
        return new ExternalEnvironment(settings.bootstrapServers(), settings.kafkaProperties(), settings.pgUrl(),
                settings.pgUser(), settings.pgPassword());
    }

    private BenchKafka kafka(String bootstrapServers, Map<String, String> kafkaProperties) {
        return new BenchKafka(bootstrapServers, kafkaProperties, settings.partitions(), settings.replicationFactor());
    }

    private static String now() {
        return ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private Path data() {
        return settings.dataDir() != null ? TestData.requireAllFiles(settings.dataDir())
                : TestData.generated(settings.dataRoot(), settings.scale(), settings.seed());
    }

    /** What a run does on the stack; it gets the stack started and cleaned up around it. */
    private interface StackWork<T> {
        T on(BenchEnvironment environment, BenchKafka kafka)
                throws IOException, SQLException, InterruptedException, ExecutionException;
    }

    private <T> T onStack(StackWork<T> work) throws IOException, SQLException, InterruptedException,
            ExecutionException {
        try (BenchEnvironment environment = settings.external() ? externalEnvironment() : new DevStackEnvironment()) {
            BenchKafka kafka = kafka(environment.bootstrapServers(), environment.kafkaProperties());
            try {
                return work.on(environment, kafka);
            } finally {
                if (settings.external()) {
                    kafka.deleteCreatedTopics();
                }
            }
        }
    }

    private BenchResults measure(BenchEnvironment environment, BenchKafka kafka, Path mainData, String date)
            throws IOException, SQLException, InterruptedException, ExecutionException {
        Steps steps = new Steps(environment, kafka);
        if (settings.warmup()) {
            // Untimed: the first pipeline in this JVM would otherwise pay for compiling the producers' and the
            // embedded broker's code, and whichever step came first would look slower for it.
            log.info("Warm-up: a small untimed reference and pipeline run");
            steps.throughput(TestData.generated(settings.dataRoot(), WARMUP_SCALE, settings.seed()), WARMUP_SCALE);
        }
        Measured main = steps.throughput(mainData, settings.scale());

        LatencyProbe.Result latency = null;
        if (settings.latency()) {
            String step = stepName("latency");
            steps.settle(step);
            latency = new LatencyProbe(environment, kafka, settings.latencySink(), settings.outDir(),
                    settings.latencyRate(), settings.latencyDuration(), settings.latencyWarmup(),
                    settings.latencyPollMillis()).run(step);
            log.info("Latency: p50 {} ms, p99 {} ms", latency.latency().p50Millis(), latency.latency().p99Millis());
        }

        List<BenchResults.ScalePoint> scaling = new ArrayList<>();
        if (!settings.scalingFractions().isEmpty() && settings.dataDir() != null) {
            log.warn("The scaling step needs generated data; with --data it is skipped");
        } else {
            for (double fraction : settings.scalingFractions()) {
                double scale = settings.scale() * fraction;
                Measured point = fraction == 1.0 ? main
                        : steps.throughput(TestData.generated(settings.dataRoot(), scale, settings.seed()), scale);
                scaling.add(new BenchResults.ScalePoint(scale, point.pipeline().rows(),
                        point.reference().rowsPerSecond(), point.pipeline().rowsPerSecond(),
                        point.pipeline().coreSeconds()));
            }
        }

        BenchResults.Versions versions = versions(environment);
        return results(date, environment, main, latency, scaling, versions, mainData);
    }

    private SinkPerEntityResults measureSinkPerEntity(BenchEnvironment environment, BenchKafka kafka, Path data,
                                                      String date)
            throws IOException, SQLException, InterruptedException, ExecutionException {
        Steps steps = new Steps(environment, kafka);
        String publishStep = stepName("entities");
        Map<Entity, String> topics = kafka.createTopics("bench." + publishStep + ".");
        Map<Entity, Long> published = kafka.publish(data, topics,
                settings.outDir().resolve("rejects-" + publishStep), settings.stepTimeout(), publishStep);
        // The sink alone: with the normaliser on, its runs would share the cores and the server with the COPY.
        SinkOptions sink = settings.throughputSink().withTiming(settings.throughputSink().batchMaxAgeMs(), 0);
        List<SinkPerEntityResults.EntityFigures> figures = new ArrayList<>();
        for (Entity entity : Entity.values()) {
            String keyedStep = stepName("keyed_" + entity.entityName());
            steps.settle(keyedStep);
            BenchDatabase keyedDatabase = environment.createDatabase(keyedStep);
            String copySetting = RunInfo.synchronousCommit(keyedDatabase.dataSource());
            KeyedLoad.Result copy = new KeyedLoad().runEntity(entity, data, keyedDatabase);

            String sinkStep = stepName("sink_" + entity.entityName());
            steps.settle(sinkStep);
            SinkOnlyRun.Result alone = new SinkOnlyRun(environment, kafka, sink, settings.outDir(),
                    settings.stepTimeout()).run(sinkStep, entity, topics.get(entity), published.get(entity));
            if (alone.rows() != copy.rows() || alone.rejected() > 0) {
                log.warn("{}: the sink took {} records ({} rejected), COPY loaded {} rows", entity.entityName(),
                        alone.rows(), alone.rejected(), copy.rows());
            }
            figures.add(SinkPerEntityResults.EntityFigures.of(entity, alone, copy, copySetting));
        }
        BenchResults.Versions versions = versions(environment);
        return new SinkPerEntityResults(date, RunInfo.machine(), versions, environment.description(),
                dataDescription(), settings.partitions(), sink.describe(),
                SinkPerEntityResults.commonSynchronousCommit(figures), figures);
    }

    /** The throughput steps of one data set: reference, then pipeline. */
    private final class Steps {
        private final BenchEnvironment environment;
        private final BenchKafka kafka;
        private String previousDatabase;

        Steps(BenchEnvironment environment, BenchKafka kafka) {
            this.environment = environment;
            this.kafka = kafka;
        }

        Measured throughput(Path data, double scale) throws IOException, SQLException, InterruptedException,
                ExecutionException {
            String suffix = ResultsTable.number(scale, 4).replace('.', '_');
            String referenceStep = stepName("reference_" + suffix);
            settle(referenceStep);
            BenchDatabase referenceDatabase = environment.createDatabase(referenceStep);
            ReferenceLoad.Result reference = new ReferenceLoad(settings.stepTimeout()).run(data, referenceDatabase);
            checkCoreMatchesCsv(reference);

            String keyedStep = stepName("keyed_" + suffix);
            settle(keyedStep);
            KeyedLoad.Result keyed = new KeyedLoad().run(data, environment.createDatabase(keyedStep));

            String pipelineStep = stepName("pipeline_" + suffix);
            settle(pipelineStep);
            PipelineRun.Result pipeline = new PipelineRun(environment, kafka, settings.throughputSink(),
                    settings.outDir(), settings.stepTimeout()).run(pipelineStep, data, reference.coreRows());
            return new Measured(reference, keyed, pipeline);
        }

        /**
         * Drops the previous step's database and asks for a checkpoint, so its dirty pages are written now
         * rather than during the next timed step. CHECKPOINT needs a privileged role; without one the run
         * goes on (and says so).
         */
        void settle(String nextStep) {
            if (previousDatabase != null) {
                environment.dropDatabase(previousDatabase);
            }
            previousDatabase = nextStep;
            try (Connection connection = environment.maintenanceDataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            } catch (SQLException e) {
                log.info("No CHECKPOINT before {} ({}); figures may include the previous step's writes",
                        nextStep, e.getMessage());
            }
        }
    }

    /** The reference decides when the pipeline is done, so it must have put every CSV row in core. */
    private static void checkCoreMatchesCsv(ReferenceLoad.Result reference) {
        for (Entity entity : Entity.values()) {
            long csv = reference.csvRows().get(entity);
            long core = reference.coreRows().get(entity);
            if (csv != core) {
                log.warn("{}: {} CSV rows but {} rows in core after the reference (duplicate ids or rows the "
                        + "normaliser holds back); the pipeline is done when it has the reference's {}",
                        entity.entityName(), csv, core, core);
            }
        }
    }

    private record Measured(ReferenceLoad.Result reference, KeyedLoad.Result keyed, PipelineRun.Result pipeline) {
    }

    private String stepName(String step) {
        return "bench_" + runId + "_" + step;
    }

    /** The versions, read in a database of their own. */
    private BenchResults.Versions versions(BenchEnvironment environment) throws SQLException {
        BenchDatabase info = environment.createDatabase(stepName("info"));
        BenchResults.Versions versions = RunInfo.versions(info.dataSource(), !settings.external());
        environment.dropDatabase(info.name());
        return versions;
    }

    private String dataDescription() {
        return settings.dataDir() != null ? settings.dataDir().toString()
                : "generated, scale " + ResultsTable.number(settings.scale(), 4) + ", seed " + settings.seed();
    }

    private BenchResults results(String date, BenchEnvironment environment, Measured main,
                                 LatencyProbe.Result latency, List<BenchResults.ScalePoint> scaling,
                                 BenchResults.Versions versions, Path mainData) {
        ReferenceLoad.Result reference = main.reference();
        PipelineRun.Result pipeline = main.pipeline();
        BenchResults.Settings used = new BenchResults.Settings(environment.description(), settings.scale(),
                settings.seed(), dataDescription(), settings.partitions(), RunInfo.maxHeap(),
                settings.throughputSink().describe(), settings.latencySink().describe(), settings.latencyRate(),
                settings.latencyDuration().toNanos() / 1e9, settings.latencyWarmup().toNanos() / 1e9,
                settings.latencyPollMillis());
        BenchResults.Throughput referenceFigures = new BenchResults.Throughput(reference.totalCsvRows(),
                reference.copySeconds(), reference.normaliseSeconds(), reference.totalSeconds(),
                reference.rowsPerSecond());
        BenchResults.PipelineFigures pipelineFigures = new BenchResults.PipelineFigures(pipeline.rows(),
                pipeline.producersDoneSeconds(), pipeline.stagedSeconds(), pipeline.coreSeconds(),
                pipeline.rowsPerSecond(), pipeline.benchJvmCpuSeconds(), pipeline.sinkCpuSeconds(),
                pipeline.postgresCpuSeconds(), pipeline.normaliserRuns(), pipeline.normaliserSeconds(),
                pipeline.rejectedBySink());
        double ratio = pipeline.coreSeconds() / reference.totalSeconds();
        KeyedLoad.Result keyed = main.keyed();
        BenchResults.Keyed keyedFigures = new BenchResults.Keyed(keyed.rows(), keyed.seconds(), keyed.rowsPerSecond());
        double keyedRatio = pipeline.coreSeconds() / keyed.seconds();
        double normaliserRate = reference.totalCsvRows() / reference.normaliseSeconds();
        BenchResults.LatencyFigures latencyFigures = latency == null ? null : new BenchResults.LatencyFigures(
                latency.targetRate(), latency.achievedRate(), latency.seconds(), latency.measured(),
                latency.notSeen(), latency.latency().p50Millis(), latency.latency().p95Millis(),
                latency.latency().p99Millis(), latency.latency().maxMillis(), latency.method());
        double scalingRatio = scaling.size() < 2 ? Double.NaN
                : scaling.get(scaling.size() - 1).pipelineRowsPerSecond() / scaling.get(0).pipelineRowsPerSecond();
        return new BenchResults(date, RunInfo.machine(), versions, used, referenceFigures, keyedFigures,
                pipelineFigures, ratio, keyedRatio, latencyFigures, scaling, scalingRatio,
                targets(ratio, keyedRatio, normaliserRate, latencyFigures, scalingRatio));
    }

    static List<BenchResults.Target> targets(double ratio, double keyedRatio, double normaliserRate,
                                             BenchResults.LatencyFigures latency, double scalingRatio) {
        List<BenchResults.Target> targets = new ArrayList<>();
        targets.add(new BenchResults.Target("pipeline time / reference time", "<= 2.00", ResultsTable.ratio(ratio),
                Double.isNaN(ratio) ? null : ratio <= 2.0));
        targets.add(new BenchResults.Target("pipeline time / direct keyed load time", "<= 2.00",
                ResultsTable.ratio(keyedRatio), Double.isNaN(keyedRatio) ? null : keyedRatio <= 2.0));
        targets.add(new BenchResults.Target("normaliser rows/s into core (reference)", ">= 100,000",
                ResultsTable.rate(normaliserRate), Double.isNaN(normaliserRate) ? null : normaliserRate >= 100_000));
        double p99 = latency == null ? Double.NaN : latency.p99Millis();
        boolean allSeen = latency != null && latency.notSeen() == 0;
        targets.add(new BenchResults.Target("p99 latency at " + (latency == null ? "2,000"
                : ResultsTable.count((long) latency.targetRate())) + " events/s", "< 1000 ms",
                ResultsTable.millis(p99), Double.isNaN(p99) ? null : p99 < 1000 && allSeen));
        targets.add(new BenchResults.Target("rows/s at the largest scale / at the smallest", ">= 0.80",
                ResultsTable.ratio(scalingRatio), Double.isNaN(scalingRatio) ? null : scalingRatio >= 0.8));
        return targets;
    }
}
