-- How much revenue and margin does each product category bring?
-- Net sales: items neither cancelled nor returned (is_net_sale); cost is the sold inventory item's own cost.
-- Read from mart.daily_sales, the items' sums per day that the normaliser keeps (net_cost_amount and
-- net_margin_amount are over net sales only; an unknown cost counts 0).
-- chart: bar
-- values: revenue, margin
SELECT coalesce(s.category, 'unknown')                                          AS category,
       sum(s.net_quantity)::bigint                                              AS items_sold,
       round(sum(s.net_sales_amount), 2)                                        AS revenue,
       round(sum(s.net_cost_amount), 2)                                         AS cost,
       round(sum(s.net_margin_amount), 2)                                       AS margin,
       round(100 * sum(s.net_margin_amount) / nullif(sum(s.net_sales_amount), 0), 2) AS margin_pct
FROM mart.daily_sales s
GROUP BY 1
HAVING sum(s.net_quantity) > 0
ORDER BY revenue DESC, category;
