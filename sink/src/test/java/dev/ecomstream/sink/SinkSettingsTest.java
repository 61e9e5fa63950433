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

    @Test
    void shouldGiveAnEmptyCommandLineTheBuildersDefaults() {
        // the environment may name its own Kafka or database; the rest must be the one set of defaults
        SinkSettings fromCommandLine = settings("--bootstrap-servers", "localhost:9092", "--pg-url",
                "jdbc:postgresql://localhost:5432/ecomstream", "--pg-user", "ecomstream", "--pg-password", "",
                "--instance-id", "sink-1");
        SinkSettings fromBuilder = SinkSettings.builder().instanceId("sink-1").build();
        if (System.getenv().keySet().stream().noneMatch(name -> name.startsWith("SINK_"))) {
            assertThat(fromCommandLine).isEqualTo(fromBuilder);
        }
        assertThat(fromBuilder.httpAddress()).isEqualTo("127.0.0.1");
        assertThat(fromBuilder.httpPort()).isEqualTo(8080);
        assertThat(fromBuilder.batchMaxRows()).isEqualTo(20_000);
    }

    @Test
    void shouldTakeTheSharedHttpOptionsUnderEitherName() {
        assertThat(settings("--http-address", "0.0.0.0", "--http-port", "9001").httpPort()).isEqualTo(9001);
        SinkSettings bySpelling = settings("--bind", "0.0.0.0", "--port", "9002");
        assertThat(bySpelling.httpAddress()).isEqualTo("0.0.0.0");
        assertThat(bySpelling.httpPort()).isEqualTo(9002);
        assertThat(settings("--kafka-property", "security.protocol=SSL").kafkaProperties())
                .containsEntry("security.protocol", "SSL");
    }

    private static SinkSettings settings(String... args) {
        SinkCommand command = new SinkCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }
}
