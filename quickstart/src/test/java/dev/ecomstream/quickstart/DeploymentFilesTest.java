package dev.ecomstream.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecomstream.producers.cli.ProducerCommand;
import dev.ecomstream.sink.SinkCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The compose file, the environment template and the README's option tables agree with the code. */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern TABLE_FLAG = Pattern.compile("^\\| `(--[a-z][a-z-]*)", Pattern.MULTILINE);
    private static final Set<String> STANDARD_OPTIONS = Set.of("--help", "--version");

    @Test
    void shouldDefineTheServicesWithLocalPortsNamedVolumesAndASinkHealthcheck() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
        JsonNode services = compose.get("services");
        assertThat(fieldNames(services)).containsExactlyInAnyOrder("kafka", "postgres", "migrate", "sink",
                "producers");
        assertThat(services.get("kafka").get("image").asText()).startsWith("apache/kafka:");
        assertThat(services.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
        for (JsonNode service : services) {
            for (JsonNode port : service.path("ports")) {
                assertThat(port.asText()).as("published port").startsWith("127.0.0.1:");
            }
        }
        assertThat(services.get("sink").get("healthcheck").get("test").toString()).contains("/health");
        assertThat(services.get("producers").get("command").get(0).asText()).isEqualTo("all");
        assertThat(services.get("producers").get("restart").asText()).isEqualTo("no");
        assertThat(fieldNames(compose.get("volumes"))).contains("kafka-data", "postgres-data");
        assertThat(services.get("sink").get("build").get("target").asText()).isEqualTo("sink");
    }

    /** Migrations as the database's owner, once; the sink as a login in ecomstream_writer, after them. */
    @Test
    void shouldMigrateAsTheOwnerAndRunTheSinkAsAWriterLogin() throws IOException {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile())
                .get("services");
        JsonNode migrate = services.get("migrate");
        JsonNode sink = services.get("sink");
        assertThat(migrate.get("command").toString()).isEqualTo("[\"migrate\"]");
        assertThat(migrate.get("environment").get("PG_USER").asText()).isEqualTo("${POSTGRES_USER}");
        assertThat(sink.get("environment").get("PG_USER").asText()).isEqualTo("${SINK_DB_USER}");
        assertThat(sink.get("depends_on").get("migrate").get("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.get("postgres").get("volumes").toString()).contains("/docker-entrypoint-initdb.d");
        String init = Files.readString(ROOT.resolve("deploy/postgres-init/10-ecomstream-roles.sh"),
                StandardCharsets.UTF_8);
        assertThat(init).contains("IN ROLE ecomstream_writer").contains("$SINK_DB_USER").contains("$SINK_DB_PASSWORD");
    }

    @Test
    void shouldTemplateEveryVariableTheComposeFileRequires() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"), StandardCharsets.UTF_8);
        String template = Files.readString(ROOT.resolve(".env.example"), StandardCharsets.UTF_8);
        Matcher required = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(compose);
        int count = 0;
        while (required.find()) {
            assertThat(template).as(".env.example defines " + required.group(1))
                    .containsPattern("(?m)^" + required.group(1) + "=");
            count++;
        }
        assertThat(count).isPositive();
    }

    @Test
    void shouldDocumentExactlyTheProducerOptions() throws IOException {
        CommandLine producers = ProducerCommand.commandLine();
        Set<String> options = new TreeSet<>();
        options.addAll(optionNames(producers.getSubcommands().get("orders")));
        options.addAll(optionNames(producers.getSubcommands().get("all")));
        assertThat(documentedFlags("### Producers")).containsExactlyInAnyOrderElementsOf(options);
    }

    @Test
    void shouldDocumentExactlyTheSinkOptions() throws IOException {
        assertThat(documentedFlags("### Sink"))
                .containsExactlyInAnyOrderElementsOf(optionNames(new CommandLine(new SinkCommand())));
    }

    private static Set<String> optionNames(CommandLine command) {
        Set<String> names = new TreeSet<>();
        command.getCommandSpec().options().forEach(option -> {
            String longest = option.longestName();
            if (!STANDARD_OPTIONS.contains(longest)) {
                names.add(longest);
            }
        });
        return names;
    }

    /** The flags in the first column of the option table under a README heading. */
    private static Set<String> documentedFlags(String heading) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("README has a section " + heading).isNotNegative();
        int end = readme.indexOf("\n#", start + heading.length() + 2);
        Matcher flags = TABLE_FLAG.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        Set<String> documented = new TreeSet<>();
        while (flags.find()) {
            documented.add(flags.group(1));
        }
        return documented;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
