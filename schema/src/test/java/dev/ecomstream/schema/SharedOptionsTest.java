package dev.ecomstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.io.PrintWriter;
import org.junit.jupiter.api.Test;
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

    private static ServingCommand parse(String... args) {
        ServingCommand command = new ServingCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
