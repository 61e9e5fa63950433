-- Which traffic sources' sessions convert to a purchase, and where do they drop out of the funnel?
-- The session's traffic source; a session reaches a step if it has an event of that type (a session that
-- lands on a product page reaches product without home: not fact_sessions.furthest_funnel_step_key);
-- conversion_pct = sessions with a purchase / all sessions of the source. Read from mart.daily_sessions, the
-- sessions' counts per day that the normaliser keeps.
-- chart: bar
-- values: home_sessions, department_sessions, product_sessions, cart_sessions, purchase_sessions
SELECT coalesce(ts.traffic_source, 'unknown')                                    AS traffic_source,
       sum(s.session_count)::bigint                                              AS sessions,
       sum(s.home_session_count)::bigint                                         AS home_sessions,
       sum(s.department_session_count)::bigint                                   AS department_sessions,
       sum(s.product_session_count)::bigint                                      AS product_sessions,
       sum(s.cart_session_count)::bigint                                         AS cart_sessions,
       sum(s.purchasing_session_count)::bigint                                   AS purchase_sessions,
       round(100.0 * sum(s.purchasing_session_count) / sum(s.session_count), 2)  AS conversion_pct
FROM mart.daily_sessions s
JOIN mart.dim_traffic_source ts ON ts.traffic_source_key = s.session_traffic_source_key
GROUP BY 1
ORDER BY conversion_pct DESC, traffic_source;
