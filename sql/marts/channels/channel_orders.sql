/*
name: channel_orders
kind: table
description: The orders of the channel window (placed business date D - channel_window_days + 1
  .. D) as of the date, with their brand, FACT+S channel, promotion and money as in domain.md 8
  (domain.md 10): what both channel marts sum.
*/
select
    order_id,
    brand_id,
    channel,
    placed_date,
    promotion_id,
    is_paid,
    gmv_fen,
    refund_fen,
    net_gmv_fen
from order_money
where brand_id is not null
  and placed_date > cast($as_of as date) - $channel_window_days
