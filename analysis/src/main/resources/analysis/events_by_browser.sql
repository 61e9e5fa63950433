-- Which browsers do visitors use?
-- The session's browser; 'unknown' when it was not recorded.
-- chart: doughnut
-- values: events
SELECT coalesce(e.browser, 'unknown')                         AS browser,
       count(*)                                               AS events,
       count(DISTINCT e.session_key)                          AS sessions,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)     AS share_pct
FROM mart.fact_events e
GROUP BY 1
ORDER BY events DESC, browser;
