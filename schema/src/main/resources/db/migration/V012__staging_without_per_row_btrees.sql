-- Staging keeps no btree: maintaining one entry per landed row in each btree was most of the cost of
-- landing a row (COPY of 1M events, Debian PostgreSQL 15, synchronous_commit on: 10.0 s with the
-- primary key, the unique coordinates, the landed_xid btree and the landed_at BRIN; 5.0 s with the one
-- BRIN below; 4.1 s with no index at all).
--
-- * The unique Kafka coordinates go. Exactly once comes from the offset compare-and-set in
--   staging.sink_offsets, in the same transaction as the rows; the index only re-checked it. A stored
--   offset moved back on purpose (a replay) now lands the records again, and the normaliser, which keeps
--   the newest version of each key, converges to the same core.
-- * The primary key on staging_id goes; staging_id stays the identity the normaliser and the lineage
--   views use. Every way in by staging_id, landed_at or landed_xid is one BRIN index of the three:
--   all three grow with the physical order of an append-only table, which is what a block range
--   summary needs, and one BRIN tuple per 32 pages costs the COPY next to nothing. Ranges not yet
--   summarised are always scanned, so a new row is never missed.
-- * landed_xid is indexed as a bigint (staging.xid_number): PostgreSQL has no BRIN operator class for
--   xid8. The normaliser's window (R__11) uses the same expression, so the index serves it.
CREATE FUNCTION staging.xid_number(xid xid8) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN xid::text::bigint;

COMMENT ON FUNCTION staging.xid_number(xid8) IS
    'A transaction id as a bigint, for BRIN indexes (PostgreSQL has no BRIN operator class for xid8)';

ALTER TABLE staging.distribution_centers DROP CONSTRAINT distribution_centers_pkey, DROP CONSTRAINT distribution_centers_kafka_coordinates_key;
DROP INDEX staging.distribution_centers_landed_xid_idx, staging.distribution_centers_landed_at_brin;
CREATE INDEX distribution_centers_landed_brin ON staging.distribution_centers
    USING brin (staging_id, landed_at, staging.xid_number(landed_xid)) WITH (pages_per_range = 32, autosummarize = on);

ALTER TABLE staging.products DROP CONSTRAINT products_pkey, DROP CONSTRAINT products_kafka_coordinates_key;
DROP INDEX staging.products_landed_xid_idx, staging.products_landed_at_brin;
CREATE INDEX products_landed_brin ON staging.products
    USING brin (staging_id, landed_at, staging.xid_number(landed_xid)) WITH (pages_per_range = 32, autosummarize = on);

ALTER TABLE staging.inventory_items DROP CONSTRAINT inventory_items_pkey, DROP CONSTRAINT inventory_items_kafka_coordinates_key;
DROP INDEX staging.inventory_items_landed_xid_idx, staging.inventory_items_landed_at_brin;
CREATE INDEX inventory_items_landed_brin ON staging.inventory_items
    USING brin (staging_id, landed_at, staging.xid_number(landed_xid)) WITH (pages_per_range = 32, autosummarize = on);

ALTER TABLE staging.users DROP CONSTRAINT users_pkey, DROP CONSTRAINT users_kafka_coordinates_key;
DROP INDEX staging.users_landed_xid_idx, staging.users_landed_at_brin;
CREATE INDEX users_landed_brin ON staging.users
    USING brin (staging_id, landed_at, staging.xid_number(landed_xid)) WITH (pages_per_range = 32, autosummarize = on);

ALTER TABLE staging.orders DROP CONSTRAINT orders_pkey, DROP CONSTRAINT orders_kafka_coordinates_key;
DROP INDEX staging.orders_landed_xid_idx, staging.orders_landed_at_brin;
CREATE INDEX orders_landed_brin ON staging.orders
    USING brin (staging_id, landed_at, staging.xid_number(landed_xid)) WITH (pages_per_range = 32, autosummarize = on);

ALTER TABLE staging.order_items DROP CONSTRAINT order_items_pkey, DROP CONSTRAINT order_items_kafka_coordinates_key;
DROP INDEX staging.order_items_landed_xid_idx, staging.order_items_landed_at_brin;
CREATE INDEX order_items_landed_brin ON staging.order_items
    USING brin (staging_id, landed_at, staging.xid_number(landed_xid)) WITH (pages_per_range = 32, autosummarize = on);

ALTER TABLE staging.events DROP CONSTRAINT events_pkey, DROP CONSTRAINT events_kafka_coordinates_key;
DROP INDEX staging.events_landed_xid_idx, staging.events_landed_at_brin;
CREATE INDEX events_landed_brin ON staging.events
    USING brin (staging_id, landed_at, staging.xid_number(landed_xid)) WITH (pages_per_range = 32, autosummarize = on);
