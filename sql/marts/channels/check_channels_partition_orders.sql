-- Brands and snapshots of $first .. $last where the channels' orders or net GMV do not sum
-- to those of all the brand's orders placed in the channel window (domain.md 10), counted
-- from marts.order_attribution directly.
with brand_orders as (
    select as_of, brand_id, count(*) as orders, sum(base_fen) as net_gmv_fen
    from marts.order_attribution
    where as_of between $first and $last
      and brand_id is not null
      and placed_date > as_of - $channel_window_days
    group by as_of, brand_id
),

channel_totals as (
    select as_of, brand_id, sum(orders) as orders, sum(net_gmv_fen) as net_gmv_fen
    from marts.channel_gmv
    where as_of between $first and $last
    group by as_of, brand_id
)

select count(*) as violations
from brand_orders as b
full outer join channel_totals as c on c.as_of = b.as_of and c.brand_id = b.brand_id
where coalesce(b.orders, -1) <> coalesce(c.orders, -1)
   or coalesce(b.net_gmv_fen, -1) <> coalesce(c.net_gmv_fen, -1)
