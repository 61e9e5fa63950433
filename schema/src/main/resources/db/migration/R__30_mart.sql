-- mart: a star schema over core for Power BI and psql. Plain views: they read core's indexed
-- tables directly, so they are always current and cost nothing to maintain; Power BI in Import mode
-- reads each once per refresh. Keys are the core ids; -1 is the "unknown" member of a dimension,
-- used where a fact has no such parent (an anonymous event has no customer), so every relationship
-- in Power BI can be many-to-one without blanks. Dates are UTC calendar dates, keyed yyyymmdd.
-- Column names are plain words in snake_case: Power BI shows them as they are, psql needs no quotes.
-- Dropped and re-created (facts first): CREATE OR REPLACE VIEW cannot rename or remove a column.

DROP VIEW IF EXISTS mart.data_completeness;
DROP VIEW IF EXISTS mart.fact_events;
DROP VIEW IF EXISTS mart.fact_order_items;
DROP VIEW IF EXISTS mart.dim_date;
DROP VIEW IF EXISTS mart.dim_product;
DROP VIEW IF EXISTS mart.dim_customer;
DROP VIEW IF EXISTS mart.dim_distribution_center;
DROP VIEW IF EXISTS mart.dim_traffic_source;

-- The label a dimension shows for a member inferred from a fact whose own record has not arrived yet
-- (mart.data_completeness says how many and since when).
CREATE OR REPLACE FUNCTION mart.label(value text, is_inferred boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN is_inferred THEN 'Unknown' ELSE value END
$$;

-- yyyymmdd of the UTC calendar day of a timestamp; NULL stays NULL.
CREATE OR REPLACE FUNCTION mart.date_key(at timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_char(at AT TIME ZONE 'UTC', 'YYYYMMDD')::integer
$$;

-- Days between two moments, with two decimals (fulfilment times are often less than a day).
CREATE OR REPLACE FUNCTION mart.days_between(from_at timestamptz, to_at timestamptz) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT round((extract(epoch FROM to_at - from_at) / 86400)::numeric, 2)
$$;

-- Every day of the years the data covers, plus one year so that late shipments and returns of the
-- last orders still find their day. The bounds come from the created_at indexes.
CREATE VIEW mart.dim_date AS
WITH bounds AS (
    SELECT date_trunc('year', least(
               (SELECT min(created_at) FROM core.orders),
               (SELECT min(created_at) FROM core.events),
               (SELECT min(created_at) FROM core.users)) AT TIME ZONE 'UTC')::date AS first_day,
           (date_trunc('year', greatest(
               (SELECT max(created_at) FROM core.orders),
               (SELECT max(created_at) FROM core.events),
               (SELECT max(created_at) FROM core.users)) AT TIME ZONE 'UTC')
            + interval '2 years' - interval '1 day')::date AS last_day
)
SELECT to_char(day, 'YYYYMMDD')::integer       AS date_key,
       day::date                               AS date,
       extract(year FROM day)::integer         AS year,
       extract(quarter FROM day)::integer      AS quarter,
       'Q' || extract(quarter FROM day)        AS quarter_name,
       extract(month FROM day)::integer        AS month,
       to_char(day, 'FMMonth')                 AS month_name,
       to_char(day, 'YYYY-MM')                 AS year_month,
       extract(day FROM day)::integer          AS day_of_month,
       extract(isodow FROM day)::integer       AS day_of_week,
       to_char(day, 'FMDay')                   AS day_name,
       extract(week FROM day)::integer         AS iso_week,
       extract(isodow FROM day) IN (6, 7)      AS is_weekend
FROM bounds,
     generate_series(bounds.first_day, bounds.last_day, interval '1 day') AS day;

CREATE VIEW mart.dim_distribution_center AS
SELECT dc.distribution_center_id              AS distribution_center_key,
       mart.label(dc.name, dc.is_inferred)    AS distribution_center,
       dc.latitude,
       dc.longitude,
       dc.is_inferred
FROM core.distribution_centers dc
UNION ALL
SELECT -1, 'Unknown', NULL, NULL, false;

CREATE VIEW mart.dim_product AS
SELECT p.product_id                               AS product_key,
       mart.label(p.product_name, p.is_inferred)  AS product_name,
       p.sku,
       mart.label(b.brand_name, p.is_inferred)    AS brand,
       mart.label(c.category_name, p.is_inferred) AS category,
       mart.label(d.department_name, p.is_inferred) AS department,
       p.cost                                     AS product_cost,
       p.retail_price,
       coalesce(p.distribution_center_id, -1)     AS distribution_center_key,
       p.is_inferred
FROM core.products p
LEFT JOIN core.brands b USING (brand_id)
LEFT JOIN core.categories c USING (category_id)
LEFT JOIN core.departments d USING (department_id)
UNION ALL
SELECT -1, 'Unknown', NULL, NULL, NULL, NULL, NULL, NULL, -1, false;

CREATE VIEW mart.dim_traffic_source AS
SELECT ts.traffic_source_id   AS traffic_source_key,
       ts.traffic_source_name AS traffic_source
FROM core.traffic_sources ts
UNION ALL
SELECT -1, 'Unknown';

CREATE VIEW mart.dim_customer AS
SELECT u.user_id                                       AS customer_key,
       u.first_name,
       u.last_name,
       mart.label(concat_ws(' ', u.first_name, u.last_name), u.is_inferred) AS customer_name,
       u.email,
       u.age,
       CASE WHEN u.age < 18 THEN 'under 18'
            WHEN u.age < 25 THEN '18-24'
            WHEN u.age < 35 THEN '25-34'
            WHEN u.age < 45 THEN '35-44'
            WHEN u.age < 55 THEN '45-54'
            WHEN u.age < 65 THEN '55-64'
            WHEN u.age >= 65 THEN '65 and over'
       END                                             AS age_band,
       u.gender,
       a.street_address,
       a.postal_code,
       a.city,
       a.state,
       a.country,
       a.latitude,
       a.longitude,
       coalesce(u.traffic_source_id, -1)               AS signup_traffic_source_key,
       u.created_at                                    AS signed_up_at,
       mart.date_key(u.created_at)                     AS signup_date_key,
       false                                           AS is_unknown,
       u.is_inferred
FROM core.users u
LEFT JOIN core.user_addresses a USING (user_id)
UNION ALL
SELECT -1, NULL, NULL, 'Unknown (anonymous)', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, -1, NULL, NULL, true, false;

-- One row per order item: what was sold, to whom, from where, for how much, and how fast.
-- cost is the inventory item's own cost (what this unit cost), the product's cost if it has none.
CREATE VIEW mart.fact_order_items AS
SELECT oi.order_item_id                                      AS order_item_key,
       oi.order_id,
       coalesce(o.user_id, -1)                               AS customer_key,
       coalesce(ii.product_id, -1)                           AS product_key,
       coalesce(p.distribution_center_id, -1)                AS distribution_center_key,
       coalesce(u.traffic_source_id, -1)                     AS traffic_source_key,
       oi.inventory_item_id,
       mart.date_key(oi.created_at)                          AS order_date_key,
       mart.date_key(oi.shipped_at)                          AS shipped_date_key,
       mart.date_key(oi.delivered_at)                        AS delivered_date_key,
       mart.date_key(oi.returned_at)                         AS returned_date_key,
       oi.status                                             AS item_status,
       o.status                                              AS order_status,
       oi.created_at                                         AS ordered_at,
       oi.shipped_at,
       oi.delivered_at,
       oi.returned_at,
       1                                                     AS quantity,
       oi.sale_price                                         AS sales_amount,
       coalesce(ii.cost, p.cost)                             AS cost_amount,
       oi.sale_price - coalesce(ii.cost, p.cost)             AS margin_amount,
       mart.days_between(oi.created_at, oi.shipped_at)       AS days_to_ship,
       mart.days_between(oi.shipped_at, oi.delivered_at)     AS days_in_transit,
       mart.days_between(oi.created_at, oi.delivered_at)     AS fulfilment_days,
       oi.returned_at IS NOT NULL                            AS is_returned
FROM core.order_items oi
LEFT JOIN core.orders o USING (order_id)
LEFT JOIN core.users u ON u.user_id = o.user_id
LEFT JOIN core.inventory_items ii USING (inventory_item_id)
LEFT JOIN core.products p ON p.product_id = ii.product_id;

-- One row per web event; the session's attributes (user, place, browser, traffic source) are
-- repeated here on purpose: a star schema trades normal form for simple, fast filters.
CREATE VIEW mart.fact_events AS
SELECT e.event_id                                AS event_key,
       e.session_id,
       e.sequence_number,
       coalesce(s.user_id, -1)                   AS customer_key,
       coalesce(s.traffic_source_id, -1)         AS traffic_source_key,
       mart.date_key(e.created_at)               AS event_date_key,
       e.created_at                              AS event_at,
       e.event_type,
       e.uri,
       s.browser,
       host(s.ip_address)                        AS ip_address,
       s.city,
       s.state,
       s.postal_code,
       s.user_id IS NULL                         AS is_anonymous,
       1                                         AS event_count
FROM core.events e
JOIN core.sessions s USING (session_id);

-- How complete the facts' dimensions are: per entity, the members inferred because a fact referred to
-- them before their own record arrived (shown as 'Unknown' in the dimensions), the oldest of them, how
-- many rows refer to them, and the rows that cannot be placed at all (core.pending says why).
-- Readable with mart access alone.
CREATE VIEW mart.data_completeness AS
SELECT entity, inferred_members, oldest_inferred_at, now() - oldest_inferred_at AS oldest_inferred_age,
       referencing_rows, referenced_by, unplaced_rows
FROM core.completeness_by_entity();
