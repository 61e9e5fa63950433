-- What does a product cost, on average, in each category?
-- Catalog retail prices and costs (not what items sold for), from the product dimension.
-- chart: bar
-- values: avg_retail_price, avg_cost
SELECT coalesce(p.category, 'unknown')        AS category,
       count(*)                               AS products,
       round(avg(p.retail_price), 2)          AS avg_retail_price,
       round(min(p.retail_price), 2)          AS min_retail_price,
       round(max(p.retail_price), 2)          AS max_retail_price,
       round(avg(p.product_cost), 2)          AS avg_cost
FROM mart.dim_product p
WHERE p.product_key <> -1
GROUP BY 1
ORDER BY avg_retail_price DESC NULLS LAST, category;
