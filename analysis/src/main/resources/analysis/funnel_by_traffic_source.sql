-- Which traffic sources' sessions convert to a purchase, and where do they drop out of the funnel?
-- The session's traffic source; a session reaches a step if it has an event of that type (a session that
-- lands on a product page reaches product without home: not fact_sessions.furthest_funnel_step_key);
-- conversion_pct = sessions with a purchase / all sessions of the source.
-- chart: bar
-- values: home_sessions, department_sessions, product_sessions, cart_sessions, purchase_sessions
SELECT coalesce(ts.traffic_source, 'unknown')                                    AS traffic_source,
       count(*)                                                                  AS sessions,
       count(*) FILTER (WHERE 'home' = ANY (types))                              AS home_sessions,
       count(*) FILTER (WHERE 'department' = ANY (types))                        AS department_sessions,
       count(*) FILTER (WHERE 'product' = ANY (types))                           AS product_sessions,
       count(*) FILTER (WHERE 'cart' = ANY (types))                              AS cart_sessions,
       count(*) FILTER (WHERE 'purchase' = ANY (types))                          AS purchase_sessions,
       round(100.0 * count(*) FILTER (WHERE 'purchase' = ANY (types)) / count(*), 2) AS conversion_pct
FROM (SELECT e.session_key, e.session_traffic_source_key AS traffic_source_key,
             array_agg(DISTINCT e.event_type) AS types
      FROM mart.fact_events e
      GROUP BY e.session_key, e.session_traffic_source_key) per_session
JOIN mart.dim_traffic_source ts USING (traffic_source_key)
GROUP BY 1
ORDER BY conversion_pct DESC, traffic_source;
