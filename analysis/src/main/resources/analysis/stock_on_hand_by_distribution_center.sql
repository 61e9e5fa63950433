-- How much stock does each distribution center hold?
-- In stock: inventory items not sold yet (mart.fact_inventory_items.is_in_stock). Stock cost is the items' own
-- cost (their product's when they have none), retail value their product's retail price. The distribution
-- center is the product's; a center without stock still shows, with zeros.
-- chart: bar
-- values: items_in_stock
SELECT dc.distribution_center                                      AS distribution_center,
       count(stock.inventory_item_key)                             AS items_in_stock,
       round(coalesce(sum(stock.cost_amount), 0), 2)               AS stock_cost,
       round(coalesce(sum(stock.retail_price), 0), 2)              AS stock_retail_value
FROM mart.dim_distribution_center dc
LEFT JOIN (SELECT f.inventory_item_key, f.distribution_center_key, f.cost_amount, p.retail_price
           FROM mart.fact_inventory_items f
           JOIN mart.dim_product p USING (product_key)
           WHERE f.is_in_stock) stock ON stock.distribution_center_key = dc.distribution_center_key
WHERE dc.distribution_center_key <> -1
GROUP BY dc.distribution_center_key, dc.distribution_center
ORDER BY items_in_stock DESC, distribution_center;
