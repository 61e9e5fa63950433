-- How many products have never sold, per category?
-- Never sold: no order item of the product other than cancelled ones (mart.fact_order_items.is_cancelled).
-- chart: bar
-- values: products, never_sold
SELECT coalesce(p.category, 'unknown')                                         AS category,
       count(*)                                                                AS products,
       count(*) FILTER (WHERE sold.product_key IS NULL)                        AS never_sold,
       round(100.0 * count(*) FILTER (WHERE sold.product_key IS NULL) / count(*), 2) AS never_sold_pct
FROM mart.dim_product p
LEFT JOIN (SELECT DISTINCT f.product_key
           FROM mart.fact_order_items f
           WHERE NOT f.is_cancelled) sold USING (product_key)
WHERE p.product_key <> -1
GROUP BY 1
ORDER BY never_sold DESC, category;
