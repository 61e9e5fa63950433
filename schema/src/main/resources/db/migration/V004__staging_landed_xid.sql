-- The normaliser's watermark must be safe with several sink instances committing concurrently.
-- "The highest staging_id seen" is not: a transaction that drew lower ids can commit after a
-- higher id was read, and its rows would be skipped for ever. Instead every staging row records
-- the id of the transaction that landed it (the same value for the whole batch, also inside
-- savepoints), and the normaliser only takes rows whose transaction is older than the oldest
-- transaction still running (the xmin of its snapshot): those have all committed or aborted, so
-- nothing can appear below that boundary afterwards. See R__10_normaliser.sql.
--
-- COPY lists its columns, so the default fills the column without any change to the sink.
-- Rows already landed get the id of this migration's transaction, so the first run takes them.

ALTER TABLE staging.distribution_centers ADD COLUMN landed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE staging.products             ADD COLUMN landed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE staging.inventory_items      ADD COLUMN landed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE staging.users                ADD COLUMN landed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE staging.orders               ADD COLUMN landed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE staging.order_items          ADD COLUMN landed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE staging.events               ADD COLUMN landed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();

-- Each run reads one xid range per table: an index range scan, so the cost follows the new rows.
CREATE INDEX distribution_centers_landed_xid_idx ON staging.distribution_centers (landed_xid);
CREATE INDEX products_landed_xid_idx             ON staging.products (landed_xid);
CREATE INDEX inventory_items_landed_xid_idx      ON staging.inventory_items (landed_xid);
CREATE INDEX users_landed_xid_idx                ON staging.users (landed_xid);
CREATE INDEX orders_landed_xid_idx               ON staging.orders (landed_xid);
CREATE INDEX order_items_landed_xid_idx          ON staging.order_items (landed_xid);
CREATE INDEX events_landed_xid_idx               ON staging.events (landed_xid);
