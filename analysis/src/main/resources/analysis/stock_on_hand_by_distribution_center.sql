-- How much stock does each distribution center hold?
-- In stock: inventory items not sold yet. Stock cost is the items' own cost, retail value their
-- product's retail price. The distribution center is the product's. (The join keeps products without
-- stock, so that a center without any still shows: the sums must skip those rows.)
-- chart: bar
-- values: items_in_stock
SELECT dc.name                                                              AS distribution_center,
       count(ii.inventory_item_id)                                          AS items_in_stock,
       round(coalesce(sum(coalesce(ii.cost, p.cost)) FILTER (WHERE ii.inventory_item_id IS NOT NULL), 0), 2)
                                                                            AS stock_cost,
       round(coalesce(sum(p.retail_price) FILTER (WHERE ii.inventory_item_id IS NOT NULL), 0), 2)
                                                                            AS stock_retail_value
FROM core.distribution_centers dc
LEFT JOIN core.products p USING (distribution_center_id)
LEFT JOIN core.inventory_items ii ON ii.product_id = p.product_id AND ii.sold_at IS NULL
GROUP BY dc.distribution_center_id, dc.name
ORDER BY items_in_stock DESC, distribution_center;
