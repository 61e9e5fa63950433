-- One staging table per entity of the catalog (dev.ecomstream.schema.Entity), in load order.
-- Every row keeps the Kafka coordinates it came from; the unique constraint on them makes a
-- duplicate landing impossible even if the offset bookkeeping were ever wrong.
-- Values keep the original text (no cleaning here: the normaliser cleans on the way to core).

CREATE TABLE staging.distribution_centers (
    staging_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    landed_at       timestamptz NOT NULL DEFAULT now(),
    id                              bigint NOT NULL,
    name                            text,
    latitude                        numeric,
    longitude                       numeric,
    distribution_center_geom        text,
    CONSTRAINT distribution_centers_kafka_coordinates_key UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);

CREATE TABLE staging.products (
    staging_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    landed_at       timestamptz NOT NULL DEFAULT now(),
    id                              bigint NOT NULL,
    cost                            numeric,
    category                        text,
    name                            text,
    brand                           text,
    retail_price                    numeric,
    department                      text,
    sku                             text,
    distribution_center_id          bigint,
    CONSTRAINT products_kafka_coordinates_key UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);

CREATE TABLE staging.inventory_items (
    staging_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    landed_at       timestamptz NOT NULL DEFAULT now(),
    id                              bigint NOT NULL,
    product_id                      bigint,
    created_at                      timestamptz,
    sold_at                         timestamptz,
    cost                            numeric,
    product_category                text,
    product_name                    text,
    product_brand                   text,
    product_retail_price            numeric,
    product_department              text,
    product_sku                     text,
    product_distribution_center_id  bigint,
    CONSTRAINT inventory_items_kafka_coordinates_key UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);

CREATE TABLE staging.users (
    staging_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    landed_at       timestamptz NOT NULL DEFAULT now(),
    id                              bigint NOT NULL,
    first_name                      text,
    last_name                       text,
    email                           text,
    age                             integer,
    gender                          text,
    state                           text,
    street_address                  text,
    postal_code                     text,
    city                            text,
    country                         text,
    latitude                        numeric,
    longitude                       numeric,
    traffic_source                  text,
    created_at                      timestamptz,
    user_geom                       text,
    CONSTRAINT users_kafka_coordinates_key UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);

CREATE TABLE staging.orders (
    staging_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    landed_at       timestamptz NOT NULL DEFAULT now(),
    order_id                        bigint NOT NULL,
    user_id                         bigint,
    status                          text,
    gender                          text,
    created_at                      timestamptz,
    returned_at                     timestamptz,
    shipped_at                      timestamptz,
    delivered_at                    timestamptz,
    num_of_item                     integer,
    CONSTRAINT orders_kafka_coordinates_key UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);

CREATE TABLE staging.order_items (
    staging_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    landed_at       timestamptz NOT NULL DEFAULT now(),
    id                              bigint NOT NULL,
    order_id                        bigint,
    user_id                         bigint,
    product_id                      bigint,
    inventory_item_id               bigint,
    status                          text,
    created_at                      timestamptz,
    shipped_at                      timestamptz,
    delivered_at                    timestamptz,
    returned_at                     timestamptz,
    sale_price                      numeric,
    CONSTRAINT order_items_kafka_coordinates_key UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);

CREATE TABLE staging.events (
    staging_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    landed_at       timestamptz NOT NULL DEFAULT now(),
    id                              bigint NOT NULL,
    user_id                         bigint,
    sequence_number                 integer,
    session_id                      uuid,
    created_at                      timestamptz,
    ip_address                      inet,
    city                            text,
    state                           text,
    postal_code                     text,
    browser                         text,
    traffic_source                  text,
    uri                             text,
    event_type                      text,
    CONSTRAINT events_kafka_coordinates_key UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);
