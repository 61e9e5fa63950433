package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataTestTest {

    @Test
    void shouldLoadEveryLineOfTheList() {
        assertThat(DataTest.load()).extracting(DataTest::name)
                .contains("unique dim_customer.customer_key", "not_null fact_events.customer_key",
                        "relationship fact_order_items.product_key -> dim_product.product_key")
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldNameTheLineOfABadCheck() {
        assertThatThrownBy(() -> DataTest.parse("exists fact_orders order_key", "data_tests.txt:7"))
                .hasMessage("data_tests.txt:7: unknown check 'exists'; use unique, not_null, relationship or "
                        + "accepted_values");
        assertThatThrownBy(() -> DataTest.parse("relationship fact_orders customer_key dim_customer", "x:1"))
                .hasMessageContaining("has 4 words, relationship takes 5");
        assertThatThrownBy(() -> DataTest.parse("unique fact_orders; drop", "x:2"))
                .hasMessageContaining("'fact_orders;' is not a lower-case SQL name");
        assertThatThrownBy(() -> DataTest.parse("unique Fact_Orders key", "x:3"))
                .hasMessageContaining("'Fact_Orders' is not a lower-case SQL name");
    }
}
