-- How many registered users are there, how many have ordered, and from how many countries?
-- An order of any status counts (mart.dim_customer.lifetime_orders).
-- chart: kpi
SELECT count(*)                                        AS users,
       count(*) FILTER (WHERE c.lifetime_orders > 0)   AS users_with_orders,
       count(DISTINCT c.country)                       AS countries
FROM mart.dim_customer c
WHERE NOT c.is_unknown;
