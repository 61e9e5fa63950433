-- Who are the ten customers who spent the most?
-- Spend is net sales (items neither cancelled nor returned, mart.fact_order_items.net_sales_amount); the
-- customer is shown by its label, without personal data. Ties go to the lower customer key.
-- chart: bar
-- label: customer
-- values: spend
SELECT f.customer_key,
       c.customer_label                 AS customer,
       c.country,
       count(DISTINCT f.order_key)      AS orders,
       round(sum(f.net_sales_amount), 2) AS spend
FROM mart.fact_order_items f
JOIN mart.dim_customer c USING (customer_key)
WHERE f.is_net_sale
  AND f.customer_key <> -1
GROUP BY f.customer_key, c.customer_label, c.country
ORDER BY spend DESC, f.customer_key
LIMIT 10;
