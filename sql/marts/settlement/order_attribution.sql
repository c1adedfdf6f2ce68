/*
name: marts.order_attribution
kind: snapshot
key: as_of, order_id
description: Every order with a placed event known as of the date, its last valid product click
  within the attribution window, and its commission (domain.md 5.4).
columns:
  as_of: date not null | Snapshot business date
  order_id: varchar not null | Shop order
  product_id: varchar not null | Product ordered
  buyer_id: varchar not null | Buyer (same id space as viewer_id)
  placed_ts: timestamptz not null | When the order was placed
  placed_date: date not null | Business date of placed_ts
  click_event_id: varchar | The attributed product_click (last valid click by the buyer on the
    product in the window); null: organic
  video_id: varchar | Video of the attributed click
  collaboration_id: varchar | The cps collaboration whose video and product the click matches
    (even if fraud); else null
  order_state: varchar not null | cancelled, unpaid, refunded, settled, delivered or paid
  paid_fen: bigint not null | Sum of the order's paid events, fen
  refunded_fen: bigint not null | Sum of the order's refunds, fen
  base_fen: bigint not null | Commission base: paid - refunds, never below 0; 0 if never paid or
    cancelled, fen
  commission_fen: bigint not null | round(base * commission_bps) for commission-earning orders
    (0 when the collaboration is fraud), fen
  platform_fee_fen: bigint not null | round(commission * platform_fee_bps), fen
*/
-- Attribution, order state and commission of every order (domain.md 5.4), as of $as_of.
-- Needs marts.collaboration_fraud of the same date (fraud collaborations earn 0).
with placed_events as (
    select
        order_id,
        buyer_id,
        product_id,
        event_ts as placed_ts,
        business_date as placed_date,
        -- an order placed twice (distinct event ids) is placed by its first event
        row_number() over (partition by order_id order by event_ts, event_id) as placed_rank
    from visible_order_events
    where event_type = 'placed'
),

orders as (
    select order_id, buyer_id, product_id, placed_ts, placed_date
    from placed_events
    where placed_rank = 1
),

order_money as (
    select
        order_id,
        count(case when event_type = 'paid' then 1 end) > 0 as is_paid,
        coalesce(sum(case when event_type = 'paid' then amount_fen end), 0) as paid_fen,
        count(case when event_type = 'refunded' then 1 end) > 0 as has_refunds,
        coalesce(sum(case when event_type = 'refunded' then amount_fen end), 0) as refunded_fen,
        count(case when event_type = 'cancelled' then 1 end) > 0 as is_cancelled,
        min(case when event_type = 'delivered' then business_date end) as first_delivered_date
    from visible_order_events
    group by order_id
),

-- Last valid click by the buyer on the product in [placed_ts - attribution_days, placed_ts];
-- ties on time go to the larger event_id (compared as strings).
ranked_clicks as (
    select
        o.order_id,
        c.event_id as click_event_id,
        c.video_id,
        row_number() over (
            partition by o.order_id order by c.event_ts desc, c.event_id desc
        ) as click_rank
    from orders as o
    inner join visible_valid_interaction_events as c
        on c.event_type = 'product_click'
       and c.viewer_id = o.buyer_id
       and c.product_id = o.product_id
       and c.event_ts >= o.placed_ts - $attribution_days * interval '1 day'
       and c.event_ts <= o.placed_ts
),

last_clicks as (
    select order_id, click_event_id, video_id
    from ranked_clicks
    where click_rank = 1
),

-- The cps collaboration whose video is the clicked video and whose product is the ordered
-- one; should two match, the smallest collaboration_id takes it so an order counts once.
cps_videos as (
    select
        cv.video_id,
        c.product_id,
        c.collaboration_id,
        c.commission_bps,
        row_number() over (
            partition by cv.video_id, c.product_id order by c.collaboration_id
        ) as match_rank
    from visible_collaboration_videos as cv
    inner join visible_collaborations as c
        on c.collaboration_id = cv.collaboration_id
    where c.pricing_model = 'cps'
),

fraud as (
    select collaboration_id
    from marts.collaboration_fraud
    where as_of = $as_of
      and fraud_date is not null
),

based as (
    select
        o.order_id,
        o.product_id,
        o.buyer_id,
        o.placed_ts,
        o.placed_date,
        lc.click_event_id,
        lc.video_id,
        cps.collaboration_id,
        cps.commission_bps,
        f.collaboration_id is not null as is_fraud,
        m.is_paid,
        m.paid_fen,
        m.has_refunds,
        m.refunded_fen,
        m.is_cancelled,
        m.first_delivered_date,
        case
            when not m.is_paid or m.is_cancelled then 0
            else greatest(m.paid_fen - m.refunded_fen, 0)
        end as base_fen
    from orders as o
    inner join order_money as m on m.order_id = o.order_id
    left join last_clicks as lc on lc.order_id = o.order_id
    left join cps_videos as cps
        on cps.video_id = lc.video_id
       and cps.product_id = o.product_id
       and cps.match_rank = 1
    left join fraud as f on f.collaboration_id = cps.collaboration_id
),

stated as (
    select
        *,
        -- first match wins (domain.md 5.4)
        case
            when is_cancelled and not is_paid then 'cancelled'
            when not is_paid then 'unpaid'
            when base_fen = 0 and has_refunds then 'refunded'
            when is_cancelled then 'cancelled'
            when first_delivered_date + $return_window_days <= $as_of then 'settled'
            when first_delivered_date is not null then 'delivered'
            else 'paid'
        end as order_state,
        case
            when collaboration_id is null or is_fraud then 0
            else (base_fen * coalesce(commission_bps, 0) + 5000) // 10000
        end as commission_fen
    from based
)

select
    cast($as_of as date) as as_of,
    order_id,
    product_id,
    buyer_id,
    placed_ts,
    placed_date,
    click_event_id,
    video_id,
    collaboration_id,
    order_state,
    paid_fen,
    refunded_fen,
    base_fen,
    commission_fen,
    (commission_fen * $platform_fee_bps + 5000) // 10000 as platform_fee_fen
from stated
