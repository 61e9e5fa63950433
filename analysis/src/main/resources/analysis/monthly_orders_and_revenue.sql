-- How many orders and how much revenue per month?
-- Month of the order's creation (UTC). Revenue is net sales: the sale prices of items neither cancelled nor
-- returned (mart.fact_orders.net_sales_amount, the sum of its items'). Read from mart.daily_orders, the
-- orders' sums per day that the normaliser keeps; an order not yet dated (known only from its items) has no
-- month.
-- chart: line
-- values: orders, revenue
-- secondary: revenue
SELECT d.year_month                                        AS month,
       sum(o.order_count)::bigint                          AS orders,
       sum(o.item_count)::bigint                           AS items,
       round(sum(o.net_sales_amount), 2)                   AS revenue
FROM mart.daily_orders o
JOIN mart.dim_date d ON d.date_key = o.order_date_key
GROUP BY 1
ORDER BY month;
