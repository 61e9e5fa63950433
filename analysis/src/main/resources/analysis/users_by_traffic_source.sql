-- Which traffic sources brought the users in (where they came from when they signed up)?
-- chart: bar
-- values: users
SELECT coalesce(ts.traffic_source_name, 'unknown')            AS traffic_source,
       count(*)                                               AS users,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)     AS share_pct
FROM core.users u
LEFT JOIN core.traffic_sources ts USING (traffic_source_id)
GROUP BY 1
ORDER BY users DESC, traffic_source;
