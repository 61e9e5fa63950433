-- How many orders does a user place (how many users placed 0, 1, 2, ... orders)?
-- chart: bar
-- values: users
SELECT orders_placed,
       count(*) AS users
FROM (SELECT u.user_id, count(o.order_id) AS orders_placed
      FROM core.users u
      LEFT JOIN core.orders o USING (user_id)
      GROUP BY u.user_id) per_user
GROUP BY orders_placed
ORDER BY orders_placed;
