package dev.ecomstream.bench;

import dev.ecomstream.schema.Entity;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every figure of a {@code --sink-per-entity} run: per entity, the sink alone against COPY of the same rows
 * into a logged keyed table, in the same run on the same server. Times are seconds, rates rows per second;
 * NaN stands for "not measured" (null in JSON, "n/a" in the table).
 *
 * @param synchronousCommit the {@code synchronous_commit} every step's database showed, or "mixed" when they
 *                          differed (each entity's figures then say which they used)
 * @param sink              the sink's settings
 */
record SinkPerEntityResults(String date, BenchResults.Machine machine, BenchResults.Versions versions,
                            String environment, String data, int partitions, String sink,
                            String synchronousCommit, List<EntityFigures> entities) {

    static final String MIXED = "mixed";

    SinkPerEntityResults {
        entities = List.copyOf(entities);
    }

    /**
     * One entity.
     *
     * @param sinkFirstRowSeconds         from the sink process's start to its first committed row
     * @param sinkLastRowSeconds          from its start to its last committed row
     * @param sinkPeakRssMegabytes        the sink JVM's peak resident set, NaN when unreadable
     * @param sinkSynchronousCommit       {@code SHOW synchronous_commit} in the sink's database
     * @param copySynchronousCommit       {@code SHOW synchronous_commit} in the COPY's database
     * @param sinkOverCopy                sink rows/s after its first row over COPY rows/s
     */
    record EntityFigures(String entity, long rows, double sinkFirstRowSeconds, double sinkLastRowSeconds,
                         double sinkRowsPerSecondAfterFirstRow, double sinkWholeProcessRowsPerSecond,
                         long sinkRejected, double sinkPeakRssMegabytes, String sinkSynchronousCommit,
                         long copyRows, double copySeconds, double copyRowsPerSecond, String copySynchronousCommit,
                         double sinkOverCopy) {

        static EntityFigures of(Entity entity, SinkOnlyRun.Result sink, KeyedLoad.Result copy,
                                String copySynchronousCommit) {
            double peakRssMegabytes = sink.peakRssBytes().isPresent()
                    ? sink.peakRssBytes().getAsLong() / 1024.0 / 1024.0 : Double.NaN;
            return new EntityFigures(entity.entityName(), sink.rows(), sink.firstRowSeconds(),
                    sink.lastRowSeconds(), sink.rowsPerSecondAfterFirstRow(), sink.wholeProcessRowsPerSecond(),
                    sink.rejected(), peakRssMegabytes, sink.synchronousCommit(), copy.rows(), copy.seconds(),
                    copy.rowsPerSecond(), copySynchronousCommit,
                    sink.rowsPerSecondAfterFirstRow() / copy.rowsPerSecond());
        }
    }

    /** The one setting all the figures used, or {@link #MIXED}. */
    static String commonSynchronousCommit(List<EntityFigures> entities) {
        List<String> settings = entities.stream()
                .flatMap(e -> Stream.of(e.sinkSynchronousCommit(), e.copySynchronousCommit()))
                .distinct().toList();
        return settings.size() == 1 ? settings.get(0) : MIXED;
    }
}
