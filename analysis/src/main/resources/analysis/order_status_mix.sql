-- What share of orders is in each status (processing, shipped, complete, returned, cancelled)?
-- chart: doughnut
-- values: orders
SELECT coalesce(o.order_status, 'unknown')                    AS status,
       count(*)                                               AS orders,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)     AS share_pct
FROM mart.fact_orders o
GROUP BY 1
ORDER BY orders DESC, status;
