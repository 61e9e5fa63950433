-- How many browsing sessions start each day?
-- A session counts on the UTC day of its first event; logged_in_sessions are those of a known user.
-- chart: line
-- values: sessions, logged_in_sessions
SELECT first_day                                       AS day,
       count(*)                                        AS sessions,
       count(*) FILTER (WHERE user_id IS NOT NULL)     AS logged_in_sessions
FROM (SELECT s.session_id, s.user_id, (min(e.created_at) AT TIME ZONE 'UTC')::date AS first_day
      FROM core.sessions s
      JOIN core.events e USING (session_id)
      GROUP BY s.session_id, s.user_id) per_session
WHERE first_day IS NOT NULL
GROUP BY first_day
ORDER BY day;
