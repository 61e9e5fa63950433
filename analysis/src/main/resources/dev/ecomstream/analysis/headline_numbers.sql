-- The few figures the quickstart ends with, from the mart: items sold and net sales are net of cancelled and
-- returned items (mart.fact_order_items.net_quantity, net_sales_amount); a session converts if it has a
-- purchase event (mart.fact_sessions.is_purchased).
SELECT (SELECT count(*) FROM mart.dim_customer WHERE NOT is_unknown)                       AS users,
       (SELECT count(*) FROM mart.fact_orders)                                            AS orders,
       items.items_sold,
       items.net_sales,
       sessions.sessions,
       sessions.purchase_conversion_pct
FROM (SELECT coalesce(sum(net_quantity), 0)                    AS items_sold,
             round(coalesce(sum(net_sales_amount), 0), 2)     AS net_sales
      FROM mart.fact_order_items) items,
     (SELECT count(*)                                         AS sessions,
             coalesce(round(100.0 * count(*) FILTER (WHERE is_purchased) / nullif(count(*), 0), 2), 0)
                                                              AS purchase_conversion_pct
      FROM mart.fact_sessions) sessions;
