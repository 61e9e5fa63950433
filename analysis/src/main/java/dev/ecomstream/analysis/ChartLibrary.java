package dev.ecomstream.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Chart.js, read from its WebJar on the classpath (a Maven Central artifact, pinned in the parent pom) so
 * the report can inline it: the HTML file then draws its charts with no network access at all.
 */
final class ChartLibrary {

    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final Pattern SCRIPT_END = Pattern.compile("</(script)", Pattern.CASE_INSENSITIVE);

    private final String version;
    private final String script;

    private ChartLibrary(String version, String script) {
        this.version = version;
        this.script = script;
    }

    /** Finds the bundle by the WebJar's own version, so upgrading is a change of the version property only. */
    static ChartLibrary load() {
        Properties properties = new Properties();
        try (InputStream in = resource(POM_PROPERTIES)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_PROPERTIES, e);
        }
        String version = properties.getProperty("version");
        String bundle = "META-INF/resources/webjars/chart.js/" + version + "/dist/chart.umd.min.js";
        try (InputStream in = resource(bundle)) {
            return new ChartLibrary(version, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + bundle, e);
        }
    }

    String version() {
        return version;
    }

    /** The bundle, safe to place inside a {@code <script>} element (a literal end tag would close it early). */
    String inlineScript() {
        return SCRIPT_END.matcher(script).replaceAll("<\\\\/$1");
    }

    private static InputStream resource(String name) {
        InputStream in = ChartLibrary.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath: the org.webjars.npm:chart.js "
                    + "dependency is missing from the analysis module");
        }
        return in;
    }
}
