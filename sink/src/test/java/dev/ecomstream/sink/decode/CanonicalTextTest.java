package dev.ecomstream.sink.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.schema.ColumnType;
import org.junit.jupiter.api.Test;

class CanonicalTextTest {

    @Test
    void shouldPassThroughOnlyWhatTheCatalogParserAlsoAccepts() {
        for (String ok : new String[] {"2022-06-17T02:52:23Z", "2024-02-29T23:59:59.123456789Z", "0001-01-01T00:00:00.5Z",
                "2022-06-17 02:52:23 UTC", "2022-06-17T02:52:23+00:00", "2022-06-17 02:52:23.25 UTC"}) {
            assertThat(CanonicalText.of(ColumnType.TIMESTAMPTZ, ok)).as(ok).isEqualTo(ok);
            ColumnType.TIMESTAMPTZ.parseText(ok);
        }
        for (String other : new String[] {"2023-02-29T00:00:00Z", "2022-13-01T00:00:00Z", "2022-06-17T24:00:00Z",
                "2022-06-17T02:52:23.Z", "+300000-01-01T00:00:00Z", "2022-06-17T02:52:23.1234567890Z",
                // no zone: PostgreSQL would read it in the session's time zone, the catalog reads it as UTC
                "2022-06-17 02:52:23", "2022-06-17T02:52:23+01:00", "2022-06-17 02:52:23 CET", " UTC", "Z"}) {
            assertThat(CanonicalText.of(ColumnType.TIMESTAMPTZ, other)).as(other).isNull();
        }
        assertThat(CanonicalText.of(ColumnType.UUID, "0000002a-0000-4000-8000-00000000002A")).isNotNull();
        assertThat(CanonicalText.of(ColumnType.UUID, "0000002a-0000-4000-8000-00000000002g")).isNull();
        assertThat(CanonicalText.of(ColumnType.UUID, "0000002a00000-4000-8000-00000000002a")).isNull();
        assertThat(CanonicalText.of(ColumnType.INET, "10.0.255.1")).isNotNull();
        for (String other : new String[] {"10.0.256.1", "10.0.01.1", "10.0.1", "10.0.1.1.", "1.2.3.4.5", "::1", "a.b.c.d"}) {
            assertThat(CanonicalText.of(ColumnType.INET, other)).as(other).isNull();
        }
        assertThat(CanonicalText.of(ColumnType.TEXT, "2022-06-17T02:52:23Z")).isNull();
    }
}
