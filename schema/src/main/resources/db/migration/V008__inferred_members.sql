-- Late parents become inferred members: a row whose parent has not arrived yet goes to core at once, and
-- the missing parent is created with its key only (is_inferred, NULL attributes), so every foreign key
-- holds and the fact is in the mart the moment it lands. The real parent fills the same row in place
-- when it arrives. An inferred member has no staging row yet, hence the nullable source_staging_id; the
-- check keeps the two facts from drifting apart.
--
-- Only entities that other entities refer to get the flag. Rows held back by the earlier normaliser
-- (core.normaliser_pending rows that name a parent) are placed by the next run (R__11).

-- Inferred members are few and the completeness view asks for their number and the oldest one: a
-- partial index answers both without reading the table, whatever its size. normalised_at of an
-- inferred member is when it was inferred (nothing writes it again until the real parent arrives).
DO $$
DECLARE
    member text;
BEGIN
    FOREACH member IN ARRAY ARRAY['distribution_centers', 'products', 'inventory_items', 'users', 'orders'] LOOP
        EXECUTE format('ALTER TABLE core.%1$I
                            ADD COLUMN is_inferred boolean NOT NULL DEFAULT false,
                            ALTER COLUMN source_staging_id DROP NOT NULL,
                            ADD CONSTRAINT %1$s_inferred_has_no_source
                                CHECK (is_inferred = (source_staging_id IS NULL))', member);
        EXECUTE format('CREATE INDEX %1$s_inferred_idx ON core.%1$I (normalised_at) WHERE is_inferred', member);
    END LOOP;
END
$$;
