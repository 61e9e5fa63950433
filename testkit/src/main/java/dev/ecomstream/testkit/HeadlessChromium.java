package dev.ecomstream.testkit;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Both paths are explicit, so Selenium
 * never starts its Selenium Manager to download a browser or a driver (the tests run offline); override
 * them with {@code -Dchromium=...} and {@code -Dchromedriver=...}.
 *
 * <p>Without them, {@link #start()} skips the test on a developer's machine (and says how to install them),
 * and fails it on CI, where a missing browser is a broken install step ({@code .ci/run}), never a silent skip.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));

    /*
     * The tests speak WebDriver, not CDP: the warning that no CDP binding matches this Chromium is noise.
     * Held in a field: java.util.logging keeps loggers weakly, and a collected one forgets its level.
     */
    private static final java.util.logging.Logger CDP_VERSION_LOG =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** Whether both binaries are installed (.ci/run installs the Debian packages chromium and chromium-driver). */
    private static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A fresh browser with a profile of its own; skips (or on CI fails) the test if Chromium is missing. */
    public static HeadlessChromium start() {
        if (!installed()) {
            String missing = "Chromium and chromedriver are not installed at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ". To fix: apt-get install chromium chromium-driver, or point -Dchromium=... and "
                    + "-Dchromedriver=... at them";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(missing);
            }
            Assumptions.abort(missing + "; the browser test is skipped");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("ecomstream-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File(profile.toFile(), "chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root; the rest keeps a headless browser from calling home or updating itself
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-dev-shm-usage", "--window-size=1280,1200",
                "--user-data-dir=" + profile);
        // the browser's console, read back by consoleErrors()
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        try {
            return new HeadlessChromium(service, new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Opens a page from a file and waits until its scripts have put an element matching {@code ready} in the
     * DOM; returns the DOM then.
     */
    public String open(Path html, By ready, Duration timeout) {
        driver.get(html.toUri().toString());
        await("an element " + ready + " on " + html).atMost(timeout)
                .until(() -> !driver.findElements(ready).isEmpty());
        return driver.getPageSource();
    }

    /** Saves what the browser shows as a PNG, when {@code -Dscreenshot=FILE} asks for it. */
    public void screenshotIfAsked() {
        String file = System.getProperty("screenshot");
        if (file != null) {
            try {
                Files.write(Path.of(file), driver.getScreenshotAs(OutputType.BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The console messages at level SEVERE (console.error, uncaught exceptions, failed loads) so far. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
