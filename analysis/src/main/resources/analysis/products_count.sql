-- How many products are in the catalog, of how many brands, categories and departments?
-- chart: kpi
SELECT count(*)                          AS products,
       count(DISTINCT p.brand_id)        AS brands,
       count(DISTINCT p.category_id)     AS categories,
       count(DISTINCT p.department_id)   AS departments
FROM core.products p;
