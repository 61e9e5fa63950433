package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AnalysisQueryCatalogTest {

    /** The module's own source directory (surefire runs in the module's directory). */
    private static final Path SOURCES = Path.of("src", "main", "resources", "analysis");

    @Test
    void theIndexListsEverySqlFileOfTheDirectoryOnce() throws IOException {
        List<String> files;
        try (Stream<Path> paths = Files.list(SOURCES)) {
            files = paths.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".sql"))
                    .map(name -> name.substring(0, name.length() - ".sql".length())).toList();
        }

        assertThat(AnalysisQueryCatalog.load().all()).extracting(AnalysisQuery::name)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void everyQueryAsksAQuestionAndIsOneReadOnlyStatement() {
        for (AnalysisQuery query : AnalysisQueryCatalog.load().all()) {
            assertThat(query.question()).as(query.name()).endsWith("?");
            String sql = query.sql().replaceAll("--[^\n]*", "").strip();
            assertThat(sql).as(query.name()).containsPattern("(?m)^(SELECT|WITH)\\b");
            // one statement: a ';' only at the very end (psql needs it; JDBC accepts it)
            assertThat(sql.substring(0, sql.length() - 1)).as(query.name()).doesNotContain(";");
            assertThat(sql.toUpperCase()).as(query.name())
                    .doesNotContainPattern("\\b(INSERT|UPDATE|DELETE|TRUNCATE|DROP|ALTER|CREATE)\\b");
        }
    }

    @Test
    void theIssuesQuestionsAreAllThere() {
        assertThat(AnalysisQueryCatalog.load().all()).extracting(AnalysisQuery::name).contains(
                "users_count", "users_by_gender", "users_by_age_group", "users_by_country",
                "users_by_traffic_source", "users_without_orders",
                "orders_per_user", "items_per_order", "monthly_orders_and_revenue", "order_status_mix",
                "top_customers_by_spend", "fulfilment_days_by_country", "return_rate_by_category",
                "events_by_type", "sessions_per_day", "purchase_funnel", "funnel_by_traffic_source",
                "most_engaged_users", "events_by_browser", "events_by_country",
                "products_count", "top_selling_products", "revenue_and_margin_by_category",
                "revenue_and_margin_by_brand", "products_never_sold", "average_price_by_category",
                "stock_on_hand_by_distribution_center", "days_to_sell_by_distribution_center",
                "distribution_center_volumes", "distribution_center_delivery_times");
    }

    @Test
    void selectKeepsTheOrderGivenAndRefusesUnknownNames() {
        AnalysisQueryCatalog catalog = AnalysisQueryCatalog.load();

        assertThat(catalog.select(List.of("products_count", "users_count"))).extracting(AnalysisQuery::name)
                .containsExactly("products_count", "users_count");
        assertThatThrownBy(() -> catalog.select(List.of("nope")))
                .hasMessageStartingWith("no query named 'nope'; known queries: users_count, users_by_gender");
    }
}
