-- How are users split by gender?
-- A user without a recorded gender counts as 'unknown'.
-- chart: doughnut
-- values: users
SELECT coalesce(c.gender, 'unknown')                          AS gender,
       count(*)                                               AS users,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)     AS share_pct
FROM mart.dim_customer c
WHERE NOT c.is_unknown
GROUP BY 1
ORDER BY users DESC, gender;
