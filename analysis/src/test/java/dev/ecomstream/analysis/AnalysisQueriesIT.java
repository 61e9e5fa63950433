package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every named question, run on the known shop after a real normaliser run, against the answer the test
 * computes from the rows it landed ({@link ExpectedAnswers}): every column, every row, in order.
 */
@ExtendWith(DevStackExtension.class)
class AnalysisQueriesIT {

    private static KnownShop shop;
    private static Map<String, List<List<Object>>> expected;

    @BeforeAll
    static void loadTheShop(DevStack stack) {
        shop = KnownShop.shared(stack);
        expected = new ExpectedAnswers(shop.shop()).all();
    }

    @Test
    void everyQueryOfTheCatalogHasAnExpectedAnswerAndNoOtherDoes() {
        assertThat(AnalysisQueryCatalog.load().all()).extracting(AnalysisQuery::name)
                .containsExactlyElementsOf(expected.keySet());
    }

    @TestFactory
    Stream<DynamicTest> eachQueryAnswersWhatTheTestComputesFromTheLandedRows() {
        QueryRunner runner = new QueryRunner(shop.database().dataSource());
        return AnalysisQueryCatalog.load().all().stream().map(query -> DynamicTest.dynamicTest(query.name(), () -> {
            List<List<Object>> rows = expected.get(query.name());
            // an empty expectation would let a query that returns nothing pass unnoticed
            assertThat(rows).as("the shop must give %s something to answer", query.name()).isNotEmpty();
            QueryResult result = runner.run(query);
            assertThat(normalise(result.rows())).as(query.name()).containsExactlyElementsOf(normalise(rows));
        }));
    }

    @Test
    void headlineNumbersAreTheShopsTotals() {
        HeadlineNumbers expectedNumbers = new ExpectedAnswers(shop.shop()).headlineNumbers();
        HeadlineNumbers actual = HeadlineNumbers.read(shop.database().dataSource());
        assertThat(normalise(List.of(List.of(actual.users(), actual.orders(), actual.itemsSold(), actual.netSales(),
                actual.sessions(), actual.purchaseConversionPct()))))
                .containsExactlyElementsOf(normalise(List.of(List.of(expectedNumbers.users(), expectedNumbers.orders(),
                        expectedNumbers.itemsSold(), expectedNumbers.netSales(), expectedNumbers.sessions(),
                        expectedNumbers.purchaseConversionPct()))));
        assertThat(actual.lines()).hasSize(6).anySatisfy(line -> assertThat(line).startsWith("users"));
    }

    /**
     * One text per row, so a failure shows both rows side by side; numbers compare by value (12.50 is 12.5,
     * a count is a count whether JDBC says Long or Integer).
     */
    static List<String> normalise(List<List<Object>> rows) {
        return rows.stream().map(row -> row.stream().map(AnalysisQueriesIT::normalise).toList().toString()).toList();
    }

    private static String normalise(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString()).stripTrailingZeros();
            return decimal.signum() == 0 ? "0" : decimal.toPlainString();
        }
        return value.toString();
    }
}
