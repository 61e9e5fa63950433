package dev.ecomstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FastParsersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2022-06-17 02:52:23 UTC|2022-06-17T02:52:23Z",
            "2022-11-05 01:54:00.000000 UTC|2022-11-05T01:54:00Z",
            "2025-01-23 08:25:52.932 UTC|2025-01-23T08:25:52.932Z",
            "2025-01-23T08:25:52.123456789Z|2025-01-23T08:25:52.123456789Z",
            "2022-06-17 02:52:23+00:00|2022-06-17T02:52:23Z",
            "2024-02-29 23:59:59|2024-02-29T23:59:59Z"})
    void shouldReadTheCommonFormsExactlyAsTheGeneralParserDoes(String text, String expected) {
        assertThat(FastParsers.timestampOrNull(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-06-17 04:52:23+02:00", "2023-02-29 00:00:00 UTC", "2022-13-01 00:00:00",
            "2022-06-17 02:52:23.", "2022-06-17 02:52:23 CET", "2022-06-17 02:52", "２０２２-06-17 02:52:23"})
    void shouldLeaveEverythingElseToTheGeneralParser(String text) {
        assertThat(FastParsers.timestampOrNull(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0,true", "255.255.255.255,true", "192.168.1.10,true", "256.1.1.1,false", "01.2.3.4,false",
            "1.2.3,false", "1.2.3.4.5,false", "1..3.4,false", "1.2.3.4.,false", "a.b.c.d,false", "1234.1.1.1,false"})
    void shouldRecogniseIpv4AddressesLikeTheRegularExpressionDid(String text, boolean expected) {
        assertThat(FastParsers.isIpv4(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b,true", "6F1B9A7E-1C2D-4E5F-8A9B-0C1D2E3F4A5B,true",
            "6f1b9a7e1c2d-4e5f-8a9b-0c1d2e3f4a5b-,false", "6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a5,false",
            "6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a5g,false", "６f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b,false",
            "6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4a٣b,false", "6f1b9a7e-1c2d-4e5f-8a9b-0c1d2e3f4aｂb,false"})
    void shouldRecogniseCanonicalUuids(String text, boolean expected) {
        assertThat(FastParsers.isUuid(text)).isEqualTo(expected);
    }
}
