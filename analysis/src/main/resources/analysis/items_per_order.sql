-- How many items does an order contain?
-- Counts the order items that arrived (mart.fact_orders.item_count), not the order's num_of_item field.
-- chart: bar
-- values: orders
SELECT o.item_count AS items,
       count(*)     AS orders
FROM mart.fact_orders o
GROUP BY o.item_count
ORDER BY items;
