-- The few figures the quickstart ends with. Same definitions as the named queries: sold and revenue are
-- net of cancelled and returned items; a session converts if it has a purchase event.
SELECT (SELECT count(*) FROM core.users)                                                  AS users,
       (SELECT count(*) FROM core.orders)                                                 AS orders,
       (SELECT count(*) FROM core.order_items WHERE status NOT IN ('Cancelled', 'Returned')) AS items_sold,
       (SELECT round(coalesce(sum(sale_price), 0), 2)
        FROM core.order_items WHERE status NOT IN ('Cancelled', 'Returned'))              AS revenue,
       (SELECT count(*) FROM core.sessions)                                               AS sessions,
       (SELECT coalesce(round(100.0 * count(DISTINCT e.session_id) FILTER (WHERE e.event_type = 'purchase')
                              / nullif(count(DISTINCT e.session_id), 0), 2), 0)
        FROM core.events e)                                                               AS purchase_conversion_pct;
