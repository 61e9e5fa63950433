-- One function per entity: takes the entity's candidate rows (core.candidate_rows), cleans them,
-- infers the parents that have not arrived, upserts the rows into core and leaves pending only the
-- rows that can never be placed. Each returns (inserted, updated, pending): new keys, keys whose
-- values changed (an inferred member filled by its real record included), keys waiting now.
--
-- Shape shared by all of them:
--   1. pg_temp.normaliser_incoming: the newest version of each candidate key, cleaned, only if newer than the
--      version core holds (an inferred member holds none); parent_entity names what a row that can
--      never be placed lacks (only an event without a session id).
--   2. lookups (brands, categories, ...) and inferred members of the missing parents
--      (core.infer_missing_parents), from the placeable rows only.
--   3. INSERT ... ON CONFLICT DO UPDATE ... WHERE the values differ: a version that changes
--      nothing writes nothing, so a re-run or a re-sent record leaves core as it is; a real record
--      always clears is_inferred, so it fills an inferred member in place (same key).
--      (xmax = 0) in RETURNING tells an inserted row from an updated one.
--   4. core.settle_pending.

CREATE OR REPLACE FUNCTION core.normalise_distribution_centers(window_from xid8, window_to xid8,
    OUT inserted bigint, OUT updated bigint, OUT pending bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM core.drop_incoming();
    CREATE TEMP TABLE normaliser_incoming ON COMMIT DROP AS
    SELECT s.staging_id, s.id AS key,
           NULL::text AS parent_entity, NULL::bigint AS parent_key,
           core.clean_text(s.name) AS name, s.latitude, s.longitude
    FROM core.candidate_rows('distribution_centers', 'id', window_from, window_to) c
    JOIN staging.distribution_centers s USING (staging_id)
    LEFT JOIN core.distribution_centers held ON held.distribution_center_id = s.id
    WHERE s.staging_id > coalesce(held.source_staging_id, 0);

    WITH applied AS (
        INSERT INTO core.distribution_centers AS t
               (distribution_center_id, name, latitude, longitude, source_staging_id)
        SELECT i.key, i.name, i.latitude, i.longitude, i.staging_id
        FROM pg_temp.normaliser_incoming i
        ON CONFLICT (distribution_center_id) DO UPDATE
        SET name = EXCLUDED.name, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
            is_inferred = false, source_staging_id = EXCLUDED.source_staging_id, normalised_at = now()
        WHERE (t.is_inferred, t.name, t.latitude, t.longitude)
              IS DISTINCT FROM (false, EXCLUDED.name, EXCLUDED.latitude, EXCLUDED.longitude)
        RETURNING (xmax = 0) AS was_inserted)
    SELECT count(*) FILTER (WHERE was_inserted), count(*) FILTER (WHERE NOT was_inserted)
    INTO inserted, updated FROM applied;

    pending := core.settle_pending('distribution_centers');
END
$$;

CREATE OR REPLACE FUNCTION core.normalise_products(window_from xid8, window_to xid8,
    OUT inserted bigint, OUT updated bigint, OUT pending bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM core.drop_incoming();
    CREATE TEMP TABLE normaliser_incoming ON COMMIT DROP AS
    SELECT s.staging_id, s.id AS key,
           NULL::text AS parent_entity, NULL::bigint AS parent_key,
           core.clean_text(s.sku) AS sku,
           core.clean_text(s.name) AS product_name,
           core.clean_text(s.brand) AS brand_name,
           core.clean_text(s.category) AS category_name,
           core.clean_text(s.department) AS department_name,
           s.cost, s.retail_price, s.distribution_center_id
    FROM core.candidate_rows('products', 'id', window_from, window_to) c
    JOIN staging.products s USING (staging_id)
    LEFT JOIN core.products held ON held.product_id = s.id
    WHERE s.staging_id > coalesce(held.source_staging_id, 0);

    PERFORM core.infer_missing_parents('core.products');

    -- Only this function inserts lookups, under the normaliser's advisory lock: NOT EXISTS is enough.
    INSERT INTO core.brands (brand_name)
    SELECT DISTINCT i.brand_name FROM pg_temp.normaliser_incoming i
    WHERE i.parent_entity IS NULL AND i.brand_name IS NOT NULL
      AND NOT EXISTS (SELECT FROM core.brands b WHERE b.brand_name = i.brand_name);

    INSERT INTO core.categories (category_name)
    SELECT DISTINCT i.category_name FROM pg_temp.normaliser_incoming i
    WHERE i.parent_entity IS NULL AND i.category_name IS NOT NULL
      AND NOT EXISTS (SELECT FROM core.categories c WHERE c.category_name = i.category_name);

    INSERT INTO core.departments (department_name)
    SELECT DISTINCT i.department_name FROM pg_temp.normaliser_incoming i
    WHERE i.parent_entity IS NULL AND i.department_name IS NOT NULL
      AND NOT EXISTS (SELECT FROM core.departments d WHERE d.department_name = i.department_name);

    WITH applied AS (
        INSERT INTO core.products AS t
               (product_id, sku, product_name, brand_id, category_id, department_id,
                cost, retail_price, distribution_center_id, source_staging_id)
        SELECT i.key, i.sku, i.product_name, b.brand_id, c.category_id, d.department_id,
               i.cost, i.retail_price, i.distribution_center_id, i.staging_id
        FROM pg_temp.normaliser_incoming i
        LEFT JOIN core.brands b ON b.brand_name = i.brand_name
        LEFT JOIN core.categories c ON c.category_name = i.category_name
        LEFT JOIN core.departments d ON d.department_name = i.department_name
        WHERE i.parent_entity IS NULL
        ON CONFLICT (product_id) DO UPDATE
        SET sku = EXCLUDED.sku, product_name = EXCLUDED.product_name, brand_id = EXCLUDED.brand_id,
            category_id = EXCLUDED.category_id, department_id = EXCLUDED.department_id,
            cost = EXCLUDED.cost, retail_price = EXCLUDED.retail_price,
            distribution_center_id = EXCLUDED.distribution_center_id,
            is_inferred = false, source_staging_id = EXCLUDED.source_staging_id, normalised_at = now()
        WHERE (t.is_inferred, t.sku, t.product_name, t.brand_id, t.category_id, t.department_id,
               t.cost, t.retail_price, t.distribution_center_id)
              IS DISTINCT FROM
              (false, EXCLUDED.sku, EXCLUDED.product_name, EXCLUDED.brand_id, EXCLUDED.category_id,
               EXCLUDED.department_id,
               EXCLUDED.cost, EXCLUDED.retail_price, EXCLUDED.distribution_center_id)
        RETURNING (xmax = 0) AS was_inserted)
    SELECT count(*) FILTER (WHERE was_inserted), count(*) FILTER (WHERE NOT was_inserted)
    INTO inserted, updated FROM applied;

    pending := core.settle_pending('products');
END
$$;

-- The product_* columns of an inventory item repeat its product: the product's own record wins
-- and core.duplicated_attribute_mismatches lists the differences.
CREATE OR REPLACE FUNCTION core.normalise_inventory_items(window_from xid8, window_to xid8,
    OUT inserted bigint, OUT updated bigint, OUT pending bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM core.drop_incoming();
    CREATE TEMP TABLE normaliser_incoming ON COMMIT DROP AS
    SELECT s.staging_id, s.id AS key,
           NULL::text AS parent_entity, NULL::bigint AS parent_key,
           s.product_id, s.created_at, s.sold_at, s.cost
    FROM core.candidate_rows('inventory_items', 'id', window_from, window_to) c
    JOIN staging.inventory_items s USING (staging_id)
    LEFT JOIN core.inventory_items held ON held.inventory_item_id = s.id
    WHERE s.staging_id > coalesce(held.source_staging_id, 0);

    PERFORM core.infer_missing_parents('core.inventory_items');

    WITH applied AS (
        INSERT INTO core.inventory_items AS t
               (inventory_item_id, product_id, created_at, sold_at, cost, source_staging_id)
        SELECT i.key, i.product_id, i.created_at, i.sold_at, i.cost, i.staging_id
        FROM pg_temp.normaliser_incoming i
        WHERE i.parent_entity IS NULL
        ON CONFLICT (inventory_item_id) DO UPDATE
        SET product_id = EXCLUDED.product_id, created_at = EXCLUDED.created_at,
            sold_at = EXCLUDED.sold_at, cost = EXCLUDED.cost,
            is_inferred = false, source_staging_id = EXCLUDED.source_staging_id, normalised_at = now()
        WHERE (t.is_inferred, t.product_id, t.created_at, t.sold_at, t.cost)
              IS DISTINCT FROM (false, EXCLUDED.product_id, EXCLUDED.created_at, EXCLUDED.sold_at, EXCLUDED.cost)
        RETURNING (xmax = 0) AS was_inserted)
    SELECT count(*) FILTER (WHERE was_inserted), count(*) FILTER (WHERE NOT was_inserted)
    INTO inserted, updated FROM applied;

    pending := core.settle_pending('inventory_items');
END
$$;

CREATE OR REPLACE FUNCTION core.normalise_users(window_from xid8, window_to xid8,
    OUT inserted bigint, OUT updated bigint, OUT pending bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM core.drop_incoming();
    CREATE TEMP TABLE normaliser_incoming ON COMMIT DROP AS
    SELECT s.staging_id, s.id AS key,
           NULL::text AS parent_entity, NULL::bigint AS parent_key,
           core.clean_text(s.first_name) AS first_name,
           core.clean_text(s.last_name) AS last_name,
           core.clean_text(s.email) AS email,
           s.age,
           core.clean_text(s.gender) AS gender,
           core.clean_text(s.traffic_source) AS traffic_source_name,
           s.created_at,
           core.clean_text(s.street_address) AS street_address,
           core.clean_place(s.postal_code) AS postal_code,
           core.clean_place(s.city) AS city,
           core.clean_place(s.state) AS state,
           core.clean_place(s.country) AS country,
           s.latitude, s.longitude
    FROM core.candidate_rows('users', 'id', window_from, window_to) c
    JOIN staging.users s USING (staging_id)
    LEFT JOIN core.users held ON held.user_id = s.id
    WHERE s.staging_id > coalesce(held.source_staging_id, 0);

    INSERT INTO core.traffic_sources (traffic_source_name)
    SELECT DISTINCT i.traffic_source_name FROM pg_temp.normaliser_incoming i
    WHERE i.traffic_source_name IS NOT NULL
      AND NOT EXISTS (SELECT FROM core.traffic_sources ts WHERE ts.traffic_source_name = i.traffic_source_name);

    -- One statement for both tables, so that a version changing only the address counts as one
    -- updated user (the foreign key of the address is checked at the end of the statement).
    WITH user_rows AS (
        INSERT INTO core.users AS t
               (user_id, first_name, last_name, email, age, gender, traffic_source_id, created_at, source_staging_id)
        SELECT i.key, i.first_name, i.last_name, i.email, i.age, i.gender, ts.traffic_source_id, i.created_at,
               i.staging_id
        FROM pg_temp.normaliser_incoming i
        LEFT JOIN core.traffic_sources ts ON ts.traffic_source_name = i.traffic_source_name
        ON CONFLICT (user_id) DO UPDATE
        SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, email = EXCLUDED.email,
            age = EXCLUDED.age, gender = EXCLUDED.gender, traffic_source_id = EXCLUDED.traffic_source_id,
            created_at = EXCLUDED.created_at,
            is_inferred = false, source_staging_id = EXCLUDED.source_staging_id, normalised_at = now()
        WHERE (t.is_inferred, t.first_name, t.last_name, t.email, t.age, t.gender, t.traffic_source_id, t.created_at)
              IS DISTINCT FROM
              (false, EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.email, EXCLUDED.age, EXCLUDED.gender,
               EXCLUDED.traffic_source_id, EXCLUDED.created_at)
        RETURNING t.user_id, (xmax = 0) AS was_inserted),
    address_rows AS (
        INSERT INTO core.user_addresses AS t
               (user_id, street_address, postal_code, city, state, country, latitude, longitude)
        SELECT i.key, i.street_address, i.postal_code, i.city, i.state, i.country, i.latitude, i.longitude
        FROM pg_temp.normaliser_incoming i
        ON CONFLICT (user_id) DO UPDATE
        SET street_address = EXCLUDED.street_address, postal_code = EXCLUDED.postal_code, city = EXCLUDED.city,
            state = EXCLUDED.state, country = EXCLUDED.country,
            latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude
        WHERE (t.street_address, t.postal_code, t.city, t.state, t.country, t.latitude, t.longitude)
              IS DISTINCT FROM
              (EXCLUDED.street_address, EXCLUDED.postal_code, EXCLUDED.city, EXCLUDED.state, EXCLUDED.country,
               EXCLUDED.latitude, EXCLUDED.longitude)
        RETURNING t.user_id)
    SELECT count(*) FILTER (WHERE u.was_inserted),
           count(*) FILTER (WHERE u.was_inserted IS NOT TRUE)
    INTO inserted, updated
    FROM user_rows u
    FULL JOIN address_rows a USING (user_id);

    pending := core.settle_pending('users');
END
$$;

-- The gender an order repeats belongs to its user (compared in core.duplicated_attribute_mismatches).
CREATE OR REPLACE FUNCTION core.normalise_orders(window_from xid8, window_to xid8,
    OUT inserted bigint, OUT updated bigint, OUT pending bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM core.drop_incoming();
    CREATE TEMP TABLE normaliser_incoming ON COMMIT DROP AS
    SELECT s.staging_id, s.order_id AS key,
           NULL::text AS parent_entity, NULL::bigint AS parent_key,
           s.user_id, core.clean_text(s.status) AS status,
           s.created_at, s.shipped_at, s.delivered_at, s.returned_at, s.num_of_item
    FROM core.candidate_rows('orders', 'order_id', window_from, window_to) c
    JOIN staging.orders s USING (staging_id)
    LEFT JOIN core.orders held ON held.order_id = s.order_id
    WHERE s.staging_id > coalesce(held.source_staging_id, 0);

    PERFORM core.infer_missing_parents('core.orders');

    WITH applied AS (
        INSERT INTO core.orders AS t
               (order_id, user_id, status, created_at, shipped_at, delivered_at, returned_at, num_of_item,
                source_staging_id)
        SELECT i.key, i.user_id, i.status, i.created_at, i.shipped_at, i.delivered_at, i.returned_at,
               i.num_of_item, i.staging_id
        FROM pg_temp.normaliser_incoming i
        WHERE i.parent_entity IS NULL
        ON CONFLICT (order_id) DO UPDATE
        SET user_id = EXCLUDED.user_id, status = EXCLUDED.status, created_at = EXCLUDED.created_at,
            shipped_at = EXCLUDED.shipped_at, delivered_at = EXCLUDED.delivered_at,
            returned_at = EXCLUDED.returned_at, num_of_item = EXCLUDED.num_of_item,
            is_inferred = false, source_staging_id = EXCLUDED.source_staging_id, normalised_at = now()
        WHERE (t.is_inferred, t.user_id, t.status, t.created_at, t.shipped_at, t.delivered_at, t.returned_at,
               t.num_of_item)
              IS DISTINCT FROM
              (false, EXCLUDED.user_id, EXCLUDED.status, EXCLUDED.created_at, EXCLUDED.shipped_at,
               EXCLUDED.delivered_at, EXCLUDED.returned_at, EXCLUDED.num_of_item)
        RETURNING (xmax = 0) AS was_inserted)
    SELECT count(*) FILTER (WHERE was_inserted), count(*) FILTER (WHERE NOT was_inserted)
    INTO inserted, updated FROM applied;

    pending := core.settle_pending('orders');
END
$$;

-- An order item's user_id and product_id repeat what its order and its inventory item know
-- (compared in core.duplicated_attribute_mismatches).
CREATE OR REPLACE FUNCTION core.normalise_order_items(window_from xid8, window_to xid8,
    OUT inserted bigint, OUT updated bigint, OUT pending bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM core.drop_incoming();
    CREATE TEMP TABLE normaliser_incoming ON COMMIT DROP AS
    SELECT s.staging_id, s.id AS key,
           NULL::text AS parent_entity, NULL::bigint AS parent_key,
           s.order_id, s.inventory_item_id, core.clean_text(s.status) AS status,
           s.created_at, s.shipped_at, s.delivered_at, s.returned_at, s.sale_price
    FROM core.candidate_rows('order_items', 'id', window_from, window_to) c
    JOIN staging.order_items s USING (staging_id)
    LEFT JOIN core.order_items held ON held.order_item_id = s.id
    WHERE s.staging_id > coalesce(held.source_staging_id, 0);

    PERFORM core.infer_missing_parents('core.order_items');

    WITH applied AS (
        INSERT INTO core.order_items AS t
               (order_item_id, order_id, inventory_item_id, status, created_at, shipped_at, delivered_at,
                returned_at, sale_price, source_staging_id)
        SELECT i.key, i.order_id, i.inventory_item_id, i.status, i.created_at, i.shipped_at, i.delivered_at,
               i.returned_at, i.sale_price, i.staging_id
        FROM pg_temp.normaliser_incoming i
        WHERE i.parent_entity IS NULL
        ON CONFLICT (order_item_id) DO UPDATE
        SET order_id = EXCLUDED.order_id, inventory_item_id = EXCLUDED.inventory_item_id,
            status = EXCLUDED.status, created_at = EXCLUDED.created_at, shipped_at = EXCLUDED.shipped_at,
            delivered_at = EXCLUDED.delivered_at, returned_at = EXCLUDED.returned_at,
            sale_price = EXCLUDED.sale_price,
            source_staging_id = EXCLUDED.source_staging_id, normalised_at = now()
        WHERE (t.order_id, t.inventory_item_id, t.status, t.created_at, t.shipped_at, t.delivered_at,
               t.returned_at, t.sale_price)
              IS DISTINCT FROM
              (EXCLUDED.order_id, EXCLUDED.inventory_item_id, EXCLUDED.status, EXCLUDED.created_at,
               EXCLUDED.shipped_at, EXCLUDED.delivered_at, EXCLUDED.returned_at, EXCLUDED.sale_price)
        RETURNING (xmax = 0) AS was_inserted)
    SELECT count(*) FILTER (WHERE was_inserted), count(*) FILTER (WHERE NOT was_inserted)
    INTO inserted, updated FROM applied;

    pending := core.settle_pending('order_items');
END
$$;

-- The attributes every event of a session repeats go to core.sessions, taken from the first event
-- of the session that gets there (lowest sequence number of its run). An event without a session id
-- cannot be placed and waits until a version with one arrives: without it its user and place are lost.
CREATE OR REPLACE FUNCTION core.normalise_events(window_from xid8, window_to xid8,
    OUT inserted bigint, OUT updated bigint, OUT pending bigint)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM core.drop_incoming();
    CREATE TEMP TABLE normaliser_incoming ON COMMIT DROP AS
    SELECT s.staging_id, s.id AS key,
           CASE WHEN s.session_id IS NULL THEN 'sessions' END AS parent_entity, NULL::bigint AS parent_key,
           s.session_id, s.user_id, s.sequence_number, s.created_at, s.ip_address,
           core.clean_place(s.city) AS city,
           core.clean_place(s.state) AS state,
           core.clean_place(s.postal_code) AS postal_code,
           core.clean_text(s.browser) AS browser,
           core.clean_text(s.traffic_source) AS traffic_source_name,
           core.clean_text(s.uri) AS uri,
           core.clean_text(s.event_type) AS event_type
    FROM core.candidate_rows('events', 'id', window_from, window_to) c
    JOIN staging.events s USING (staging_id)
    LEFT JOIN core.events held ON held.event_id = s.id
    WHERE s.staging_id > coalesce(held.source_staging_id, 0);

    INSERT INTO core.traffic_sources (traffic_source_name)
    SELECT DISTINCT i.traffic_source_name FROM pg_temp.normaliser_incoming i
    WHERE i.parent_entity IS NULL AND i.traffic_source_name IS NOT NULL
      AND NOT EXISTS (SELECT FROM core.traffic_sources ts WHERE ts.traffic_source_name = i.traffic_source_name);

    PERFORM core.infer_missing_parents('core.sessions');

    INSERT INTO core.sessions
           (session_id, user_id, ip_address, city, state, postal_code, browser, traffic_source_id)
    SELECT DISTINCT ON (i.session_id)
           i.session_id, i.user_id, i.ip_address, i.city, i.state, i.postal_code, i.browser, ts.traffic_source_id
    FROM pg_temp.normaliser_incoming i
    LEFT JOIN core.traffic_sources ts ON ts.traffic_source_name = i.traffic_source_name
    WHERE i.parent_entity IS NULL
      AND NOT EXISTS (SELECT FROM core.sessions held WHERE held.session_id = i.session_id)
    ORDER BY i.session_id, i.sequence_number, i.key;

    WITH applied AS (
        INSERT INTO core.events AS t
               (event_id, session_id, sequence_number, created_at, uri, event_type, source_staging_id)
        SELECT i.key, i.session_id, i.sequence_number, i.created_at, i.uri, i.event_type, i.staging_id
        FROM pg_temp.normaliser_incoming i
        WHERE i.parent_entity IS NULL
        ON CONFLICT (event_id) DO UPDATE
        SET session_id = EXCLUDED.session_id, sequence_number = EXCLUDED.sequence_number,
            created_at = EXCLUDED.created_at, uri = EXCLUDED.uri, event_type = EXCLUDED.event_type,
            source_staging_id = EXCLUDED.source_staging_id, normalised_at = now()
        WHERE (t.session_id, t.sequence_number, t.created_at, t.uri, t.event_type)
              IS DISTINCT FROM
              (EXCLUDED.session_id, EXCLUDED.sequence_number, EXCLUDED.created_at, EXCLUDED.uri,
               EXCLUDED.event_type)
        RETURNING (xmax = 0) AS was_inserted)
    SELECT count(*) FILTER (WHERE was_inserted), count(*) FILTER (WHERE NOT was_inserted)
    INTO inserted, updated FROM applied;

    pending := core.settle_pending('events');
END
$$;
