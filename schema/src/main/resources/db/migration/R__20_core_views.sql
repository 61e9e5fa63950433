-- What the normaliser could not do yet, what it cleaned, and where the CSVs contradict themselves.
-- Dropped and re-created: CREATE OR REPLACE VIEW cannot rename or remove a column.

DROP VIEW IF EXISTS core.pending;
DROP VIEW IF EXISTS core.cleaning_summary;
DROP VIEW IF EXISTS core.duplicated_attribute_mismatches;

-- Rows that cannot be placed: which, why, since when. Each row is the newest version of its key that
-- did not reach core; core may hold an older version of the same key meanwhile. A missing parent is no
-- reason (it is inferred); only a missing reference is (an event without a session id).
CREATE VIEW core.pending AS
SELECT p.entity,
       p.entity_key,
       p.staging_id,
       p.parent_entity AS waiting_for,
       p.parent_key    AS waiting_for_key,
       CASE WHEN p.parent_key IS NULL
            THEN format('has no reference to %s; waits for a newer version that has one', p.parent_entity)
            ELSE format('held back for %s %s by an earlier normaliser; the next run places it',
                        p.parent_entity, p.parent_key)
       END AS reason,
       p.waiting_since,
       now() - p.waiting_since AS waiting_time,
       p.last_tried_at
FROM core.normaliser_pending p;

-- Each cleaning rule with the number of staging values it changed, per entity and column.
CREATE VIEW core.cleaning_summary AS
SELECT r.rule_name,
       r.description,
       c.entity,
       c.column_name,
       coalesce(c.values_changed, 0) AS values_changed
FROM core.cleaning_rules r
LEFT JOIN core.cleaning_counts c USING (rule_name);

-- Attributes a record repeats from another entity, where the two disagree. The owner's value is the
-- one in core; the repeated value comes from the staging row of the version core holds, cleaned
-- the same way, so only real differences show (not a trailing space). Only versions whose staging row is
-- still kept show: staging drops whole days once they are older than the retention window (V014).
CREATE VIEW core.duplicated_attribute_mismatches AS
SELECT 'inventory_items'::text AS entity, ii.inventory_item_id AS entity_key,
       compared.attribute, compared.repeated_value, compared.owner_value,
       'products'::text AS owner_entity, p.product_id::text AS owner_key, ii.source_staging_id
FROM core.inventory_items ii
JOIN staging.inventory_items s ON s.staging_id = ii.source_staging_id
JOIN core.products p ON p.product_id = ii.product_id
LEFT JOIN core.brands b USING (brand_id)
LEFT JOIN core.categories c USING (category_id)
LEFT JOIN core.departments d USING (department_id)
CROSS JOIN LATERAL (VALUES
    ('product_name', core.clean_text(s.product_name), p.product_name, false),
    ('product_brand', core.clean_text(s.product_brand), b.brand_name, false),
    ('product_category', core.clean_text(s.product_category), c.category_name, false),
    ('product_department', core.clean_text(s.product_department), d.department_name, false),
    ('product_sku', core.clean_text(s.product_sku), p.sku, false),
    -- numbers compare as numbers: 10.0 and 10 agree
    ('product_retail_price', s.product_retail_price::text, p.retail_price::text,
        s.product_retail_price IS DISTINCT FROM p.retail_price),
    ('product_distribution_center_id', s.product_distribution_center_id::text, p.distribution_center_id::text,
        s.product_distribution_center_id IS DISTINCT FROM p.distribution_center_id)
) AS compared (attribute, repeated_value, owner_value, is_numeric_difference)
WHERE CASE WHEN compared.attribute IN ('product_retail_price', 'product_distribution_center_id')
           THEN compared.is_numeric_difference
           ELSE compared.repeated_value IS DISTINCT FROM compared.owner_value END

UNION ALL
SELECT 'orders', o.order_id, 'gender', core.clean_text(s.gender), u.gender,
       'users', u.user_id::text, o.source_staging_id
FROM core.orders o
JOIN staging.orders s ON s.staging_id = o.source_staging_id
JOIN core.users u ON u.user_id = o.user_id
WHERE core.clean_text(s.gender) IS DISTINCT FROM u.gender

UNION ALL
SELECT 'order_items', oi.order_item_id, 'user_id', s.user_id::text, o.user_id::text,
       'orders', o.order_id::text, oi.source_staging_id
FROM core.order_items oi
JOIN staging.order_items s ON s.staging_id = oi.source_staging_id
JOIN core.orders o ON o.order_id = oi.order_id
WHERE s.user_id IS DISTINCT FROM o.user_id

UNION ALL
SELECT 'order_items', oi.order_item_id, 'product_id', s.product_id::text, ii.product_id::text,
       'inventory_items', ii.inventory_item_id::text, oi.source_staging_id
FROM core.order_items oi
JOIN staging.order_items s ON s.staging_id = oi.source_staging_id
JOIN core.inventory_items ii ON ii.inventory_item_id = oi.inventory_item_id
WHERE s.product_id IS DISTINCT FROM ii.product_id

UNION ALL
SELECT 'events', e.event_id, compared.attribute, compared.repeated_value, compared.owner_value,
       'sessions', ss.session_id::text, e.source_staging_id
FROM core.events e
JOIN staging.events s ON s.staging_id = e.source_staging_id
JOIN core.sessions ss ON ss.session_id = e.session_id
LEFT JOIN core.traffic_sources ts ON ts.traffic_source_id = ss.traffic_source_id
CROSS JOIN LATERAL (VALUES
    ('user_id', s.user_id::text, ss.user_id::text),
    ('ip_address', host(s.ip_address), host(ss.ip_address)),
    ('city', core.clean_place(s.city), ss.city),
    ('state', core.clean_place(s.state), ss.state),
    ('postal_code', core.clean_place(s.postal_code), ss.postal_code),
    ('browser', core.clean_text(s.browser), ss.browser),
    ('traffic_source', core.clean_text(s.traffic_source), ts.traffic_source_name)
) AS compared (attribute, repeated_value, owner_value)
WHERE compared.repeated_value IS DISTINCT FROM compared.owner_value;

-- Per entity: the members inferred because other rows referred to them before their own record arrived
-- (how many, since when the oldest, how many rows refer to them and which), and the rows that cannot
-- be placed at all. Read through mart.data_completeness, by readers who have no access to core:
-- SECURITY DEFINER, with a fixed search_path so that a reader's objects cannot stand in for ours.
-- The relations come from core.table_references.
CREATE OR REPLACE FUNCTION core.completeness_by_entity()
RETURNS TABLE (entity text, inferred_members bigint, oldest_inferred_at timestamptz, referencing_rows bigint,
               referenced_by text, unplaced_rows bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    member      record;
    relation    record;
    referencing bigint;
    referrers   text[];
BEGIN
    FOR member IN
        SELECT w.entity AS name, format('core.%I', w.entity)::regclass AS member_table,
               core.has_inferred_flag(format('core.%I', w.entity)::regclass) AS can_be_inferred
        FROM core.normaliser_watermarks w
        ORDER BY w.load_order
    LOOP
        entity := member.name;
        inferred_members := 0;
        oldest_inferred_at := NULL;
        referencing_rows := 0;
        referrers := '{}';
        IF member.can_be_inferred THEN
            EXECUTE format('SELECT count(*), min(normalised_at) FROM %s WHERE is_inferred', member.member_table)
                INTO inferred_members, oldest_inferred_at;
        END IF;
        IF inferred_members > 0 THEN
            FOR relation IN
                SELECT r.child_table, r.child_name, r.child_column, r.parent_column
                FROM core.table_references r
                WHERE r.parent_table = member.member_table
                ORDER BY r.child_name
            LOOP
                EXECUTE format('SELECT count(*) FROM %1$s child JOIN %2$s parent ON parent.%4$I = child.%3$I '
                               'WHERE parent.is_inferred',
                               relation.child_table, member.member_table, relation.child_column,
                               relation.parent_column)
                    INTO referencing;
                referencing_rows := referencing_rows + referencing;
                IF referencing > 0 THEN
                    referrers := referrers || format('%s %s', relation.child_name, referencing);
                END IF;
            END LOOP;
        END IF;
        referenced_by := nullif(array_to_string(referrers, ', '), '');
        SELECT count(*) INTO unplaced_rows FROM core.normaliser_pending p WHERE p.entity = member.name;
        RETURN NEXT;
    END LOOP;
END
$$;
