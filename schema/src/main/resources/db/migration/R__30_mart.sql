-- mart: a star schema over core for Power BI and psql. Plain views: they read core's indexed
-- tables directly, so they are always current and cost nothing to maintain; Power BI in Import mode
-- reads each once per refresh. Keys are the core ids (integers only: a session is known by
-- core.sessions.session_key, not its uuid); -1 is the "unknown" member of a dimension, used where a fact
-- has no such parent (an anonymous event has no customer), so every relationship in Power BI can be
-- many-to-one without blanks. Dates are UTC calendar dates, keyed yyyymmdd.
-- Types Power BI reads as they are: money is numeric(19,4) (Power BI's fixed decimal), each timestamptz
-- has a UTC timestamp beside it (*_at_utc: no time zone for a refreshing machine to convert to).
-- Column names are plain words in snake_case: Power BI shows them as they are, psql needs no quotes.
-- Dropped and re-created (facts first): CREATE OR REPLACE VIEW cannot rename or remove a column. That
-- drops their grants and comments too, so both are applied again at the end of this file.

DROP VIEW IF EXISTS personal.customer_contacts;
DROP VIEW IF EXISTS mart.data_completeness;
DROP VIEW IF EXISTS mart.fact_sessions;
DROP VIEW IF EXISTS mart.fact_events;
DROP VIEW IF EXISTS mart.fact_orders;
DROP VIEW IF EXISTS mart.fact_order_items;
DROP VIEW IF EXISTS mart.fact_inventory_items;
DROP VIEW IF EXISTS mart.dim_date;
DROP VIEW IF EXISTS mart.dim_funnel_step;
DROP VIEW IF EXISTS mart.dim_product;
DROP VIEW IF EXISTS mart.dim_customer;
DROP VIEW IF EXISTS mart.dim_distribution_center;
DROP VIEW IF EXISTS mart.dim_traffic_source;

-- The measures of a sale, defined here once: the mart's columns, the analysis queries, the quickstart's
-- headline numbers and the dashboard all call these (docs/schema.md, "Measures").
-- An item (or order) is cancelled or returned only when its record says so; an unknown (NULL) status is
-- neither, so such an item counts in net sales: net leaves out what is known not to be a sale, and the
-- items with no status stay visible (item_status NULL) instead of vanishing from both figures.
CREATE OR REPLACE FUNCTION mart.is_cancelled(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(status = 'Cancelled', false)
$$;

-- A return date is as good as the status: either one makes an item returned.
CREATE OR REPLACE FUNCTION mart.is_returned(status text, returned_at timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(status = 'Returned', false) OR returned_at IS NOT NULL
$$;

-- A net sale: neither cancelled nor returned.
CREATE OR REPLACE FUNCTION mart.is_net_sale(status text, returned_at timestamptz) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT NOT mart.is_cancelled(status) AND NOT mart.is_returned(status, returned_at)
$$;

-- What an item sold for, whatever became of it, to the 4 decimals of numeric(19,4): the CSVs carry prices
-- as binary floats (5.9499998092651367), and a sum of rounded items is what every reader sees.
CREATE OR REPLACE FUNCTION mart.gross_sales_amount(sale_price numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT round(sale_price, 4)
$$;

-- The gross amount of a net sale, 0 for a cancelled or returned item: a plain sum gives net sales.
CREATE OR REPLACE FUNCTION mart.net_sales_amount(sale_price numeric, status text, returned_at timestamptz)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN mart.is_net_sale(status, returned_at) THEN mart.gross_sales_amount(sale_price) ELSE 0 END
$$;

-- The label a dimension shows for a member inferred from a fact whose own record has not arrived yet
-- (mart.data_completeness says how many and since when).
CREATE OR REPLACE FUNCTION mart.label(value text, is_inferred boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN is_inferred THEN 'Unknown' ELSE value END
$$;

-- The UTC wall-clock time of a moment, as a timestamp without time zone. The same expression as the
-- created_at_utc indexes of V011, so a filter on a view's *_at_utc column is an index range.
CREATE OR REPLACE FUNCTION mart.utc(at timestamptz) RETURNS timestamp
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT at AT TIME ZONE 'UTC'
$$;

-- yyyymmdd of the UTC calendar day of a timestamp; NULL stays NULL.
CREATE OR REPLACE FUNCTION mart.date_key(at timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_char(mart.utc(at), 'YYYYMMDD')::integer
$$;

-- The UTC hour of a moment, 0 to 23.
CREATE OR REPLACE FUNCTION mart.hour_of_day(at timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT extract(hour FROM mart.utc(at))::integer
$$;

-- Days between two moments, with two decimals (fulfilment times are often less than a day).
CREATE OR REPLACE FUNCTION mart.days_between(from_at timestamptz, to_at timestamptz) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT round((extract(epoch FROM to_at - from_at) / 86400)::numeric, 2)
$$;

-- Every day of the years the data covers, plus one year so that late shipments and returns of the
-- last orders still find their day. The bounds come from indexes: orders' and events' UTC time indexes
-- (V011; their plain created_at ones are gone, V013), users' created_at. Read by every query that joins
-- it, an aggregate's included: a bound read by a scan of core.events would cost more than the aggregate.
CREATE VIEW mart.dim_date AS
WITH bounds AS (
    SELECT date_trunc('year', least(
               (SELECT min(mart.utc(created_at)) FROM core.orders),
               (SELECT min(mart.utc(created_at)) FROM core.events),
               mart.utc((SELECT min(created_at) FROM core.users))))::date AS first_day,
           (date_trunc('year', greatest(
               (SELECT max(mart.utc(created_at)) FROM core.orders),
               (SELECT max(mart.utc(created_at)) FROM core.events),
               mart.utc((SELECT max(created_at) FROM core.users))))
            + interval '2 years' - interval '1 day')::date AS last_day
)
SELECT to_char(day, 'YYYYMMDD')::integer       AS date_key,
       day::date                               AS date,
       extract(year FROM day)::integer         AS year,
       extract(quarter FROM day)::integer      AS quarter,
       'Q' || extract(quarter FROM day)        AS quarter_name,
       to_char(day, 'YYYY-"Q"Q')               AS year_quarter,
       extract(month FROM day)::integer        AS month,
       to_char(day, 'FMMonth')                 AS month_name,
       to_char(day, 'YYYY-MM')                 AS year_month,
       date_trunc('month', day)::date          AS month_start_date,
       extract(day FROM day)::integer          AS day_of_month,
       extract(isodow FROM day)::integer       AS day_of_week,
       to_char(day, 'FMDay')                   AS day_name,
       extract(isoyear FROM day)::integer      AS iso_year,
       extract(week FROM day)::integer         AS iso_week,
       to_char(day, 'IYYY-"W"IW')              AS iso_year_week,
       date_trunc('week', day)::date           AS week_start_date,
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
       p.cost::numeric(19,4)                      AS product_cost,
       p.retail_price::numeric(19,4)              AS retail_price,
       coalesce(p.distribution_center_id, -1)     AS distribution_center_key,
       p.is_inferred
FROM core.products p
LEFT JOIN core.brands b USING (brand_id)
LEFT JOIN core.categories c USING (category_id)
LEFT JOIN core.departments d USING (department_id)
UNION ALL
SELECT -1, 'Unknown', NULL, NULL, NULL, NULL, NULL::numeric(19,4), NULL::numeric(19,4), -1, false;

CREATE VIEW mart.dim_traffic_source AS
SELECT ts.traffic_source_id   AS traffic_source_key,
       ts.traffic_source_name AS traffic_source
FROM core.traffic_sources ts
UNION ALL
SELECT -1, 'Unknown';

-- The steps a visitor goes through, in order; 0 is a session with no event of any step.
CREATE VIEW mart.dim_funnel_step AS
SELECT step.funnel_step_key, step.funnel_step
FROM (VALUES (0, 'none'), (1, 'home'), (2, 'department'), (3, 'product'), (4, 'cart'), (5, 'purchase'))
     AS step (funnel_step_key, funnel_step);

-- A customer without what identifies a person: names, email, street address, postal code and
-- coordinates are in personal.customer_contacts. The order figures (first order, cohort, lifetime) are
-- mart.customer_lifetime's, which the normaliser keeps (V019, R__31_mart_aggregates.sql): a read costs a
-- join by key, not a pass over every order.
-- In a block because of a database migrated with a Flyway target below V019 (an older release's schema, as
-- upgrade tests make it), which runs this file before that table exists: it gets no dim_customer, and a
-- warning, rather than a failed migration; the next change of this file creates it.
DO $$
BEGIN
    IF to_regclass('mart.customer_lifetime') IS NULL THEN
        RAISE WARNING 'mart.dim_customer is not created: mart.customer_lifetime (V019) does not exist yet. To fix: '
            'migrate to the latest version';
        RETURN;
    END IF;
    CREATE VIEW mart.dim_customer AS
    SELECT u.user_id                                       AS customer_key,
           mart.label('Customer ' || u.user_id, u.is_inferred) AS customer_label,
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
           a.city,
           a.state,
           a.country,
           coalesce(u.traffic_source_id, -1)               AS signup_traffic_source_key,
           u.created_at                                    AS signed_up_at,
           mart.utc(u.created_at)                          AS signed_up_at_utc,
           mart.date_key(u.created_at)                     AS signup_date_key,
           mart.date_key(lifetime.first_order_at)          AS first_order_date_key,
           to_char(mart.utc(lifetime.first_order_at), 'YYYY-MM') AS cohort_month,
           coalesce(lifetime.lifetime_orders, 0)           AS lifetime_orders,
           coalesce(lifetime.lifetime_net_sales_amount, 0)::numeric(19,4) AS lifetime_net_sales_amount,
           false                                           AS is_unknown,
           u.is_inferred
    FROM core.users u
    LEFT JOIN core.user_addresses a USING (user_id)
    LEFT JOIN mart.customer_lifetime lifetime ON lifetime.customer_key = u.user_id
    UNION ALL
    SELECT -1, 'Unknown (anonymous)', NULL, NULL, NULL, NULL, NULL, NULL, -1, NULL, NULL, NULL, NULL, NULL, 0,
           0::numeric(19,4), true, false;
    COMMENT ON VIEW mart.dim_customer IS
        'Customers without personal data (see personal.customer_contacts), with their order history; -1 is the anonymous visitor';
END
$$;

-- One row per order item: what was sold, to whom, from where, for how much, and how fast.
-- cost is the inventory item's own cost (what this unit cost), the product's cost if it has none.
-- last_modified_at is the latest change of any core row the item's figures come from (its order or
-- product may be filled in after the item, when they arrived late).
CREATE VIEW mart.fact_order_items AS
SELECT oi.order_item_id                                      AS order_item_key,
       oi.order_id                                           AS order_key,
       coalesce(o.user_id, -1)                               AS customer_key,
       coalesce(ii.product_id, -1)                           AS product_key,
       coalesce(p.distribution_center_id, -1)                AS distribution_center_key,
       coalesce(u.traffic_source_id, -1)                     AS signup_traffic_source_key,
       oi.inventory_item_id                                  AS inventory_item_key,
       mart.date_key(oi.created_at)                          AS order_date_key,
       mart.hour_of_day(oi.created_at)                       AS order_hour_of_day,
       mart.date_key(oi.shipped_at)                          AS shipped_date_key,
       mart.date_key(oi.delivered_at)                        AS delivered_date_key,
       mart.date_key(oi.returned_at)                         AS returned_date_key,
       oi.status                                             AS item_status,
       o.status                                              AS order_status,
       oi.created_at                                         AS ordered_at,
       mart.utc(oi.created_at)                               AS ordered_at_utc,
       oi.shipped_at,
       mart.utc(oi.shipped_at)                               AS shipped_at_utc,
       oi.delivered_at,
       mart.utc(oi.delivered_at)                             AS delivered_at_utc,
       oi.returned_at,
       mart.utc(oi.returned_at)                              AS returned_at_utc,
       1                                                     AS quantity,
       mart.is_net_sale(oi.status, oi.returned_at)::integer  AS net_quantity,
       mart.gross_sales_amount(oi.sale_price)::numeric(19,4) AS gross_sales_amount,
       mart.net_sales_amount(oi.sale_price, oi.status, oi.returned_at)::numeric(19,4) AS net_sales_amount,
       coalesce(ii.cost, p.cost)::numeric(19,4)              AS cost_amount,
       (mart.gross_sales_amount(oi.sale_price) - coalesce(ii.cost, p.cost))::numeric(19,4) AS margin_amount,
       mart.days_between(oi.created_at, oi.shipped_at)       AS days_to_ship,
       mart.days_between(oi.shipped_at, oi.delivered_at)     AS days_in_transit,
       mart.days_between(oi.created_at, oi.delivered_at)     AS fulfilment_days,
       mart.is_cancelled(oi.status)                          AS is_cancelled,
       mart.is_returned(oi.status, oi.returned_at)           AS is_returned,
       mart.is_net_sale(oi.status, oi.returned_at)           AS is_net_sale,
       mart.utc(greatest(oi.normalised_at, o.normalised_at, u.normalised_at, ii.normalised_at, p.normalised_at))
                                                             AS last_modified_at
FROM core.order_items oi
LEFT JOIN core.orders o USING (order_id)
LEFT JOIN core.users u ON u.user_id = o.user_id
LEFT JOIN core.inventory_items ii USING (inventory_item_id)
LEFT JOIN core.products p ON p.product_id = ii.product_id;

-- One row per inventory item (a unit in stock): where it is stocked, what it cost, whether and when it sold.
-- The distribution center is its product's; cost is the item's own, the product's if it has none (as
-- fact_order_items.cost_amount). last_modified_at is the latest change of the item or its product (an
-- inferred product filled in later moves the item to its real center).
CREATE VIEW mart.fact_inventory_items AS
SELECT ii.inventory_item_id                                  AS inventory_item_key,
       coalesce(ii.product_id, -1)                           AS product_key,
       coalesce(p.distribution_center_id, -1)                AS distribution_center_key,
       mart.date_key(ii.created_at)                          AS created_date_key,
       mart.date_key(ii.sold_at)                             AS sold_date_key,
       ii.created_at,
       mart.utc(ii.created_at)                               AS created_at_utc,
       ii.sold_at,
       mart.utc(ii.sold_at)                                  AS sold_at_utc,
       ii.sold_at IS NOT NULL                                AS is_sold,
       ii.sold_at IS NULL                                    AS is_in_stock,
       coalesce(ii.cost, p.cost)::numeric(19,4)              AS cost_amount,
       mart.days_between(ii.created_at, ii.sold_at)          AS days_to_sell,
       1                                                     AS inventory_item_count,
       mart.utc(greatest(ii.normalised_at, p.normalised_at)) AS last_modified_at
FROM core.inventory_items ii
LEFT JOIN core.products p ON p.product_id = ii.product_id;

-- One row per order, its amounts the sums of its items' (so they agree with fact_order_items at any
-- grain); cancelled and returned are the order's own status.
CREATE VIEW mart.fact_orders AS
SELECT o.order_id                                            AS order_key,
       coalesce(o.user_id, -1)                               AS customer_key,
       coalesce(u.traffic_source_id, -1)                     AS signup_traffic_source_key,
       mart.date_key(o.created_at)                           AS order_date_key,
       mart.hour_of_day(o.created_at)                        AS order_hour_of_day,
       mart.date_key(o.shipped_at)                           AS shipped_date_key,
       mart.date_key(o.delivered_at)                         AS delivered_date_key,
       mart.date_key(o.returned_at)                          AS returned_date_key,
       o.status                                              AS order_status,
       o.created_at                                          AS ordered_at,
       mart.utc(o.created_at)                                AS ordered_at_utc,
       o.shipped_at,
       mart.utc(o.shipped_at)                                AS shipped_at_utc,
       o.delivered_at,
       mart.utc(o.delivered_at)                              AS delivered_at_utc,
       o.returned_at,
       mart.utc(o.returned_at)                               AS returned_at_utc,
       o.num_of_item                                         AS declared_item_count,
       items.item_count,
       items.net_item_count,
       items.gross_sales_amount::numeric(19,4)               AS gross_sales_amount,
       items.net_sales_amount::numeric(19,4)                 AS net_sales_amount,
       mart.days_between(o.created_at, o.delivered_at)       AS fulfilment_days,
       mart.is_cancelled(o.status)                           AS is_cancelled,
       mart.is_returned(o.status, o.returned_at)             AS is_returned,
       1                                                     AS order_count,
       mart.utc(greatest(o.normalised_at, u.normalised_at, items.last_modified_at)) AS last_modified_at
FROM core.orders o
LEFT JOIN core.users u ON u.user_id = o.user_id
CROSS JOIN LATERAL (
    SELECT count(oi.order_item_id)                                                  AS item_count,
           count(oi.order_item_id) FILTER (WHERE mart.is_net_sale(oi.status, oi.returned_at)) AS net_item_count,
           coalesce(sum(mart.gross_sales_amount(oi.sale_price)), 0)                 AS gross_sales_amount,
           coalesce(sum(mart.net_sales_amount(oi.sale_price, oi.status, oi.returned_at)), 0) AS net_sales_amount,
           max(oi.normalised_at)                                                    AS last_modified_at
    FROM core.order_items oi
    WHERE oi.order_id = o.order_id) items;

-- One row per web event; the session's attributes (user, place, browser, traffic source) are
-- repeated here on purpose: a star schema trades normal form for simple, fast filters. A session
-- never changes once written, so the event's own row says when it last changed (and is indexed).
CREATE VIEW mart.fact_events AS
SELECT e.event_id                                AS event_key,
       s.session_key,
       e.sequence_number,
       coalesce(s.user_id, -1)                   AS customer_key,
       coalesce(s.traffic_source_id, -1)         AS session_traffic_source_key,
       mart.date_key(e.created_at)               AS event_date_key,
       mart.hour_of_day(e.created_at)            AS event_hour_of_day,
       e.created_at                              AS event_at,
       mart.utc(e.created_at)                    AS event_at_utc,
       e.event_type,
       e.uri,
       s.browser,
       s.city,
       s.state,
       s.user_id IS NULL                         AS is_anonymous,
       1                                         AS event_count,
       mart.utc(e.normalised_at)                 AS last_modified_at
FROM core.events e
JOIN core.sessions s USING (session_id);

-- One row per browsing session: when it started and ended, how far down the funnel it got, which steps it
-- reached, whether it bought. Computed from the session's events on every read, one session at a time
-- (LATERAL, as fact_orders): a filter on the session (its key, its customer) reads only that session's events
-- through their session index, which is how the normaliser reads the sessions a run changed
-- (R__31_mart_aggregates.sql). A session reaches a step if it has an event of that type, wherever it entered.
-- country is the customer's (from their address): events carry none.
CREATE VIEW mart.fact_sessions AS
SELECT s.session_key,
       coalesce(s.user_id, -1)                          AS customer_key,
       coalesce(s.traffic_source_id, -1)                AS session_traffic_source_key,
       mart.date_key(e.started_at)                      AS session_date_key,
       mart.hour_of_day(e.started_at)                   AS session_start_hour_of_day,
       e.started_at,
       mart.utc(e.started_at)                           AS started_at_utc,
       e.ended_at,
       mart.utc(e.ended_at)                             AS ended_at_utc,
       extract(epoch FROM e.ended_at - e.started_at)::integer AS duration_seconds,
       s.browser,
       s.city,
       s.state,
       a.country,
       e.event_count,
       e.furthest_funnel_step_key,
       e.reached_home,
       e.reached_department,
       e.reached_product,
       e.reached_cart,
       e.is_purchased,
       s.user_id IS NULL                                AS is_anonymous,
       1                                                AS session_count,
       mart.utc(greatest(s.normalised_at, u.normalised_at, e.last_modified_at)) AS last_modified_at
FROM core.sessions s
-- the address is written with its user's row, which says when it changed
LEFT JOIN core.users u ON u.user_id = s.user_id
LEFT JOIN core.user_addresses a ON a.user_id = s.user_id
CROSS JOIN LATERAL (
    SELECT min(ev.created_at)                           AS started_at,
           max(ev.created_at)                           AS ended_at,
           count(*)::integer                            AS event_count,
           coalesce(max(step.funnel_step_key), 0)       AS furthest_funnel_step_key,
           bool_or(step.funnel_step = 'home')           IS TRUE AS reached_home,
           bool_or(step.funnel_step = 'department')     IS TRUE AS reached_department,
           bool_or(step.funnel_step = 'product')        IS TRUE AS reached_product,
           bool_or(step.funnel_step = 'cart')           IS TRUE AS reached_cart,
           bool_or(step.funnel_step = 'purchase')       IS TRUE AS is_purchased,
           max(ev.normalised_at)                        AS last_modified_at
    FROM core.events ev
    LEFT JOIN mart.dim_funnel_step step ON step.funnel_step = ev.event_type
    WHERE ev.session_id = s.session_id) e
WHERE e.event_count > 0;

-- How complete the facts' dimensions are: per entity, the members inferred because a fact referred to
-- them before their own record arrived (shown as 'Unknown' in the dimensions), the oldest of them, how
-- many rows refer to them, and the rows that cannot be placed at all (core.pending says why).
-- Readable with mart access alone.
CREATE VIEW mart.data_completeness AS
SELECT entity, inferred_members, oldest_inferred_at, now() - oldest_inferred_at AS oldest_inferred_age,
       referencing_rows, referenced_by, unplaced_rows
FROM core.completeness_by_entity();

-- What identifies a customer as a person, apart from mart (V011: ecomstream_reader cannot read it).
CREATE VIEW personal.customer_contacts AS
SELECT u.user_id                                                             AS customer_key,
       u.first_name,
       u.last_name,
       mart.label(concat_ws(' ', u.first_name, u.last_name), u.is_inferred) AS customer_name,
       u.email,
       a.street_address,
       a.postal_code,
       a.latitude,
       a.longitude
FROM core.users u
LEFT JOIN core.user_addresses a USING (user_id);

-- Grants: the views above are new objects, so the reader's SELECT is given again (V011; a warning instead
-- while the role does not exist). PERFORM, not SELECT: Flyway would print the result as a table.
DO $$ BEGIN PERFORM core.grant_mart_reader(); END $$;

-- Comments, shown by psql's \d+ and as descriptions in Power BI. A column that means the same in every
-- view that has it is described once (view NULL); a view's own meaning of a column overrides it.
-- MartIT fails if a mart view or column has none.
COMMENT ON VIEW mart.dim_date IS 'Calendar: one row per UTC day from the first year of the data to a year after its last';
COMMENT ON VIEW mart.dim_distribution_center IS 'Distribution centers; -1 is Unknown';
COMMENT ON VIEW mart.dim_product IS 'Products with brand, category and department; -1 is Unknown';
COMMENT ON VIEW mart.dim_traffic_source IS 'Traffic sources (how a customer signed up, or where a session came from); -1 is Unknown';
COMMENT ON VIEW mart.dim_funnel_step IS 'The purchase funnel''s steps in order, home to purchase; 0 is none';
COMMENT ON VIEW mart.fact_order_items IS 'One row per order item: gross and net sales, cost, margin, fulfilment times';
COMMENT ON VIEW mart.fact_inventory_items IS 'One row per inventory item (a unit in stock): distribution center, cost, in stock or sold, days to sell';
COMMENT ON VIEW mart.fact_orders IS 'One row per order; amounts are the sums of its items''';
COMMENT ON VIEW mart.fact_events IS 'One row per web event, with its session''s attributes';
COMMENT ON VIEW mart.fact_sessions IS 'One row per browsing session: start, end, furthest funnel step, purchase';
COMMENT ON VIEW mart.data_completeness IS 'Per entity: members inferred from facts that arrived before them, and rows that cannot be placed';
COMMENT ON VIEW personal.customer_contacts IS 'Personal data of customers: names, email, street address, coordinates. Not readable by ecomstream_reader';

DO $$
DECLARE
    described record;
BEGIN
    FOR described IN
        WITH column_descriptions (view_name, column_name, description) AS (VALUES
    (NULL, 'customer_key', 'The customer: dim_customer.customer_key (-1: an anonymous visitor, or an order without a user)'),
    ('mart.dim_customer', 'customer_key', 'Customer id (the shop''s user id); -1 is the anonymous visitor'),
    ('personal.customer_contacts', 'customer_key', 'Customer id: dim_customer.customer_key'),
    (NULL, 'product_key', 'The product: dim_product.product_key (-1: unknown)'),
    ('mart.dim_product', 'product_key', 'Product id; -1 is Unknown'),
    (NULL, 'distribution_center_key', 'The distribution center of the product: dim_distribution_center.distribution_center_key (-1: unknown)'),
    ('mart.dim_distribution_center', 'distribution_center_key', 'Distribution center id; -1 is Unknown'),
    (NULL, 'signup_traffic_source_key', 'How the customer came to sign up: dim_traffic_source.traffic_source_key (-1: unknown or anonymous)'),
    (NULL, 'session_traffic_source_key', 'Where the browsing session came from: dim_traffic_source.traffic_source_key (-1: unknown)'),
    (NULL, 'traffic_source_key', 'Traffic source id; -1 is Unknown'),
    (NULL, 'traffic_source', 'Traffic source name (Search, Organic, Email, ...)'),
    (NULL, 'session_key', 'The browsing session: fact_sessions.session_key'),
    ('mart.fact_sessions', 'session_key', 'Session id (a number for the session''s uuid, which stays in core)'),
    (NULL, 'order_key', 'The order: fact_orders.order_key'),
    ('mart.fact_orders', 'order_key', 'Order id'),
    (NULL, 'order_item_key', 'Order item id'),
    (NULL, 'inventory_item_key', 'The inventory item (the unit) sold'),
    (NULL, 'event_key', 'Event id'),
    ('mart.fact_inventory_items', 'inventory_item_key', 'Inventory item id (a unit in stock): fact_order_items.inventory_item_key'),
    ('mart.fact_inventory_items', 'distribution_center_key', 'The distribution center that stocks it, its product''s: dim_distribution_center.distribution_center_key (-1: unknown)'),
    ('mart.fact_inventory_items', 'cost_amount', 'Cost of the unit: its own cost, else its product''s'),
    (NULL, 'created_date_key', 'UTC day the item arrived in stock: dim_date.date_key'),
    (NULL, 'sold_date_key', 'UTC day the item was sold: dim_date.date_key (NULL: in stock)'),
    (NULL, 'created_at', 'When the item arrived in stock'),
    (NULL, 'created_at_utc', 'When the item arrived in stock, UTC'),
    (NULL, 'sold_at', 'When the item was sold (NULL: in stock)'),
    (NULL, 'sold_at_utc', 'When the item was sold, UTC (NULL: in stock)'),
    (NULL, 'is_sold', 'Sold: the item has a sale time'),
    (NULL, 'is_in_stock', 'In stock: not sold yet'),
    (NULL, 'days_to_sell', 'Days from arrival in stock to sale, two decimals (NULL: in stock)'),
    (NULL, 'inventory_item_count', '1 per inventory item, to sum'),
    (NULL, 'sequence_number', 'Position of the event in its session, from 1'),
    (NULL, 'order_date_key', 'UTC day the order was placed: dim_date.date_key'),
    (NULL, 'shipped_date_key', 'UTC day it was shipped: dim_date.date_key (NULL: not shipped)'),
    (NULL, 'delivered_date_key', 'UTC day it was delivered: dim_date.date_key (NULL: not delivered)'),
    (NULL, 'returned_date_key', 'UTC day it was returned: dim_date.date_key (NULL: not returned)'),
    (NULL, 'event_date_key', 'UTC day of the event: dim_date.date_key'),
    (NULL, 'session_date_key', 'UTC day of the session''s first event: dim_date.date_key'),
    (NULL, 'signup_date_key', 'UTC day the customer signed up: dim_date.date_key'),
    (NULL, 'first_order_date_key', 'UTC day of the customer''s first order, any status: dim_date.date_key (NULL: no order)'),
    (NULL, 'order_hour_of_day', 'UTC hour the order was placed, 0 to 23'),
    (NULL, 'event_hour_of_day', 'UTC hour of the event, 0 to 23'),
    (NULL, 'session_start_hour_of_day', 'UTC hour of the session''s first event, 0 to 23'),
    (NULL, 'item_status', 'Status of the item: Processing, Shipped, Complete, Cancelled, Returned (NULL: not recorded)'),
    (NULL, 'order_status', 'Status of the order: Processing, Shipped, Complete, Cancelled, Returned (NULL: not recorded)'),
    (NULL, 'ordered_at', 'When the order was placed'),
    (NULL, 'ordered_at_utc', 'When the order was placed, UTC (incremental refresh: filter RangeStart <= ordered_at_utc < RangeEnd)'),
    (NULL, 'shipped_at', 'When it was shipped'),
    (NULL, 'shipped_at_utc', 'When it was shipped, UTC'),
    (NULL, 'delivered_at', 'When it was delivered'),
    (NULL, 'delivered_at_utc', 'When it was delivered, UTC'),
    (NULL, 'returned_at', 'When it was returned'),
    (NULL, 'returned_at_utc', 'When it was returned, UTC'),
    (NULL, 'event_at', 'When the event happened'),
    (NULL, 'event_at_utc', 'When the event happened, UTC (incremental refresh: filter RangeStart <= event_at_utc < RangeEnd)'),
    (NULL, 'started_at', 'Time of the session''s first event'),
    (NULL, 'started_at_utc', 'Time of the session''s first event, UTC'),
    (NULL, 'ended_at', 'Time of the session''s last event'),
    (NULL, 'ended_at_utc', 'Time of the session''s last event, UTC'),
    (NULL, 'signed_up_at', 'When the customer signed up'),
    (NULL, 'signed_up_at_utc', 'When the customer signed up, UTC'),
    (NULL, 'last_modified_at', 'When the normaliser last changed a row this one is computed from, UTC: incremental refresh''s change detection'),
    (NULL, 'quantity', 'Items ordered: 1 per order item, whatever its status'),
    (NULL, 'net_quantity', 'Items sold net: 1 unless the item is cancelled or returned, else 0'),
    (NULL, 'gross_sales_amount', 'Gross sales: the sale price, whatever became of the item (cancelled and returned included)'),
    (NULL, 'net_sales_amount', 'Net sales: the sale price of an item neither cancelled nor returned, 0 otherwise; an item without status counts'),
    ('mart.fact_orders', 'gross_sales_amount', 'Gross sales: sum of the order''s items'' gross_sales_amount'),
    ('mart.fact_orders', 'net_sales_amount', 'Net sales: sum of the order''s items'' net_sales_amount'),
    (NULL, 'cost_amount', 'Cost of the unit sold: the inventory item''s cost, else its product''s'),
    (NULL, 'margin_amount', 'gross_sales_amount - cost_amount, whatever became of the item'),
    (NULL, 'days_to_ship', 'Days from order to shipping, two decimals'),
    (NULL, 'days_in_transit', 'Days from shipping to delivery, two decimals'),
    (NULL, 'fulfilment_days', 'Days from order to delivery, two decimals'),
    (NULL, 'is_cancelled', 'Cancelled: the status is Cancelled'),
    (NULL, 'is_returned', 'Returned: the status is Returned, or a return date is set'),
    (NULL, 'is_net_sale', 'Neither cancelled nor returned: counts in net sales'),
    (NULL, 'declared_item_count', 'Items the order says it has (num_of_item of the source)'),
    (NULL, 'item_count', 'Order items that arrived'),
    (NULL, 'net_item_count', 'Order items that arrived and are neither cancelled nor returned'),
    (NULL, 'order_count', '1 per order, to sum'),
    (NULL, 'event_type', 'What the visitor did: home, department, product, cart, purchase, cancel'),
    (NULL, 'uri', 'Page of the event'),
    (NULL, 'browser', 'Browser of the session (the data''s only device attribute)'),
    (NULL, 'city', 'City of the session (from its IP address)'),
    (NULL, 'state', 'State of the session (from its IP address)'),
    ('mart.dim_customer', 'city', 'City of the customer''s address'),
    ('mart.dim_customer', 'state', 'State of the customer''s address'),
    (NULL, 'country', 'Country of the customer''s address'),
    (NULL, 'is_anonymous', 'No customer: the visitor was not logged in'),
    (NULL, 'event_count', 'Events: 1 per event, to sum'),
    ('mart.fact_sessions', 'event_count', 'Events of the session'),
    (NULL, 'duration_seconds', 'Seconds from the first event to the last'),
    (NULL, 'furthest_funnel_step_key', 'Furthest funnel step the session reached: dim_funnel_step.funnel_step_key (0: none)'),
    (NULL, 'is_purchased', 'The session has a purchase event'),
    (NULL, 'reached_home', 'The session has a home event'),
    (NULL, 'reached_department', 'The session has a department event'),
    (NULL, 'reached_product', 'The session has a product event'),
    (NULL, 'reached_cart', 'The session has a cart event'),
    ('mart.fact_sessions', 'country', 'Country of the session''s customer, from their address (NULL: anonymous, or not known)'),
    ('mart.daily_sessions', 'country', 'Country of the sessions'' customer, from their address (NULL: anonymous, or not known)'),
    ('mart.daily_sales', 'category', 'Product category of the items sold, as dim_product.category'),
    ('mart.daily_sales', 'order_date_key', 'UTC day the items were ordered: dim_date.date_key (NULL: not known yet)'),
    ('mart.daily_orders', 'order_date_key', 'UTC day the orders were placed: dim_date.date_key (NULL: an order known only from its items)'),
    ('mart.daily_sales', 'quantity', 'Items ordered, whatever became of them'),
    ('mart.daily_sales', 'net_quantity', 'Items neither cancelled nor returned'),
    ('mart.daily_sales', 'gross_sales_amount', 'Gross sales: sum of fact_order_items.gross_sales_amount'),
    ('mart.daily_sales', 'net_sales_amount', 'Net sales: sum of fact_order_items.net_sales_amount'),
    ('mart.daily_sales', 'cost_amount', 'Cost of all items: sum of fact_order_items.cost_amount (an unknown cost counts 0: see uncosted_quantity)'),
    ('mart.daily_sales', 'margin_amount', 'Margin of all items: sum of fact_order_items.margin_amount (unknown counts 0)'),
    (NULL, 'net_cost_amount', 'Cost of the net sales: sum of cost_amount over items neither cancelled nor returned'),
    (NULL, 'net_margin_amount', 'Margin of the net sales: sum of margin_amount over items neither cancelled nor returned'),
    (NULL, 'uncosted_quantity', 'Items whose cost is not known (neither the item nor its product has one)'),
    (NULL, 'cancelled_quantity', 'Items cancelled (status Cancelled); items not cancelled: quantity - cancelled_quantity, returned among them: quantity - net_quantity - cancelled_quantity'),
    (NULL, 'logged_in_event_count', 'Events of sessions of a known customer (not anonymous)'),
    ('mart.daily_orders', 'order_count', 'Orders placed, any status'),
    ('mart.daily_orders', 'item_count', 'Order items of those orders that arrived'),
    ('mart.daily_orders', 'net_item_count', 'Order items of those orders neither cancelled nor returned'),
    ('mart.daily_orders', 'gross_sales_amount', 'Gross sales: sum of fact_orders.gross_sales_amount'),
    ('mart.daily_orders', 'net_sales_amount', 'Net sales: sum of fact_orders.net_sales_amount'),
    (NULL, 'cancelled_order_count', 'Orders whose status is Cancelled'),
    (NULL, 'returned_order_count', 'Orders returned (status Returned, or a return date)'),
    ('mart.daily_sessions', 'session_date_key', 'UTC day of the sessions'' first event: dim_date.date_key'),
    ('mart.daily_sessions', 'session_count', 'Sessions'),
    ('mart.daily_sessions', 'event_count', 'Events of those sessions'),
    (NULL, 'logged_in_session_count', 'Sessions of a known customer (not anonymous)'),
    (NULL, 'home_session_count', 'Sessions with a home event'),
    (NULL, 'department_session_count', 'Sessions with a department event'),
    (NULL, 'product_session_count', 'Sessions with a product event'),
    (NULL, 'cart_session_count', 'Sessions with a cart event'),
    (NULL, 'purchasing_session_count', 'Sessions with a purchase event'),
    ('mart.daily_sales', 'last_modified_at', 'When the normaliser last changed this row, UTC'),
    ('mart.daily_orders', 'last_modified_at', 'When the normaliser last changed this row, UTC'),
    ('mart.daily_sessions', 'last_modified_at', 'When the normaliser last changed this row, UTC'),
    ('mart.customer_lifetime', 'customer_key', 'The customer: dim_customer.customer_key (a customer with at least one order)'),
    ('mart.customer_lifetime', 'first_order_at', 'When the customer placed their first order, any status'),
    ('mart.customer_lifetime', 'last_modified_at', 'When the normaliser last changed this row, UTC'),
    (NULL, 'session_count', '1 per session, to sum'),
    (NULL, 'date_key', 'yyyymmdd'),
    (NULL, 'date', 'The day'),
    (NULL, 'year', 'Calendar year'),
    (NULL, 'quarter', 'Calendar quarter, 1 to 4'),
    (NULL, 'quarter_name', 'Q1 to Q4'),
    (NULL, 'year_quarter', 'Calendar year and quarter, e.g. 2024-Q1'),
    (NULL, 'month', 'Month, 1 to 12'),
    (NULL, 'month_name', 'Month name, e.g. January'),
    (NULL, 'year_month', 'Calendar year and month, e.g. 2024-01'),
    (NULL, 'month_start_date', 'First day of the month'),
    (NULL, 'day_of_month', 'Day of the month, 1 to 31'),
    (NULL, 'day_of_week', 'ISO day of the week: 1 Monday to 7 Sunday'),
    (NULL, 'day_name', 'Day name, e.g. Monday'),
    (NULL, 'iso_year', 'ISO 8601 week-numbering year (2021-01-01 belongs to 2020)'),
    (NULL, 'iso_week', 'ISO 8601 week of iso_year, 1 to 53'),
    (NULL, 'iso_year_week', 'ISO year and week, e.g. 2020-W53'),
    (NULL, 'week_start_date', 'Monday of the ISO week'),
    (NULL, 'is_weekend', 'Saturday or Sunday'),
    (NULL, 'distribution_center', 'Distribution center name (Unknown until its record arrives)'),
    (NULL, 'latitude', 'Latitude of the distribution center'),
    (NULL, 'longitude', 'Longitude of the distribution center'),
    ('personal.customer_contacts', 'latitude', 'Latitude of the customer''s address'),
    ('personal.customer_contacts', 'longitude', 'Longitude of the customer''s address'),
    (NULL, 'is_inferred', 'Known only from a fact that refers to it: its own record has not arrived yet (labels show Unknown)'),
    (NULL, 'product_name', 'Product name (Unknown until its record arrives)'),
    (NULL, 'sku', 'Stock keeping unit'),
    (NULL, 'brand', 'Brand'),
    (NULL, 'category', 'Product category'),
    (NULL, 'department', 'Department (Men, Women)'),
    (NULL, 'product_cost', 'Catalog cost of the product'),
    (NULL, 'retail_price', 'Catalog retail price of the product'),
    (NULL, 'funnel_step_key', 'Position of the step in the funnel, 1 (home) to 5 (purchase); 0 none'),
    (NULL, 'funnel_step', 'The step: the event type that reaches it'),
    (NULL, 'customer_label', 'A label without personal data: Customer <id>, Unknown, Unknown (anonymous)'),
    (NULL, 'age', 'Age in years'),
    (NULL, 'age_band', 'Age band: under 18, 18-24, ..., 65 and over'),
    (NULL, 'gender', 'Gender as recorded (M, F)'),
    (NULL, 'cohort_month', 'Month of the customer''s first order, yyyy-mm, UTC (NULL: no order)'),
    (NULL, 'lifetime_orders', 'Orders the customer placed, any status'),
    (NULL, 'lifetime_net_sales_amount', 'Net sales of all the customer''s orders'),
    (NULL, 'is_unknown', 'The -1 member: anonymous visitors'),
    (NULL, 'entity', 'Entity (core table)'),
    (NULL, 'inferred_members', 'Members known only from facts that refer to them'),
    (NULL, 'oldest_inferred_at', 'When the oldest of them was inferred'),
    (NULL, 'oldest_inferred_age', 'How long the oldest of them has waited for its record'),
    (NULL, 'referencing_rows', 'Rows that refer to an inferred member'),
    (NULL, 'referenced_by', 'Which entities refer to them, with counts'),
    (NULL, 'unplaced_rows', 'Rows that cannot be placed (core.pending says why)'),
    (NULL, 'first_name', 'First name'),
    (NULL, 'last_name', 'Last name'),
    (NULL, 'customer_name', 'First and last name (Unknown until the customer''s record arrives)'),
    (NULL, 'email', 'Email address'),
    (NULL, 'street_address', 'Street address'),
    (NULL, 'postal_code', 'Postal code')
        )
        SELECT c.table_schema, c.table_name, c.column_name,
               coalesce(own.description, shared.description) AS description
        FROM information_schema.columns c
        LEFT JOIN column_descriptions own
               ON own.view_name = c.table_schema || '.' || c.table_name AND own.column_name = c.column_name
        LEFT JOIN column_descriptions shared
               ON shared.view_name IS NULL AND shared.column_name = c.column_name
        WHERE c.table_schema IN ('mart', 'personal')
    LOOP
        EXECUTE format('COMMENT ON COLUMN %I.%I.%I IS %L', described.table_schema, described.table_name,
                       described.column_name, described.description);
    END LOOP;
END
$$;
