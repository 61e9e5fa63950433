package dev.ecomstream.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
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
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // flyway_schema_history lives next to the tables it describes, not in public
                .defaultSchema("staging")
                .schemas("staging")
                .load()
                .migrate();
        log.info("Database schema at version {} ({} migration(s) applied)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return result;
    }
}
