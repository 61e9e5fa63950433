-- How many browsing sessions start each day?
-- A session counts on the UTC day of its first event; logged_in_sessions are those of a known user.
-- chart: line
-- values: sessions, logged_in_sessions
SELECT s.started_at_utc::date                          AS day,
       count(*)                                        AS sessions,
       count(*) FILTER (WHERE NOT s.is_anonymous)      AS logged_in_sessions
FROM mart.fact_sessions s
WHERE s.started_at_utc IS NOT NULL
GROUP BY 1
ORDER BY day;
