-- How much does each distribution center ship?
-- Shipped order items (shipped_at set), the orders they belong to and their gross sales (a shipped item
-- returned later was still shipped); the distribution center is the sold product's.
-- chart: bar
-- values: items_shipped
SELECT dc.distribution_center                                  AS distribution_center,
       count(DISTINCT f.order_key)                             AS orders_shipped,
       count(f.order_item_key)                                 AS items_shipped,
       round(coalesce(sum(f.gross_sales_amount), 0), 2)        AS sales_shipped
FROM mart.dim_distribution_center dc
LEFT JOIN mart.fact_order_items f ON f.distribution_center_key = dc.distribution_center_key
                                 AND f.shipped_at IS NOT NULL
WHERE dc.distribution_center_key <> -1
GROUP BY dc.distribution_center_key, dc.distribution_center
ORDER BY items_shipped DESC, distribution_center;
