-- How many users are in each age group?
-- The age bands are the customer dimension's (mart.dim_customer.age_band), youngest first.
-- chart: bar
-- values: users
SELECT coalesce(c.age_band, 'unknown')                        AS age_group,
       count(*)                                               AS users,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)     AS share_pct
FROM mart.dim_customer c
WHERE NOT c.is_unknown
GROUP BY 1
-- bands sort by their youngest member; 'unknown' (no age) last
ORDER BY min(c.age) NULLS LAST;
