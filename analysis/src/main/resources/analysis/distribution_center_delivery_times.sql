-- How fast does each distribution center get items to customers?
-- Delivered order items only: average days from order to shipping, shipping to delivery, and order to
-- delivery.
-- chart: bar
-- values: avg_days_to_ship, avg_days_in_transit
SELECT dc.distribution_center                                                           AS distribution_center,
       count(*)                                                                         AS delivered_items,
       round(avg(extract(epoch FROM f.shipped_at - f.ordered_at)) / 86400, 2)           AS avg_days_to_ship,
       round(avg(extract(epoch FROM f.delivered_at - f.shipped_at)) / 86400, 2)         AS avg_days_in_transit,
       round(avg(extract(epoch FROM f.delivered_at - f.ordered_at)) / 86400, 2)         AS avg_fulfilment_days
FROM mart.fact_order_items f
JOIN mart.dim_distribution_center dc USING (distribution_center_key)
WHERE f.delivered_at IS NOT NULL
GROUP BY dc.distribution_center_key, dc.distribution_center
ORDER BY avg_fulfilment_days, distribution_center;
