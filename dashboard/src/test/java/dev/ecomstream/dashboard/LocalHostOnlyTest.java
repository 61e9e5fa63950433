package dev.ecomstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalHostOnlyTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8088", "LOCALHOST:1", "127.0.0.1", "127.0.0.1:8088", "[::1]",
            "[::1]:8088"})
    void shouldAcceptLoopbackNames(String host) {
        assertThat(LocalHostOnly.isLoopbackName(host)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"evil.example", "evil.example:8088", "localhost.evil.example", "127.0.0.1.nip.io",
            "[::2]:8088", "10.0.0.1"})
    void shouldRefuseOtherNames(String host) {
        assertThat(LocalHostOnly.isLoopbackName(host)).isFalse();
    }
}
