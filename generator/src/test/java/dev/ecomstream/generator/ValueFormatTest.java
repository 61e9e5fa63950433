package dev.ecomstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.generator.output.DecimalText;
import dev.ecomstream.generator.output.TimestampStyle;
import dev.ecomstream.schema.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ValueFormatTest {

    private static final long MICROS = TimeUnit.SECONDS.toMicros(Instant.parse("2025-01-23T08:25:52Z")
            .getEpochSecond()) + 932_000;

    @Test
    void timestampsAreWrittenInEachFormOfTheExports() {
        assertThat(TimestampStyle.SECONDS_UTC.format(MICROS)).isEqualTo("2025-01-23 08:25:52 UTC");
        assertThat(TimestampStyle.MICROS_UTC.format(MICROS)).isEqualTo("2025-01-23 08:25:52.932000 UTC");
        assertThat(TimestampStyle.TRIMMED_FRACTION_UTC.format(MICROS)).isEqualTo("2025-01-23 08:25:52.932 UTC");
        assertThat(TimestampStyle.TRIMMED_FRACTION_UTC.format(MICROS - 932_000)).isEqualTo("2025-01-23 08:25:52 UTC");
        assertThat(TimestampStyle.OFFSET.format(MICROS)).isEqualTo("2025-01-23 08:25:52+00:00");
    }

    @Test
    void everyTimestampFormIsReadBackByTheCatalogType() {
        for (TimestampStyle style : TimestampStyle.values()) {
            Instant parsed = (Instant) ColumnType.TIMESTAMPTZ.parseText(style.format(MICROS));
            long expected = style == TimestampStyle.SECONDS_UTC || style == TimestampStyle.OFFSET
                    ? MICROS - 932_000 : MICROS;
            assertThat(TimeUnit.SECONDS.toMicros(parsed.getEpochSecond()) + parsed.getNano() / 1000)
                    .as(style.name()).isEqualTo(expected);
        }
    }

    @Test
    void decimalsHaveUpToSeventeenSignificantDigitsInPlainNotation() {
        assertThat(DecimalText.format(2.5187499908497561)).isEqualTo("2.5187499908497561");
        assertThat(DecimalText.format((float) 49.99)).isEqualTo("49.990001678466797");
        assertThat(DecimalText.format(25.0)).isEqualTo("25");
        assertThat(DecimalText.format(0.0001)).isEqualTo("0.0001");
        assertThat(new BigDecimal(DecimalText.format(1e-7 / 3)).precision()).isLessThanOrEqualTo(17);
        assertThat(DecimalText.wktPoint(-89.9711, 35.1174)).startsWith("POINT(-89.971").contains(" 35.117");
    }
}
