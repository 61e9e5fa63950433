package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.testkit.HeadlessChromium;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The HTML report of the known shop, opened in headless Chromium: every question's chart is drawn, no script
 * fails, and the page loads nothing from the network. The page reports what it drew in a hidden
 * {@code #charts-ok} element, read here from the DOM once the page's script has added it.
 */
@ExtendWith(DevStackExtension.class)
class HtmlReportInBrowserIT {

    private static final By CHARTS_OK = By.id("charts-ok");
    private static final Pattern MARKER = Pattern.compile(
            "<div id=\"charts-ok\" data-expected=\"(\\d+)\" data-count=\"(\\d+)\" data-empty=\"(\\d+)\" "
                    + "data-errors=\"(\\d+)\">([^<]*)</div>");

    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

    private static HeadlessChromium chromium;
    private static AnalysisReport report;

    @BeforeAll
    static void startChromiumAndRunTheReport(DevStack stack) {
        chromium = HeadlessChromium.start();
        report = AnalysisReport.run(KnownShop.shared(stack).database().dataSource());
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void everyChartRendersWithoutErrors(@TempDir Path directory) throws Exception {
        Path html = report.writeHtml(directory.resolve("report.html"));
        // kept for a human look after the build (the module's target directory is the working directory)
        Files.copy(html, Path.of("target", "test-shop-report.html"), StandardCopyOption.REPLACE_EXISTING);

        String dom = chromium.open(html, CHARTS_OK, PAGE_TIMEOUT);

        Matcher marker = MARKER.matcher(dom);
        assertThat(marker.find()).as("the page's script finished and wrote #charts-ok; DOM tail: %s",
                tail(dom)).isTrue();
        int questions = report.results().size();
        assertThat(marker.group(5)).as("chart errors").isEmpty();
        assertThat(Integer.parseInt(marker.group(4))).as("errors").isZero();
        assertThat(Integer.parseInt(marker.group(1))).as("charts expected").isEqualTo(questions);
        assertThat(Integer.parseInt(marker.group(2))).as("charts drawn").isEqualTo(questions);
        assertThat(Integer.parseInt(marker.group(3))).as("questions without rows").isZero();
        long canvases = report.results().stream().filter(r -> r.query().chart().type() != ChartType.KPI).count();
        assertThat(count(dom, "<canvas")).as("a canvas per chart").isEqualTo(canvases);
        assertThat(dom).doesNotContain("<p class=\"chart-error\"");
        assertThat(chromium.consoleErrors()).as("browser console").isEmpty();
    }

    @Test
    void theReportIsSelfContained(@TempDir Path directory) throws Exception {
        String html = Files.readString(report.writeHtml(directory.resolve("report.html")), StandardCharsets.UTF_8);

        // nothing to fetch: no script, style sheet, image or frame comes from elsewhere
        assertThat(html).doesNotContainPattern("(?i)<(script|img|iframe)[^>]*\\ssrc=")
                .doesNotContainPattern("(?i)<link[^>]*\\shref=")
                .doesNotContainPattern("(?i)@import");
        for (QueryResult result : report.results()) {
            assertThat(html).contains("id=\"chart-" + result.query().name() + "\"")
                    .contains(HtmlText.escape(result.query().question()));
        }
    }

    @Test
    void aBrokenChartIsReportedByThePage(@TempDir Path directory) throws Exception {
        // the check above is only worth something if the page does notice a failure: break one chart type
        Path html = report.writeHtml(directory.resolve("report.html"));
        String broken = Files.readString(html, StandardCharsets.UTF_8)
                .replace("return { type: spec.type,", "return { type: spec.type === \"line\" ? \"no-such-type\" : spec.type,");
        Files.writeString(html, broken, StandardCharsets.UTF_8);

        String dom = chromium.open(html, CHARTS_OK, PAGE_TIMEOUT);

        Matcher marker = MARKER.matcher(dom);
        assertThat(marker.find()).isTrue();
        long lineCharts = report.results().stream().filter(r -> r.query().chart().type() == ChartType.LINE).count();
        assertThat(lineCharts).isPositive();
        assertThat(Integer.parseInt(marker.group(4))).as("errors").isEqualTo(lineCharts);
        assertThat(Integer.parseInt(marker.group(2))).isEqualTo(report.results().size() - lineCharts);
        assertThat(dom).contains("<p class=\"chart-error\"");
    }

    private static long count(String text, String needle) {
        return List.of(text.split(Pattern.quote(needle), -1)).size() - 1L;
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 2000));
    }
}
