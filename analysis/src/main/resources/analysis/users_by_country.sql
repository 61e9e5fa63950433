-- In which countries do users live?
-- From the customer's address; no address or no country counts as 'unknown'.
-- chart: bar
-- values: users
SELECT coalesce(c.country, 'unknown')                         AS country,
       count(*)                                               AS users,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)     AS share_pct
FROM mart.dim_customer c
WHERE NOT c.is_unknown
GROUP BY 1
ORDER BY users DESC, country;
