-- How many sessions get from home to department, product, cart and purchase?
-- The steps are mart.dim_funnel_step's. A session reaches a step if it has at least one event of that type;
-- percentages are of the sessions reaching the first step (home) and the step before. Read from
-- mart.daily_sessions, the sessions' counts per day that the normaliser keeps.
-- chart: bar
-- label: step
-- values: sessions
WITH reached AS (
    SELECT st.funnel_step_key AS step_number, st.funnel_step AS step,
           coalesce(sum(CASE st.funnel_step WHEN 'home' THEN s.home_session_count
                                            WHEN 'department' THEN s.department_session_count
                                            WHEN 'product' THEN s.product_session_count
                                            WHEN 'cart' THEN s.cart_session_count
                                            WHEN 'purchase' THEN s.purchasing_session_count END), 0)::bigint AS sessions
    FROM mart.dim_funnel_step st
    CROSS JOIN mart.daily_sessions s
    WHERE st.funnel_step_key > 0
    GROUP BY st.funnel_step_key, st.funnel_step
)
SELECT step_number,
       step,
       sessions,
       round(100.0 * sessions / nullif(first_value(sessions) OVER w, 0), 2) AS pct_of_home,
       round(100.0 * sessions / nullif(lag(sessions) OVER w, 0), 2)         AS pct_of_previous_step
FROM reached
WINDOW w AS (ORDER BY step_number)
ORDER BY step_number;
