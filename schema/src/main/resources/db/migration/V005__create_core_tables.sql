-- core: the normalised (3NF) model of the TheLook data, one row per key holding the latest version.
-- The CSVs repeat facts; here each fact lives in one place:
--   * an inventory item refers to its product instead of repeating name, brand, category, price...
--   * a product refers to a brand, a category and a department (shared lookups)
--   * an order refers to its user instead of repeating the user's gender
--   * an order item refers to its order (which knows the user) and to its inventory item (which knows
--     the product), instead of repeating user_id and product_id
--   * the attributes that every event of a session repeats (user, IP, place, browser, traffic source)
--     live once in core.sessions
-- Where a repeated value disagreed with its owner, core.duplicated_attribute_mismatches shows it.
-- Every entity table keeps the staging row of the version it holds (source_staging_id): the lineage
-- back to the Kafka record, and the "is this version newer" test of the normaliser.
-- Documented with an ER diagram in docs/schema.md.

CREATE SCHEMA IF NOT EXISTS core;
-- mart: the star schema views over core (R__30_mart.sql)
CREATE SCHEMA IF NOT EXISTS mart;

CREATE TABLE core.distribution_centers (
    distribution_center_id bigint PRIMARY KEY,
    name                   text,
    latitude               numeric,
    longitude              numeric,
    source_staging_id      bigint      NOT NULL,
    normalised_at          timestamptz NOT NULL DEFAULT now()
);

-- Lookups: surrogate keys, the natural name is unique.
CREATE TABLE core.brands (
    brand_id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    brand_name text NOT NULL UNIQUE
);

CREATE TABLE core.categories (
    category_id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category_name text NOT NULL UNIQUE
);

CREATE TABLE core.departments (
    department_id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    department_name text NOT NULL UNIQUE
);

CREATE TABLE core.traffic_sources (
    traffic_source_id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    traffic_source_name text NOT NULL UNIQUE
);

CREATE TABLE core.products (
    product_id             bigint PRIMARY KEY,
    sku                    text,
    product_name           text,
    brand_id               integer REFERENCES core.brands,
    category_id            integer REFERENCES core.categories,
    department_id          integer REFERENCES core.departments,
    cost                   numeric,
    retail_price           numeric,
    distribution_center_id bigint  REFERENCES core.distribution_centers,
    source_staging_id      bigint      NOT NULL,
    normalised_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_brand_id_idx               ON core.products (brand_id);
CREATE INDEX products_category_id_idx            ON core.products (category_id);
CREATE INDEX products_department_id_idx          ON core.products (department_id);
CREATE INDEX products_distribution_center_id_idx ON core.products (distribution_center_id);

-- The cost is the item's own (what this unit cost when stocked); the product attributes the CSV
-- repeats are not kept here, the product row is the one place for them.
CREATE TABLE core.inventory_items (
    inventory_item_id bigint PRIMARY KEY,
    product_id        bigint REFERENCES core.products,
    created_at        timestamptz,
    sold_at           timestamptz,
    cost              numeric,
    source_staging_id bigint      NOT NULL,
    normalised_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inventory_items_product_id_idx ON core.inventory_items (product_id);
CREATE INDEX inventory_items_created_at_idx ON core.inventory_items (created_at);

CREATE TABLE core.users (
    user_id           bigint PRIMARY KEY,
    first_name        text,
    last_name         text,
    email             text,
    age               integer,
    gender            text,
    traffic_source_id integer REFERENCES core.traffic_sources,
    created_at        timestamptz,
    source_staging_id bigint      NOT NULL,
    normalised_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_traffic_source_id_idx ON core.users (traffic_source_id);
CREATE INDEX users_created_at_idx        ON core.users (created_at);
CREATE INDEX users_email_idx             ON core.users (email);

-- One address per user in the data; a table of its own so that a user is a person and an address
-- is a place (the mart's customer geography comes from here). The point geometry of the CSV is
-- not kept: it is POINT(longitude latitude), derived from the two columns.
CREATE TABLE core.user_addresses (
    user_id        bigint PRIMARY KEY REFERENCES core.users ON DELETE CASCADE,
    street_address text,
    postal_code    text,
    city           text,
    state          text,
    country        text,
    latitude       numeric,
    longitude      numeric
);
CREATE INDEX user_addresses_country_state_city_idx ON core.user_addresses (country, state, city);

CREATE TABLE core.orders (
    order_id          bigint PRIMARY KEY,
    user_id           bigint REFERENCES core.users,
    status            text,
    created_at        timestamptz,
    shipped_at        timestamptz,
    delivered_at      timestamptz,
    returned_at       timestamptz,
    num_of_item       integer,
    source_staging_id bigint      NOT NULL,
    normalised_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_id_idx    ON core.orders (user_id);
CREATE INDEX orders_created_at_idx ON core.orders (created_at);
CREATE INDEX orders_status_idx     ON core.orders (status);

CREATE TABLE core.order_items (
    order_item_id     bigint PRIMARY KEY,
    order_id          bigint REFERENCES core.orders,
    inventory_item_id bigint REFERENCES core.inventory_items,
    status            text,
    created_at        timestamptz,
    shipped_at        timestamptz,
    delivered_at      timestamptz,
    returned_at       timestamptz,
    sale_price        numeric,
    source_staging_id bigint      NOT NULL,
    normalised_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_items_order_id_idx          ON core.order_items (order_id);
CREATE INDEX order_items_inventory_item_id_idx ON core.order_items (inventory_item_id);
CREATE INDEX order_items_created_at_idx        ON core.order_items (created_at);
CREATE INDEX order_items_status_idx            ON core.order_items (status);

-- What every event of a session repeats. Taken from the first event of the session that reached
-- core; events that disagree are listed in core.duplicated_attribute_mismatches.
CREATE TABLE core.sessions (
    session_id        uuid PRIMARY KEY,
    user_id           bigint  REFERENCES core.users,
    ip_address        inet,
    city              text,
    state             text,
    postal_code       text,
    browser           text,
    traffic_source_id integer REFERENCES core.traffic_sources,
    normalised_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_id_idx           ON core.sessions (user_id);
CREATE INDEX sessions_traffic_source_id_idx ON core.sessions (traffic_source_id);

CREATE TABLE core.events (
    event_id          bigint PRIMARY KEY,
    session_id        uuid NOT NULL REFERENCES core.sessions,
    sequence_number   integer,
    created_at        timestamptz,
    uri               text,
    event_type        text,
    source_staging_id bigint      NOT NULL,
    normalised_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_session_id_idx ON core.events (session_id, sequence_number);
CREATE INDEX events_created_at_idx ON core.events (created_at);
CREATE INDEX events_event_type_idx ON core.events (event_type);
