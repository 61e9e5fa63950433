-- The normaliser: one run over all entities, in dependency order, in the caller's transaction.
--
-- Watermark, safe with concurrent writers: every staging row carries the id of the transaction that
-- landed it (landed_xid, V004). A run takes, per entity, the rows with
--     processed_below <= landed_xid < boundary,   boundary = xmin of the run's snapshot,
-- then stores boundary as the entity's processed_below. Every transaction below xmin has ended, so
-- no row can ever appear below the boundary after the run read it; a transaction still open (a
-- sink batch that drew lower staging ids but commits later) is at or above xmin and its rows fall
-- in a later window. Rows already visible above the boundary are only deferred, never skipped.
-- A transaction left open for long holds the boundary back (shown as "deferred"), it loses nothing.
-- After a logical dump and restore the xids restart below the watermark: see rederive_after_restore.
--
-- Run it in READ COMMITTED (the default): each statement then sees what the previous one wrote and
-- what other runs committed before the lock was granted.
--
-- Transaction ids restart low on a server restored from a logical dump (pg_dump keeps every landed_xid
-- and processed_below, not the server's transaction counter): new rows would land below the watermark
-- and be skipped for ever, silently. A watermark above every xid this server has assigned can only mean
-- that, so the run says so and re-derives core from all of staging:
--   * restored rows stamped with xids this server never assigned become frozen ('2', older than every
--     transaction), so that they are taken once now and never fall into a later window again;
--   * the watermarks restart at 0: the run takes every staging row; the upserts only write versions
--     newer than core's, so the rows core holds already change nothing and nothing is counted twice;
--   * the cleaning counts are counted again from nothing rather than on top of the restored ones
--     (exact while staging keeps every row it landed).
-- Returns whether it re-derived.
CREATE OR REPLACE FUNCTION core.rederive_after_restore() RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    newest_xid       xid8 := pg_current_xact_id();
    highest_watermark xid8;
    watermark        record;
    restamped        bigint;
    restamped_total  bigint := 0;
BEGIN
    SELECT max(w.processed_below) INTO highest_watermark FROM core.normaliser_watermarks w;
    IF highest_watermark <= newest_xid THEN
        RETURN false;
    END IF;

    FOR watermark IN SELECT w.entity FROM core.normaliser_watermarks w ORDER BY w.load_order LOOP
        EXECUTE format('UPDATE staging.%I SET landed_xid = %L WHERE landed_xid > $1', watermark.entity, '2')
            USING newest_xid;
        GET DIAGNOSTICS restamped = ROW_COUNT;
        restamped_total := restamped_total + restamped;
    END LOOP;
    UPDATE core.normaliser_watermarks SET processed_below = '0';
    DELETE FROM core.cleaning_counts;

    RAISE WARNING 'The normaliser''s watermark (processed_below %) is above every transaction id this server '
                  'has assigned (%): the database was restored from a logical dump or moved to another server. '
                  'Re-deriving core from all of staging (% restored rows re-stamped as older than every '
                  'transaction); this run takes longer, rows core holds are not written again and nothing is '
                  'counted twice.', highest_watermark, newest_xid, restamped_total;
    RETURN true;
END
$$;

-- Returns one row per entity: inserted and updated keys, members inferred by this run (keys that rows
-- of later entities referred to before their own record arrived), keys that cannot be placed after the
-- run, and rows visible in staging but left for a later run because their transaction had not ended
-- when the run started. No rows at all: another run held the lock and wait_for_lock was false.
-- The result columns changed (inferred): a function's result type cannot be replaced in place.
DROP FUNCTION IF EXISTS core.normalise(boolean);
-- work_mem: a bulk run sorts and hashes millions of rows per entity (the newest version of each key, the
-- first event of each session); with the default 4 MB those sorts go to disk. Restored when the function
-- returns.
CREATE FUNCTION core.normalise(wait_for_lock boolean DEFAULT true)
RETURNS TABLE (entity text, inserted bigint, updated bigint, inferred bigint, pending bigint, deferred bigint)
LANGUAGE plpgsql
SET work_mem = '256MB'
AS $$
#variable_conflict use_column
DECLARE
    boundary         xid8;
    watermark        record;
    counts           record;
    skips_row_checks boolean := false;
BEGIN
    -- Transaction-scoped: released by commit or rollback, even if the client dies mid-run.
    IF wait_for_lock THEN
        PERFORM pg_advisory_xact_lock(core.normaliser_lock_key());
    ELSIF NOT pg_try_advisory_xact_lock(core.normaliser_lock_key()) THEN
        RETURN;
    END IF;

    PERFORM core.rederive_after_restore();

    -- The windows below are found through the staging tables' BRIN indexes: their new ranges first.
    PERFORM staging.summarize_new_ranges();

    -- Foreign keys are not checked row by row when the role may skip the triggers that do it: the
    -- generated functions write every parent first and lock those they did not write
    -- (core.may_skip_foreign_key_triggers). Transaction-local, and restored before returning.
    IF current_setting('session_replication_role') = 'origin' AND core.may_skip_foreign_key_triggers() THEN
        PERFORM set_config('session_replication_role', 'replica', true);
        skips_row_checks := true;
    END IF;

    -- Taken after the lock: a run that waited starts where the previous one stopped.
    boundary := pg_snapshot_xmin(pg_current_snapshot());

    -- A parent is inferred while a later entity is normalised, after the parent's own row was counted:
    -- the counts are collected here and returned at the end.
    -- Kept for the session and emptied by each commit: runs every few hundred milliseconds would
    -- otherwise create and drop them (catalog writes) every time.
    CREATE TEMP TABLE IF NOT EXISTS normaliser_inferred (entity text NOT NULL, inferred bigint NOT NULL)
        ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE IF NOT EXISTS normaliser_counts (
        load_order smallint, entity text, inserted bigint, updated bigint, pending bigint, deferred bigint
    ) ON COMMIT DELETE ROWS;

    FOR watermark IN
        SELECT w.entity, w.load_order, w.processed_below
        FROM core.normaliser_watermarks w
        ORDER BY w.load_order
    LOOP
        IF watermark.processed_below < boundary THEN
            PERFORM core.count_cleaning(watermark.entity, watermark.processed_below, boundary);
        END IF;
        -- Runs even for an empty window: rows an earlier normaliser held back are placed.
        EXECUTE format('SELECT * FROM core.normalise_%s($1, $2)', watermark.entity)
            INTO counts
            USING watermark.processed_below, greatest(watermark.processed_below, boundary);

        UPDATE core.normaliser_watermarks w
        SET processed_below = boundary, last_run_at = now()
        WHERE w.entity = watermark.entity AND w.processed_below < boundary;

        EXECUTE format('INSERT INTO pg_temp.normaliser_counts SELECT $1, $2, $3, $4, $5, count(*) '
                       'FROM staging.%I WHERE staging.xid_number(landed_xid) >= staging.xid_number($6)', watermark.entity)
            USING watermark.load_order, watermark.entity, counts.inserted, counts.updated, counts.pending,
                  greatest(watermark.processed_below, boundary);
    END LOOP;

    IF skips_row_checks THEN
        PERFORM set_config('session_replication_role', 'origin', true);
    END IF;

    RETURN QUERY
        SELECT c.entity, c.inserted, c.updated,
               coalesce((SELECT sum(i.inferred) FROM pg_temp.normaliser_inferred i WHERE i.entity = c.entity), 0)::bigint,
               c.pending, c.deferred
        FROM pg_temp.normaliser_counts c
        ORDER BY c.load_order;
END
$$;
