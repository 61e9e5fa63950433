-- Flyway creates the staging schema itself (it holds flyway_schema_history); this documents it.
-- core and mart are created by the normaliser's migrations.
COMMENT ON SCHEMA staging IS
    'Raw typed landing of every Kafka record, append-only, with its topic, partition and offset';
