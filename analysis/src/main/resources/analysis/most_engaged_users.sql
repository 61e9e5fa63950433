-- Which ten users are the most engaged on the site (most events)?
-- Logged-in sessions only; the customer is shown by its label, without personal data. Ties go to more
-- sessions, then the lower user id.
-- chart: bar
-- label: customer
-- values: events
SELECT e.customer_key                                          AS user_id,
       c.customer_label                                        AS customer,
       count(DISTINCT e.session_key)                           AS sessions,
       count(*)                                                AS events,
       count(*) FILTER (WHERE e.event_type = 'purchase')       AS purchases
FROM mart.fact_events e
JOIN mart.dim_customer c USING (customer_key)
WHERE NOT e.is_anonymous
GROUP BY e.customer_key, c.customer_label
ORDER BY events DESC, sessions DESC, e.customer_key
LIMIT 10;
