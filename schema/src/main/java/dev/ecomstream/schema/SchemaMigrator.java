package dev.ecomstream.schema;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings a database up to the project's schema with Flyway: staging, core, the normaliser and the mart views. */
public final class SchemaMigrator {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /** Applies every pending migration; safe to call on every start, and from several instances at once. */
    public static MigrateResult migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // flyway_schema_history lives next to the tables it describes, not in public
                .defaultSchema("staging")
                .schemas("staging")
                .load();
        MigrateResult result = flyway.migrate();
        // Read back rather than taken from the result: with several instances starting at once, the result only
        // knows what this one applied.
        String version = Arrays.stream(flyway.info().applied())
                .map(MigrationInfo::getVersion)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion)
                .orElse("none");
        log.info("Database schema at version {} ({} migration(s) applied by this instance)", version,
                result.migrationsExecuted);
        return result;
    }
}
