-- Which ten products sell the most?
-- Items sold net of cancellations and returns (is_net_sale), revenue their net sales; ties go to the higher
-- revenue, then the lower product key.
-- chart: bar
-- label: product_name
-- values: items_sold
SELECT f.product_key,
       p.product_name,
       p.brand,
       p.category,
       count(*)              AS items_sold,
       round(sum(f.net_sales_amount), 2) AS revenue
FROM mart.fact_order_items f
JOIN mart.dim_product p USING (product_key)
WHERE f.is_net_sale
  AND f.product_key <> -1
GROUP BY f.product_key, p.product_name, p.brand, p.category
ORDER BY items_sold DESC, revenue DESC, f.product_key
LIMIT 10;
