-- staging: the raw typed landing of every Kafka record, append-only.
-- core and mart are created by the normaliser's migrations.
CREATE SCHEMA IF NOT EXISTS staging;
