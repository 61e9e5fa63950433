-- From which countries do visitors browse?
-- Events carry a city and state but no country: the country is the logged-in customer's (from their
-- address, mart.dim_customer.country); anonymous sessions are counted apart.
-- chart: bar
-- values: events
SELECT CASE WHEN e.is_anonymous THEN 'anonymous'
            ELSE coalesce(c.country, 'unknown') END           AS country,
       count(*)                                               AS events,
       count(DISTINCT e.session_key)                          AS sessions
FROM mart.fact_events e
JOIN mart.dim_customer c USING (customer_key)
GROUP BY 1
ORDER BY events DESC, country;
