-- Aggregates of the mart, for dashboards, the heavy analysis queries and Power BI's DirectQuery: a month x
-- category slicer reads a few thousand rows here instead of every order item. The normaliser keeps them
-- exact, in the transaction of each run, by applying the difference each run makes to the facts
-- (R__31_mart_aggregates.sql; docs/schema.md, "Aggregates"): never a full refresh, and a run's work follows
-- the rows it changed. Their measures are the facts' columns (R__30_mart.sql), summed.
--
-- The grain is a unique constraint that treats NULL as a value (NULLS NOT DISTINCT): an order inferred from
-- its items has no date yet, a product without category has none, a session's customer may have no country,
-- and each such group is one row, as GROUP BY makes it. A group whose facts all moved away (an inferred
-- product filled in, a status changed) reaches a count of 0 and is deleted: the partial indexes find those
-- rows without a scan.
-- Column comments are R__30_mart.sql's (its list describes every column of the mart, tables included).

CREATE TABLE mart.daily_sales (
    order_date_key            integer,
    category                  text,
    distribution_center_key   bigint        NOT NULL,
    signup_traffic_source_key integer       NOT NULL,
    quantity                  bigint        NOT NULL,
    net_quantity              bigint        NOT NULL,
    gross_sales_amount        numeric(19,4) NOT NULL,
    net_sales_amount          numeric(19,4) NOT NULL,
    cost_amount               numeric(19,4) NOT NULL,
    margin_amount             numeric(19,4) NOT NULL,
    net_cost_amount           numeric(19,4) NOT NULL,
    net_margin_amount         numeric(19,4) NOT NULL,
    uncosted_quantity         bigint        NOT NULL,
    last_modified_at          timestamp     NOT NULL,
    CONSTRAINT daily_sales_grain
        UNIQUE NULLS NOT DISTINCT (order_date_key, category, distribution_center_key, signup_traffic_source_key)
);
CREATE INDEX daily_sales_emptied ON mart.daily_sales (order_date_key) WHERE quantity = 0;
COMMENT ON TABLE mart.daily_sales IS
    'Order items per UTC order day, product category, distribution center and signup traffic source: '
    'counts and sums of fact_order_items, kept exact by the normaliser';

CREATE TABLE mart.daily_orders (
    order_date_key            integer,
    signup_traffic_source_key integer       NOT NULL,
    order_count               bigint        NOT NULL,
    item_count                bigint        NOT NULL,
    net_item_count            bigint        NOT NULL,
    gross_sales_amount        numeric(19,4) NOT NULL,
    net_sales_amount          numeric(19,4) NOT NULL,
    cancelled_order_count     bigint        NOT NULL,
    returned_order_count      bigint        NOT NULL,
    last_modified_at          timestamp     NOT NULL,
    CONSTRAINT daily_orders_grain UNIQUE NULLS NOT DISTINCT (order_date_key, signup_traffic_source_key)
);
CREATE INDEX daily_orders_emptied ON mart.daily_orders (order_date_key) WHERE order_count = 0;
COMMENT ON TABLE mart.daily_orders IS
    'Orders per UTC order day and signup traffic source: counts and sums of fact_orders, kept exact by the '
    'normaliser';

CREATE TABLE mart.daily_sessions (
    session_date_key           integer,
    session_traffic_source_key integer   NOT NULL,
    country                    text,
    session_count              bigint    NOT NULL,
    logged_in_session_count    bigint    NOT NULL,
    home_session_count         bigint    NOT NULL,
    department_session_count   bigint    NOT NULL,
    product_session_count      bigint    NOT NULL,
    cart_session_count         bigint    NOT NULL,
    purchasing_session_count   bigint    NOT NULL,
    event_count                bigint    NOT NULL,
    last_modified_at           timestamp NOT NULL,
    CONSTRAINT daily_sessions_grain
        UNIQUE NULLS NOT DISTINCT (session_date_key, session_traffic_source_key, country)
);
CREATE INDEX daily_sessions_emptied ON mart.daily_sessions (session_date_key) WHERE session_count = 0;
COMMENT ON TABLE mart.daily_sessions IS
    'Browsing sessions per UTC day of their first event, session traffic source and customer country: '
    'sessions reaching each funnel step, purchasing sessions, events; counts of fact_sessions, kept exact by '
    'the normaliser';

-- ecomstream_reader reads them like the views: V011's default privileges give it SELECT on tables this role
-- creates in mart, and R__30_mart.sql grants it everything in mart again.
