-- How many days does it take from order to delivery, by the customer's country?
-- Delivered orders only; days from the order's creation to its delivery (the average of the exact
-- durations, not of fact_orders.fulfilment_days, which is rounded per order).
-- chart: bar
-- values: avg_fulfilment_days, max_fulfilment_days
SELECT coalesce(c.country, 'unknown')                                                  AS country,
       count(*)                                                                        AS delivered_orders,
       round(avg(extract(epoch FROM o.delivered_at - o.ordered_at)) / 86400, 2)        AS avg_fulfilment_days,
       round(max(extract(epoch FROM o.delivered_at - o.ordered_at)) / 86400, 2)        AS max_fulfilment_days
FROM mart.fact_orders o
JOIN mart.dim_customer c USING (customer_key)
WHERE o.delivered_at IS NOT NULL
GROUP BY 1
ORDER BY country;
