package dev.ecomstream.schema;

import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings a database up to the project's schema with Flyway: staging, core, the normaliser and the mart views. */
public final class SchemaMigrator {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /**
     * Applies every pending migration and returns how many this call applied; safe to call on every start, and
     * from several instances at once. A database whose history already holds every migration of this build,
     * unchanged, is left alone without starting Flyway ({@link SchemaHistory}): that is most starts, and Flyway
     * would take a second or more to find nothing to do.
     */
    public static int migrate(DataSource dataSource) {
        Optional<String> upToDate = SchemaHistory.upToDateVersion(dataSource);
        if (upToDate.isPresent()) {
            log.info("Database schema at version {} (up to date: every migration applied, none changed)",
                    upToDate.get());
            return 0;
        }
        int applied = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + SchemaHistory.LOCATION)
                // flyway_schema_history lives next to the tables it describes, not in public
                .defaultSchema("staging")
                .schemas("staging")
                // All pending migrations in one transaction: a database is never seen half-way (a reader, or
                // another instance starting, finds the tables of the last version or of the one before), and a
                // failed migration leaves the database at the version it had.
                .group(true)
                .load()
                .migrate()
                .migrationsExecuted;
        // Read back rather than taken from Flyway's result: with several instances starting at once, the result
        // only knows what this one applied.
        log.info("Database schema at version {} ({} migration(s) applied by this instance)",
                SchemaHistory.upToDateVersion(dataSource).orElse("unknown (see Flyway's messages above)"), applied);
        return applied;
    }
}
