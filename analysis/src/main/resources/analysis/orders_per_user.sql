-- How many orders does a user place (how many users placed 0, 1, 2, ... orders)?
-- An order of any status counts (mart.dim_customer.lifetime_orders).
-- chart: bar
-- values: users
SELECT c.lifetime_orders AS orders_placed,
       count(*)          AS users
FROM mart.dim_customer c
WHERE NOT c.is_unknown
GROUP BY c.lifetime_orders
ORDER BY orders_placed;
