-- How many users have never placed an order, by the traffic source that brought them?
-- An order of any status counts (a cancelled order was still placed).
-- chart: bar
-- values: users, users_without_orders
SELECT coalesce(ts.traffic_source_name, 'unknown')                                AS traffic_source,
       count(*)                                                                   AS users,
       count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM core.orders o WHERE o.user_id = u.user_id))
                                                                                  AS users_without_orders,
       round(100.0 * count(*) FILTER (WHERE NOT EXISTS
                 (SELECT 1 FROM core.orders o WHERE o.user_id = u.user_id)) / count(*), 2)
                                                                                  AS without_orders_pct
FROM core.users u
LEFT JOIN core.traffic_sources ts USING (traffic_source_id)
GROUP BY 1
ORDER BY traffic_source;
