-- How many browsing sessions start each day?
-- A session counts on the UTC day of its first event; logged_in_sessions are those of a known user. Read from
-- mart.daily_sessions, the sessions' counts per day that the normaliser keeps.
-- chart: line
-- values: sessions, logged_in_sessions
SELECT d.date                                          AS day,
       sum(s.session_count)::bigint                    AS sessions,
       sum(s.logged_in_session_count)::bigint          AS logged_in_sessions
FROM mart.daily_sessions s
JOIN mart.dim_date d ON d.date_key = s.session_date_key
GROUP BY 1
ORDER BY day;
