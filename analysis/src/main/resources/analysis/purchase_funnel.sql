-- How many sessions get from home to department, product, cart and purchase?
-- The steps are mart.dim_funnel_step's. A session reaches a step if it has at least one event of that type;
-- percentages are of the sessions reaching the first step (home) and the step before.
-- chart: bar
-- label: step
-- values: sessions
WITH reached AS (
    SELECT st.funnel_step_key AS step_number, st.funnel_step AS step, count(DISTINCT e.session_key) AS sessions
    FROM mart.dim_funnel_step st
    LEFT JOIN mart.fact_events e ON e.event_type = st.funnel_step
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
