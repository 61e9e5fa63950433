package dev.ecomstream.sink.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged sink ({@code target/ecomstream-sink.jar}) running as a child JVM with a 256 MB heap, so tests can
 * do to it what happens to a real process: SIGKILL, SIGTERM, SIGINT, SIGSTOP and SIGCONT. Its output goes to
 * {@code target/child-sinks/NAME.log}, which failure messages quote.
 */
public final class ChildSink implements AutoCloseable {

    private static final Path JAR = Path.of("target", "ecomstream-sink.jar");
    private static final Path LOGS = Path.of("target", "child-sinks");
    private static final java.util.concurrent.atomic.AtomicInteger STARTS = new java.util.concurrent.atomic.AtomicInteger();

    private final String name;
    private final Process process;
    private final Path log;

    private ChildSink(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -Xmx256m -jar ecomstream-sink.jar ARGS}, logging to a file of its own. */
    public static ChildSink start(String name, List<String> args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the build through 'package'");
        }
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + "-" + STARTS.incrementAndGet() + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.add("-XX:+UseSerialGC");
            command.add("-jar");
            command.add(JAR.toString());
            command.addAll(args);
            // a new file per start: a log left by an earlier build must not answer this run's questions
            Files.writeString(log, "---- start " + String.join(" ", args) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ChildSink(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the child sink " + name, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no goodbye; waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, as a supervisor sends it; returns the exit code once the process ended. */
    public int terminate(Duration timeout) {
        process.destroy();
        return waitForExit(timeout);
    }

    public int interrupt(Duration timeout) {
        signal("INT");
        return waitForExit(timeout);
    }

    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("child sink " + name + " did not exit within " + timeout + "; log:\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The child's threads (jcmd Thread.print), for the message of a test that timed out waiting for it. */
    public String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid()), "Thread.print").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Everything the child printed. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public File logFile() {
        return log.toFile();
    }

    /** Kills the child if it is still running (a test that failed half-way must not leave it behind). */
    @Override
    public void close() {
        if (process.isAlive()) {
            resume();
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
