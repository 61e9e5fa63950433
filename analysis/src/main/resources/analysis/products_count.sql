-- How many products are in the catalog, of how many brands, categories and departments?
-- A product known only from its inventory items (is_inferred) has no brand, category or department yet.
-- chart: kpi
SELECT count(*)                                                     AS products,
       count(DISTINCT p.brand) FILTER (WHERE NOT p.is_inferred)      AS brands,
       count(DISTINCT p.category) FILTER (WHERE NOT p.is_inferred)   AS categories,
       count(DISTINCT p.department) FILTER (WHERE NOT p.is_inferred) AS departments
FROM mart.dim_product p
WHERE p.product_key <> -1;
