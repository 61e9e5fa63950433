-- How many sessions get from home to department, product, cart and purchase?
-- A session reaches a step if it has at least one event of that type; percentages are of the sessions
-- reaching the first step (home) and the step before.
-- chart: bar
-- label: step
-- values: sessions
WITH steps (step_number, step) AS (
    VALUES (1, 'home'), (2, 'department'), (3, 'product'), (4, 'cart'), (5, 'purchase')
), reached AS (
    SELECT st.step_number, st.step, count(DISTINCT e.session_id) AS sessions
    FROM steps st
    LEFT JOIN core.events e ON e.event_type = st.step
    GROUP BY st.step_number, st.step
)
SELECT step_number,
       step,
       sessions,
       round(100.0 * sessions / nullif(first_value(sessions) OVER w, 0), 2) AS pct_of_home,
       round(100.0 * sessions / nullif(lag(sessions) OVER w, 0), 2)         AS pct_of_previous_step
FROM reached
WINDOW w AS (ORDER BY step_number)
ORDER BY step_number;
