-- What the mart needs from the database besides its views (R__30_mart.sql): a reader role, a schema for
-- personal data apart from the mart, an integer key for sessions, and indexes for Power BI's
-- incremental refresh.

-- The group role BI logins are members of: USAGE and SELECT on mart, nothing else (docs/schema.md shows
-- how to create a login in it). A role belongs to the whole server, not to one database: it may exist
-- already (another database of the same server, or a DBA created it first), and two databases migrating
-- at once may both try to create it. A migrating role that may not create roles (often the database's
-- owner) gets a warning, not a failure: staging, core and mart work without the reader role, and
-- core.grant_mart_reader() grants it everything once a DBA has created it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecomstream_reader')
       AND (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        BEGIN
            CREATE ROLE ecomstream_reader NOLOGIN;
            COMMENT ON ROLE ecomstream_reader IS
                'BI readers (Power BI, psql): USAGE and SELECT on the mart views; no staging, core or personal data';
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- created by a concurrent migration of another database
        END;
    END IF;
END
$$;

-- Called by R__30_mart.sql each time it re-creates the views; default privileges cover views a later
-- migration adds, created by the role that runs this one.
CREATE FUNCTION core.grant_mart_reader() RETURNS boolean
    LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecomstream_reader') THEN
        RAISE WARNING 'The role ecomstream_reader does not exist and % may not create roles, so the mart has no '
            'reader role yet. To fix: have a DBA run CREATE ROLE ecomstream_reader NOLOGIN; then, as %, '
            'SELECT core.grant_mart_reader();', current_user, current_user;
        RETURN false;
    END IF;
    GRANT USAGE ON SCHEMA mart TO ecomstream_reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA mart TO ecomstream_reader;
    ALTER DEFAULT PRIVILEGES IN SCHEMA mart GRANT SELECT ON TABLES TO ecomstream_reader;
    RETURN true;
END
$$;
COMMENT ON FUNCTION core.grant_mart_reader() IS
    'Grants ecomstream_reader USAGE and SELECT on mart; false (and a warning) while the role does not exist';

-- Personal data (names, email, street address, coordinates) are read through views in this schema, which
-- the reader role has no USAGE on. Grant it to a role that needs them, by name.
-- It may outlive the database's other schemas: tools that reset the database by dropping staging, core and
-- mart (and Flyway's history) do not know of it, and migrating again must not fail on it.
CREATE SCHEMA IF NOT EXISTS personal;
COMMENT ON SCHEMA personal IS
    'Personal data of customers (names, email, street address, coordinates), apart from mart: '
    'ecomstream_reader cannot read it';
REVOKE ALL ON SCHEMA personal FROM PUBLIC;

-- Facts carry integer keys only: a session's uuid stays in core, the mart knows it by this number. The
-- normaliser never writes it (the identity fills it when the session is inserted).
ALTER TABLE core.sessions ADD COLUMN session_key bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE core.sessions ADD CONSTRAINT sessions_session_key_key UNIQUE (session_key);

-- Power BI's incremental refresh partitions a fact by a UTC timestamp column (RangeStart <= x < RangeEnd)
-- and detects changes by the greatest last_modified_at of a partition: mart's *_at_utc columns are these
-- expressions, so a partition's filter is an index range. An event's last_modified_at is its own row's
-- normalised_at (the normaliser sets it on every insert and every update that changes a value); the
-- other facts' are the greatest of several rows' (R__30_mart.sql), which no index can hold.
CREATE INDEX orders_created_at_utc_idx      ON core.orders ((created_at AT TIME ZONE 'UTC'));
CREATE INDEX order_items_created_at_utc_idx ON core.order_items ((created_at AT TIME ZONE 'UTC'));
CREATE INDEX events_created_at_utc_idx      ON core.events ((created_at AT TIME ZONE 'UTC'));
CREATE INDEX events_normalised_at_utc_idx   ON core.events ((normalised_at AT TIME ZONE 'UTC'));
