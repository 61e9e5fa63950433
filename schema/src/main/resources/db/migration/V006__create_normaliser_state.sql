-- The normaliser's own state: where each entity's last run stopped, what waits for a parent, and
-- how often each cleaning rule changed a value. The functions are in R__10_normaliser.sql.

-- Every staging row whose landing transaction id is below processed_below has been handled.
-- One row per entity; load_order is the dependency order of the catalog (Entity.java).
CREATE TABLE core.normaliser_watermarks (
    entity          text     PRIMARY KEY,
    load_order      smallint NOT NULL UNIQUE,
    processed_below xid8     NOT NULL DEFAULT '0',
    last_run_at     timestamptz
);
INSERT INTO core.normaliser_watermarks (entity, load_order) VALUES
    ('distribution_centers', 1),
    ('products',             2),
    ('inventory_items',      3),
    ('users',                4),
    ('orders',               5),
    ('order_items',          6),
    ('events',               7);

-- The newest version of a key that could not reach core yet, because a parent it refers to has not
-- arrived (or, for an event without a session id, never can). Retried on every run; removed when
-- the version reaches core or a newer version of the key does. Read it through core.pending.
CREATE TABLE core.normaliser_pending (
    entity         text        NOT NULL REFERENCES core.normaliser_watermarks,
    entity_key     bigint      NOT NULL,
    staging_id     bigint      NOT NULL,
    -- the entity it waits for; parent_key NULL means the row lacks the reference altogether
    parent_entity  text        NOT NULL,
    parent_key     bigint,
    waiting_since  timestamptz NOT NULL DEFAULT now(),
    last_tried_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity, entity_key)
);
-- A run retries only the rows whose parent has arrived: found through this index.
CREATE INDEX normaliser_pending_parent_idx ON core.normaliser_pending (parent_entity, parent_key);

-- The cleaning rules, applied on the way from staging to core (staging keeps the original).
CREATE TABLE core.cleaning_rules (
    rule_name   text PRIMARY KEY,
    description text NOT NULL,
    -- NULL: every text column the normaliser reads
    columns     text[]
);
INSERT INTO core.cleaning_rules (rule_name, description, columns) VALUES
    ('trim_whitespace',
     'Spaces, tabs and line breaks around a text value are removed.', NULL),
    ('blank_to_null',
     'A text value that is empty once trimmed becomes NULL.', NULL),
    ('null_literal_to_null',
     'The literal text null (any case) in a place column becomes NULL.',
     ARRAY['city', 'state', 'postal_code', 'country']);

-- How many landed staging values each rule changed, per entity and column; counted once per
-- staging row, by the run that takes the row. Read it through core.cleaning_summary.
CREATE TABLE core.cleaning_counts (
    entity         text   NOT NULL,
    column_name    text   NOT NULL,
    rule_name      text   NOT NULL REFERENCES core.cleaning_rules,
    values_changed bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (entity, column_name, rule_name)
);
