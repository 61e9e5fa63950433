-- Which product categories are returned most often?
-- Return rate = returned items / items not cancelled (a cancelled item never reached the customer).
-- chart: bar
-- values: return_rate_pct
SELECT coalesce(p.category, 'unknown')                                       AS category,
       count(*)                                                              AS items,
       count(*) FILTER (WHERE f.is_returned)                                 AS returned_items,
       round(100.0 * count(*) FILTER (WHERE f.is_returned) / count(*), 2)    AS return_rate_pct
FROM mart.fact_order_items f
JOIN mart.dim_product p USING (product_key)
WHERE NOT f.is_cancelled
GROUP BY 1
ORDER BY return_rate_pct DESC, category;
