-- From which countries do visitors browse?
-- Events carry a city and state but no country: the country is the logged-in customer's (from their
-- address, mart.dim_customer.country); anonymous sessions are counted apart. Read from mart.daily_sessions,
-- the sessions' counts per day, source and country that the normaliser keeps: an anonymous session has no
-- country, so its events are the group's events less those of logged-in sessions.
-- chart: bar
-- values: events
SELECT country, sum(events)::bigint AS events, sum(sessions)::bigint AS sessions
FROM (SELECT coalesce(s.country, 'unknown') AS country,
             s.logged_in_event_count AS events,
             s.logged_in_session_count AS sessions
      FROM mart.daily_sessions s
      UNION ALL
      SELECT 'anonymous',
             s.event_count - s.logged_in_event_count,
             s.session_count - s.logged_in_session_count
      FROM mart.daily_sessions s) AS by_country
GROUP BY country
-- a group with sessions of one kind only gives the other kind a row of zeros
HAVING sum(sessions) > 0
ORDER BY events DESC, country;
