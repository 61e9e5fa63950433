-- Which twenty brands bring the most revenue, and at what margin?
-- Net sales: items neither cancelled nor returned (is_net_sale); cost is the sold inventory item's own cost.
-- chart: bar
-- values: revenue, margin
SELECT coalesce(p.brand, 'unknown')                                      AS brand,
       count(*)                                                          AS items_sold,
       round(sum(f.net_sales_amount), 2)                                 AS revenue,
       round(sum(f.cost_amount), 2)                                      AS cost,
       round(sum(f.margin_amount), 2)                                    AS margin,
       round(100 * sum(f.margin_amount) / nullif(sum(f.net_sales_amount), 0), 2) AS margin_pct
FROM mart.fact_order_items f
JOIN mart.dim_product p USING (product_key)
WHERE f.is_net_sale
GROUP BY 1
ORDER BY revenue DESC, brand
LIMIT 20;
