package dev.ecomstream.producers.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads, grouped by what they do, from Linux's per-thread counters (including the
 * JIT compiler and GC threads, which the Java management API does not show). On two cores the benchmark is
 * bound by total CPU, so where the microseconds go per row explains its ratio better than wall time does.
 * Threads that end during the run (the publisher's) are sampled every 50 ms, so at most that much of their
 * time is missed. Empty where /proc is not there.
 */
final class ThreadCpuAccounting implements AutoCloseable {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long NANOS_PER_TICK = 10_000_000; // USER_HZ is 100 on Linux

    private static final long SAMPLE_MILLIS = 50;

    private final Map<String, Long> ticksAtStart;
    private final Map<String, Long> latestTicks = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread sampler;

    private ThreadCpuAccounting() {
        this.ticksAtStart = ticksByThread();
        this.sampler = new Thread(this::sampleUntilClosed, "cpu-accounting");
        sampler.setDaemon(true);
    }

    static ThreadCpuAccounting start() {
        ThreadCpuAccounting accounting = new ThreadCpuAccounting();
        accounting.sampler.start();
        return accounting;
    }

    private void sampleUntilClosed() {
        while (!Thread.currentThread().isInterrupted()) {
            latestTicks.putAll(ticksByThread());
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the sampler; an interrupt while waiting for it is kept for the caller (the sampler stops anyway). */
    @Override
    public void close() {
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Microseconds of CPU per row since {@link #start()}, by group, in a fixed order. */
    Map<String, Double> microsPerRow(long rows) {
        latestTicks.putAll(ticksByThread());
        Map<String, Double> groups = new LinkedHashMap<>();
        for (String group : new String[] {"csv-reader", "row-converter", "sending", "producer I/O", "broker",
                "JIT", "GC"}) {
            groups.put(group, 0.0);
        }
        latestTicks.forEach((thread, ticks) -> {
            long spent = ticks - ticksAtStart.getOrDefault(thread, 0L);
            groups.merge(groupOf(thread.substring(thread.indexOf(':') + 1)),
                    spent * NANOS_PER_TICK / 1000.0 / rows, Double::sum);
        });
        return groups;
    }

    static String describe(Map<String, Double> microsPerRow) {
        StringBuilder text = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> group : microsPerRow.entrySet()) {
            if (group.getValue() > 0) {
                text.append(text.isEmpty() ? "" : " + ").append(String.format("%s %.2f", group.getKey(),
                        group.getValue()));
                total += group.getValue();
            }
        }
        return String.format("%.2f us = %s", total, text);
    }

    /* Linux names a thread by the first 15 characters of its Java name; the benchmark's main thread is "java". */
    private static String groupOf(String name) {
        if (name.startsWith("csv-reader")) {
            return "csv-reader";
        }
        if (name.startsWith("row-converter")) {
            return "row-converter";
        }
        if (name.equals("java") || name.equals("main")) {
            return "sending";
        }
        if (name.startsWith("kafka-producer")) {
            return "producer I/O";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ")) {
            return "GC";
        }
        return "broker";
    }

    /* Keyed by thread id and name, as ids are reused. */
    private static Map<String, Long> ticksByThread() {
        Map<String, Long> ticks = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return ticks;
        }
        try (Stream<Path> threads = Files.list(TASKS)) {
            threads.forEach(thread -> {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    int nameEnd = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, nameEnd);
                    String[] fields = stat.substring(nameEnd + 2).split(" ");
                    // utime and stime, fields 14 and 15 of proc(5), counted from the state field (3)
                    ticks.put(thread.getFileName() + ":" + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being listed
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks;
    }
}
