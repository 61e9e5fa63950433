-- From which countries do visitors browse?
-- Events carry a city and state but no country: the country is the logged-in user's (from their
-- address); anonymous sessions are counted apart.
-- chart: bar
-- values: events
SELECT CASE WHEN s.user_id IS NULL THEN 'anonymous'
            ELSE coalesce(a.country, 'unknown') END           AS country,
       count(*)                                               AS events,
       count(DISTINCT s.session_id)                           AS sessions
FROM core.events e
JOIN core.sessions s USING (session_id)
LEFT JOIN core.user_addresses a ON a.user_id = s.user_id
GROUP BY 1
ORDER BY events DESC, country;
