-- How many products have never sold, per category?
-- Never sold: no order item of the product other than cancelled ones.
-- chart: bar
-- values: products, never_sold
SELECT coalesce(c.category_name, 'unknown')                            AS category,
       count(*)                                                        AS products,
       count(*) FILTER (WHERE NOT sold)                                AS never_sold,
       round(100.0 * count(*) FILTER (WHERE NOT sold) / count(*), 2)   AS never_sold_pct
FROM (SELECT p.product_id, p.category_id,
             EXISTS (SELECT 1
                     FROM core.inventory_items ii
                     JOIN core.order_items oi USING (inventory_item_id)
                     WHERE ii.product_id = p.product_id
                       AND NOT mart.is_cancelled(oi.status)) AS sold
      FROM core.products p) per_product
LEFT JOIN core.categories c USING (category_id)
GROUP BY 1
ORDER BY never_sold DESC, category;
