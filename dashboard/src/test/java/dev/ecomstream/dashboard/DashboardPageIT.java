package dev.ecomstream.dashboard;

import static dev.ecomstream.dashboard.ShopCatalog.ADA;
import static dev.ecomstream.dashboard.ShopCatalog.GRACE;
import static dev.ecomstream.dashboard.ShopCatalog.SLIM_JEANS;
import static dev.ecomstream.dashboard.ShopCatalog.STRAIGHT_JEANS;
import static dev.ecomstream.dashboard.ShopCatalog.TEE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.testkit.HeadlessChromium;
import dev.ecomstream.testkit.Shop;
import dev.ecomstream.testkit.StagingDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page in a real browser (headless Chromium): every panel renders from the endpoints, a figure moves
 * without a reload when more orders are landed and normalised, and the browser's console stays free of
 * errors. Runs on the wall clock, with orders of the last minutes.
 */
@ExtendWith(DevStackExtension.class)
class DashboardPageIT {

    private static final String PROCESSING = "Processing";
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> PANELS = List.of("sales", "orders-per-minute", "events-per-minute", "funnel",
            "top-products", "top-categories", "pipeline", "pipeline-trends");

    private StagingDatabase database;
    private Shop shop;
    private DashboardServer server;
    private HeadlessChromium chromium;

    @BeforeEach
    void startDashboardAndBrowser(DevStack stack) {
        chromium = HeadlessChromium.start();
        database = StagingDatabase.create(stack, "dashboard_page");
        shop = ShopCatalog.newShop();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        shop.order(1, ADA, now.minus(Duration.ofMinutes(5)), PROCESSING, SLIM_JEANS, STRAIGHT_JEANS);
        shop.order(2, GRACE, now.minus(Duration.ofMinutes(20)), PROCESSING, TEE);
        UUID session = UUID.fromString("6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4b01");
        List<String> visit = List.of("home", "department", "product", "cart", "purchase");
        for (int i = 0; i < visit.size(); i++) {
            shop.event(1 + i, session, ADA, 1 + i, now.minus(Duration.ofMinutes(10 - i)), visit.get(i));
        }
        shop.landIn(database);
        database.normalise();
        // two records the sink could not land, this minute
        database.execute("""
                INSERT INTO staging.rejected_records (kafka_topic, kafka_partition, kafka_offset, record_value, reason)
                VALUES ('ecomstream.orders', 0, 90, 'not json', 'value is not JSON'),
                       ('ecomstream.orders', 0, 91, '{', 'value is not JSON')""");

        server = new DashboardServer(DashboardOptions.defaults().withRefreshInterval(Duration.ofSeconds(1)));
        server.start(database.dataSource(), null, 0);
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void panelsRenderAndFiguresMoveWithoutReloadAndWithoutConsoleErrors() {
        ChromeDriver browser = chromium.driver();
        browser.get(server.url().toString());

        await().atMost(PAGE_TIMEOUT).untilAsserted(() -> assertThat(PANELS)
                .allSatisfy(panel -> assertThat(browser.findElement(By.cssSelector("[data-panel='" + panel + "']"))
                        .getDomAttribute("data-state")).as(panel).isEqualTo("ready")));
        assertThat(text(browser, "orders-last-hour")).isEqualTo("2");
        assertThat(text(browser, "revenue-last-hour")).isEqualTo("$80.50");
        assertThat(browser.findElements(By.cssSelector("#funnel li")))
                .extracting(step -> step.getDomAttribute("data-step"))
                .containsExactly("home", "department", "product", "cart", "purchase");
        assertThat(browser.findElements(By.cssSelector("#funnel .count"))).extracting(WebElement::getText)
                .containsExactly("1", "1 · 100%", "1 · 100%", "1 · 100%", "1 · 100%");
        assertThat(browser.findElements(By.cssSelector("#top-products tbody tr"))).hasSize(3);
        assertThat(browser.findElement(By.cssSelector("#top-categories tbody tr")).getText()).startsWith("Jeans");
        assertThat(text(browser, "consumer-lag")).startsWith("not available");
        assertThat(text(browser, "pending-rows")).isEqualTo("0");
        // the charts hold the series: 2 orders in the last 3 hours, 5 events of the 5 funnel types
        assertThat(((Number) browser.executeScript(
                "return Chart.getChart('orders-chart').data.datasets[0].data.reduce((a, b) => a + b, 0)"))
                .longValue()).isEqualTo(2);
        assertThat(((Number) browser.executeScript(
                "return Chart.getChart('events-chart').data.datasets.flatMap(d => d.data).reduce((a, b) => a + b, 0)"))
                .longValue()).isEqualTo(5);
        assertHeadlinesAndPipelineCharts(browser);

        // a marker on the window survives only if the page is not reloaded
        browser.executeScript("window.stillTheSamePage = true");
        shop.order(3, ADA, Instant.now().minus(Duration.ofMinutes(1)), PROCESSING, TEE);
        shop.landIn(database);
        database.normalise();

        await().atMost(PAGE_TIMEOUT).untilAsserted(() -> assertThat(text(browser, "orders-last-hour")).isEqualTo("3"));
        assertThat(text(browser, "revenue-last-hour")).isEqualTo("$96.00");
        assertThat(browser.executeScript("return window.stillTheSamePage")).isEqualTo(true);
        chromium.screenshotIfAsked();

        // sparse data: the page's URL widens the windows of every panel
        browser.get(server.url() + "?window=2880&hours=1");
        await().atMost(PAGE_TIMEOUT).untilAsserted(() -> assertThat(text(browser, "orders-chart-range"))
                .isEqualTo("last 1 h, UTC"));
        assertThat(browser.findElements(By.className("window-label"))).extracting(WebElement::getText)
                .containsOnly("last 2 days");
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    /** Average order value and conversion rate; the pipeline's charts over time, coloured by their thresholds. */
    private void assertHeadlinesAndPipelineCharts(ChromeDriver browser) {
        assertThat(text(browser, "aov-last-hour")).isEqualTo("$40.25");          // $80.50 over 2 orders
        assertThat(text(browser, "conversion-last-hour")).isEqualTo("100%");     // the one session bought
        assertThat(text(browser, "conversion-detail")).isEqualTo("1 of 1 sessions bought");
        assertThat(text(browser, "core-behind")).isEqualTo("caught up");
        assertThat(sum(browser, "throughput-chart")).as("every row landed in the last hour")
                .isEqualTo(database.landedRows());
        assertThat(sum(browser, "rejects-chart")).isEqualTo(2);
        // 2 in a minute: amber (from 1), not red (from 100)
        assertThat(browser.executeScript("const d = Chart.getChart('rejects-chart').data.datasets[0];"
                + " return d.backgroundColor[d.data.findIndex(v => v > 0)]")).isEqualTo("#f59e0b");
        // lag and freshness are sampled at each refresh of the pipeline panel
        await().atMost(PAGE_TIMEOUT).untilAsserted(() -> assertThat(((Number) browser.executeScript(
                "return Chart.getChart('freshness-chart').data.datasets[0].data.length")).intValue())
                .isPositive());
        assertThat(text(browser, "lag-note")).startsWith("(not measured");
        assertThat(legend(browser, "freshness-chart"))
                .containsExactly("core behind", "amber from 60 seconds", "red from 300 seconds");
        assertThat(legend(browser, "lag-chart"))
                .containsExactly("consumer lag", "amber from 10,000 records", "red from 100,000 records");
        assertThat(legend(browser, "rejects-chart")).contains("amber from 1 records per minute");
    }

    private static long sum(ChromeDriver browser, String chart) {
        return ((Number) browser.executeScript("return Chart.getChart(arguments[0]).data.datasets[0].data"
                + ".reduce((a, b) => a + b, 0)", chart)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> legend(ChromeDriver browser, String chart) {
        return (List<String>) browser.executeScript("return Chart.getChart(arguments[0]).legend.legendItems"
                + ".map(item => item.text)", chart);
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
