-- Staging is a landing zone, not an archive: each staging table becomes range-partitioned on landed_at, one
-- partition per UTC day, so that rows core already holds go away by dropping a whole partition (no DELETE,
-- no dead rows, no VACUUM) once they are older than the retention window (the sink's --staging-retention).
--
-- Why a day: the window is counted in days (default 7), so a day keeps at most one day of rows beyond it;
-- a week would keep up to twice the default window, an hour would make 24 times more partitions (each one
-- planned and scanned by every normaliser window, which has no landed_at predicate). Seven tables times
-- nine or so days stays well under a hundred partitions.
--
-- * Column order, defaults and the identity of staging_id stay as they were (CREATE TABLE ... LIKE); the
--   BRIN index of V012 is declared once on each parent and PostgreSQL gives every partition its own.
-- * A partition for today and tomorrow must exist before a row lands: staging.create_partitions_ahead(),
--   run by the sink at start and every hour. Behind that, a DEFAULT partition per table, so a row never
--   fails for lack of a partition; the next staging.create_partitions_ahead() moves such rows into their
--   day's partition (creating it), where retention treats them like any other.
-- * staging.drop_expired_partitions(retention) drops a day only once it is older than the window, every
--   row of it is below the entity's normaliser watermark, and none of them waits in core.normaliser_pending.
-- * Existing rows move into their days' partitions, staging_id, landed_at and landed_xid unchanged, so the
--   watermarks and core's source_staging_id still point at the same rows.

-- The name of a staging table's partition for one UTC day: <table>_pYYYYMMDD.
CREATE FUNCTION staging.day_partition_name(staging_table text, day date) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN staging_table || '_p' || to_char(day, 'YYYYMMDD');

-- Creates the partition of one UTC day of a partitioned staging table, moving into it the rows the DEFAULT
-- partition took for that day. Returns how many rows moved. Built beside the table and then attached:
-- ATTACH PARTITION takes a SHARE UPDATE EXCLUSIVE lock on the parent, which lets the sink's COPYs go on
-- (CREATE TABLE ... PARTITION OF would lock them out).
CREATE FUNCTION staging.create_day_partition(parent regclass, day date) RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' SET DateStyle = 'ISO, YMD' AS $$
DECLARE
    parent_name       text := (SELECT c.relname FROM pg_class c WHERE c.oid = parent);
    partition_name    text := staging.day_partition_name(parent_name, day);
    default_partition text := parent_name || '_default';
    range_start       timestamptz := day::timestamp AT TIME ZONE 'UTC';
    range_end         timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
    moved             bigint := 0;
BEGIN
    EXECUTE format('CREATE TABLE staging.%I (LIKE %s INCLUDING DEFAULTS INCLUDING STORAGE)', partition_name, parent);
    IF to_regclass(format('staging.%I', default_partition)) IS NOT NULL THEN
        -- no row may reach the default partition's part of this day between the move and the attach
        EXECUTE format('LOCK TABLE staging.%I IN EXCLUSIVE MODE', default_partition);
        EXECUTE format('WITH moved AS (DELETE FROM staging.%I WHERE landed_at >= $1 AND landed_at < $2 RETURNING *) '
                       'INSERT INTO staging.%I SELECT * FROM moved', default_partition, partition_name)
            USING range_start, range_end;
        GET DIAGNOSTICS moved = ROW_COUNT;
    END IF;
    EXECUTE format('ALTER TABLE %s ATTACH PARTITION staging.%I FOR VALUES FROM (%L) TO (%L)',
                   parent, partition_name, range_start, range_end);
    -- The attach built the partition's BRIN index from the parent's; named after the partition, it reads in plans.
    EXECUTE format('ALTER INDEX staging.%I RENAME TO %I',
                   (SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                    WHERE i.indrelid = format('staging.%I', partition_name)::regclass),
                   partition_name || '_landed_brin');
    RETURN moved;
END
$$;

COMMENT ON FUNCTION staging.create_day_partition(regclass, date) IS
    'Creates one UTC day''s partition of a staging table, moving in the rows its DEFAULT partition holds for that day';

-- Makes sure every partitioned staging table has a partition for today and tomorrow (UTC), and moves rows
-- that fell into a DEFAULT partition into their day's partition. Returns one row per partition it created.
-- Idempotent, and a few catalog look-ups when there is nothing to do: the sink calls it at start and hourly.
-- SECURITY DEFINER: a sink that runs as a role without the right to create tables (--skip-migrations) can
-- still keep its partitions ahead; it can do nothing else with it.
CREATE FUNCTION staging.create_partitions_ahead()
RETURNS TABLE (partition_name text, rows_moved bigint)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' SET DateStyle = 'ISO, YMD' AS $$
DECLARE
    parent record;
    missing_day date;
    locked boolean := false;
BEGIN
    FOR parent IN
        SELECT c.oid::regclass AS relation, c.relname::text AS name
        FROM pg_class c
        WHERE c.relnamespace = 'staging'::regnamespace AND c.relkind = 'p'
        ORDER BY c.relname
    LOOP
        FOR missing_day IN
            EXECUTE format('SELECT day FROM (SELECT current_date AS day UNION SELECT current_date + 1 '
                           'UNION SELECT DISTINCT (landed_at AT TIME ZONE %L)::date FROM staging.%I) AS days '
                           'ORDER BY day', 'UTC', parent.name || '_default')
        LOOP
            partition_name := staging.day_partition_name(parent.name, missing_day);
            CONTINUE WHEN to_regclass(format('staging.%I', partition_name)) IS NOT NULL;
            IF NOT locked THEN
                -- Several sinks start together: one creates, the others find the partitions there once it is done.
                PERFORM pg_advisory_xact_lock(4242020505000002);  -- arbitrary, fixed: "ecomstream staging partitions"
                locked := true;
                CONTINUE WHEN to_regclass(format('staging.%I', partition_name)) IS NOT NULL;
            END IF;
            BEGIN
                rows_moved := staging.create_day_partition(parent.relation, missing_day);
                RETURN NEXT;
            EXCEPTION WHEN duplicate_table THEN
                -- created meanwhile by another sink whose commit this call's catalog look-up had not seen yet
            END;
        END LOOP;
    END LOOP;
END
$$;

COMMENT ON FUNCTION staging.create_partitions_ahead() IS
    'Creates the missing partitions of today and tomorrow (UTC) of every staging table, and moves rows out of the DEFAULT partitions into their days''; one row per partition created';

-- Drops the day partitions of the staging tables that ended more than `retention` ago, when every row of
-- the partition is below its entity's normaliser watermark (core holds it) and none waits in
-- core.normaliser_pending (the normaliser reads those again). Retention 0 keeps everything. Returns one row
-- per partition past the window: dropped, or kept and why.
--
-- It holds the normaliser's advisory lock meanwhile: it waits for a run to end, and no run starts (and holds
-- the staging tables) until it is done. Each partition is first locked against writers, so that no row
-- still being landed into it can escape the checks. Dropping a partition briefly locks its table, so the
-- wait for that lock is bounded (lock_timeout 1 s): a busy table keeps its partition until the next call.
CREATE FUNCTION staging.drop_expired_partitions(retention interval)
RETURNS TABLE (partition_name text, entity text, range_end timestamptz, dropped boolean, staged_rows bigint,
               bytes bigint, kept_because text)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' SET DateStyle = 'ISO, YMD' AS $$
DECLARE
    candidate   record;
    unprocessed bigint;
    pending     bigint;
BEGIN
    IF retention IS NULL OR retention < interval '0' THEN
        RAISE EXCEPTION 'staging.drop_expired_partitions: the retention must be 0 (keep every staging row) or '
                        'a positive interval, was %', coalesce(retention::text, 'NULL');
    END IF;
    IF retention = interval '0' THEN
        RETURN;
    END IF;

    PERFORM pg_advisory_xact_lock(core.normaliser_lock_key());
    PERFORM set_config('lock_timeout', '1s', true);

    FOR candidate IN
        SELECT bounds.partition, bounds.name, bounds.entity, bounds.processed_below, bounds.range_end
        FROM (SELECT child.oid::regclass AS partition, child.relname::text AS name, parent.relname::text AS entity,
                     w.processed_below,
                     substring(pg_get_expr(child.relpartbound, child.oid) FROM $re$TO \('([^']+)'\)$re$)::timestamptz
                         AS range_end
              FROM pg_inherits i
              JOIN pg_class parent ON parent.oid = i.inhparent
              JOIN pg_class child ON child.oid = i.inhrelid
              JOIN core.normaliser_watermarks w ON w.entity = parent.relname
              WHERE parent.relnamespace = 'staging'::regnamespace AND parent.relkind = 'p') AS bounds
        WHERE bounds.range_end <= now() - retention
        ORDER BY bounds.entity, bounds.range_end
    LOOP
        partition_name := candidate.name;
        entity := candidate.entity;
        range_end := candidate.range_end;
        bytes := pg_total_relation_size(candidate.partition);
        dropped := false;
        kept_because := NULL;
        staged_rows := NULL;
        BEGIN
            EXECUTE format('LOCK TABLE %s IN SHARE MODE', candidate.partition);
            EXECUTE format('SELECT count(*), count(*) FILTER (WHERE landed_xid >= $1) FROM %s', candidate.partition)
                INTO staged_rows, unprocessed
                USING candidate.processed_below;
            -- one BRIN look-up per pending row of the entity (a correlated subquery, not a join over the partition)
            EXECUTE format('SELECT count(*) FILTER (WHERE EXISTS (SELECT FROM %s s WHERE s.staging_id = p.staging_id)) '
                           'FROM core.normaliser_pending p WHERE p.entity = $1', candidate.partition)
                INTO pending
                USING candidate.entity;
            IF unprocessed > 0 THEN
                kept_because := format('%s rows not normalised yet (landed at or above the watermark %s)',
                                       unprocessed, candidate.processed_below);
            ELSIF pending > 0 THEN
                kept_because := format('%s rows wait in core.pending', pending);
            ELSE
                EXECUTE format('DROP TABLE %s', candidate.partition);
                dropped := true;
            END IF;
        EXCEPTION WHEN lock_not_available THEN
            kept_because := 'its table was busy for more than 1 s; tried again at the next call';
        END;
        RETURN NEXT;
    END LOOP;
END
$$;

COMMENT ON FUNCTION staging.drop_expired_partitions(interval) IS
    'Drops the staging day partitions older than the retention whose rows core holds (below the watermark, none pending); 0 keeps everything; one row per partition past the window';

-- Only the owner (the migrating role) and those it grants may drop staging rows.
REVOKE EXECUTE ON FUNCTION staging.drop_expired_partitions(interval) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION staging.create_day_partition(regclass, date) FROM PUBLIC;

-- The one view over staging tables; R__20 (changed with this migration, so Flyway runs it again after it)
-- creates it anew over the partitioned tables.
DROP VIEW IF EXISTS core.duplicated_attribute_mismatches;

-- A view of someone else's over a staging table would follow it to its new name and stop this migration at
-- the DROP below with a message naming a table the user never made: name the views, and what to do, first.
DO $$
DECLARE
    dependants text;
BEGIN
    SELECT string_agg(DISTINCT format('%I.%I (on staging.%I)', view_schema.nspname, view_class.relname,
                                      staging_table.relname), ', ')
    INTO dependants
    FROM pg_depend d
    JOIN pg_rewrite r ON r.oid = d.objid
    JOIN pg_class view_class ON view_class.oid = r.ev_class
    JOIN pg_namespace view_schema ON view_schema.oid = view_class.relnamespace
    JOIN pg_class staging_table ON staging_table.oid = d.refobjid
    WHERE staging_table.relnamespace = 'staging'::regnamespace AND staging_table.relkind = 'r'
      AND view_class.oid <> staging_table.oid;
    IF dependants IS NOT NULL THEN
        RAISE EXCEPTION 'The staging tables become partitioned by day (V014), and views depend on them: %', dependants
            USING HINT = 'To fix: drop those views (note their definitions), start again so that the migration '
                         'runs, then create them again over the new staging tables.';
    END IF;
END
$$;

-- Each table: renamed aside, re-created partitioned with the same columns, its days created, its rows moved
-- with their staging ids, the identity carried on from where it was, the old table dropped.
DO $$
DECLARE
    entity     text;
    old_table  text;
    day        date;
    next_id    bigint;
BEGIN
    FOREACH entity IN ARRAY ARRAY['distribution_centers', 'products', 'inventory_items', 'users', 'orders',
                                  'order_items', 'events'] LOOP
        old_table := entity || '_unpartitioned';
        EXECUTE format('ALTER TABLE staging.%I RENAME TO %I', entity, old_table);
        EXECUTE format('ALTER SEQUENCE staging.%I RENAME TO %I', entity || '_staging_id_seq', old_table || '_staging_id_seq');
        EXECUTE format('ALTER INDEX staging.%I RENAME TO %I', entity || '_landed_brin', old_table || '_landed_brin');

        EXECUTE format('CREATE TABLE staging.%I (LIKE staging.%I INCLUDING DEFAULTS INCLUDING IDENTITY '
                       'INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE (landed_at)', entity, old_table);
        EXECUTE format('CREATE INDEX %I ON staging.%I USING brin (staging_id, landed_at, staging.xid_number(landed_xid)) '
                       'WITH (pages_per_range = 32, autosummarize = on)', entity || '_landed_brin', entity);
        EXECUTE format('CREATE TABLE staging.%I PARTITION OF staging.%I DEFAULT', entity || '_default', entity);
        EXECUTE format('ALTER INDEX staging.%I RENAME TO %I',
                       (SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        WHERE i.indrelid = format('staging.%I', entity || '_default')::regclass),
                       entity || '_default_landed_brin');

        FOR day IN EXECUTE format('SELECT DISTINCT (landed_at AT TIME ZONE %L)::date FROM staging.%I '
                                  'UNION SELECT (now() AT TIME ZONE %L)::date UNION SELECT (now() AT TIME ZONE %L)::date + 1',
                                  'UTC', old_table, 'UTC', 'UTC') LOOP
            PERFORM staging.create_day_partition(format('staging.%I', entity)::regclass, day);
        END LOOP;

        EXECUTE format('INSERT INTO staging.%I OVERRIDING SYSTEM VALUE SELECT * FROM staging.%I ORDER BY staging_id',
                       entity, old_table);
        -- from the sequence, not max(staging_id): ids drawn by rolled-back batches are not given out again
        EXECUTE format('SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM staging.%I',
                       old_table || '_staging_id_seq') INTO next_id;
        EXECUTE format('ALTER TABLE staging.%I ALTER COLUMN staging_id RESTART WITH %s', entity, next_id);
        EXECUTE format('DROP TABLE staging.%I', old_table);
    END LOOP;
END
$$;
