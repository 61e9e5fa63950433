-- A customer's order history, kept as the daily aggregates are (V016), and two counts the daily aggregates
-- lacked (at the end).
-- The history: mart.dim_customer computed it by grouping all orders and their items on every read, which
-- Power BI's DirectQuery and a filtered psql query paid for in full. The normaliser keeps it exact by deltas
-- from the orders each run changes (R__31_mart_aggregates.sql), and dim_customer joins it by key.
-- One row per customer with at least one order (any status); a customer without one has no row here, and
-- dim_customer shows 0 orders. Orders without a customer (customer_key -1) have none either: the anonymous
-- member has no history. A customer whose orders all moved away (a new version names another user) reaches
-- 0 orders and is deleted, as an emptied daily group is.
-- first_order_at is a minimum, which a delta cannot take back: the normaliser reads it again from the
-- customer's orders (core.orders' user index) only when the order holding it changed or left.
-- Column comments are R__30_mart.sql's.

CREATE TABLE mart.customer_lifetime (
    customer_key              bigint        PRIMARY KEY,
    first_order_at            timestamptz,
    lifetime_orders           bigint        NOT NULL,
    lifetime_net_sales_amount numeric(19,4) NOT NULL,
    last_modified_at          timestamp     NOT NULL
);
COMMENT ON TABLE mart.customer_lifetime IS
    'Per customer with an order: first order, orders placed and their net sales; sums of fact_orders, kept '
    'exact by the normaliser; read by dim_customer';

-- The writer keeps it (the normaliser runs as the sink's login), the reader reads it like the rest of mart.
-- core.grant_staging_writer() grants it too from now on, for a writer role a DBA creates later (V017).
CREATE OR REPLACE FUNCTION core.grant_staging_writer() RETURNS boolean
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

    -- mart: the normaliser keeps the aggregate tables (V016, V019) from the facts' contributions, which it reads
    -- through the fact views; so it reads the published model, as ecomstream_reader does, and writes the
    -- aggregates only.
    GRANT USAGE ON SCHEMA mart TO ecomstream_writer;
    GRANT SELECT ON ALL TABLES IN SCHEMA mart TO ecomstream_writer;
    GRANT INSERT, UPDATE, DELETE ON mart.daily_sales, mart.daily_orders, mart.daily_sessions, mart.customer_lifetime
        TO ecomstream_writer;
    ALTER DEFAULT PRIVILEGES IN SCHEMA mart GRANT SELECT ON TABLES TO ecomstream_writer;

    ALTER DEFAULT PRIVILEGES IN SCHEMA staging GRANT SELECT, INSERT ON TABLES TO ecomstream_writer;
    ALTER DEFAULT PRIVILEGES IN SCHEMA core GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ecomstream_writer;
    ALTER DEFAULT PRIVILEGES IN SCHEMA staging, core GRANT USAGE ON SEQUENCES TO ecomstream_writer;
    RETURN true;
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecomstream_writer') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON mart.customer_lifetime TO ecomstream_writer;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecomstream_reader') THEN
        GRANT SELECT ON mart.customer_lifetime TO ecomstream_reader;
    END IF;
END
$$;

-- Two counts the analysis queries need to read the aggregates instead of the facts (return_rate_by_category,
-- events_by_country): items cancelled per daily_sales group (items not cancelled, and those returned among them,
-- follow from quantity and net_quantity), and the events of logged-in sessions per daily_sessions group
-- (anonymous sessions have no country, and share the NULL country with customers whose address is unknown).
-- The tables are emptied, and R__31's core.fill_empty_aggregates() fills them again from every fact with the
-- new counts: SchemaMigrator runs the pending migrations in one transaction (group), so no reader and no
-- normaliser run sees them empty. No default: a normaliser function older than R__31's fails on the missing
-- value instead of writing a wrong count.
TRUNCATE mart.daily_sales, mart.daily_sessions;
ALTER TABLE mart.daily_sales ADD COLUMN cancelled_quantity bigint NOT NULL;
ALTER TABLE mart.daily_sessions ADD COLUMN logged_in_event_count bigint NOT NULL;
