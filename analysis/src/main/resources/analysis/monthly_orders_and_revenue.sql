-- How many orders and how much revenue per month?
-- Month of the order's creation (UTC). Revenue is net sales: the sale prices of items neither cancelled nor
-- returned (mart.fact_orders.net_sales_amount, the sum of its items').
-- chart: line
-- values: orders, revenue
-- secondary: revenue
SELECT to_char(o.ordered_at_utc, 'YYYY-MM')                 AS month,
       count(*)                                            AS orders,
       sum(o.item_count)::bigint                           AS items,
       round(sum(o.net_sales_amount), 2)                   AS revenue
FROM mart.fact_orders o
WHERE o.ordered_at_utc IS NOT NULL
GROUP BY 1
ORDER BY month;
