-- The per-entity normaliser functions, core.normalise_<entity>(window_from, window_to), are generated from
-- the description in core.normaliser_tables and core.normaliser_columns (V009): each column and each
-- relation is written once, there and in core's foreign keys. The generated text is plain SQL, so
-- \sf core.normalise_products shows an operator exactly what runs.
--
-- Shape of every generated function; each returns (inserted, updated, pending): new keys, keys whose
-- values changed (an inferred member filled by its real record included), keys waiting now.
--   1. pg_temp.normaliser_incoming: the newest version of each key among the rows landed in the window
--      [window_from, window_to), cleaned, only if newer than the version core holds (an inferred member
--      holds none); parent_entity names the owner table a row lacks the key of (it can never be placed).
--      Versions are ordered by staging_id: within a partition the sink lands records in offset order,
--      batch after committed batch, and unlike offsets that order still holds when a topic's partitions
--      change. Pending rows are not retried: they lack a reference, and only a newer version (which
--      lands in a window) can place them; rows an earlier normaliser held back for a missing parent (they
--      name it) are taken once more and placed, their parent inferred. One pass over the window: the
--      staging row is read once, with its columns.
--   2. lookups (brands, categories, ...) and inferred members of the missing parents, from the
--      placeable rows only; then owner tables (sessions), the first row winning.
--   3. INSERT ... ON CONFLICT DO UPDATE ... WHERE the values differ: a version that changes nothing
--      writes nothing, so a re-run or a re-sent record leaves core as it is; a real record always clears
--      is_inferred, so it fills an inferred member in place (same key). Extension tables (a user's
--      address) in the same statement. (xmax = 0) in RETURNING tells an inserted row from an updated one.
--   4. core.settle_pending.
-- Steps 2 and 3 sit between core.aggregates_before_upsert and core.aggregates_after_upsert
-- (R__31_mart_aggregates.sql), which add what they change in the facts to the mart's aggregates.

-- The incoming column a described value is kept in: its core column, or for a lookup the name it looks up.
CREATE OR REPLACE FUNCTION core.incoming_column(target_column text, lookup_table text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN lookup_table IS NULL THEN target_column
                ELSE regexp_replace(target_column, '_id$', '_name') END
$$;

-- What a described value is inserted as, in the SELECT over the incoming rows i (lookups joined by name).
CREATE OR REPLACE FUNCTION core.inserted_value(target_column text, lookup_table text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN lookup_table IS NULL THEN format('i.%I', target_column)
                ELSE format('%I.%I', lookup_table, target_column) END
$$;

-- The lookup joins of one target table's insert.
CREATE OR REPLACE FUNCTION core.lookup_joins(normalised_entity text, table_name text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(format(E'\n        LEFT JOIN core.%1$I ON %1$I.%2$I = i.%2$I',
                                      c.lookup_table, core.incoming_column(c.target_column, c.lookup_table)),
                               '' ORDER BY c.column_order), '')
    FROM core.normaliser_columns c
    WHERE c.entity = normalised_entity AND c.target_table = table_name AND c.lookup_table IS NOT NULL
$$;

-- The columns one target table gets from the description, and what each is inserted as.
CREATE OR REPLACE FUNCTION core.described_columns(normalised_entity text, table_name text,
    OUT columns text, OUT inserted text)
LANGUAGE sql STABLE AS $$
    SELECT string_agg(format('%I', c.target_column), ', ' ORDER BY c.column_order),
           string_agg(core.inserted_value(c.target_column, c.lookup_table), ', ' ORDER BY c.column_order)
    FROM core.normaliser_columns c
    WHERE c.entity = normalised_entity AND c.target_table = table_name
$$;

-- The upsert of one entity or extension table, as a CTE named <table>_rows returning key (and whether
-- the row was inserted).
CREATE OR REPLACE FUNCTION core.upsert_sql(normalised_entity text, target core.normaliser_tables) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    columns      text;
    inserted     text;
    assignments  text;
    held_values  text;
    new_values   text;
    is_entity    boolean := target.role = 'entity';
    has_flag     boolean;
BEGIN
    SELECT d.columns, d.inserted INTO columns, inserted
    FROM core.described_columns(normalised_entity, target.target_table) d;
    SELECT string_agg(format('%1$I = EXCLUDED.%1$I', c.target_column), ', ' ORDER BY c.column_order),
           string_agg(format('t.%I', c.target_column), ', ' ORDER BY c.column_order),
           string_agg(format('EXCLUDED.%I', c.target_column), ', ' ORDER BY c.column_order)
    INTO assignments, held_values, new_values
    FROM core.normaliser_columns c
    WHERE c.entity = normalised_entity AND c.target_table = target.target_table;

    has_flag := core.has_inferred_flag(format('core.%I', target.target_table)::regclass);
    IF has_flag THEN
        assignments := assignments || ', is_inferred = false';
        held_values := 't.is_inferred, ' || held_values;
        new_values := 'false, ' || new_values;
    END IF;
    IF is_entity THEN
        columns := columns || ', source_staging_id';
        inserted := inserted || ', i.staging_id';
        assignments := assignments || ', source_staging_id = EXCLUDED.source_staging_id, normalised_at = now()';
    END IF;

    RETURN format($sql$%1$s_rows AS (
        INSERT INTO core.%1$I AS t (%2$I, %3$s)
        SELECT i.key, %4$s
        FROM pg_temp.normaliser_incoming i%5$s
        WHERE i.parent_entity IS NULL
        ON CONFLICT (%2$I) DO UPDATE
        SET %6$s
        WHERE (%7$s)
              IS DISTINCT FROM
              (%8$s)
        RETURNING t.%2$I AS key%9$s)$sql$,
        target.target_table, target.key_column, columns, inserted,
        core.lookup_joins(normalised_entity, target.target_table), assignments, held_values, new_values,
        CASE WHEN is_entity THEN ', (xmax = 0) AS was_inserted' ELSE '' END);
END
$$;

-- The CREATE FUNCTION statement of core.normalise_<entity>, from the description.
CREATE OR REPLACE FUNCTION core.entity_normaliser_sql(normalised_entity text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    own          core.normaliser_tables;
    target       core.normaliser_tables;
    notes        text;
    incoming     text;
    unplaceable  text;
    lookups      text;
    inferring    text;
    owners       text := '';
    locking      text;
    upserts      text[] := '{}';
    counted_from text;
    described    record;
BEGIN
    SELECT * INTO STRICT own FROM core.normaliser_tables t WHERE t.entity = normalised_entity AND t.role = 'entity';

    SELECT string_agg('    -- ' || t.note, E'\n' ORDER BY t.role DESC) INTO notes
    FROM core.normaliser_tables t WHERE t.entity = normalised_entity AND t.note IS NOT NULL;

    -- one incoming column per name: a value two tables share (an event's session id) is kept once
    SELECT string_agg(format('%s AS %I', v.source, v.name), E',\n           ' ORDER BY v.first_order)
    INTO incoming
    FROM (SELECT DISTINCT ON (n.name) n.name, n.source, n.first_order
          FROM (SELECT core.incoming_column(c.target_column, c.lookup_table) AS name, c.source,
                       c.column_order AS first_order
                FROM core.normaliser_columns c WHERE c.entity = normalised_entity
                UNION ALL
                SELECT t.key_column, format('s.%I', t.key_source), 0
                FROM core.normaliser_tables t WHERE t.entity = normalised_entity AND t.role = 'owner') AS n
          ORDER BY n.name, n.first_order) AS v;

    SELECT coalesce('coalesce(' || string_agg(format('CASE WHEN s.%I IS NULL THEN %L END', t.key_source,
                                                     t.target_table), ', ') || ')', 'NULL::text')
    INTO unplaceable
    FROM core.normaliser_tables t WHERE t.entity = normalised_entity AND t.role = 'owner';

    -- Only the normaliser inserts lookups, under its advisory lock: NOT EXISTS is enough.
    SELECT coalesce(string_agg(format($sql$
    INSERT INTO core.%1$I (%2$I)
    SELECT DISTINCT i.%2$I FROM pg_temp.normaliser_incoming i
    WHERE i.parent_entity IS NULL AND i.%2$I IS NOT NULL
      AND NOT EXISTS (SELECT FROM core.%1$I l WHERE l.%2$I = i.%2$I);
$sql$, l.lookup_table, l.name_column), '' ORDER BY l.lookup_table), '')
    INTO lookups
    FROM (SELECT DISTINCT c.lookup_table, core.incoming_column(c.target_column, c.lookup_table) AS name_column
          FROM core.normaliser_columns c
          WHERE c.entity = normalised_entity AND c.lookup_table IS NOT NULL) AS l;

    -- Parents first: members inferred for the references of the rows about to be written. The relations
    -- are core's foreign keys (core.table_references); an extension refers to the entity's own row,
    -- written in the same statement.
    SELECT coalesce(string_agg(format($sql$
    WITH inferred AS (
        INSERT INTO core.%1$I (%2$I, is_inferred)
        SELECT DISTINCT i.%3$I, true
        FROM pg_temp.normaliser_incoming i
        WHERE i.parent_entity IS NULL AND i.%3$I IS NOT NULL
          AND NOT EXISTS (SELECT FROM core.%1$I held WHERE held.%2$I = i.%3$I)
        RETURNING 1)
    INSERT INTO pg_temp.normaliser_inferred (entity, inferred) SELECT %1$L, count(*) FROM inferred;
$sql$, r.parent_name, r.parent_column, r.child_column), '' ORDER BY t.role DESC, r.parent_name), '')
    INTO inferring
    FROM core.normaliser_tables t
    JOIN core.table_references r ON r.child_name = t.target_table AND r.parent_can_be_inferred
    WHERE t.entity = normalised_entity AND t.role <> 'extension';

    FOR target IN SELECT * FROM core.normaliser_tables t WHERE t.entity = normalised_entity AND t.role = 'owner' LOOP
        described := core.described_columns(normalised_entity, target.target_table);
        -- the first row of each key, then only the keys core lacks: one probe per key, not per row
        owners := owners || format($sql$
    INSERT INTO core.%1$I (%2$I, %3$s)
    SELECT first_rows.*
    FROM (SELECT DISTINCT ON (i.%2$I) i.%2$I, %4$s
          FROM pg_temp.normaliser_incoming i%5$s
          WHERE i.parent_entity IS NULL
          ORDER BY i.%2$I, %6$s) AS first_rows
    WHERE NOT EXISTS (SELECT FROM core.%1$I held WHERE held.%2$I = first_rows.%2$I);
$sql$,
            target.target_table, target.key_column, described.columns, described.inserted,
            core.lookup_joins(normalised_entity, target.target_table), target.first_row_order);
    END LOOP;

    -- Without the per-row foreign key triggers (core.normalise, core.may_skip_foreign_key_triggers), the
    -- parents this transaction did not write itself are locked as those triggers would lock them, in one
    -- statement per reference: no other transaction can delete one before this one commits. A parent
    -- written (inserted, inferred or updated) by this transaction is invisible or locked to the others.
    -- LATERAL: one index probe per distinct key of the window, whatever the size of the parent table (a
    -- semi-join would be planned as a scan of the whole parent table once the window is large enough).
    SELECT coalesce(string_agg(format($sql$
        PERFORM FROM (SELECT DISTINCT %3$s AS parent_key FROM pg_temp.normaliser_incoming i
                      WHERE i.parent_entity IS NULL AND %3$s IS NOT NULL) AS referenced
        CROSS JOIN LATERAL (SELECT FROM core.%1$I p
                            WHERE p.%2$I = referenced.parent_key AND p.xmin <> pg_current_xact_id()::xid
                            FOR KEY SHARE) AS locked;$sql$,
            r.parent_name,
            CASE WHEN c.lookup_table IS NOT NULL THEN core.incoming_column(c.target_column, c.lookup_table)
                 ELSE r.parent_column END,
            CASE WHEN c.lookup_table IS NOT NULL
                     THEN format('i.%I', core.incoming_column(c.target_column, c.lookup_table))
                 WHEN r.child_column = t.key_column THEN 'i.key'
                 ELSE format('i.%I', r.child_column) END),
        '' ORDER BY t.role DESC, t.target_table, r.child_column), '')
    INTO locking
    FROM core.normaliser_tables t
    JOIN core.table_references r ON r.child_name = t.target_table
    LEFT JOIN core.normaliser_columns c
           ON c.entity = t.entity AND c.target_table = t.target_table AND c.target_column = r.child_column
    WHERE t.entity = normalised_entity AND (c.target_column IS NOT NULL OR r.child_column = t.key_column);
    IF locking <> '' THEN
        locking := E'\n    IF current_setting(''session_replication_role'') = ''replica'' THEN' || locking
                   || E'\n    END IF;\n';
    END IF;

    counted_from := format('%I_rows', own.target_table);
    upserts := upserts || core.upsert_sql(normalised_entity, own);
    FOR target IN SELECT * FROM core.normaliser_tables t
                  WHERE t.entity = normalised_entity AND t.role = 'extension' ORDER BY t.target_table LOOP
        upserts := upserts || core.upsert_sql(normalised_entity, target);
        counted_from := counted_from || format(' FULL JOIN %I_rows USING (key)', target.target_table);
    END LOOP;

    RETURN format($function$
CREATE OR REPLACE FUNCTION core.normalise_%1$s(window_from xid8, window_to xid8,
    OUT inserted bigint, OUT updated bigint, OUT pending bigint)
LANGUAGE plpgsql AS $normaliser$
-- Generated by core.entity_normaliser_sql from core.normaliser_tables and core.normaliser_columns:
-- change the description (a migration), not this function.
BEGIN
%2$s
    PERFORM core.drop_incoming();
    CREATE TEMP TABLE normaliser_incoming ON COMMIT DROP AS
    SELECT s.staging_id, s.%3$I AS key, %4$s AS parent_entity, NULL::bigint AS parent_key,
           %5$s
    FROM (SELECT DISTINCT ON (versions.%3$I) versions.*
          FROM (SELECT * FROM staging.%1$I
                WHERE staging.xid_number(landed_xid) >= staging.xid_number(window_from)
                  AND staging.xid_number(landed_xid) < staging.xid_number(window_to)
                UNION ALL
                SELECT held_back.* FROM core.normaliser_pending p JOIN staging.%1$I held_back USING (staging_id)
                WHERE p.entity = %1$L AND p.parent_key IS NOT NULL) AS versions
          ORDER BY versions.%3$I, versions.staging_id DESC) s
    LEFT JOIN core.%1$I held ON held.%6$I = s.%3$I
    WHERE s.staging_id > coalesce(held.source_staging_id, 0);
    -- statistics for the statements below (a temporary table has none): a window of millions of rows
    -- and one of ten are planned differently
    ANALYZE pg_temp.normaliser_incoming;
    PERFORM core.aggregates_before_upsert(%1$L);
%7$s%8$s
%9$s%13$s
    WITH %10$s
    SELECT count(*) FILTER (WHERE %11$I.was_inserted), count(*) FILTER (WHERE %11$I.was_inserted IS NOT TRUE)
    INTO inserted, updated
    FROM %12$s;
    PERFORM core.aggregates_after_upsert(%1$L);

    pending := core.settle_pending(%1$L);
END
$normaliser$;
$function$,
        normalised_entity, coalesce(notes, ''), own.key_source, unplaceable, incoming,
        own.key_column, lookups, inferring, owners, array_to_string(upserts, E',\n    '),
        own.target_table || '_rows', counted_from, locking);
END
$$;

-- (Re)generates every entity's function from the description. Under the normaliser's lock, so that a run
-- never sees half of them replaced.
CREATE OR REPLACE FUNCTION core.generate_entity_normalisers() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    member record;
BEGIN
    PERFORM pg_advisory_xact_lock(core.normaliser_lock_key());
    FOR member IN SELECT w.entity FROM core.normaliser_watermarks w ORDER BY w.load_order LOOP
        EXECUTE core.entity_normaliser_sql(member.entity);
    END LOOP;
END
$$;

-- A migration that changes the description (a new column) regenerates the functions in its own
-- transaction: they never disagree with the description they come from.
CREATE OR REPLACE FUNCTION core.regenerate_entity_normalisers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM core.generate_entity_normalisers();
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS normaliser_tables_changed ON core.normaliser_tables;
CREATE TRIGGER normaliser_tables_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON core.normaliser_tables
    FOR EACH STATEMENT EXECUTE FUNCTION core.regenerate_entity_normalisers();
DROP TRIGGER IF EXISTS normaliser_columns_changed ON core.normaliser_columns;
CREATE TRIGGER normaliser_columns_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON core.normaliser_columns
    FOR EACH STATEMENT EXECUTE FUNCTION core.regenerate_entity_normalisers();

SELECT core.generate_entity_normalisers();
