-- How many registered users are there, how many have ordered, and from how many countries?
-- chart: kpi
SELECT count(*)                                                         AS users,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM core.orders o WHERE o.user_id = u.user_id))
                                                                        AS users_with_orders,
       count(DISTINCT a.country)                                        AS countries
FROM core.users u
LEFT JOIN core.user_addresses a USING (user_id);
