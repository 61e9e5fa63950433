-- The dashboard's "rows landed per second" counts the staging rows of the last seconds on every refresh.
-- Without an index that is a scan of every staging table, growing for ever (staging is append-only).
-- BRIN, not B-tree: landed_at only grows with the physical order of an append-only table, so a block
-- range summary finds the last seconds' blocks just as well, is a few pages in size, and costs the
-- sink's COPY next to nothing (a B-tree would add one index entry per landed row).
-- autosummarize: ranges filled since the last VACUUM are summarised in the background; until then
-- a scan reads them anyway, so results are always exact.

CREATE INDEX distribution_centers_landed_at_brin ON staging.distribution_centers USING brin (landed_at)
    WITH (pages_per_range = 32, autosummarize = on);
CREATE INDEX products_landed_at_brin             ON staging.products             USING brin (landed_at)
    WITH (pages_per_range = 32, autosummarize = on);
CREATE INDEX inventory_items_landed_at_brin      ON staging.inventory_items      USING brin (landed_at)
    WITH (pages_per_range = 32, autosummarize = on);
CREATE INDEX users_landed_at_brin                ON staging.users                USING brin (landed_at)
    WITH (pages_per_range = 32, autosummarize = on);
CREATE INDEX orders_landed_at_brin               ON staging.orders               USING brin (landed_at)
    WITH (pages_per_range = 32, autosummarize = on);
CREATE INDEX order_items_landed_at_brin          ON staging.order_items          USING brin (landed_at)
    WITH (pages_per_range = 32, autosummarize = on);
CREATE INDEX events_landed_at_brin               ON staging.events               USING brin (landed_at)
    WITH (pages_per_range = 32, autosummarize = on);
