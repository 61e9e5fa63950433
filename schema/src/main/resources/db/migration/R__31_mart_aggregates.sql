-- Keeps the mart's aggregates (V016: mart.daily_sales, mart.daily_orders, mart.daily_sessions; V019:
-- mart.customer_lifetime) exact as the normaliser writes core, by deltas: never a full refresh.
--
-- Every generated core.normalise_<entity> (R__11) calls core.aggregates_before_upsert once its window is read
-- (pg_temp.normaliser_incoming) and before it writes anything, and core.aggregates_after_upsert once it has
-- written the entity's rows:
--   before: the facts those statements can change (the "affected" facts: an order item whose own row, order,
--           customer, inventory item or product is in the window; an order whose row, items or customer is;
--           a session whose events or customer are) go into pg_temp.aggregate_affected, and their current
--           contributions, read from the mart's fact views, are collected with a minus sign;
--   after:  the same facts' contributions are read again and collected with a plus sign; the sum per group
--           is added to the aggregate, and groups left with no fact are deleted.
-- Between the two reads run only that entity's writes (lookups, inferred parents, sessions, the upsert), so
-- each pair adds exactly what they changed: an inferred order is a new row of fact_orders, and counts. Runs
-- and entities follow each other in one transaction per run, so the aggregates equal a GROUP BY over the
-- facts after every commit.
-- The contributions are the fact views' own columns (R__30_mart.sql), so every measure keeps its one
-- definition. A run's work follows what it changed: a filled-in product re-reads its items, a late event
-- its session, never a whole table.
-- Single-node only in one respect (docs/schema.md, "Aggregates"): the deltas are applied by the normaliser's
-- transaction; on Citus the aggregate tables would be reference tables written by that same transaction.

-- The session's scratch tables, kept and emptied by each commit as the normaliser's own (R__12). False when
-- the database has no aggregates: migrated with a Flyway target below V019, which still runs this file.
-- Each is created on its own, and a delta table whose columns are no longer its aggregate's is created again:
-- a session of a sink that ran before a migration changed an aggregate (V019 added columns) has the old ones.
DROP FUNCTION IF EXISTS core.create_aggregate_scratch();
CREATE FUNCTION core.create_aggregate_scratch() RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    aggregate_name text;
BEGIN
    IF to_regclass('mart.daily_sales') IS NULL OR to_regclass('mart.customer_lifetime') IS NULL THEN
        RETURN false;
    END IF;
    IF to_regclass('pg_temp.aggregate_affected') IS NULL THEN
        -- fact: order_items (key: order_item_key), orders (order_key), sessions (session_id: a session the
        -- window's events bring is written after the first read, and has no session_key before it)
        CREATE TEMP TABLE aggregate_affected (fact text NOT NULL, key bigint, session_id uuid) ON COMMIT DELETE ROWS;
    END IF;
    FOREACH aggregate_name IN ARRAY ARRAY['daily_sales', 'daily_orders', 'daily_sessions'] LOOP
        -- to_regclass, not a cast: the subqueries run whether or not the table exists
        IF to_regclass(format('pg_temp.%I', aggregate_name || '_delta')) IS NOT NULL
           AND (SELECT array_agg(a.atttypid ORDER BY a.attnum) FROM pg_attribute a
                WHERE a.attrelid = to_regclass(format('pg_temp.%I', aggregate_name || '_delta'))
                  AND a.attnum > 0 AND NOT a.attisdropped)
               IS DISTINCT FROM
               (SELECT array_agg(a.atttypid ORDER BY a.attnum) FROM pg_attribute a
                WHERE a.attrelid = format('mart.%I', aggregate_name)::regclass
                  AND a.attnum > 0 AND NOT a.attisdropped) THEN
            EXECUTE format('DROP TABLE pg_temp.%I', aggregate_name || '_delta');
        END IF;
        IF to_regclass(format('pg_temp.%I', aggregate_name || '_delta')) IS NULL THEN
            EXECUTE format('CREATE TEMP TABLE %I (LIKE mart.%I) ON COMMIT DELETE ROWS', aggregate_name || '_delta',
                           aggregate_name);
        END IF;
    END LOOP;
    IF to_regclass('pg_temp.customer_lifetime_delta') IS NULL THEN
        -- first_order_at: the earliest order of the +1 side; removed_first_order_at: of the -1 side (a minimum
        -- cannot be subtracted: core.apply_aggregate_deltas reads it again when the removed one was the first)
        CREATE TEMP TABLE customer_lifetime_delta (
            customer_key              bigint,
            first_order_at            timestamptz,
            removed_first_order_at    timestamptz,
            lifetime_orders           bigint,
            lifetime_net_sales_amount numeric(19,4),
            last_modified_at          timestamp) ON COMMIT DELETE ROWS;
    END IF;
    RETURN true;
END
$$;

-- The facts the upsert of normalised_entity's window (pg_temp.normaliser_incoming) can change, each once.
-- The relations are those the fact views read: an order item depends on its order (customer), the order's
-- customer (signup traffic source), its inventory item (product, cost) and that item's product (category,
-- center, cost); an order on its items and customer; a session on its events and its customer's address.
-- An order item or an event may move to another order or session: the one it leaves changes too.
CREATE OR REPLACE FUNCTION core.find_affected_facts(normalised_entity text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    CASE normalised_entity
    WHEN 'products' THEN
        INSERT INTO pg_temp.aggregate_affected
        SELECT DISTINCT 'order_items', oi.order_item_id, NULL::uuid
        FROM pg_temp.normaliser_incoming i
        JOIN core.inventory_items ii ON ii.product_id = i.key
        JOIN core.order_items oi ON oi.inventory_item_id = ii.inventory_item_id
        WHERE i.parent_entity IS NULL;
    WHEN 'inventory_items' THEN
        INSERT INTO pg_temp.aggregate_affected
        SELECT DISTINCT 'order_items', oi.order_item_id, NULL::uuid
        FROM pg_temp.normaliser_incoming i
        JOIN core.order_items oi ON oi.inventory_item_id = i.key
        WHERE i.parent_entity IS NULL;
    WHEN 'users' THEN
        INSERT INTO pg_temp.aggregate_affected
        SELECT 'orders', o.order_id, NULL::uuid
        FROM pg_temp.normaliser_incoming i JOIN core.orders o ON o.user_id = i.key
        WHERE i.parent_entity IS NULL
        UNION
        SELECT 'order_items', oi.order_item_id, NULL::uuid
        FROM pg_temp.normaliser_incoming i
        JOIN core.orders o ON o.user_id = i.key
        JOIN core.order_items oi ON oi.order_id = o.order_id
        WHERE i.parent_entity IS NULL
        UNION
        SELECT 'sessions', NULL::bigint, s.session_id
        FROM pg_temp.normaliser_incoming i JOIN core.sessions s ON s.user_id = i.key
        WHERE i.parent_entity IS NULL;
    WHEN 'orders' THEN
        INSERT INTO pg_temp.aggregate_affected
        SELECT 'orders', i.key, NULL::uuid
        FROM pg_temp.normaliser_incoming i
        WHERE i.parent_entity IS NULL
        UNION
        SELECT 'order_items', oi.order_item_id, NULL::uuid
        FROM pg_temp.normaliser_incoming i JOIN core.order_items oi ON oi.order_id = i.key
        WHERE i.parent_entity IS NULL;
    WHEN 'order_items' THEN
        INSERT INTO pg_temp.aggregate_affected
        SELECT 'order_items', i.key, NULL::uuid
        FROM pg_temp.normaliser_incoming i
        WHERE i.parent_entity IS NULL
        UNION
        SELECT 'orders', i.order_id, NULL::uuid
        FROM pg_temp.normaliser_incoming i
        WHERE i.parent_entity IS NULL AND i.order_id IS NOT NULL
        UNION
        SELECT 'orders', held.order_id, NULL::uuid
        FROM pg_temp.normaliser_incoming i JOIN core.order_items held ON held.order_item_id = i.key
        WHERE i.parent_entity IS NULL AND held.order_id IS NOT NULL;
    WHEN 'events' THEN
        INSERT INTO pg_temp.aggregate_affected
        SELECT 'sessions', NULL::bigint, i.session_id
        FROM pg_temp.normaliser_incoming i
        WHERE i.parent_entity IS NULL
        UNION
        SELECT 'sessions', NULL::bigint, held.session_id
        FROM pg_temp.normaliser_incoming i JOIN core.events held ON held.event_id = i.key
        WHERE i.parent_entity IS NULL;
    ELSE
        NULL;  -- distribution centers: no aggregate has a distribution center's attribute
    END CASE;
END
$$;

-- The affected facts' contributions to each aggregate, times sign (-1: before the upsert, +1: after it), in
-- the aggregate's column order (V019's counts come after last_modified_at).
-- A sum over no known value (a cost neither the item nor its product has) counts 0; uncosted_quantity
-- says how many items that is.
CREATE OR REPLACE FUNCTION core.collect_aggregate_contributions(sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM pg_temp.aggregate_affected a WHERE a.fact = 'order_items') THEN
        INSERT INTO pg_temp.daily_sales_delta
        SELECT f.order_date_key, p.category, f.distribution_center_key, f.signup_traffic_source_key,
               sign * sum(f.quantity),
               sign * sum(f.net_quantity),
               sign * coalesce(sum(f.gross_sales_amount), 0),
               sign * coalesce(sum(f.net_sales_amount), 0),
               sign * coalesce(sum(f.cost_amount), 0),
               sign * coalesce(sum(f.margin_amount), 0),
               sign * coalesce(sum(f.cost_amount) FILTER (WHERE f.is_net_sale), 0),
               sign * coalesce(sum(f.margin_amount) FILTER (WHERE f.is_net_sale), 0),
               sign * count(*) FILTER (WHERE f.cost_amount IS NULL),
               mart.utc(now()),
               sign * count(*) FILTER (WHERE f.is_cancelled)
        FROM pg_temp.aggregate_affected a
        JOIN mart.fact_order_items f ON f.order_item_key = a.key
        JOIN mart.dim_product p USING (product_key)
        WHERE a.fact = 'order_items'
        GROUP BY f.order_date_key, p.category, f.distribution_center_key, f.signup_traffic_source_key;
    END IF;

    -- fact_orders read once for both aggregates of orders
    IF EXISTS (SELECT FROM pg_temp.aggregate_affected a WHERE a.fact = 'orders') THEN
        WITH affected_orders AS MATERIALIZED (
            SELECT f.*
            FROM pg_temp.aggregate_affected a
            JOIN mart.fact_orders f ON f.order_key = a.key
            WHERE a.fact = 'orders'
        ), daily AS (
            INSERT INTO pg_temp.daily_orders_delta
            SELECT f.order_date_key, f.signup_traffic_source_key,
                   sign * sum(f.order_count),
                   sign * sum(f.item_count),
                   sign * sum(f.net_item_count),
                   sign * sum(f.gross_sales_amount),
                   sign * sum(f.net_sales_amount),
                   sign * count(*) FILTER (WHERE f.is_cancelled),
                   sign * count(*) FILTER (WHERE f.is_returned),
                   mart.utc(now())
            FROM affected_orders f
            GROUP BY f.order_date_key, f.signup_traffic_source_key
        )
        -- an order without a customer (-1) counts in no customer's history
        INSERT INTO pg_temp.customer_lifetime_delta
        SELECT f.customer_key,
               CASE WHEN sign > 0 THEN min(f.ordered_at) END,
               CASE WHEN sign < 0 THEN min(f.ordered_at) END,
               sign * sum(f.order_count),
               sign * sum(f.net_sales_amount),
               mart.utc(now())
        FROM affected_orders f
        WHERE f.customer_key <> -1
        GROUP BY f.customer_key;
    END IF;

    IF EXISTS (SELECT FROM pg_temp.aggregate_affected a WHERE a.fact = 'sessions') THEN
        INSERT INTO pg_temp.daily_sessions_delta
        SELECT f.session_date_key, f.session_traffic_source_key, f.country,
               sign * sum(f.session_count),
               sign * count(*) FILTER (WHERE NOT f.is_anonymous),
               sign * count(*) FILTER (WHERE f.reached_home),
               sign * count(*) FILTER (WHERE f.reached_department),
               sign * count(*) FILTER (WHERE f.reached_product),
               sign * count(*) FILTER (WHERE f.reached_cart),
               sign * count(*) FILTER (WHERE f.is_purchased),
               sign * sum(f.event_count),
               mart.utc(now()),
               sign * coalesce(sum(f.event_count) FILTER (WHERE NOT f.is_anonymous), 0)
        FROM pg_temp.aggregate_affected a
        JOIN core.sessions s ON s.session_id = a.session_id
        JOIN mart.fact_sessions f ON f.session_key = s.session_key
        WHERE a.fact = 'sessions'
        GROUP BY f.session_date_key, f.session_traffic_source_key, f.country;
    END IF;
END
$$;

-- Adds the collected deltas to the aggregates: only groups whose sums changed are written (a version that
-- changes no measure writes nothing), and a group left without facts is deleted. Empties the scratch.
CREATE OR REPLACE FUNCTION core.apply_aggregate_deltas() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO mart.daily_sales AS t
    SELECT d.order_date_key, d.category, d.distribution_center_key, d.signup_traffic_source_key,
           sum(d.quantity), sum(d.net_quantity), sum(d.gross_sales_amount), sum(d.net_sales_amount),
           sum(d.cost_amount), sum(d.margin_amount), sum(d.net_cost_amount), sum(d.net_margin_amount),
           sum(d.uncosted_quantity), max(d.last_modified_at), sum(d.cancelled_quantity)
    FROM pg_temp.daily_sales_delta d
    GROUP BY d.order_date_key, d.category, d.distribution_center_key, d.signup_traffic_source_key
    HAVING (sum(d.quantity), sum(d.net_quantity), sum(d.gross_sales_amount), sum(d.net_sales_amount),
            sum(d.cost_amount), sum(d.margin_amount), sum(d.net_cost_amount), sum(d.net_margin_amount),
            sum(d.uncosted_quantity), sum(d.cancelled_quantity)) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    ON CONFLICT ON CONSTRAINT daily_sales_grain DO UPDATE
    SET quantity = t.quantity + EXCLUDED.quantity,
        net_quantity = t.net_quantity + EXCLUDED.net_quantity,
        gross_sales_amount = t.gross_sales_amount + EXCLUDED.gross_sales_amount,
        net_sales_amount = t.net_sales_amount + EXCLUDED.net_sales_amount,
        cost_amount = t.cost_amount + EXCLUDED.cost_amount,
        margin_amount = t.margin_amount + EXCLUDED.margin_amount,
        net_cost_amount = t.net_cost_amount + EXCLUDED.net_cost_amount,
        net_margin_amount = t.net_margin_amount + EXCLUDED.net_margin_amount,
        uncosted_quantity = t.uncosted_quantity + EXCLUDED.uncosted_quantity,
        cancelled_quantity = t.cancelled_quantity + EXCLUDED.cancelled_quantity,
        last_modified_at = EXCLUDED.last_modified_at;
    DELETE FROM mart.daily_sales WHERE quantity = 0;

    INSERT INTO mart.daily_orders AS t
    SELECT d.order_date_key, d.signup_traffic_source_key,
           sum(d.order_count), sum(d.item_count), sum(d.net_item_count), sum(d.gross_sales_amount),
           sum(d.net_sales_amount), sum(d.cancelled_order_count), sum(d.returned_order_count),
           max(d.last_modified_at)
    FROM pg_temp.daily_orders_delta d
    GROUP BY d.order_date_key, d.signup_traffic_source_key
    HAVING (sum(d.order_count), sum(d.item_count), sum(d.net_item_count), sum(d.gross_sales_amount),
            sum(d.net_sales_amount), sum(d.cancelled_order_count), sum(d.returned_order_count))
           <> (0, 0, 0, 0, 0, 0, 0)
    ON CONFLICT ON CONSTRAINT daily_orders_grain DO UPDATE
    SET order_count = t.order_count + EXCLUDED.order_count,
        item_count = t.item_count + EXCLUDED.item_count,
        net_item_count = t.net_item_count + EXCLUDED.net_item_count,
        gross_sales_amount = t.gross_sales_amount + EXCLUDED.gross_sales_amount,
        net_sales_amount = t.net_sales_amount + EXCLUDED.net_sales_amount,
        cancelled_order_count = t.cancelled_order_count + EXCLUDED.cancelled_order_count,
        returned_order_count = t.returned_order_count + EXCLUDED.returned_order_count,
        last_modified_at = EXCLUDED.last_modified_at;
    DELETE FROM mart.daily_orders WHERE order_count = 0;

    INSERT INTO mart.daily_sessions AS t
    SELECT d.session_date_key, d.session_traffic_source_key, d.country,
           sum(d.session_count), sum(d.logged_in_session_count), sum(d.home_session_count),
           sum(d.department_session_count), sum(d.product_session_count), sum(d.cart_session_count),
           sum(d.purchasing_session_count), sum(d.event_count), max(d.last_modified_at),
           sum(d.logged_in_event_count)
    FROM pg_temp.daily_sessions_delta d
    GROUP BY d.session_date_key, d.session_traffic_source_key, d.country
    HAVING (sum(d.session_count), sum(d.logged_in_session_count), sum(d.home_session_count),
            sum(d.department_session_count), sum(d.product_session_count), sum(d.cart_session_count),
            sum(d.purchasing_session_count), sum(d.event_count), sum(d.logged_in_event_count))
           <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
    ON CONFLICT ON CONSTRAINT daily_sessions_grain DO UPDATE
    SET session_count = t.session_count + EXCLUDED.session_count,
        logged_in_session_count = t.logged_in_session_count + EXCLUDED.logged_in_session_count,
        home_session_count = t.home_session_count + EXCLUDED.home_session_count,
        department_session_count = t.department_session_count + EXCLUDED.department_session_count,
        product_session_count = t.product_session_count + EXCLUDED.product_session_count,
        cart_session_count = t.cart_session_count + EXCLUDED.cart_session_count,
        purchasing_session_count = t.purchasing_session_count + EXCLUDED.purchasing_session_count,
        event_count = t.event_count + EXCLUDED.event_count,
        logged_in_event_count = t.logged_in_event_count + EXCLUDED.logged_in_event_count,
        last_modified_at = EXCLUDED.last_modified_at;
    DELETE FROM mart.daily_sessions WHERE session_count = 0;

    -- customer_lifetime: counts and sums by delta; the first order is the earlier of the kept one and the
    -- added ones, unless the kept one was among the removed (a version moved it later, or to another
    -- customer): then it is read again from that customer's orders, through core.orders' user index (the
    -- column fact_orders.ordered_at is). A customer whose added and removed first orders are the same, and
    -- whose sums did not change, is not written.
    INSERT INTO mart.customer_lifetime AS t
        (customer_key, first_order_at, lifetime_orders, lifetime_net_sales_amount, last_modified_at)
    SELECT d.customer_key, min(d.first_order_at), sum(d.lifetime_orders), sum(d.lifetime_net_sales_amount),
           max(d.last_modified_at)
    FROM pg_temp.customer_lifetime_delta d
    GROUP BY d.customer_key
    HAVING (sum(d.lifetime_orders), sum(d.lifetime_net_sales_amount)) <> (0, 0)
        OR min(d.first_order_at) IS DISTINCT FROM min(d.removed_first_order_at)
    ON CONFLICT (customer_key) DO UPDATE
    SET first_order_at = least(t.first_order_at, EXCLUDED.first_order_at),
        lifetime_orders = t.lifetime_orders + EXCLUDED.lifetime_orders,
        lifetime_net_sales_amount = t.lifetime_net_sales_amount + EXCLUDED.lifetime_net_sales_amount,
        last_modified_at = EXCLUDED.last_modified_at;
    UPDATE mart.customer_lifetime t
    SET first_order_at = (SELECT min(o.created_at) FROM core.orders o WHERE o.user_id = t.customer_key)
    FROM (SELECT d.customer_key, min(d.first_order_at) AS added, min(d.removed_first_order_at) AS removed
          FROM pg_temp.customer_lifetime_delta d
          GROUP BY d.customer_key) AS changed
    WHERE changed.customer_key = t.customer_key
      AND changed.removed <= t.first_order_at
      AND changed.added IS DISTINCT FROM changed.removed;
    DELETE FROM mart.customer_lifetime t
    USING (SELECT DISTINCT d.customer_key FROM pg_temp.customer_lifetime_delta d) AS changed
    WHERE changed.customer_key = t.customer_key AND t.lifetime_orders = 0;

    DELETE FROM pg_temp.aggregate_affected;
    DELETE FROM pg_temp.daily_sales_delta;
    DELETE FROM pg_temp.daily_orders_delta;
    DELETE FROM pg_temp.daily_sessions_delta;
    DELETE FROM pg_temp.customer_lifetime_delta;
END
$$;

-- Called by core.normalise_<entity> before it writes (R__11). An empty window costs one probe.
CREATE OR REPLACE FUNCTION core.aggregates_before_upsert(normalised_entity text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT core.create_aggregate_scratch()
       OR NOT EXISTS (SELECT FROM pg_temp.normaliser_incoming i WHERE i.parent_entity IS NULL) THEN
        RETURN;
    END IF;
    PERFORM core.find_affected_facts(normalised_entity);
    -- statistics for the joins below: ten affected facts and a million are read differently
    ANALYZE pg_temp.aggregate_affected;
    PERFORM core.collect_aggregate_contributions(-1);
END
$$;

-- Called by core.normalise_<entity> after its upsert (R__11).
CREATE OR REPLACE FUNCTION core.aggregates_after_upsert(normalised_entity text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.aggregate_affected') IS NULL OR NOT EXISTS (SELECT FROM pg_temp.aggregate_affected) THEN
        RETURN;
    END IF;
    PERFORM core.collect_aggregate_contributions(1);
    PERFORM core.apply_aggregate_deltas();
END
$$;

-- Fills each aggregate that is empty while core is not from every fact once: a database that had facts
-- before V016 (or, for mart.customer_lifetime, before V019) created it. Afterwards an aggregate is never empty
-- while a fact it counts exists (every such fact counts 1 in its group), so this finds nothing to do. Under
-- the normaliser's lock: no run changes the facts meanwhile. The same contributions as the deltas, added
-- once, and only to the empty aggregates: the others keep their rows.
CREATE OR REPLACE FUNCTION core.fill_empty_aggregates() RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    fill_sales     boolean;
    fill_orders    boolean;
    fill_sessions  boolean;
    fill_lifetimes boolean;
BEGIN
    PERFORM pg_advisory_xact_lock(core.normaliser_lock_key());
    IF NOT core.create_aggregate_scratch() THEN
        RETURN false;
    END IF;
    fill_sales := NOT EXISTS (SELECT FROM mart.daily_sales);
    fill_orders := NOT EXISTS (SELECT FROM mart.daily_orders);
    fill_sessions := NOT EXISTS (SELECT FROM mart.daily_sessions);
    fill_lifetimes := NOT EXISTS (SELECT FROM mart.customer_lifetime);
    INSERT INTO pg_temp.aggregate_affected
    SELECT 'order_items', oi.order_item_id, NULL::uuid FROM core.order_items oi WHERE fill_sales
    UNION ALL
    SELECT 'orders', o.order_id, NULL::uuid FROM core.orders o
    WHERE fill_orders OR fill_lifetimes AND o.user_id IS NOT NULL
    UNION ALL
    SELECT 'sessions', NULL::bigint, s.session_id FROM core.sessions s WHERE fill_sessions;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    ANALYZE pg_temp.aggregate_affected;
    PERFORM core.collect_aggregate_contributions(1);
    IF NOT fill_orders THEN
        DELETE FROM pg_temp.daily_orders_delta;
    END IF;
    IF NOT fill_lifetimes THEN
        DELETE FROM pg_temp.customer_lifetime_delta;
    END IF;
    PERFORM core.apply_aggregate_deltas();
    RETURN true;
END
$$;

DO $$ BEGIN PERFORM core.fill_empty_aggregates(); END $$;
