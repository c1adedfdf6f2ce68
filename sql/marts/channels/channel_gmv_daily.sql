/*
name: marts.channel_gmv_daily
kind: snapshot
key: as_of, brand_id, business_date, channel
description: marts.channel_gmv per placed business date of the window (domain.md 10): for each
  day, the as-of amounts of the orders placed that day by channel; summed over business_date it
  equals marts.channel_gmv of the same as_of.
columns:
  as_of: date not null | Snapshot business date the figures are seen from
  brand_id: varchar not null | Brand of the ordered products
  business_date: date not null | Business date the orders were placed (Asia/Shanghai)
  channel: varchar not null | FACT+S channel (see marts.channel_gmv)
  orders: bigint not null | Orders placed that day in this channel
  paid_orders: bigint not null | Those ever paid as of as_of
  gmv_fen: bigint not null | Paid amount of the paid orders, fen
  refund_fen: bigint not null | Refunds of those orders known as of as_of, capped at the paid
    amount, fen
  net_gmv_fen: bigint not null | Commission bases as of as_of summed, fen
  net_gmv_share: double | net_gmv_fen / the brand's net GMV of the orders placed that day; null
    when that is 0
  promotion_net_gmv_fen: bigint not null | The part of net_gmv_fen placed during a promotion,
    fen
*/
with channels as (
    select
        brand_id,
        placed_date as business_date,
        channel,
        count(*) as orders,
        count(case when is_paid then 1 end) as paid_orders,
        sum(gmv_fen) as gmv_fen,
        sum(refund_fen) as refund_fen,
        sum(net_gmv_fen) as net_gmv_fen,
        sum(case when promotion_id is not null then net_gmv_fen else 0 end)
            as promotion_net_gmv_fen
    from channel_orders
    group by brand_id, placed_date, channel
),

days as (
    select brand_id, business_date, sum(net_gmv_fen) as day_net_gmv_fen
    from channels
    group by brand_id, business_date
)

select
    cast($as_of as date) as as_of,
    c.brand_id,
    c.business_date,
    c.channel,
    c.orders,
    c.paid_orders,
    c.gmv_fen,
    c.refund_fen,
    c.net_gmv_fen,
    cast(c.net_gmv_fen as double) / nullif(d.day_net_gmv_fen, 0) as net_gmv_share,
    c.promotion_net_gmv_fen
from channels as c
inner join days as d on d.brand_id = c.brand_id and d.business_date = c.business_date
