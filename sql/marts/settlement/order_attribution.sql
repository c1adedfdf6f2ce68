/*
name: marts.order_attribution
kind: snapshot
key: as_of, order_id
description: Every order with a placed event known as of the date, its last valid product click
  within the attribution window on a video or in a live session, its commission (domain.md 5.4,
  9), its FACT+S channel and promotion (domain.md 10).
columns:
  as_of: date not null | Snapshot business date
  order_id: varchar not null | Shop order
  product_id: varchar not null | Product ordered
  buyer_id: varchar not null | Buyer (same id space as viewer_id)
  placed_ts: timestamptz not null | When the order was placed
  placed_date: date not null | Business date of placed_ts
  click_event_id: varchar | The attributed product_click (last valid click by the buyer on the
    product in the window); null: organic
  video_id: varchar | Video of the attributed click (null for a live click)
  collaboration_id: varchar | The cps collaboration whose video and product the click matches,
    or the live collaboration whose session and product it matches, the latest slot started at
    or before the click (even if fraud); else null
  order_state: varchar not null | cancelled, unpaid, refunded, settled, delivered or paid
  paid_fen: bigint not null | Sum of the order's paid events, fen
  refunded_fen: bigint not null | Sum of the order's refunds, fen
  base_fen: bigint not null | Commission base: paid - refunds, never below 0; 0 if never paid or
    cancelled, fen
  commission_fen: bigint not null | round(base * commission_bps) for commission-earning orders
    (0 when the collaboration is fraud), fen
  platform_fee_fen: bigint not null | round(commission * platform_fee_bps), fen
  live_id: varchar | Live session of the attributed click (null for a video click or organic)
  channel: varchar not null | FACT+S channel (domain.md 10): field, top_kol, alliance (clicks);
    search, shopping_center, shop, alliance (showcase), other (by traffic_source, unattributed)
  promotion_id: varchar | The promotion whose dates hold placed_date (the earliest-starting,
    then the smallest id, when they overlap); null outside every promotion
  brand_id: varchar | Brand of the ordered product: the brand the order belongs to (domain.md
    10)
  traffic_source: varchar | The placed event's traffic_source, trimmed and lower-cased
*/
-- Attribution, order state and commission of every order (domain.md 5.4), as of $as_of.
-- Needs marts.collaboration_fraud of the same date and live_session_fraud (fraud
-- collaborations earn 0).
with placed_events as (
    select
        order_id,
        buyer_id,
        product_id,
        event_ts as placed_ts,
        business_date as placed_date,
        lower(trim(traffic_source)) as traffic_source,
        -- an order placed twice (distinct event ids) is placed by its first event
        row_number() over (partition by order_id order by event_ts, event_id) as placed_rank
    from visible_order_events
    where event_type = 'placed'
),

orders as (
    select order_id, buyer_id, product_id, placed_ts, placed_date, traffic_source
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

-- Last valid click by the buyer on the product in [placed_ts - attribution_days, placed_ts],
-- on a video or in a live session (domain.md 9); ties on time go to the larger event_id
-- (compared as strings), then to the video click.
clicks as (
    select event_id, event_ts, viewer_id, product_id, video_id,
           cast(null as varchar) as live_id, 0 as kind_order
    from visible_valid_interaction_events
    where event_type = 'product_click'
    union all
    select event_id, event_ts, viewer_id, product_id, cast(null as varchar), live_id, 1
    from visible_valid_live_events
    where event_type = 'product_click'
),

ranked_clicks as (
    select
        o.order_id,
        c.event_id as click_event_id,
        c.event_ts as click_ts,
        c.video_id,
        c.live_id,
        row_number() over (
            partition by o.order_id order by c.event_ts desc, c.event_id desc, c.kind_order
        ) as click_rank
    from orders as o
    inner join clicks as c
        on c.viewer_id = o.buyer_id
       and c.product_id = o.product_id
       and c.event_ts >= o.placed_ts - $attribution_days * interval '1 day'
       and c.event_ts <= o.placed_ts
),

last_clicks as (
    select order_id, click_event_id, click_ts, video_id, live_id
    from ranked_clicks
    where click_rank = 1
),

-- The live collaboration of a live click: among the slots of the clicked session selling the
-- ordered product, the one whose fulfilling start is the latest at or before the click.
live_matches as (
    select
        lc.order_id,
        c.collaboration_id,
        c.commission_bps,
        row_number() over (
            partition by lc.order_id order by sl.slot_start_ts desc, c.collaboration_id
        ) as match_rank
    from last_clicks as lc
    inner join orders as o on o.order_id = lc.order_id
    inner join visible_live_slots as sl
        on sl.live_id = lc.live_id
       and sl.slot_start_ts <= lc.click_ts
    inner join visible_collaborations as c
        on c.collaboration_id = sl.collaboration_id
       and c.product_id = o.product_id
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
    union all
    select sl.collaboration_id
    from visible_live_slots as sl
    inner join live_session_fraud as f on f.live_id = sl.live_id
    where f.fraud_date is not null
),

-- The promotion of each placed date: the earliest-starting, then the smallest id.
promotion_days as (
    select
        o.order_id,
        p.promotion_id,
        row_number() over (
            partition by o.order_id order by p.start_date, p.promotion_id
        ) as promotion_rank
    from orders as o
    inner join visible_promotions as p
        on o.placed_date >= p.start_date
       and o.placed_date <= p.end_date
),

based as (
    select
        o.order_id,
        o.product_id,
        o.buyer_id,
        o.placed_ts,
        o.placed_date,
        o.traffic_source,
        lc.click_event_id,
        lc.video_id,
        lc.live_id,
        coalesce(cps.collaboration_id, lm.collaboration_id) as collaboration_id,
        coalesce(cps.commission_bps, lm.commission_bps) as commission_bps,
        f.collaboration_id is not null as is_fraud,
        pr.brand_id,
        pd.promotion_id,
        ls.brand_id as session_brand_id,
        coalesce(vc.followers, lcr.followers) as click_creator_followers,
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
    left join live_matches as lm on lm.order_id = o.order_id and lm.match_rank = 1
    left join (select distinct collaboration_id from fraud) as f
        on f.collaboration_id = coalesce(cps.collaboration_id, lm.collaboration_id)
    left join visible_products as pr on pr.product_id = o.product_id
    left join promotion_days as pd on pd.order_id = o.order_id and pd.promotion_rank = 1
    left join visible_videos as vv on vv.video_id = lc.video_id
    left join staging.creators as vc on vc.creator_id = vv.creator_id
    left join visible_live_sessions as ls on ls.live_id = lc.live_id
    left join staging.creators as lcr on lcr.creator_id = ls.creator_id
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
        end as commission_fen,
        -- FACT+S (domain.md 10), first match
        case
            when click_event_id is not null and session_brand_id = brand_id then 'field'
            when click_event_id is not null
                and click_creator_followers >= $top_kol_min_followers then 'top_kol'
            when click_event_id is not null then 'alliance'
            when traffic_source = 'search' then 'search'
            when traffic_source = 'mall' then 'shopping_center'
            when traffic_source = 'shop' then 'shop'
            when traffic_source = 'showcase' then 'alliance'
            else 'other'
        end as channel
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
    (commission_fen * $platform_fee_bps + 5000) // 10000 as platform_fee_fen,
    live_id,
    channel,
    promotion_id,
    brand_id,
    traffic_source
from stated
