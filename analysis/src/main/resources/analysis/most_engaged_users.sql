-- Which ten users are the most engaged on the site (most events)?
-- Logged-in sessions only; ties go to more sessions, then the lower user id.
-- chart: bar
-- label: customer
-- values: events
SELECT u.user_id,
       concat_ws(' ', u.first_name, u.last_name)               AS customer,
       count(DISTINCT s.session_id)                            AS sessions,
       count(*)                                                AS events,
       count(*) FILTER (WHERE e.event_type = 'purchase')       AS purchases
FROM core.users u
JOIN core.sessions s USING (user_id)
JOIN core.events e USING (session_id)
GROUP BY u.user_id, u.first_name, u.last_name
ORDER BY events DESC, sessions DESC, u.user_id
LIMIT 10;
