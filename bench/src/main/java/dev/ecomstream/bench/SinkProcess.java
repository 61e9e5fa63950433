package dev.ecomstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged sink ({@code ecomstream-sink.jar}) as a child JVM with a heap of its own, the way it is
 * deployed. Only its command line is used: the sink's classes are not called, so changes inside the sink
 * module cannot break the benchmark. Its log goes to a file, which is also where the normaliser's run times
 * are read from.
 */
final class SinkProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkProcess.class);
    /** NormaliserRunner's INFO line: "Normaliser run in 123 ms: ...". */
    private static final Pattern NORMALISER_RUN = Pattern.compile("Normaliser run in (\\d+) ms");
    /** The peak resident set line of /proc/PID/status, in kB. */
    private static final Pattern PEAK_RSS = Pattern.compile("VmHWM:\\s+(\\d+) kB");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOPPED_GRACE = Duration.ofSeconds(3);
    /** SinkService's last line once its batch is settled and its connections closed. */
    private static final String STOPPED = "Sink stopped";

    private final Process process;
    private final Path logFile;
    private final Thread stopOnExit;

    private SinkProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
        // If the benchmark is stopped (Ctrl-C), the child must not outlive it.
        this.stopOnExit = new Thread(process::destroy, "bench-sink-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts {@code java -Xmx<heap> -jar <jar> <arguments>}; the password goes in the environment
     * (PG_PASSWORD), never on the command line, where other users of the machine could read it.
     */
    static SinkProcess start(Path jar, String heap, List<String> arguments, String pgPassword, Path logFile)
            throws IOException {
        if (!Files.isReadable(jar)) {
            throw new IllegalArgumentException("The sink jar " + jar.toAbsolutePath() + " does not exist; build it "
                    + "with ./mvnw -B -pl bench -am package -DskipTests (bench.sh does), or pass --sink-jar");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("PG_PASSWORD", pgPassword == null ? "" : pgPassword);
        log.info("Starting the sink (-Xmx{}), log in {}", heap, logFile);
        return new SinkProcess(builder.start(), logFile);
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Throws with the end of the log when the sink has exited, so a waiting loop fails fast and says why. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("The sink exited with code " + process.exitValue() + "; the end of "
                    + logFile + ":\n" + tail(20));
        }
    }

    Path logFile() {
        return logFile;
    }

    /**
     * The sink JVM's peak resident set so far ({@code VmHWM} in /proc/PID/status), in bytes; empty when it is
     * not readable (not Linux, or the process has exited). Read it before {@link #close()}.
     */
    OptionalLong peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                Matcher matcher = PEAK_RSS.matcher(line);
                if (matcher.matches()) {
                    return OptionalLong.of(Long.parseLong(matcher.group(1)) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux: unknown
        }
        return OptionalLong.empty();
    }

    /** The normaliser runs the sink logged: how many, and their summed wall time in seconds. */
    NormaliserTime normaliserTime() {
        int runs = 0;
        long millis = 0;
        try {
            for (String line : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
                Matcher matcher = NORMALISER_RUN.matcher(line);
                if (matcher.find()) {
                    runs++;
                    millis += Long.parseLong(matcher.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new NormaliserTime(0, Double.NaN);
        }
        return new NormaliserTime(runs, runs == 0 ? Double.NaN : millis / 1000.0);
    }

    /** Normaliser runs found in the sink's log. */
    record NormaliserTime(int runs, double seconds) {
    }

    private boolean logSays(String text) {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8).contains(text);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the sink the way an operator does (SIGTERM: it settles its batch and logs "Sink stopped"). Once
     * it has said so, it is killed if it has not exited within a few seconds: this sink version's JVM
     * lingers for 30 s after stopping (its shutdown hook joins the main thread, which is waiting in
     * System.exit for that hook), and a step has nothing to gain from waiting for that.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (!process.waitFor(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
                if (logSays(STOPPED)) {
                    process.waitFor(STOPPED_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    break;
                }
            }
            if (process.isAlive()) {
                if (!logSays(STOPPED)) {
                    log.warn("The sink did not stop within {} s; killing it", STOP_TIMEOUT.toSeconds());
                }
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway and finds the process gone
        }
    }
}
