-- Disk bytes per million staged rows of staging.events, on a migrated database (either shape: before V014 one
-- table, after it the sum over its partitions). Lands 1,000,000 TheLook-like events in 10 transactions of 100,000
-- (as the sink would: the BRIN index maintained while rows land), then reports table, index and total bytes.
-- Run on an empty staging: psql -v ON_ERROR_STOP=1 -f docs/staging-bytes-per-million.sql
\set rows 1000000
SELECT format('INSERT INTO staging.events (kafka_topic, kafka_partition, kafka_offset, id, user_id, sequence_number,
        session_id, created_at, ip_address, city, state, postal_code, browser, traffic_source, uri, event_type)
    SELECT ''ecomstream.events'', g %% 3, g, g, g / 7, g %% 9 + 1, md5((g / 9)::text)::uuid,
           timestamptz ''2023-01-01'' + g * interval ''17 seconds'', (''10.'' || g %% 250 || ''.'' || g / 250 %% 250 || ''.1'')::inet,
           (ARRAY[''Memphis'', ''São Paulo'', ''Shanghai'', ''Berlin''])[g %% 4 + 1], ''Tennessee'', lpad((g %% 99999)::text, 5, ''0''),
           (ARRAY[''Chrome'', ''Firefox'', ''Safari'', ''IE''])[g %% 4 + 1], (ARRAY[''Email'', ''Adwords'', ''Organic'', ''Facebook''])[g %% 4 + 1],
           ''/product/'' || g %% 29120, (ARRAY[''home'', ''department'', ''product'', ''cart'', ''purchase''])[g %% 5 + 1]
    FROM generate_series(%s, %s) g', batch * (:rows / 10) + 1, (batch + 1) * (:rows / 10))
FROM generate_series(0, 9) batch
\gexec
VACUUM ANALYZE staging.events;
WITH leaves AS (
    SELECT c.oid AS relid FROM pg_class c WHERE c.oid = 'staging.events'::regclass AND c.relkind = 'r'
    UNION ALL
    SELECT p.relid FROM pg_partition_tree('staging.events') p WHERE p.isleaf)
SELECT (SELECT count(*) FROM staging.events) AS staged_rows,
       count(*) AS tables,
       sum(pg_relation_size(relid)) AS table_bytes,
       sum(pg_indexes_size(relid)) AS index_bytes,
       sum(pg_total_relation_size(relid)) AS total_bytes,
       round(sum(pg_total_relation_size(relid)) * 1e6 / (SELECT count(*) FROM staging.events)) AS bytes_per_million_rows
FROM leaves;
