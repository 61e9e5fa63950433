package dev.ecomstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs, resolved from the command line.
 *
 * @param dataDir         the user's CSV files, or null to generate them at {@code scale}
 * @param dataRoot        where generated files are kept between runs
 * @param outDir          where results.json, results.png and the sink logs go
 * @param scalingFractions fractions of {@code scale} the scaling step measures (empty: no scaling step)
 * @param warmup          run a small untimed pipeline first
 * @param bootstrapServers null for the embedded devstack
 */
record BenchSettings(double scale, long seed, Path dataDir, Path dataRoot, Path outDir, int partitions,
                     short replicationFactor, SinkOptions throughputSink, SinkOptions latencySink,
                     double latencyRate, Duration latencyDuration, Duration latencyWarmup, long latencyPollMillis,
                     boolean latency, List<Double> scalingFractions, boolean warmup, Duration stepTimeout, String bootstrapServers,
                     Map<String, String> kafkaProperties, String pgUrl, String pgUser, String pgPassword) {

    boolean external() {
        return bootstrapServers != null;
    }
}
