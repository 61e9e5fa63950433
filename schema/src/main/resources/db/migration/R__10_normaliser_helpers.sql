-- The normaliser's building blocks: cleaning, finding the rows a run must look at, inferring missing
-- parents, keeping track of the rows that cannot be placed, and counting what the cleaning rules changed.
-- Repeatable: CREATE OR REPLACE only. Views in R__20 use these functions, so a function whose
-- signature changes needs a DROP (and the views re-created) in a versioned migration.

-- Cleaning rules (documented in core.cleaning_rules and docs/schema.md). Staging keeps the original.

-- Rule trim_whitespace: the characters PostgreSQL's btrim() alone would leave (tabs, line breaks).
CREATE OR REPLACE FUNCTION core.trim_whitespace(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT btrim(value, E' \t\r\n')
$$;

-- Rules trim_whitespace and blank_to_null: applied to every text value on its way to core.
CREATE OR REPLACE FUNCTION core.clean_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT nullif(core.trim_whitespace(value), '')
$$;

-- Rule null_literal_to_null, on top of clean_text: exports write a missing city as the text "null".
-- Only for place columns: elsewhere "Null" can be real (a surname).
CREATE OR REPLACE FUNCTION core.clean_place(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN lower(core.clean_text(value)) = 'null' THEN NULL ELSE core.clean_text(value) END
$$;

-- The test that tells whether a rule changes a column's value, as SQL over a staging table.
-- Kept next to the cleaning functions above: the two must agree.
CREATE OR REPLACE FUNCTION core.cleaning_rule_test(rule_name text, column_name text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE rule_name
        WHEN 'trim_whitespace'      THEN format('%1$I <> core.trim_whitespace(%1$I)', column_name)
        WHEN 'blank_to_null'        THEN format('core.trim_whitespace(%1$I) = %2$L', column_name, '')
        WHEN 'null_literal_to_null' THEN format('lower(core.trim_whitespace(%1$I)) = %2$L', column_name, 'null')
    END
$$;

-- A cheap test that is true for every value some rule changes (and for few others): a blank value, a
-- whitespace character at either end, or four characters that may spell null. It allocates nothing for
-- most values, so the exact tests above run only on the rare rows it lets through.
CREATE OR REPLACE FUNCTION core.cleaning_candidate_test(column_name text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format('(ascii(%1$I) IN (0, 9, 10, 13, 32) OR ascii(right(%1$I, 1)) IN (9, 10, 13, 32)'
                  ' OR (octet_length(%1$I) = 4 AND lower(%1$I) = %2$L))', column_name, 'null')
$$;

-- Adds to core.cleaning_counts what each rule changes in the staging rows of one window. Every
-- staging row lands in exactly one window, so each value is counted once. One scan of the window, the
-- exact tests only on the rows with a candidate value.
CREATE OR REPLACE FUNCTION core.count_cleaning(entity text, window_from xid8, window_to xid8) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    target   record;
    counters   text[] := '{}';
    labels     text[] := '{}';
    candidates text[] := '{}';
BEGIN
    FOR target IN
        SELECT a.attname::text AS column_name, r.rule_name
        FROM pg_attribute a
        JOIN core.cleaning_rules r ON r.columns IS NULL OR a.attname::text = ANY (r.columns)
        WHERE a.attrelid = format('staging.%I', entity)::regclass
          AND a.attnum > 0 AND NOT a.attisdropped
          AND a.atttypid = 'text'::regtype
          -- the Kafka topic is bookkeeping; the point geometries are not carried to core
          AND a.attname <> 'kafka_topic' AND a.attname NOT LIKE '%\_geom'
        ORDER BY a.attnum, r.rule_name
    LOOP
        counters := counters || format('count(*) FILTER (WHERE %s)',
                                       core.cleaning_rule_test(target.rule_name, target.column_name));
        labels := labels || format('(%L, %L, n[%s])', target.column_name, target.rule_name, cardinality(counters));
        IF NOT core.cleaning_candidate_test(target.column_name) = ANY (candidates) THEN
            candidates := candidates || core.cleaning_candidate_test(target.column_name);
        END IF;
    END LOOP;

    IF cardinality(counters) = 0 THEN
        RETURN;
    END IF;

    EXECUTE format($sql$
        INSERT INTO core.cleaning_counts AS c (entity, column_name, rule_name, values_changed)
        SELECT %1$L, changed.column_name, changed.rule_name, changed.values_changed
        FROM (SELECT ARRAY[%2$s] AS n
              FROM staging.%1$I
              WHERE staging.xid_number(landed_xid) >= staging.xid_number($1)
                AND staging.xid_number(landed_xid) < staging.xid_number($2)
                AND (%4$s)) AS window_counts
        CROSS JOIN LATERAL (VALUES %3$s) AS changed (column_name, rule_name, values_changed)
        WHERE changed.values_changed > 0
        ON CONFLICT (entity, column_name, rule_name)
        DO UPDATE SET values_changed = c.values_changed + EXCLUDED.values_changed
        $sql$, entity, array_to_string(counters, ', '), array_to_string(labels, ', '),
        array_to_string(candidates, E'\n                  OR '))
    USING window_from, window_to;
END
$$;

-- No longer used: a row whose parent is missing goes to core at once, its parent inferred (R__11).
DROP FUNCTION IF EXISTS core.has_arrived(text, bigint);

-- No longer used: each generated entity function reads its window in one pass (R__11).
DROP FUNCTION IF EXISTS core.candidate_rows(text, text, xid8, xid8);

-- Whether a core table keeps inferred members (V008 gives those an is_inferred flag).
CREATE OR REPLACE FUNCTION core.has_inferred_flag(core_table regclass) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT FROM pg_attribute flag
                   WHERE flag.attrelid = core_table AND flag.attname = 'is_inferred' AND NOT flag.attisdropped)
$$;

-- The references between core tables, one row per single-column foreign key: the relations are
-- written once, as the foreign keys of V005, and read from here by whatever needs them.
CREATE OR REPLACE VIEW core.table_references AS
SELECT fk.conrelid::regclass        AS child_table,
       child_table.relname::text    AS child_name,
       child_column.attname::text   AS child_column,
       fk.confrelid::regclass       AS parent_table,
       parent_table.relname::text   AS parent_name,
       parent_column.attname::text  AS parent_column,
       -- lookups and sessions cannot be inferred: they come from the referring row itself
       core.has_inferred_flag(fk.confrelid) AS parent_can_be_inferred
FROM pg_constraint fk
JOIN pg_class child_table ON child_table.oid = fk.conrelid
JOIN pg_class parent_table ON parent_table.oid = fk.confrelid
JOIN pg_attribute child_column ON child_column.attrelid = fk.conrelid AND child_column.attnum = fk.conkey[1]
JOIN pg_attribute parent_column ON parent_column.attrelid = fk.confrelid AND parent_column.attnum = fk.confkey[1]
WHERE fk.contype = 'f' AND fk.connamespace = 'core'::regnamespace AND cardinality(fk.conkey) = 1;

-- Each entity function builds a temporary table "normaliser_incoming" (staging_id, key, parent_entity,
-- parent_key, cleaned columns...): one row per candidate key, parent_entity set when the row can
-- never be placed (it lacks the reference: parent_key NULL). This drops the previous entity's table
-- within the same run.
CREATE OR REPLACE FUNCTION core.drop_incoming() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DROP TABLE IF EXISTS pg_temp.normaliser_incoming;
END
$$;

-- After an entity's rows reached core: the keys that went in wait no more, the ones that cannot be
-- placed wait (with their newest version, still since the first time). Returns how many keys
-- of the entity wait now.
CREATE OR REPLACE FUNCTION core.settle_pending(entity text) RETURNS bigint
LANGUAGE plpgsql AS $$
#variable_conflict use_variable
DECLARE
    waiting bigint;
BEGIN
    DELETE FROM core.normaliser_pending p
    USING pg_temp.normaliser_incoming i
    WHERE p.entity = entity AND p.entity_key = i.key AND i.parent_entity IS NULL;

    INSERT INTO core.normaliser_pending AS p (entity, entity_key, staging_id, parent_entity, parent_key)
    SELECT entity, i.key, i.staging_id, i.parent_entity, i.parent_key
    FROM pg_temp.normaliser_incoming i
    WHERE i.parent_entity IS NOT NULL
    ON CONFLICT ON CONSTRAINT normaliser_pending_pkey DO UPDATE
    SET staging_id    = EXCLUDED.staging_id,
        parent_entity = EXCLUDED.parent_entity,
        parent_key    = EXCLUDED.parent_key,
        last_tried_at = now();

    SELECT count(*) INTO waiting FROM core.normaliser_pending p WHERE p.entity = entity;
    RETURN waiting;
END
$$;

-- Whether this session may run the normaliser without PostgreSQL's row-by-row foreign key checks
-- (session_replication_role = replica): a superuser, or on PostgreSQL 15 and later a role granted
-- SET ON PARAMETER session_replication_role. The foreign keys of core hold by construction: a run writes
-- every parent a row refers to (inferred if need be) before the row, in the same transaction, and locks
-- the parents it did not write itself (core.lock_referenced_parents); the per-row trigger only repeats
-- that, at more than half the cost of writing a row.
CREATE OR REPLACE FUNCTION core.may_skip_foreign_key_triggers() RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) THEN
        RETURN true;
    END IF;
    IF current_setting('server_version_num')::int < 150000 THEN
        RETURN false;
    END IF;
    RETURN has_parameter_privilege('session_replication_role', 'SET');
END
$$;

-- Summarises the block ranges of the staging tables that filled up since the last call, in every BRIN index
-- on a staging partition (V012, V014). The normaliser finds a window's rows through those indexes, and a range
-- not summarised yet is read by every window: without this, a bulk load leaves thousands of such ranges until
-- autovacuum gets to them (its queue of summarisation requests is short), and each run reads all of them, so
-- its cost grows with staging instead of with what arrived. Cost: reading the new ranges once. SECURITY
-- DEFINER: PostgreSQL lets only an index's owner summarise it, and the sink may run as another role.
CREATE OR REPLACE FUNCTION staging.summarize_new_ranges() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    brin_index regclass;
    summarized bigint := 0;
BEGIN
    FOR brin_index IN
        SELECT i.indexrelid::regclass
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_class ix ON ix.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ix.relam
        WHERE t.relnamespace = 'staging'::regnamespace AND t.relkind = 'r' AND am.amname = 'brin'
    LOOP
        summarized := summarized + brin_summarize_new_values(brin_index);
    END LOOP;
    RETURN summarized;
END
$$;

-- The key of the advisory lock that lets one normaliser run at a time across all sink instances.
CREATE OR REPLACE FUNCTION core.normaliser_lock_key() RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT 4242020505000001::bigint  -- arbitrary, fixed: "ecomstream normaliser"
$$;
