-- The sink's role, least privilege: a login in ecomstream_writer runs the sink on a database the owner (the
-- migrating role) has migrated. It lands rows (COPY into the staging tables, its offsets, its rejects), runs the
-- normaliser (writes core, and keeps the mart's aggregate tables, V016) and keeps staging's day partitions through
-- the owner's SECURITY DEFINER functions (V014): it creates no table, changes no schema, is no superuser, writes
-- nothing else in mart, and reads no personal data.
-- Migrations stay the owner's job: `ecomstream-sink migrate`, run as the owner.
--
-- Also: a rejected record an operator fixed and published again (`ecomstream-sink rejected replay`) is marked
-- with when and where the fixed record went, so that it is never replayed twice.

ALTER TABLE staging.rejected_records
    ADD COLUMN replayed_at        timestamptz,
    ADD COLUMN replayed_partition integer,
    ADD COLUMN replayed_offset    bigint,
    ADD CONSTRAINT rejected_records_replayed_whole CHECK (
        (replayed_at IS NULL) = (replayed_partition IS NULL) AND (replayed_at IS NULL) = (replayed_offset IS NULL));
COMMENT ON COLUMN staging.rejected_records.replayed_at IS
    'When a fixed version of the record was published again (sink rejected replay); NULL: not replayed';
COMMENT ON COLUMN staging.rejected_records.replayed_partition IS
    'Partition of kafka_topic the fixed version went to';
COMMENT ON COLUMN staging.rejected_records.replayed_offset IS 'Offset of the fixed version in that partition';

-- The one way a migration creates a group role (NOLOGIN; logins are made members of it). A role belongs to the
-- whole server, not to one database: it may exist already (another database of the same server, or a DBA created
-- it first), and two databases migrating at once may both try to create it. A migrating role that may not create
-- roles (often the database's owner) gets a warning saying what a DBA should run, not a failure: the tables work
-- without the role, and grant_function grants it everything once it exists. Returns whether the role exists.
CREATE FUNCTION core.create_group_role(role_name text, description text, grant_function text) RETURNS boolean
    LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
        RETURN true;
    END IF;
    IF NOT (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE WARNING 'The role % does not exist and % may not create roles. To fix: have a DBA run CREATE ROLE % '
            'NOLOGIN; then, as %, SELECT %;', role_name, current_user, quote_ident(role_name), current_user,
            grant_function;
        RETURN false;
    END IF;
    BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
        EXECUTE format('COMMENT ON ROLE %I IS %L', role_name, description);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;  -- created by a concurrent migration of another database
    END;
    RETURN true;
END
$$;
COMMENT ON FUNCTION core.create_group_role(text, text, text) IS
    'Creates a NOLOGIN group role with its comment unless it exists; a warning naming what a DBA should run, and false, when the migrating role may not create roles';
REVOKE EXECUTE ON FUNCTION core.create_group_role(text, text, text) FROM PUBLIC;

-- Grants ecomstream_writer what the sink does at run time, and (by default privileges) the same on the tables and
-- sequences the migrating role creates later in staging and core: a repeatable migration or a later version that
-- re-creates one keeps the writer's grants. Re-runnable; false and a warning while the role does not exist.
CREATE FUNCTION core.grant_staging_writer() RETURNS boolean
    LANGUAGE plpgsql AS $$
DECLARE
    staging_table regclass;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecomstream_writer') THEN
        RAISE WARNING 'The role ecomstream_writer does not exist, so the sink has no writer role yet. To fix: have a '
            'DBA run CREATE ROLE ecomstream_writer NOLOGIN; then, as %, SELECT core.grant_staging_writer();',
            current_user;
        RETURN false;
    END IF;
    GRANT USAGE ON SCHEMA staging, core TO ecomstream_writer;

    -- staging: the entity tables are appended to with COPY (through their partitioned parents, whose privileges
    -- are the ones checked); landed_xid is updated only by the normaliser's re-derivation after a restore (R__12).
    FOR staging_table IN
        SELECT c.oid::regclass FROM pg_class c
        WHERE c.relnamespace = 'staging'::regnamespace AND c.relkind = 'p'
    LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE (landed_xid) ON %s TO ecomstream_writer', staging_table);
    END LOOP;
    GRANT SELECT, INSERT, UPDATE ON staging.sink_offsets TO ecomstream_writer;
    GRANT SELECT, INSERT ON staging.sink_offset_gaps, staging.rejected_records TO ecomstream_writer;
    -- marking a replayed reject (sink rejected replay), nothing else of it
    GRANT UPDATE (replayed_at, replayed_partition, replayed_offset) ON staging.rejected_records TO ecomstream_writer;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA staging TO ecomstream_writer;
    -- the sink reads the history to see, without Flyway, that the database is up to date (SchemaHistory)
    IF to_regclass('staging.flyway_schema_history') IS NOT NULL THEN
        GRANT SELECT ON staging.flyway_schema_history TO ecomstream_writer;
    END IF;
    -- retention: drops day partitions as the owner (V014); today's and tomorrow's are open to every role
    GRANT EXECUTE ON FUNCTION staging.drop_expired_partitions(interval) TO ecomstream_writer;

    -- core: the normaliser writes the entity, lookup and state tables; the description of the normaliser
    -- (whose triggers regenerate its functions) is the migrations' alone.
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA core TO ecomstream_writer;
    REVOKE INSERT, UPDATE, DELETE ON core.normaliser_tables, core.normaliser_columns FROM ecomstream_writer;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA core TO ecomstream_writer;

    -- mart: the normaliser keeps the aggregate tables (V016) from the facts' contributions, which it reads through
    -- the fact views; so it reads the published model, as ecomstream_reader does, and writes the aggregates only.
    GRANT USAGE ON SCHEMA mart TO ecomstream_writer;
    GRANT SELECT ON ALL TABLES IN SCHEMA mart TO ecomstream_writer;
    GRANT INSERT, UPDATE, DELETE ON mart.daily_sales, mart.daily_orders, mart.daily_sessions TO ecomstream_writer;
    ALTER DEFAULT PRIVILEGES IN SCHEMA mart GRANT SELECT ON TABLES TO ecomstream_writer;

    ALTER DEFAULT PRIVILEGES IN SCHEMA staging GRANT SELECT, INSERT ON TABLES TO ecomstream_writer;
    ALTER DEFAULT PRIVILEGES IN SCHEMA core GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ecomstream_writer;
    ALTER DEFAULT PRIVILEGES IN SCHEMA staging, core GRANT USAGE ON SEQUENCES TO ecomstream_writer;
    RETURN true;
END
$$;
COMMENT ON FUNCTION core.grant_staging_writer() IS
    'Grants ecomstream_writer what the sink needs at run time (staging appends, offsets, rejects, the normaliser''s core writes and mart aggregates, retention); false (and a warning) while the role does not exist';

-- PERFORM, not SELECT: Flyway would print the result as a table.
DO $$
BEGIN
    IF core.create_group_role('ecomstream_writer',
           'The sink: appends to staging (COPY), its offsets and rejects, runs the normaliser (core writes) and '
           'staging retention; no DDL, no personal data', 'core.grant_staging_writer()') THEN
        PERFORM core.grant_staging_writer();
    END IF;
END
$$;
