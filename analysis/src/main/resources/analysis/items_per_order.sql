-- How many items does an order contain?
-- Counts the order items that arrived, not the order's num_of_item field.
-- chart: bar
-- values: orders
SELECT items,
       count(*) AS orders
FROM (SELECT o.order_id, count(oi.order_item_id) AS items
      FROM core.orders o
      LEFT JOIN core.order_items oi USING (order_id)
      GROUP BY o.order_id) per_order
GROUP BY items
ORDER BY items;
