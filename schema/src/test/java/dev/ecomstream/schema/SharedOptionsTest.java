package dev.ecomstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The mixins every command shares: the same names, defaults and help wherever they are mixed in. */
class SharedOptionsTest {

    @Command(name = "serving", defaultValueProvider = ServingCommand.Defaults.class)
    static final class ServingCommand implements Runnable {
        @Mixin
        KafkaConnectionOptions kafka;
        @Mixin
        HttpListenOptions http;

        public static final class Defaults extends HttpListenOptions.Defaults {
            public Defaults() {
                super(null, "SHARED_OPTIONS_TEST_PORT_UNSET", 7070);
            }
        }

        @Override
        public void run() {
        }
    }

    @Test
    void shouldTellANamedKafkaFromTheDefault() {
        ServingCommand command = parse("--kafka-property", "security.protocol=SSL");
        if (System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null) {
            assertThat(command.kafka.bootstrapServersIfNamed()).isEmpty();
            assertThat(command.kafka.bootstrapServers()).isEqualTo(KafkaConnectionOptions.DEFAULT_BOOTSTRAP_SERVERS);
        }
        assertThat(command.kafka.clientProperties()).containsEntry("security.protocol", "SSL");
        assertThat(parse("--bootstrap-servers", "k1:9093").kafka.bootstrapServersIfNamed()).contains("k1:9093");
    }

    @Test
    void shouldListenOnLoopbackAndTheCommandsOwnPortUnlessTold() {
        ServingCommand defaults = parse();
        assertThat(defaults.http.address()).isEqualTo("127.0.0.1");
        assertThat(defaults.http.port()).isEqualTo(7070);
        assertThat(parse("--bind", "0.0.0.0", "--port", "1").http.address()).isEqualTo("0.0.0.0");
        assertThat(parse("--http-address", "::1", "--http-port", "2").http.port()).isEqualTo(2);
    }

    @Test
    void shouldStateTheDefaultsInTheHelp() {
        StringWriter help = new StringWriter();
        new CommandLine(new ServingCommand()).setUsageHelpWidth(200).usage(new PrintWriter(help));
        assertThat(help.toString()).contains("default: 127.0.0.1").contains("default: 7070")
                .contains("default: localhost:9092");
    }

    @Test
    void shouldMaskSecretPropertiesWhenShown() {
        assertThat(parse("--kafka-property", "sasl.jaas.config=x password=\"p4ss\"").kafka.toString())
                .doesNotContain("p4ss").contains("sasl.jaas.config=[hidden]");
    }

    @Test
    void shouldReadTheKafkaConfigFileWithTheFlagsWinning(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=from-file:9092\nsecurity.protocol=SASL_SSL\n"
                + "sasl.jaas.config=x password=\"f1le-secret\";\nclient.id=file\n");
        ServingCommand fromFile = parse("--kafka-config", file.toString(), "--kafka-property", "client.id=flag");
        if (System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null) {
            assertThat(fromFile.kafka.bootstrapServers()).isEqualTo("from-file:9092");
        }
        assertThat(fromFile.kafka.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("client.id", "flag").doesNotContainKey("bootstrap.servers");
        assertThat(fromFile.kafka.toString()).doesNotContain("f1le-secret").contains(file.toString());
        assertThat(parse("--kafka-config", file.toString(), "--bootstrap-servers", "flag:9092").kafka
                .bootstrapServers()).isEqualTo("flag:9092");
    }

    @Test
    void shouldRefuseAMissingKafkaConfigFileAsABadCommandLine(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new ServingCommand()).setErr(new PrintWriter(err))
                .execute("--kafka-config", dir.resolve("absent.properties").toString());
        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("absent.properties does not exist. To fix:");
    }

    private static ServingCommand parse(String... args) {
        ServingCommand command = new ServingCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
