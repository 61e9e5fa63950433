-- The sink's position in each partition. It is written in the same transaction as the rows of a batch,
-- and only moved from the batch's first offset to its next one (compare-and-set), so a crash or a
-- second instance can never land a record twice or skip one.
CREATE TABLE staging.sink_offsets (
    topic          text        NOT NULL,
    kafka_partition integer    NOT NULL,
    next_offset    bigint      NOT NULL CHECK (next_offset >= 0),
    consumer_group text        NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, kafka_partition)
);

-- Records the sink could not land (not JSON, wrong types, missing key, refused by PostgreSQL...):
-- kept with their coordinates, original bytes and the reason, in the same transaction as the batch.
CREATE TABLE staging.rejected_records (
    rejected_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kafka_topic     text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    record_key      bytea,
    record_value    bytea,
    reason          text        NOT NULL,
    rejected_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT rejected_records_kafka_coordinates_key UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);
