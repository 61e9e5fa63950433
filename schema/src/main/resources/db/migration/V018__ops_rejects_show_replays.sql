-- ops: rejects that were replayed (`sink rejected replay`, V017) are no longer work for anyone. The ops views of
-- V015 counted them with the rest, so a monitor showed a reject for ever once it had been fixed. Each reject now
-- shows whether and where its fixed version went, and the summary counts open and replayed rejects apart.
-- CREATE OR REPLACE with the new columns appended, not DROP and CREATE: the views keep their grants (SELECT to
-- ecomstream_monitor, V015) and comments, and every column a reader already selects keeps its name and meaning
-- (records still counts every reject: rows in = rows landed + rows rejected, whether replayed or not).

CREATE OR REPLACE VIEW ops.rejected_records AS
SELECT r.rejected_id,
       r.kafka_topic,
       r.kafka_partition,
       r.kafka_offset,
       r.reason,
       r.rejected_at,
       octet_length(r.record_key)   AS key_bytes,
       octet_length(r.record_value) AS value_bytes,
       r.replayed_at,
       r.replayed_partition,
       r.replayed_offset
FROM staging.rejected_records r;

CREATE OR REPLACE VIEW ops.rejected_summary AS
SELECT r.kafka_topic,
       r.reason,
       count(*)                                               AS records,
       min(r.rejected_at)                                     AS first_rejected_at,
       max(r.rejected_at)                                     AS last_rejected_at,
       count(*) FILTER (WHERE r.replayed_at IS NULL)          AS open_records,
       count(*) FILTER (WHERE r.replayed_at IS NOT NULL)      AS replayed_records,
       max(r.rejected_at) FILTER (WHERE r.replayed_at IS NULL) AS last_open_rejected_at,
       max(r.replayed_at)                                     AS last_replayed_at
FROM staging.rejected_records r
GROUP BY r.kafka_topic, r.reason;

-- Re-runs V015's grants: a no-op while the views keep theirs, and the monitor's SELECT if a DBA created the role
-- after V015 ran. PERFORM, not SELECT: Flyway would print the result as a table.
DO $$ BEGIN PERFORM core.grant_ops_monitor(); END $$;

COMMENT ON VIEW ops.rejected_records IS
    'Records the sink could not land, without their bytes: coordinates, reason, time, size, and whether a fixed version '
    'was published again (replayed_at NULL: still open). Filter on rejected_at (BRIN index)';
COMMENT ON COLUMN ops.rejected_records.replayed_at IS
    'When a fixed version was published again (sink rejected replay); NULL: open, nobody replayed it yet';
COMMENT ON COLUMN ops.rejected_records.replayed_partition IS 'Partition of kafka_topic the fixed version went to';
COMMENT ON COLUMN ops.rejected_records.replayed_offset IS 'Offset of the fixed version in that partition';

COMMENT ON VIEW ops.rejected_summary IS
    'Rejected records per topic and reason: how many, how many are still open and how many were replayed, first and last';
COMMENT ON COLUMN ops.rejected_summary.records IS 'Records rejected for this reason, replayed or not';
COMMENT ON COLUMN ops.rejected_summary.open_records IS 'Of them, those not replayed yet: the ones that want a look';
COMMENT ON COLUMN ops.rejected_summary.replayed_records IS
    'Of them, those whose fixed version was published again (sink rejected replay)';
COMMENT ON COLUMN ops.rejected_summary.last_open_rejected_at IS 'When the last open one was rejected (NULL: none open)';
COMMENT ON COLUMN ops.rejected_summary.last_replayed_at IS 'When the last of them was replayed (NULL: none)';
