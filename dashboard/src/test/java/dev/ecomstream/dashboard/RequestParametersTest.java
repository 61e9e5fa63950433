package dev.ecomstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.dashboard.RequestParameters.IntParameter;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParametersTest {

    private static final IntParameter HOURS = new IntParameter("hours", 3, 1, 24);
    private static final IntParameter LIMIT = new IntParameter("limit", 5, 1, 100);
    private static final List<IntParameter> BOTH = List.of(HOURS, LIMIT);

    @Test
    void shouldReadAnIntegerWithinItsBounds() {
        RequestParameters parameters = RequestParameters.of(URI.create("/api/x?hours=3&limit=%2010"), BOTH);
        assertThat(parameters.value(HOURS)).isEqualTo(3);
        assertThat(parameters.value(LIMIT)).isEqualTo(10);
    }

    @Test
    void shouldFallBackWhenTheParameterIsAbsent() {
        assertThat(RequestParameters.of(URI.create("/api/x"), BOTH).value(HOURS)).isEqualTo(3);
        assertThat(RequestParameters.of(URI.create("/api/x?limit=7"), BOTH).value(HOURS)).isEqualTo(3);
    }

    @Test
    void shouldRejectOutOfRangeEmptyOrNonIntegerValuesNamingTheRange() {
        assertThatThrownBy(() -> RequestParameters.of(URI.create("/api/x?hours=25"), BOTH).value(HOURS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Parameter 'hours' of /api/x must be an integer from 1 to 24, was '25'");
        assertThatThrownBy(() -> RequestParameters.of(URI.create("/api/x?hours=two"), BOTH).value(HOURS))
                .hasMessageContaining("'two'");
        assertThatThrownBy(() -> RequestParameters.of(URI.create("/api/x?hours="), BOTH).value(HOURS))
                .hasMessage("Parameter 'hours' of /api/x must be an integer from 1 to 24, was ''");
        assertThatThrownBy(() -> RequestParameters.of(URI.create("/api/x?hours=0"), BOTH).value(HOURS))
                .hasMessageContaining("from 1 to 24");
    }

    @Test
    void shouldRejectUnknownAndRepeatedNamesListingTheAllowedOnes() {
        assertThatThrownBy(() -> RequestParameters.of(URI.create("/api/x?hour=3"), BOTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown parameter 'hour' for /api/x; it takes hours (1 to 24, default 3), "
                        + "limit (1 to 100, default 5)");
        assertThatThrownBy(() -> RequestParameters.of(URI.create("/api/x?limit=1"), List.of()))
                .hasMessage("Unknown parameter 'limit' for /api/x; it takes no parameters");
        assertThatThrownBy(() -> RequestParameters.of(URI.create("/api/x?hours=1&hours=2"), BOTH))
                .hasMessage("Parameter 'hours' is given more than once; give it once");
        assertThatThrownBy(() -> RequestParameters.of(URI.create("/api/x?hours=1&"), BOTH))
                .hasMessageContaining("Unknown parameter ''");
    }

    @Test
    void shouldRefuseADefaultOutsideItsOwnRange() {
        assertThatThrownBy(() -> new IntParameter("hours", 0, 1, 24)).isInstanceOf(IllegalArgumentException.class);
    }
}
