-- How many days does it take from order to delivery, by the customer's country?
-- Delivered orders only; days from the order's creation to its delivery.
-- chart: bar
-- values: avg_fulfilment_days, max_fulfilment_days
SELECT coalesce(a.country, 'unknown')                                                  AS country,
       count(*)                                                                        AS delivered_orders,
       round(avg(extract(epoch FROM o.delivered_at - o.created_at)) / 86400, 2)        AS avg_fulfilment_days,
       round(max(extract(epoch FROM o.delivered_at - o.created_at)) / 86400, 2)        AS max_fulfilment_days
FROM core.orders o
LEFT JOIN core.user_addresses a USING (user_id)
WHERE o.delivered_at IS NOT NULL
GROUP BY 1
ORDER BY country;
