package dev.ecomstream.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets given the ways the README recommends (a Kafka client properties file, a password inside the JDBC URL)
 * reach the clients and never a log line, at any level our code or Kafka's clients log at while a sink runs.
 */
/*
 * "try": the try (InProcessSink sink = ...) block is the time the sink runs; its body waits on PostgreSQL only.
 */
@SuppressWarnings("try")
@ExtendWith(DevStackExtension.class)
class SecretsNotLoggedIT {

    private static final String KAFKA_SECRET = "kafka-S3cret-in-the-file";

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void shouldUseTheKafkaConfigFileAndNeverLogItsSecretsNorTheUrlsPassword(DevStack devStack) throws Exception {
        Scenario scenario = new Scenario(devStack, "events", "secrets", 1);
        scenario.publishEvents(0, 40);
        Path kafkaConfig = dir.resolve("client.properties");
        // SASL settings a PLAINTEXT listener leaves unused, and a client id that shows the file was read
        Files.writeString(kafkaConfig, String.join("\n",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"sink\" password=\"" + KAFKA_SECRET + "\";",
                "ssl.key.password=" + KAFKA_SECRET,
                "client.id=from-the-kafka-config", ""));
        // the embedded server asks for the password: the run lands rows only if the one in the URL reaches PgJDBC
        String pgSecret = devStack.postgres().password();
        String url = devStack.postgres().jdbcUrl(scenario.database) + "?password=" + pgSecret;

        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        Logger ours = (Logger) LoggerFactory.getLogger("dev.ecomstream");
        Level kafkaLevel = kafka.getLevel();
        Level ourLevel = ours.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        kafka.setLevel(Level.INFO); // the clients' configuration dumps are INFO
        ours.setLevel(Level.DEBUG);
        SinkSettings settings;
        try {
            settings = scenario.sinkArgs().with("--kafka-config", kafkaConfig.toString()).with("--pg-url", url)
                    .with("--pg-password", "")
                    .settings();
            try (InProcessSink sink = new InProcessSink(settings)) {
                await("the events landed").atMost(Duration.ofSeconds(60)).until(() -> scenario.staging.events() == 40);
            }
        } finally {
            root.detachAppender(captured);
            kafka.setLevel(kafkaLevel);
            ours.setLevel(ourLevel);
        }

        assertThat(settings.kafkaProperties()).containsEntry("client.id", "from-the-kafka-config")
                .containsKey("sasl.jaas.config");
        List<String> lines = captured.list.stream().map(SecretsNotLoggedIT::fullText).toList();
        assertThat(lines).as("captured log lines").hasSizeGreaterThan(5)
                .anyMatch(line -> line.contains("Sink starting") && line.contains("sasl.jaas.config=[hidden]"))
                .anyMatch(line -> line.contains("from-the-kafka-config"));
        assertThat(lines).noneMatch(line -> line.contains(KAFKA_SECRET)).noneMatch(line -> line.contains(pgSecret));
    }

    /** The message and, when there is one, the stack trace's messages: a secret must not hide in either. */
    private static String fullText(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (var thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
            text.append(" | ").append(thrown.getMessage());
        }
        return text.toString();
    }
}
