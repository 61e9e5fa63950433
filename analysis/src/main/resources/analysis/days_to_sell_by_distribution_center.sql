-- How many days does stock wait in each distribution center before it sells?
-- Sold inventory items only (mart.fact_inventory_items.is_sold): days from the item's arrival in stock to its
-- sale, the average of the exact durations (not of days_to_sell, which is rounded per item).
-- chart: bar
-- values: avg_days_to_sell
SELECT dc.distribution_center                                                          AS distribution_center,
       count(f.inventory_item_key)                                                     AS items_sold,
       round(avg(extract(epoch FROM f.sold_at - f.created_at)) / 86400, 2)             AS avg_days_to_sell,
       round(max(extract(epoch FROM f.sold_at - f.created_at)) / 86400, 2)             AS max_days_to_sell
FROM mart.dim_distribution_center dc
LEFT JOIN mart.fact_inventory_items f ON f.distribution_center_key = dc.distribution_center_key
                                     AND f.is_sold AND f.created_at IS NOT NULL
WHERE dc.distribution_center_key <> -1
GROUP BY dc.distribution_center_key, dc.distribution_center
ORDER BY avg_days_to_sell DESC NULLS LAST, distribution_center;
