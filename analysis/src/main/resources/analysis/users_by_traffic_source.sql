-- Which traffic sources brought the users in (where they came from when they signed up)?
-- A user whose source is not recorded counts under the dimension's Unknown member.
-- chart: bar
-- values: users
SELECT ts.traffic_source                                      AS traffic_source,
       count(*)                                               AS users,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)     AS share_pct
FROM mart.dim_customer c
JOIN mart.dim_traffic_source ts ON ts.traffic_source_key = c.signup_traffic_source_key
WHERE NOT c.is_unknown
GROUP BY 1
ORDER BY users DESC, traffic_source;
