-- How many days does stock wait in each distribution center before it sells?
-- Sold inventory items only: days from the item's arrival in stock (created_at) to its sale (sold_at).
-- chart: bar
-- values: avg_days_to_sell
SELECT dc.name                                                                        AS distribution_center,
       count(ii.inventory_item_id)                                                    AS items_sold,
       round(avg(extract(epoch FROM ii.sold_at - ii.created_at)) / 86400, 2)          AS avg_days_to_sell,
       round(max(extract(epoch FROM ii.sold_at - ii.created_at)) / 86400, 2)          AS max_days_to_sell
FROM core.distribution_centers dc
LEFT JOIN core.products p USING (distribution_center_id)
LEFT JOIN core.inventory_items ii ON ii.product_id = p.product_id
                                 AND ii.sold_at IS NOT NULL AND ii.created_at IS NOT NULL
GROUP BY dc.distribution_center_id, dc.name
ORDER BY avg_days_to_sell DESC NULLS LAST, distribution_center;
