-- In which countries do users live?
-- From the user's address; no address or no country counts as 'unknown'.
-- chart: bar
-- values: users
SELECT coalesce(a.country, 'unknown')                         AS country,
       count(*)                                               AS users,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)     AS share_pct
FROM core.users u
LEFT JOIN core.user_addresses a USING (user_id)
GROUP BY 1
ORDER BY users DESC, country;
