/*
name: marts.channel_gmv
kind: snapshot
key: as_of, brand_id, channel
description: A brand's sales by FACT+S channel (domain.md 10) over the orders placed in the
  channel_window_days business days up to each date (D-29 .. D by default), one row per channel
  with at least one order. The channels partition the brand's orders and net GMV.
columns:
  as_of: date not null | Snapshot business date
  brand_id: varchar not null | Brand of the ordered products
  channel: varchar not null | field (the brand's own live room), alliance (the creator matrix,
    showcase), top_kol (creators with followers >= top_kol_min_followers), search,
    shopping_center (mall), shop, other
  orders: bigint not null | Orders placed in the window in this channel
  paid_orders: bigint not null | Those ever paid (even if later refunded or cancelled)
  gmv_fen: bigint not null | Paid amount of the paid orders, fen
  refund_fen: bigint not null | Refunds of those orders, each capped at its paid amount, fen
  net_gmv_fen: bigint not null | Commission bases (paid - refunds, 0 when cancelled) summed, fen
  net_gmv_share: double | net_gmv_fen / the brand's net GMV in the window (0-1); null when that
    is 0
  promotion_net_gmv_fen: bigint not null | The part of net_gmv_fen placed during a platform
    promotion (promotion_id not null), fen
checks:
  channels_partition_orders: Per brand, the channels' orders and net GMV sum to those of all the
    brand's orders placed in the window (marts.order_attribution).
*/
with channels as (
    select
        brand_id,
        channel,
        count(*) as orders,
        count(case when is_paid then 1 end) as paid_orders,
        sum(gmv_fen) as gmv_fen,
        sum(refund_fen) as refund_fen,
        sum(net_gmv_fen) as net_gmv_fen,
        sum(case when promotion_id is not null then net_gmv_fen else 0 end)
            as promotion_net_gmv_fen
    from channel_orders
    group by brand_id, channel
),

brands as (
    select brand_id, sum(net_gmv_fen) as brand_net_gmv_fen
    from channels
    group by brand_id
)

select
    cast($as_of as date) as as_of,
    c.brand_id,
    c.channel,
    c.orders,
    c.paid_orders,
    c.gmv_fen,
    c.refund_fen,
    c.net_gmv_fen,
    cast(c.net_gmv_fen as double) / nullif(b.brand_net_gmv_fen, 0) as net_gmv_share,
    c.promotion_net_gmv_fen
from channels as c
inner join brands as b on b.brand_id = c.brand_id
