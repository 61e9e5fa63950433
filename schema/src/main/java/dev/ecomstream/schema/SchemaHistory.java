package dev.ecomstream.schema;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;

/**
 * What Flyway's history in a database says about this build's migrations, read without running Flyway: a
 * Flyway run (its class loading, classpath scan and validation) costs a second or more of every start, also
 * when there is nothing to apply. The checksums are Flyway's own ({@link ChecksumCalculator}); anything this
 * class does not recognise (no history table, a failed row, a script missing or changed) means "not up to
 * date", and Flyway then runs as it always did.
 */
final class SchemaHistory {

    static final String LOCATION = "db/migration";

    private SchemaHistory() {
    }

    /**
     * The highest version applied when the history holds every script of {@link #LOCATION} with its checksum
     * (a repeatable one: its latest application) and no failed row; empty otherwise.
     */
    static Optional<String> upToDateVersion(DataSource dataSource) {
        Map<String, Integer> scripts = scriptChecksums();
        Map<String, Integer> applied = new HashMap<>();
        String version = null;
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            if (!historyExists(statement)) {
                return Optional.empty();
            }
            try (ResultSet rows = statement.executeQuery("SELECT script, checksum, success, version "
                    + "FROM staging.flyway_schema_history ORDER BY installed_rank")) {
                while (rows.next()) {
                    if (!rows.getBoolean("success")) {
                        return Optional.empty();
                    }
                    int checksum = rows.getInt("checksum");
                    applied.put(rows.getString("script"), rows.wasNull() ? null : checksum);
                    if (rows.getString("version") != null) {
                        version = rows.getString("version");
                    }
                }
            }
        } catch (SQLException e) {
            return Optional.empty(); // Flyway runs and reports whatever is wrong
        }
        for (Map.Entry<String, Integer> script : scripts.entrySet()) {
            if (!script.getValue().equals(applied.get(script.getKey()))) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(version);
    }

    private static boolean historyExists(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT to_regclass('staging.flyway_schema_history') IS NOT NULL")) {
            return row.next() && row.getBoolean(1);
        }
    }

    /** Flyway's checksum of each migration script on the class path, by file name. */
    static Map<String, Integer> scriptChecksums() {
        URL location = SchemaHistory.class.getClassLoader().getResource(LOCATION);
        if (location == null) {
            throw new IllegalStateException("No " + LOCATION + " on the class path: the schema module's resources are missing");
        }
        try {
            URI uri = location.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return checksums(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return checksums(jar.getPath(LOCATION));
            } catch (FileSystemAlreadyExistsException e) {
                return checksums(FileSystems.getFileSystem(uri).getPath(LOCATION));
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("Could not list the migrations at " + location + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> checksums(Path directory) throws IOException {
        Map<String, Integer> checksums = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".sql")) {
                    checksums.put(name, ChecksumCalculator.calculate(new ScriptResource(file, name)));
                }
            }
        }
        return checksums;
    }

    /** A migration script as Flyway's checksum calculator reads it. */
    private static final class ScriptResource extends LoadableResource {

        private final Path file;
        private final String name;

        ScriptResource(Path file, String name) {
            this.file = file;
            this.name = name;
        }

        @Override
        public Reader read() {
            try {
                return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return LOCATION + "/" + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return file.toString();
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
