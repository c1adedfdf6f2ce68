/*
name: order_money
kind: view
description: Every order of marts.order_attribution as of the date with its money as the funnels
  and channels count it (domain.md 8): whether it was ever paid, GMV (the paid amount of a
  paid order), refunds (at most what was paid) and net GMV (the commission base).
*/
with ever_paid as (
    select distinct order_id
    from visible_order_events
    where event_type = 'paid'
)

select
    o.*,
    p.order_id is not null as is_paid,
    case when p.order_id is not null then o.paid_fen else 0 end as gmv_fen,
    -- a refund counts at most up to what was paid for the order
    case when p.order_id is not null then least(o.refunded_fen, o.paid_fen) else 0 end
        as refund_fen,
    o.base_fen as net_gmv_fen
from marts.order_attribution as o
left join ever_paid as p on p.order_id = o.order_id
where o.as_of = $as_of
