-- Offsets the sink was told to skip. A stored offset outside its partition's log (retention deleted
-- records that never landed, or the topic was recreated) stops the partition; an operator may accept
-- the gap (--accept-offset-gaps), and each accepted gap is kept here, so that records published and
-- records landed or rejected still reconcile: published = landed + rejected + skipped.
CREATE TABLE staging.sink_offset_gaps (
    gap_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic           text        NOT NULL,
    kafka_partition integer     NOT NULL,
    -- the stored offset, and where reading went on: [from_offset, to_offset) was never read.
    -- to_offset < from_offset when the log now ends before the stored offset (a recreated topic).
    from_offset     bigint      NOT NULL,
    to_offset       bigint      NOT NULL,
    records_skipped bigint      NOT NULL CHECK (records_skipped >= 0),
    reason          text        NOT NULL,
    consumer_group  text        NOT NULL,
    accepted_at     timestamptz NOT NULL DEFAULT now()
);
