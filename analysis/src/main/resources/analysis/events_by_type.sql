-- What do visitors do on the site: how many events of each type?
-- chart: bar
-- values: events
SELECT coalesce(e.event_type, 'unknown')                      AS event_type,
       count(*)                                               AS events,
       round(100.0 * count(*) / sum(count(*)) OVER (), 2)     AS share_pct
FROM mart.fact_events e
GROUP BY 1
ORDER BY events DESC, event_type;
