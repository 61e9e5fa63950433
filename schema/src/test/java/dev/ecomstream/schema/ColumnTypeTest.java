package dev.ecomstream.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2022-06-17 02:52:23 UTC|2022-06-17T02:52:23Z",
            "2022-11-05 01:54:00.000000 UTC|2022-11-05T01:54:00Z",
            "2025-01-23 08:25:52.932 UTC|2025-01-23T08:25:52.932Z",
            "2025-01-23 08:25:52.9 UTC|2025-01-23T08:25:52.900Z",
            "2022-06-17 02:52:23+00:00|2022-06-17T02:52:23Z",
            "2022-06-17 04:52:23+02:00|2022-06-17T02:52:23Z",
            "2022-06-17T02:52:23Z|2022-06-17T02:52:23Z",
            "2022-06-17T02:52:23.123456Z|2022-06-17T02:52:23.123456Z",
            "2022-06-17 02:52:23|2022-06-17T02:52:23Z"})
    void shouldParseEveryTimestampFormOfTheExports(String text, String expected) {
        assertThat(ColumnType.TIMESTAMPTZ.parseText(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-13-17 02:52:23 UTC", "yesterday", "2022-06-17", "2022-06-17 02:52 UTC", "17/06/2022 02:52:23"})
    void shouldRejectTextThatIsNotATimestamp(String text) {
        assertThatThrownBy(() -> ColumnType.TIMESTAMPTZ.parseText(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("not a timestamp");
    }

    @Test
    void shouldKeepSeventeenSignificantDigitsOfADecimalThroughJson() throws Exception {
        Object parsed = ColumnType.NUMERIC.parseText("2.5187499908497561");
        String json = JSON.writeValueAsString(ColumnType.NUMERIC.toJson(parsed));
        assertThat(json).isEqualTo("2.5187499908497561");
        Object back = ColumnType.NUMERIC.fromJson(JSON.readTree(json));
        assertThat(ColumnType.NUMERIC.toCopyText(back)).isEqualTo("2.5187499908497561");
    }

    @Test
    void shouldWriteTimestampsAsIsoUtcAndReadThemBack() throws Exception {
        Object parsed = ColumnType.TIMESTAMPTZ.parseText("2025-01-23 08:25:52.932 UTC");
        String json = JSON.writeValueAsString(ColumnType.TIMESTAMPTZ.toJson(parsed));
        assertThat(json).isEqualTo("\"2025-01-23T08:25:52.932Z\"");
        assertThat(ColumnType.TIMESTAMPTZ.fromJson(JSON.readTree(json))).isEqualTo(parsed);
    }

    @Test
    void shouldRefuseNumbersOutOfRangeOrWithFractions() {
        assertThatThrownBy(() -> ColumnType.BIGINT.parseText("12.5")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.INTEGER.parseText("3000000000")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.NUMERIC.parseText("1,5")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.BIGINT.fromJson(JSON.readTree("\"12\"")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("string");
    }

    @Test
    void shouldValidateUuidsAndIpAddresses() {
        assertThat(ColumnType.UUID.parseText("6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"))
                .isEqualTo("6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
        assertThatThrownBy(() -> ColumnType.UUID.parseText("6f1b9a7e-1c2d")).isInstanceOf(InvalidValueException.class);
        assertThat(ColumnType.INET.parseText("192.168.10.4")).isEqualTo("192.168.10.4");
        assertThat(ColumnType.INET.parseText("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThatThrownBy(() -> ColumnType.INET.parseText("300.1.1.1")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ColumnType.INET.parseText("example.com")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void shouldKeepTextExactlyAsGiven() {
        String text = "  AriatÂ® \"Men's\", 東京 ";
        assertThat(ColumnType.TEXT.parseText(text)).isEqualTo(text);
    }

    @Test
    void shouldPutTheKeyColumnOfEveryEntityFirstAndNeverNull() {
        for (Entity entity : Entity.values()) {
            ColumnDefinition key = entity.columns().get(0);
            assertThat(key.name()).as(entity.name()).isEqualTo(entity.keyColumn());
            assertThat(key.nullable()).as(entity.name()).isFalse();
            assertThat(key.type()).isEqualTo(ColumnType.BIGINT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e2147483647", "1e-2147483647", "1e1000", "0e1000", "-1e999"})
    void shouldRefuseADecimalWhoseFullWritingWouldBeOverAThousandCharacters(String text) {
        assertThatThrownBy(() -> ColumnType.NUMERIC.parseText(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("out of range: written out in full it takes ")
                .hasMessageEndingWith("a number may take at most 1000, the most a JSON reader accepts");
    }

    @Test
    void shouldAcceptADecimalOfExactlyAThousandCharactersWrittenOut() {
        assertThat(ColumnType.NUMERIC.parseText("1e999")).isEqualTo(new BigDecimal("1e999"));
        String nines = "-" + "9".repeat(999);
        assertThat(ColumnType.NUMERIC.parseText(nines)).isEqualTo(new BigDecimal(nines));
        assertThat(ColumnType.NUMERIC.parseText("0." + "1".repeat(998))).isNotNull();
        assertThatThrownBy(() -> ColumnType.NUMERIC.parseText("9".repeat(1001)))
                .hasMessageStartingWith("out of range: written out in full it takes 1001 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01 00:00:00 UTC", "0000-12-31 23:59:59 UTC", "9999-12-31 23:00:00-05:00"})
    void shouldRefuseATimestampOutsideTheYearsOneTo9999(String text) {
        assertThatThrownBy(() -> ColumnType.TIMESTAMPTZ.parseText(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("out of range: a timestamp must fall in the years 1 to 9999 (UTC)");
    }

    @Test
    void shouldAcceptOnlyTheKnownValuesOfAColumnThatHasThem() {
        ColumnDefinition status = Entity.ORDERS.column("status");
        assertThat(status.parseText("Complete")).isEqualTo("Complete");
        assertThatThrownBy(() -> status.parseText("complete"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("not one of the allowed values Processing, Shipped, Complete, Returned, Cancelled "
                        + "(spelled exactly, case included)");
        assertThat(Entity.ORDERS.column("user_id").parseText("42")).isEqualTo(42L);
    }
}
