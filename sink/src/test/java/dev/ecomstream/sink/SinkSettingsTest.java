package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SinkSettingsTest {

    @Test
    void shouldDeriveAnInstanceIdKafkaAcceptsFromAnyHostName() {
        assertThat(SinkSettings.instanceIdOn("db-1.example.com")).isEqualTo("ecomstream-sink.db-1.example.com");
        assertThat(SinkSettings.instanceIdOn("höst name")).isEqualTo("ecomstream-sink.h_st_name");
        assertThat(SinkSettings.instanceIdOn(null)).isEqualTo("ecomstream-sink.localhost");
        assertThat(SinkSettings.instanceIdOn("x".repeat(400))).hasSize(249);
        assertThat(SinkSettings.defaultInstanceId()).matches("[a-zA-Z0-9._-]{1,249}");
    }

    @Test
    void shouldRefuseAnInstanceIdKafkaWouldRefuse() {
        assertThatThrownBy(() -> settings("--instance-id", "sink@host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--instance-id must be 1 to 249 of the characters Kafka allows")
                .hasMessageContaining("'sink@host'");
        assertThat(settings("--instance-id", "sink-1").instanceId()).isEqualTo("sink-1");
    }

    @Test
    void shouldLeaveThePasswordToPostgresqlsPasswordFileWhenNoneIsGiven() {
        assertThat(settings("--pg-password", "").dbPassword()).isNull();
        assertThat(settings("--pg-password", "").toString()).contains("pg-password=(none: PostgreSQL's password file");
        assertThat(settings("--pg-password", "s3cret").dbPassword()).isEqualTo("s3cret");
        assertThat(settings("--pg-password", "s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldKeepStagingSevenDaysByDefaultAndRefuseANegativeRetention() {
        assertThat(settings().stagingRetention()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(settings("--staging-retention", "0").stagingRetention()).isZero();
        assertThat(settings("--staging-retention", "0").toString()).contains("staging retention=(keep all)");
        assertThatThrownBy(() -> settings("--staging-retention", "-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--staging-retention must be 0 (keep every staging row) or a number of days, was -1");
    }

    private static SinkSettings settings(String... args) {
        SinkCommand command = new SinkCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }
}
