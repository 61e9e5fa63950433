package dev.ecomstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/** What the run ran on: the machine and the versions, read rather than assumed. */
final class RunInfo {

    private RunInfo() {
    }

    static BenchResults.Machine machine() {
        String cpu = "unknown CPU";
        double memoryGb = Double.NaN;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse(cpu);
            List<String> memory = Files.readAllLines(Path.of("/proc/meminfo"));
            memoryGb = memory.stream().filter(line -> line.startsWith("MemTotal:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0).orElse(Double.NaN);
        } catch (IOException | RuntimeException e) {
            // not Linux: the figures stay unknown
        }
        return new BenchResults.Machine(cpu, Runtime.getRuntime().availableProcessors(), memoryGb,
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    static BenchResults.Versions versions(DataSource anyDatabase, boolean embeddedBroker) throws SQLException {
        // the setting the figures depend on most: production's default is on, the embedded server's off
        String postgres = show(anyDatabase, "server_version") + ", synchronous_commit "
                + synchronousCommit(anyDatabase);
        String kafka = kafkaClientVersion() + (embeddedBroker ? " (client and embedded KRaft broker)"
                : " (client; the broker is the external cluster's)");
        String version = RunInfo.class.getPackage().getImplementationVersion();
        return new BenchResults.Versions(Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                kafka, postgres, version == null ? "development build" : version);
    }

    /**
     * The {@code synchronous_commit} a new session of this database gets (server, database and role settings,
     * and the URL's options all count): what a COPY or the sink's commits on it wait for.
     */
    static String synchronousCommit(DataSource database) throws SQLException {
        return show(database, "synchronous_commit");
    }

    private static String show(DataSource database, String setting) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW " + setting)) {
            row.next();
            return row.getString(1);
        }
    }

    /** From the version file inside kafka-clients (its parser class is internal). */
    static String kafkaClientVersion() {
        try (InputStream in = RunInfo.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String maxHeap() {
        return String.format("%.0f MB", Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0);
    }
}
