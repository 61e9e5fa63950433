-- How many users have never placed an order, by the traffic source that brought them?
-- An order of any status counts (a cancelled order was still placed: mart.dim_customer.lifetime_orders).
-- chart: bar
-- values: users, users_without_orders
SELECT ts.traffic_source                                                          AS traffic_source,
       count(*)                                                                   AS users,
       count(*) FILTER (WHERE c.lifetime_orders = 0)                              AS users_without_orders,
       round(100.0 * count(*) FILTER (WHERE c.lifetime_orders = 0) / count(*), 2) AS without_orders_pct
FROM mart.dim_customer c
JOIN mart.dim_traffic_source ts ON ts.traffic_source_key = c.signup_traffic_source_key
WHERE NOT c.is_unknown
GROUP BY 1
ORDER BY traffic_source;
