-- Every btree on a core table is maintained once per row the normaliser writes, and most of the time of a
-- bulk run went there: inserting the 2.4 million events of scale 1 into core.events took 7.9 s with its
-- primary key alone and 36 s with its foreign key check; each further btree on a column in random order
-- (created_at, session_id) added 12 to 16 s (Debian PostgreSQL 15, synchronous_commit on). What stays is
-- what a reader uses:
--
-- * One time index per fact table, on UTC (V011): Power BI's incremental refresh, mart's *_at_utc
--   columns and the dashboard's windows (which now filter on the same expression) all read it. The plain
--   created_at btrees of events, orders and order items went unused after that; users' and inventory
--   items' stay (their readers filter on created_at).
-- * event_type alone never narrows a scan enough (six values, five of them in the funnel).
-- * normalised_at only grows: it is the time of the run that wrote the row, so a block range summary
--   serves "changed since" (Power BI's detect data changes on last_modified_at) at almost no cost.
DROP INDEX core.events_created_at_idx;
DROP INDEX core.orders_created_at_idx;
DROP INDEX core.order_items_created_at_idx;
DROP INDEX core.events_event_type_idx;
DROP INDEX core.events_normalised_at_utc_idx;
CREATE INDEX events_normalised_at_utc_brin ON core.events USING brin ((normalised_at AT TIME ZONE 'UTC'));
