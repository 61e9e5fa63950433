-- Which browsers do visitors use?
-- The session's browser; 'unknown' when it was not recorded.
-- chart: doughnut
-- values: events
SELECT coalesce(s.browser, 'unknown')                         AS browser,
       count(*)                                               AS events,
       count(DISTINCT s.session_id)                           AS sessions,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)     AS share_pct
FROM core.events e
JOIN core.sessions s USING (session_id)
GROUP BY 1
ORDER BY events DESC, browser;
