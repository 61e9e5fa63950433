-- How many orders and how much revenue per month?
-- Month of the order's creation (UTC). Revenue is net: the sale prices of items neither cancelled nor
-- returned.
-- chart: line
-- values: orders, revenue
-- secondary: revenue
SELECT to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM')                         AS month,
       count(DISTINCT o.order_id)                                                 AS orders,
       count(oi.order_item_id)                                                    AS items,
       round(coalesce(sum(oi.sale_price) FILTER (WHERE oi.status NOT IN ('Cancelled', 'Returned')), 0), 2)
                                                                                  AS revenue
FROM core.orders o
LEFT JOIN core.order_items oi USING (order_id)
WHERE o.created_at IS NOT NULL
GROUP BY 1
ORDER BY month;
