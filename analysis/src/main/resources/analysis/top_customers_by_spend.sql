-- Who are the ten customers who spent the most?
-- Spend is net: sale prices of items neither cancelled nor returned. Ties go to the lower customer key.
-- chart: bar
-- label: customer
-- values: spend
SELECT f.customer_key,
       c.customer_name                  AS customer,
       c.country,
       count(DISTINCT f.order_id)       AS orders,
       round(sum(f.sales_amount), 2)    AS spend
FROM mart.fact_order_items f
JOIN mart.dim_customer c USING (customer_key)
WHERE f.item_status NOT IN ('Cancelled', 'Returned')
  AND f.customer_key <> -1
GROUP BY f.customer_key, c.customer_name, c.country
ORDER BY spend DESC, f.customer_key
LIMIT 10;
