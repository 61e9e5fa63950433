package dev.ecomstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RequestParametersTest {

    @Test
    void shouldReadAnIntegerWithinItsBounds() {
        RequestParameters parameters = RequestParameters.of(URI.create("/api/x?hours=3&limit=%2010"));
        assertThat(parameters.intValue("hours", 1, 1, 24)).isEqualTo(3);
        assertThat(parameters.intValue("limit", 5, 1, 100)).isEqualTo(10);
    }

    @Test
    void shouldFallBackWhenTheParameterIsAbsentOrEmpty() {
        assertThat(RequestParameters.of(URI.create("/api/x")).intValue("hours", 3, 1, 24)).isEqualTo(3);
        assertThat(RequestParameters.of(URI.create("/api/x?hours=")).intValue("hours", 3, 1, 24)).isEqualTo(3);
    }

    @Test
    void shouldRejectOutOfRangeOrNonIntegerValuesNamingTheRange() {
        assertThatThrownBy(() -> RequestParameters.of(URI.create("/api/x?hours=25")).intValue("hours", 3, 1, 24))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Parameter 'hours' must be an integer from 1 to 24, was '25'");
        assertThatThrownBy(() -> RequestParameters.of(URI.create("/api/x?hours=two")).intValue("hours", 3, 1, 24))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'two'");
    }
}
