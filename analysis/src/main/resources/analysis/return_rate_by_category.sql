-- Which product categories are returned most often?
-- Return rate = returned items / items not cancelled (a cancelled item never reached the customer). Read from
-- mart.daily_sales, the items' counts per day and category that the normaliser keeps: items not cancelled are
-- quantity - cancelled_quantity, and returned among them quantity - net_quantity - cancelled_quantity (net
-- leaves out the cancelled and the returned).
-- chart: bar
-- values: return_rate_pct
SELECT coalesce(s.category, 'unknown')                                        AS category,
       sum(s.quantity - s.cancelled_quantity)::bigint                         AS items,
       sum(s.quantity - s.net_quantity - s.cancelled_quantity)::bigint        AS returned_items,
       round(100.0 * sum(s.quantity - s.net_quantity - s.cancelled_quantity)
             / sum(s.quantity - s.cancelled_quantity), 2)                     AS return_rate_pct
FROM mart.daily_sales s
GROUP BY 1
-- a category whose every item was cancelled has no item that could be returned
HAVING sum(s.quantity - s.cancelled_quantity) > 0
ORDER BY return_rate_pct DESC, category;
