package dev.ecomstream.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Where Kafka is and how to talk to it: the one declaration of {@code --bootstrap-servers},
 * {@code --kafka-config} and {@code --kafka-property} (with their environment defaults), mixed into every command
 * that talks to Kafka. Each command adds the settings of its own client (producer, consumer, admin) on top.
 */
public final class KafkaConnectionOptions {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    // No annotation default: a command that uses Kafka only when told to (the dashboard's lag, the benchmark's
    // external cluster) must see whether it was named; bootstrapServers() supplies the default for the others.
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT...]",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS, else bootstrap.servers in the "
                    + "--kafka-config file; default: " + DEFAULT_BOOTSTRAP_SERVERS + ").")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${env:KAFKA_CONFIG_FILE}",
            converter = ClientPropertiesFile.Reader.class,
            description = "A Kafka client properties file, as Kafka's own tools take with --command-config: the place "
                    + "for secrets such as sasl.jaas.config, which then appear neither in the process list nor in "
                    + "any log line (env KAFKA_CONFIG_FILE). --kafka-property wins over the file.")
    ClientPropertiesFile configFile;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Any Kafka client property, passed through (repeatable), e.g. security.protocol=SASL_SSL. "
                    + "A secret belongs in --kafka-config: a flag shows in the process list.")
    Map<String, String> properties = new LinkedHashMap<>();

    /** A Kafka client properties file as read at parse time, so a missing or unreadable file is a bad command line. */
    public record ClientPropertiesFile(Path path, Map<String, String> properties) {

        public ClientPropertiesFile {
            properties = Map.copyOf(properties);
        }

        /** picocli's converter for {@code --kafka-config}. */
        public static final class Reader implements ITypeConverter<ClientPropertiesFile> {
            @Override
            public ClientPropertiesFile convert(String value) {
                Path path = Path.of(value);
                Properties read = new Properties();
                try (java.io.Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    read.load(reader);
                } catch (NoSuchFileException e) {
                    throw new TypeConversionException(value + " does not exist. To fix: give the path of a Kafka "
                            + "client properties file (key=value lines, as for kafka-console-consumer's "
                            + "--command-config).");
                } catch (IOException | IllegalArgumentException e) {
                    // the message of a malformed escape or an I/O error; never the file's contents
                    throw new TypeConversionException(value + " could not be read (" + e.getMessage()
                            + "). To fix: make it a readable properties file in UTF-8.");
                }
                Map<String, String> properties = new TreeMap<>();
                read.stringPropertyNames().forEach(name -> properties.put(name, read.getProperty(name).trim()));
                return new ClientPropertiesFile(path, properties);
            }
        }
    }

    /** The servers given (flag, environment or the file), else {@value #DEFAULT_BOOTSTRAP_SERVERS}. */
    public String bootstrapServers() {
        return bootstrapServersIfNamed().orElse(DEFAULT_BOOTSTRAP_SERVERS);
    }

    /** The servers when the flag, the environment or the file named them; empty when only the default applies. */
    public Optional<String> bootstrapServersIfNamed() {
        return Optional.ofNullable(bootstrapServers).filter(servers -> !servers.isBlank()).or(this::fromFile);
    }

    /**
     * The client properties given, the file's first and the flags' over them, without the file's
     * {@code bootstrap.servers} (see {@link #bootstrapServers()}); a command adds its own settings first.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> merged = new LinkedHashMap<>();
        if (configFile != null) {
            merged.putAll(configFile.properties());
            merged.remove("bootstrap.servers"); // bootstrapServers() decides between the flag and the file
        }
        merged.putAll(properties);
        return merged;
    }

    /** The servers: the flag or environment, else the file's {@code bootstrap.servers}, else the default. */
    private Optional<String> fromFile() {
        return configFile == null ? Optional.empty()
                : Optional.ofNullable(configFile.properties().get("bootstrap.servers"));
    }

    /** For a start-up log line: secret values masked, the file named but its secrets not shown. */
    @Override
    public String toString() {
        return "bootstrap-servers=" + bootstrapServers()
                + (configFile == null ? "" : ", kafka-config=" + configFile.path())
                + ", kafka properties=" + SecretMasking.masked(clientProperties());
    }
}
