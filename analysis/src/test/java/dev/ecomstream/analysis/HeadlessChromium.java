package dev.ecomstream.analysis;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, used to load a page from a file and return the DOM after its scripts
 * ran ({@code --dump-dom}). A fresh profile per run, every background service off: the test must not depend
 * on, or wait for, the network.
 */
final class HeadlessChromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** {@code $CHROMIUM} if set, else the first of chromium, chromium-browser, google-chrome on the PATH. */
    static Optional<HeadlessChromium> find() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(new HeadlessChromium(Path.of(configured)));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : NAMES) {
            for (String directory : path.split(File.pathSeparator)) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** What Chromium printed for a page: the DOM after load (stdout) and its log with console messages (stderr). */
    record Page(String dom, String log) {
    }

    Page load(Path html, Path workDirectory) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDirectory, "chromium-profile");
        Path dom = workDirectory.resolve("dom.html");
        Path log = workDirectory.resolve("chromium.log");
        Process process = new ProcessBuilder(executable.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--user-data-dir=" + profile,
                // console messages (uncaught script errors among them) go to stderr
                "--enable-logging=stderr", "--v=0",
                // lets timers and the load event finish before the DOM is dumped
                "--virtual-time-budget=10000",
                "--dump-dom", html.toUri().toString())
                .redirectOutput(dom.toFile())
                .redirectError(log.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("chromium did not finish loading " + html + " within 120 s; its log: "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        String logText = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + logText);
        }
        return new Page(Files.readString(dom, StandardCharsets.UTF_8), logText);
    }

    @Override
    public String toString() {
        return executable.toString();
    }
}
