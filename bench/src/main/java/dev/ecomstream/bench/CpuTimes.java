package dev.ecomstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * CPU seconds used by the parts of the pipeline, so a missed target can be put down to a measured cause
 * rather than a guess: this JVM (producers, plus the embedded broker on the devstack), the sink's JVM, and the
 * PostgreSQL server. Read from /proc on Linux; anything unreadable is reported as unknown (NaN).
 */
final class CpuTimes {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux architecture in use

    private CpuTimes() {
    }

    /** CPU seconds of this JVM so far. */
    static double thisJvm() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** CPU seconds of a process so far, or NaN. */
    static double process(ProcessHandle process) {
        Optional<java.time.Duration> cpu = process.info().totalCpuDuration();
        return cpu.map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /**
     * The pid of the PostgreSQL server process (the postmaster), given one of its backends' pids
     * ({@code pg_backend_pid()}, read while that connection is open); -1 when unknown.
     */
    static long postmasterOf(int backendPid) {
        try {
            return parentOf(backendPid).orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU seconds of a PostgreSQL server so far: the postmaster's own time plus what its exited children
     * (backends, autovacuum workers) left in its cumulative counters, plus its live children's time.
     */
    static double postgresServer(long postmasterPid) {
        if (postmasterPid <= 0) {
            return Double.NaN;
        }
        try {
            long ticks = ticks(postmasterPid, true);
            List<ProcessHandle> children = ProcessHandle.of(postmasterPid)
                    .map(p -> p.children().toList()).orElse(List.of());
            for (ProcessHandle child : children) {
                ticks += ticks(child.pid(), false);
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static OptionalLong parentOf(long pid) throws IOException {
        String[] fields = statFields(pid);
        return fields == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[1]));
    }

    /* utime and stime (and with children, cutime and cstime) from /proc/PID/stat, in clock ticks. */
    private static long ticks(long pid, boolean withExitedChildren) throws IOException {
        String[] fields = statFields(pid);
        if (fields == null) {
            return 0; // exited between listing and reading: its time is in the parent's counters now
        }
        // fields after the command name: [0]=state [1]=ppid ... [11]=utime [12]=stime [13]=cutime [14]=cstime
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withExitedChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks;
    }

    /** The fields of /proc/PID/stat after the command name (which may hold spaces), or null if gone. */
    private static String[] statFields(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.isReadable(stat)) {
            return null;
        }
        String text;
        try {
            text = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        return text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
    }
}
