-- ops: the pipeline's state, published for monitoring (the dashboard, psql on call, any scraper), so that no
-- reader needs the sink's or the normaliser's private tables (staging.sink_offsets, staging.rejected_records,
-- core.normaliser_watermarks, core.normaliser_pending), whose shape is theirs to change.
-- A schema apart from mart: mart is the analysts' contract (Power BI, ecomstream_reader) and speaks of the
-- business only; ops speaks of topics, partitions, offsets and rejects, which an analyst has no use for, and is
-- read by the monitoring role below. Row-level views where a reader filters on time (landed rows, rejects): a
-- view that grouped by minute could not be filtered before grouping, so every read would go through all of
-- staging; filtered on landed_at or rejected_at, they read only the days and block ranges asked for.
-- Versioned, not repeatable: no migration drops these views, so their grants and comments stay. They read the
-- staging tables and core's normaliser state, not core's views (R__20 and R__30 drop and re-create those, which
-- a dependent view would block). A migration that replaces a table read here (as V014 replaced the staging
-- tables) must create the views that read it again, with their grants and comments.

-- IF NOT EXISTS: a reset that drops staging, core and mart (the benchmark harness does) leaves ops behind,
-- empty (its views depend on staging and core and go with them), and migrating again must not fail on it.
CREATE SCHEMA IF NOT EXISTS ops;
COMMENT ON SCHEMA ops IS
    'The pipeline''s state for monitoring: sink progress, landed rows, rejects, normaliser progress. '
    'Read by ecomstream_monitor; the analysts'' contract is mart';
REVOKE ALL ON SCHEMA ops FROM PUBLIC;

-- The monitoring role (the dashboard's login is a member): ops, and mart through ecomstream_reader, since the
-- dashboard's business panels read the mart. Nothing in staging or core. Created as V011 creates the reader
-- role: it may exist already (roles belong to the server), and a migrating role that may not create roles gets
-- a warning, not a failure; core.grant_ops_monitor() grants it everything once a DBA has created it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecomstream_monitor')
       AND (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        BEGIN
            CREATE ROLE ecomstream_monitor NOLOGIN;
            COMMENT ON ROLE ecomstream_monitor IS
                'Monitoring (the dashboard): SELECT on the ops views, and the mart through ecomstream_reader; '
                'no staging, core or personal data';
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- created by a concurrent migration of another database
        END;
    END IF;
END
$$;

-- Rejects are read by time: rejected_at grows with the table's physical order (the sink appends them in the
-- batch's transaction), so a BRIN index finds the last minutes for next to nothing.
CREATE INDEX rejected_records_rejected_at_brin ON staging.rejected_records USING brin (rejected_at);

CREATE VIEW ops.sink_progress AS
SELECT o.topic,
       o.kafka_partition,
       o.consumer_group,
       o.next_offset                    AS stored_next_offset,
       o.updated_at                     AS last_landed_at,
       coalesce(g.records_skipped, 0)   AS records_skipped,
       g.last_gap_accepted_at
FROM staging.sink_offsets o
LEFT JOIN (SELECT topic, kafka_partition, sum(records_skipped)::bigint AS records_skipped,
                  max(accepted_at) AS last_gap_accepted_at
           FROM staging.sink_offset_gaps
           GROUP BY topic, kafka_partition) g USING (topic, kafka_partition);

-- One row per landed staging row, with no value of it: filter on landed_at (each day's partition, then its
-- BRIN index) and on entity (the other tables' branches are left out of the plan).
CREATE VIEW ops.landed_rows AS
SELECT 'distribution_centers'::text AS entity, kafka_topic, kafka_partition, landed_at FROM staging.distribution_centers
UNION ALL SELECT 'products', kafka_topic, kafka_partition, landed_at FROM staging.products
UNION ALL SELECT 'inventory_items', kafka_topic, kafka_partition, landed_at FROM staging.inventory_items
UNION ALL SELECT 'users', kafka_topic, kafka_partition, landed_at FROM staging.users
UNION ALL SELECT 'orders', kafka_topic, kafka_partition, landed_at FROM staging.orders
UNION ALL SELECT 'order_items', kafka_topic, kafka_partition, landed_at FROM staging.order_items
UNION ALL SELECT 'events', kafka_topic, kafka_partition, landed_at FROM staging.events;

-- The records the sink could not land, without their bytes (a record may hold personal data): where from,
-- why, when, how big. The bytes stay in staging.rejected_records for whoever repairs and replays them.
CREATE VIEW ops.rejected_records AS
SELECT r.rejected_id,
       r.kafka_topic,
       r.kafka_partition,
       r.kafka_offset,
       r.reason,
       r.rejected_at,
       octet_length(r.record_key)   AS key_bytes,
       octet_length(r.record_value) AS value_bytes
FROM staging.rejected_records r;

CREATE VIEW ops.rejected_summary AS
SELECT r.kafka_topic,
       r.reason,
       count(*)           AS records,
       min(r.rejected_at) AS first_rejected_at,
       max(r.rejected_at) AS last_rejected_at
FROM staging.rejected_records r
GROUP BY r.kafka_topic, r.reason;

-- Per entity, how far core is behind staging. Rows at or above the watermark (processed_below) are landed but
-- not normalised yet; the watermark is a scalar subquery (an initplan), so each partition's BRIN index on
-- staging.xid_number(landed_xid) (V012) finds them: the recent block ranges only.
CREATE VIEW ops.normaliser_progress AS
WITH backlog AS (
    SELECT 'distribution_centers'::text AS entity, count(*) AS rows, min(landed_at) AS oldest_landed_at
    FROM staging.distribution_centers
    WHERE staging.xid_number(landed_xid) >= (SELECT staging.xid_number(processed_below)
                                             FROM core.normaliser_watermarks WHERE entity = 'distribution_centers')
    UNION ALL
    SELECT 'products', count(*), min(landed_at) FROM staging.products
    WHERE staging.xid_number(landed_xid) >= (SELECT staging.xid_number(processed_below)
                                             FROM core.normaliser_watermarks WHERE entity = 'products')
    UNION ALL
    SELECT 'inventory_items', count(*), min(landed_at) FROM staging.inventory_items
    WHERE staging.xid_number(landed_xid) >= (SELECT staging.xid_number(processed_below)
                                             FROM core.normaliser_watermarks WHERE entity = 'inventory_items')
    UNION ALL
    SELECT 'users', count(*), min(landed_at) FROM staging.users
    WHERE staging.xid_number(landed_xid) >= (SELECT staging.xid_number(processed_below)
                                             FROM core.normaliser_watermarks WHERE entity = 'users')
    UNION ALL
    SELECT 'orders', count(*), min(landed_at) FROM staging.orders
    WHERE staging.xid_number(landed_xid) >= (SELECT staging.xid_number(processed_below)
                                             FROM core.normaliser_watermarks WHERE entity = 'orders')
    UNION ALL
    SELECT 'order_items', count(*), min(landed_at) FROM staging.order_items
    WHERE staging.xid_number(landed_xid) >= (SELECT staging.xid_number(processed_below)
                                             FROM core.normaliser_watermarks WHERE entity = 'order_items')
    UNION ALL
    SELECT 'events', count(*), min(landed_at) FROM staging.events
    WHERE staging.xid_number(landed_xid) >= (SELECT staging.xid_number(processed_below)
                                             FROM core.normaliser_watermarks WHERE entity = 'events')
), pending AS (
    SELECT p.entity, count(*) AS rows, min(p.waiting_since) AS oldest_since
    FROM core.normaliser_pending p
    GROUP BY p.entity
)
SELECT w.entity,
       w.load_order,
       w.last_run_at,
       b.rows                                                           AS unnormalised_rows,
       b.oldest_landed_at                                               AS oldest_unnormalised_landed_at,
       coalesce(extract(epoch FROM now() - b.oldest_landed_at), 0)::float8 AS watermark_lag_seconds,
       coalesce(p.rows, 0)                                              AS pending_rows,
       p.oldest_since                                                   AS oldest_pending_since
FROM core.normaliser_watermarks w
LEFT JOIN backlog b USING (entity)
LEFT JOIN pending p USING (entity);

-- Grants SELECT on every ops view (and on those a later migration adds, by default privileges) and the mart
-- (membership in ecomstream_reader) to ecomstream_monitor; false and a warning while the role does not exist.
CREATE FUNCTION core.grant_ops_monitor() RETURNS boolean
    LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecomstream_monitor') THEN
        RAISE WARNING 'The role ecomstream_monitor does not exist and % may not create roles, so the ops views have '
            'no monitoring role yet. To fix: have a DBA run CREATE ROLE ecomstream_monitor NOLOGIN IN ROLE '
            'ecomstream_reader; then, as %, SELECT core.grant_ops_monitor();', current_user, current_user;
        RETURN false;
    END IF;
    GRANT USAGE ON SCHEMA ops TO ecomstream_monitor;
    GRANT SELECT ON ALL TABLES IN SCHEMA ops TO ecomstream_monitor;
    ALTER DEFAULT PRIVILEGES IN SCHEMA ops GRANT SELECT ON TABLES TO ecomstream_monitor;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecomstream_reader')
       AND NOT pg_has_role('ecomstream_monitor', 'ecomstream_reader', 'MEMBER') THEN
        BEGIN
            GRANT ecomstream_reader TO ecomstream_monitor;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'ecomstream_monitor cannot read the mart: % may not grant ecomstream_reader. To fix: have '
                'a DBA run GRANT ecomstream_reader TO ecomstream_monitor;', current_user;
        END;
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION core.grant_ops_monitor() IS
    'Grants ecomstream_monitor SELECT on ops and membership in ecomstream_reader; false (and a warning) while the role does not exist';

-- PERFORM, not SELECT: Flyway would print the result as a table.
DO $$ BEGIN PERFORM core.grant_ops_monitor(); END $$;

COMMENT ON VIEW ops.sink_progress IS
    'Per topic partition: the next offset the sink stored with its last landed batch, when, and the records it was told to skip';
COMMENT ON COLUMN ops.sink_progress.topic IS 'Kafka topic';
COMMENT ON COLUMN ops.sink_progress.kafka_partition IS 'Kafka partition';
COMMENT ON COLUMN ops.sink_progress.consumer_group IS 'Consumer group of the sink that landed it last';
COMMENT ON COLUMN ops.sink_progress.stored_next_offset IS
    'The next offset to land: every record below it is landed, rejected or skipped. Consumer lag = the partition''s end offset minus this';
COMMENT ON COLUMN ops.sink_progress.last_landed_at IS 'When the sink last committed a batch of this partition';
COMMENT ON COLUMN ops.sink_progress.records_skipped IS 'Records never read, in gaps an operator accepted (--accept-offset-gaps)';
COMMENT ON COLUMN ops.sink_progress.last_gap_accepted_at IS 'When the last of those gaps was accepted (NULL: none)';

COMMENT ON VIEW ops.landed_rows IS
    'One row per staging row, without its values: filter on landed_at (read by partition and BRIN index) and entity';
COMMENT ON COLUMN ops.landed_rows.entity IS 'Entity of the catalog (staging table)';
COMMENT ON COLUMN ops.landed_rows.kafka_topic IS 'Kafka topic the row came from';
COMMENT ON COLUMN ops.landed_rows.kafka_partition IS 'Kafka partition the row came from';
COMMENT ON COLUMN ops.landed_rows.landed_at IS 'When the sink''s transaction that landed it started';

COMMENT ON VIEW ops.rejected_records IS
    'Records the sink could not land, without their bytes: coordinates, reason, time, size. Filter on rejected_at (BRIN index)';
COMMENT ON COLUMN ops.rejected_records.rejected_id IS 'Id of the rejected record';
COMMENT ON COLUMN ops.rejected_records.kafka_topic IS 'Kafka topic of the record';
COMMENT ON COLUMN ops.rejected_records.kafka_partition IS 'Kafka partition of the record';
COMMENT ON COLUMN ops.rejected_records.kafka_offset IS 'Kafka offset of the record';
COMMENT ON COLUMN ops.rejected_records.reason IS 'Why the sink rejected it';
COMMENT ON COLUMN ops.rejected_records.rejected_at IS 'When it was rejected';
COMMENT ON COLUMN ops.rejected_records.key_bytes IS 'Size of the record''s key in bytes (NULL: no key)';
COMMENT ON COLUMN ops.rejected_records.value_bytes IS 'Size of the record''s value in bytes (NULL: no value, a tombstone)';

COMMENT ON VIEW ops.rejected_summary IS 'Rejected records per topic and reason: how many, first and last';
COMMENT ON COLUMN ops.rejected_summary.kafka_topic IS 'Kafka topic of the records';
COMMENT ON COLUMN ops.rejected_summary.reason IS 'Why the sink rejected them';
COMMENT ON COLUMN ops.rejected_summary.records IS 'Records rejected for this reason';
COMMENT ON COLUMN ops.rejected_summary.first_rejected_at IS 'When the first of them was rejected';
COMMENT ON COLUMN ops.rejected_summary.last_rejected_at IS 'When the last of them was rejected';

COMMENT ON VIEW ops.normaliser_progress IS
    'Per entity, in load order: the normaliser''s last run, the rows landed but not normalised yet and how long the oldest has waited, the rows waiting for a reference';
COMMENT ON COLUMN ops.normaliser_progress.entity IS 'Entity of the catalog';
COMMENT ON COLUMN ops.normaliser_progress.load_order IS 'Position in the normaliser''s dependency order, 1 first';
COMMENT ON COLUMN ops.normaliser_progress.last_run_at IS 'When a normaliser run last took this entity''s new rows (NULL: never)';
COMMENT ON COLUMN ops.normaliser_progress.unnormalised_rows IS 'Staging rows at or above the watermark: landed, not normalised yet';
COMMENT ON COLUMN ops.normaliser_progress.oldest_unnormalised_landed_at IS 'When the oldest of them landed (NULL: none)';
COMMENT ON COLUMN ops.normaliser_progress.watermark_lag_seconds IS
    'Seconds the oldest of them has waited for the normaliser: how far core is behind staging (0: caught up)';
COMMENT ON COLUMN ops.normaliser_progress.pending_rows IS
    'Rows that cannot be placed in core yet (core.pending says why; inferred members are in mart.data_completeness)';
COMMENT ON COLUMN ops.normaliser_progress.oldest_pending_since IS 'Since when the oldest of them has waited (NULL: none)';
