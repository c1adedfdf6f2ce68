/*
name: channel_orders
kind: table
description: The orders of the channel window (placed business date D - channel_window_days + 1
  .. D) as of the date, with their brand, FACT+S channel, promotion and money as in domain.md 8
  (domain.md 10): what both channel marts sum.
*/
with ever_paid as (
    select distinct order_id
    from visible_order_events
    where event_type = 'paid'
)

select
    o.order_id,
    o.brand_id,
    o.channel,
    o.placed_date,
    o.promotion_id,
    p.order_id is not null as is_paid,
    case when p.order_id is not null then o.paid_fen else 0 end as gmv_fen,
    -- a refund counts at most up to what was paid for the order
    case when p.order_id is not null then least(o.refunded_fen, o.paid_fen) else 0 end
        as refund_fen,
    o.base_fen as net_gmv_fen
from marts.order_attribution as o
left join ever_paid as p on p.order_id = o.order_id
where o.as_of = $as_of
  and o.brand_id is not null
  and o.placed_date > cast($as_of as date) - $channel_window_days
