package dev.ecomstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExternalEnvironmentTest {

    @Test
    void replacesTheDatabaseAndKeepsTheOptions() {
        assertThat(ExternalEnvironment.withDatabase("jdbc:postgresql://db:5432/shop?sslmode=require", "bench_x"))
                .isEqualTo("jdbc:postgresql://db:5432/bench_x?sslmode=require");
        assertThat(ExternalEnvironment.withDatabase("jdbc:postgresql://a:1,b:2/shop", "bench_x"))
                .isEqualTo("jdbc:postgresql://a:1,b:2/bench_x");
    }

    @Test
    void refusesAUrlWithoutADatabasePath() {
        assertThatThrownBy(() -> ExternalEnvironment.withDatabase("jdbc:mysql://db/shop", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
