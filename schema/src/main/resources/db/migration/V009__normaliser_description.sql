-- The description the per-entity normaliser functions are generated from (R__11): which core table and
-- column each staging value goes to, how it is cleaned, and which values are names in a lookup. Each
-- column is written here once; the functions' column lists, SET lists and change tests are derived.
-- Adding a column: the catalog (Entity.java), and one migration that adds it to staging and core and
-- inserts its row here; the insert regenerates the functions in that migration's transaction (a trigger,
-- R__11).

-- The core tables one entity's rows go to.
CREATE TABLE core.normaliser_tables (
    entity          text NOT NULL REFERENCES core.normaliser_watermarks,
    target_table    text NOT NULL,
    -- entity: the entity's own table, upserted, newer versions win;
    -- extension: one row per key of the entity (a user's address), upserted in the same statement;
    -- owner: a table the rows share and create, the first row wins (an event's session); a row without
    --        the owner's key cannot be placed and waits in core.pending
    role            text NOT NULL CHECK (role IN ('entity', 'extension', 'owner')),
    key_column      text NOT NULL,
    -- the staging column holding the key
    key_source      text NOT NULL,
    -- owner only: which of the rows creating it wins, as ORDER BY over the incoming rows i
    first_row_order text,
    -- shown in the generated function: why it is not the plain shape
    note            text,
    PRIMARY KEY (entity, target_table),
    CHECK ((role = 'owner') = (first_row_order IS NOT NULL))
);
CREATE UNIQUE INDEX normaliser_tables_one_entity_table ON core.normaliser_tables (entity) WHERE role = 'entity';

-- One row per core column a staging value goes to, in the order of the generated column lists.
CREATE TABLE core.normaliser_columns (
    column_order  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity        text NOT NULL,
    target_table  text NOT NULL,
    target_column text NOT NULL,
    -- SQL over the staging row s (the cleaning rules of core.cleaning_rules are applied here)
    source        text NOT NULL,
    -- the value is a name in this lookup table (<name>_name), target_column its surrogate key (<name>_id)
    lookup_table  text,
    UNIQUE (entity, target_table, target_column),
    FOREIGN KEY (entity, target_table) REFERENCES core.normaliser_tables
);

INSERT INTO core.normaliser_tables (entity, target_table, role, key_column, key_source, first_row_order, note) VALUES
    ('distribution_centers', 'distribution_centers', 'entity', 'distribution_center_id', 'id', NULL, NULL),
    ('products', 'products', 'entity', 'product_id', 'id', NULL, NULL),
    ('inventory_items', 'inventory_items', 'entity', 'inventory_item_id', 'id', NULL,
     'The product_* columns of an inventory item repeat its product: the product''s own record wins and '
     'core.duplicated_attribute_mismatches lists the differences.'),
    ('users', 'users', 'entity', 'user_id', 'id', NULL,
     'One statement for both tables, so that a version changing only the address counts as one updated user.'),
    ('users', 'user_addresses', 'extension', 'user_id', 'id', NULL, NULL),
    ('orders', 'orders', 'entity', 'order_id', 'order_id', NULL,
     'The gender an order repeats belongs to its user (compared in core.duplicated_attribute_mismatches).'),
    ('order_items', 'order_items', 'entity', 'order_item_id', 'id', NULL,
     'An order item''s user_id and product_id repeat what its order and its inventory item know '
     '(compared in core.duplicated_attribute_mismatches).'),
    ('events', 'sessions', 'owner', 'session_id', 'session_id', 'i.sequence_number, i.key',
     'What every event of a session repeats goes to core.sessions, from the first event of the session that '
     'gets there (lowest sequence number of its run); events that disagree are listed in '
     'core.duplicated_attribute_mismatches. An event without a session id cannot be placed: without it its '
     'user and place would be lost.'),
    ('events', 'events', 'entity', 'event_id', 'id', NULL, NULL);

INSERT INTO core.normaliser_columns (entity, target_table, target_column, source, lookup_table) VALUES
    ('distribution_centers', 'distribution_centers', 'name',              'core.clean_text(s.name)', NULL),
    ('distribution_centers', 'distribution_centers', 'latitude',          's.latitude', NULL),
    ('distribution_centers', 'distribution_centers', 'longitude',         's.longitude', NULL),

    ('products', 'products', 'sku',                    'core.clean_text(s.sku)', NULL),
    ('products', 'products', 'product_name',           'core.clean_text(s.name)', NULL),
    ('products', 'products', 'brand_id',               'core.clean_text(s.brand)', 'brands'),
    ('products', 'products', 'category_id',            'core.clean_text(s.category)', 'categories'),
    ('products', 'products', 'department_id',          'core.clean_text(s.department)', 'departments'),
    ('products', 'products', 'cost',                   's.cost', NULL),
    ('products', 'products', 'retail_price',           's.retail_price', NULL),
    ('products', 'products', 'distribution_center_id', 's.distribution_center_id', NULL),

    ('inventory_items', 'inventory_items', 'product_id', 's.product_id', NULL),
    ('inventory_items', 'inventory_items', 'created_at', 's.created_at', NULL),
    ('inventory_items', 'inventory_items', 'sold_at',    's.sold_at', NULL),
    ('inventory_items', 'inventory_items', 'cost',       's.cost', NULL),

    ('users', 'users', 'first_name',        'core.clean_text(s.first_name)', NULL),
    ('users', 'users', 'last_name',         'core.clean_text(s.last_name)', NULL),
    ('users', 'users', 'email',             'core.clean_text(s.email)', NULL),
    ('users', 'users', 'age',               's.age', NULL),
    ('users', 'users', 'gender',            'core.clean_text(s.gender)', NULL),
    ('users', 'users', 'traffic_source_id', 'core.clean_text(s.traffic_source)', 'traffic_sources'),
    ('users', 'users', 'created_at',        's.created_at', NULL),
    ('users', 'user_addresses', 'street_address', 'core.clean_text(s.street_address)', NULL),
    ('users', 'user_addresses', 'postal_code',    'core.clean_place(s.postal_code)', NULL),
    ('users', 'user_addresses', 'city',           'core.clean_place(s.city)', NULL),
    ('users', 'user_addresses', 'state',          'core.clean_place(s.state)', NULL),
    ('users', 'user_addresses', 'country',        'core.clean_place(s.country)', NULL),
    ('users', 'user_addresses', 'latitude',       's.latitude', NULL),
    ('users', 'user_addresses', 'longitude',      's.longitude', NULL),

    ('orders', 'orders', 'user_id',      's.user_id', NULL),
    ('orders', 'orders', 'status',       'core.clean_text(s.status)', NULL),
    ('orders', 'orders', 'created_at',   's.created_at', NULL),
    ('orders', 'orders', 'shipped_at',   's.shipped_at', NULL),
    ('orders', 'orders', 'delivered_at', 's.delivered_at', NULL),
    ('orders', 'orders', 'returned_at',  's.returned_at', NULL),
    ('orders', 'orders', 'num_of_item',  's.num_of_item', NULL),

    ('order_items', 'order_items', 'order_id',          's.order_id', NULL),
    ('order_items', 'order_items', 'inventory_item_id', 's.inventory_item_id', NULL),
    ('order_items', 'order_items', 'status',            'core.clean_text(s.status)', NULL),
    ('order_items', 'order_items', 'created_at',        's.created_at', NULL),
    ('order_items', 'order_items', 'shipped_at',        's.shipped_at', NULL),
    ('order_items', 'order_items', 'delivered_at',      's.delivered_at', NULL),
    ('order_items', 'order_items', 'returned_at',       's.returned_at', NULL),
    ('order_items', 'order_items', 'sale_price',        's.sale_price', NULL),

    ('events', 'sessions', 'user_id',           's.user_id', NULL),
    ('events', 'sessions', 'ip_address',        's.ip_address', NULL),
    ('events', 'sessions', 'city',              'core.clean_place(s.city)', NULL),
    ('events', 'sessions', 'state',             'core.clean_place(s.state)', NULL),
    ('events', 'sessions', 'postal_code',       'core.clean_place(s.postal_code)', NULL),
    ('events', 'sessions', 'browser',           'core.clean_text(s.browser)', NULL),
    ('events', 'sessions', 'traffic_source_id', 'core.clean_text(s.traffic_source)', 'traffic_sources'),
    ('events', 'events', 'session_id',      's.session_id', NULL),
    ('events', 'events', 'sequence_number', 's.sequence_number', NULL),
    ('events', 'events', 'created_at',      's.created_at', NULL),
    ('events', 'events', 'uri',             'core.clean_text(s.uri)', NULL),
    ('events', 'events', 'event_type',      'core.clean_text(s.event_type)', NULL);
