/*
name: marts.campaign_funnel_daily
kind: snapshot
key: as_of, campaign_id, business_date
description: The campaign funnel per business date of the activity, as seen as of each snapshot
  date; only days with activity have a row. Summed over business_date it equals
  marts.campaign_funnel of the same as_of.
columns:
  as_of: date not null | Snapshot business date the figures are seen from
  campaign_id: varchar not null | Campaign, started on or before as_of
  business_date: date not null | Business date (Asia/Shanghai) of the events; of placement for
    orders and their money
  impressions: bigint not null | Valid impressions of the campaign's videos that day
  plays: bigint not null | Valid plays that day
  complete_plays: bigint not null | Valid complete plays that day
  engagements: bigint not null | Unique (viewer, video, type) likes, comments and shares counted
    on the day of their first valid occurrence since campaign start
  product_clicks: bigint not null | Valid product card clicks that day, on the campaign's videos
    and in its live sessions
  orders: bigint not null | Campaign orders (see marts.campaign_funnel) placed that day
  paid_orders: bigint not null | Of the orders placed that day, those ever paid as of as_of
  gmv_fen: bigint not null | Paid amount of the paid orders placed that day, fen
  refund_fen: bigint not null | Refunds (known as of as_of, capped at the paid amount) of the
    orders placed that day, fen
  net_gmv_fen: bigint not null | Commission bases as of as_of of the orders placed that day, fen
  live_views: bigint not null | Valid enter events that day in the campaign's live sessions (the
    sessions of its live collaborations, domain.md 9)
checks:
  days_within_campaign: Every day lies between the campaign start and the snapshot date.
*/
-- The funnel of every campaign started by $as_of, per business date (domain.md 8), as seen
-- as of $as_of. Over the videos of the campaign's collaborations, valid events from the
-- campaign start to $as_of (the end date does not cut it). Each unique (viewer, video, type)
-- engagement counts on the day of its first valid occurrence, and each order (with its
-- money as of $as_of) on the day it was placed, so the days sum to the campaign funnel.
with started as (
    select campaign_id, brand_id, start_date
    from visible_campaigns
    where start_date <= $as_of
),

campaign_videos as (
    select distinct s.campaign_id, s.brand_id, s.start_date, cv.video_id
    from started as s
    inner join visible_collaborations as c on c.campaign_id = s.campaign_id
    inner join visible_collaboration_videos as cv on cv.collaboration_id = c.collaboration_id
),

-- The live sessions of the campaign's live collaborations (domain.md 9): their clicks,
-- views and orders count with the videos', over each session's whole activity.
campaign_sessions as (
    select distinct s.campaign_id, s.brand_id, s.start_date, sl.live_id
    from started as s
    inner join visible_collaborations as c on c.campaign_id = s.campaign_id
    inner join visible_live_slots as sl on sl.collaboration_id = c.collaboration_id
),

daily_live as (
    select
        cs.campaign_id,
        e.business_date,
        count(case when e.event_type = 'enter' then 1 end) as live_views,
        count(case when e.event_type = 'product_click' then 1 end) as product_clicks
    from campaign_sessions as cs
    inner join visible_valid_live_events as e
        on e.live_id = cs.live_id
       and e.business_date >= cs.start_date
    group by cs.campaign_id, e.business_date
),

-- Impressions, plays, complete plays and clicks count every event on its business date
-- (a day with valid events of any type is a day of the campaign).
daily_events as (
    select
        cv.campaign_id,
        e.business_date,
        cast(sum(case when e.event_type = 'impression' then e.events else 0 end) as bigint)
            as impressions,
        cast(sum(case when e.event_type = 'play' then e.events else 0 end) as bigint) as plays,
        cast(sum(case when e.event_type = 'complete_play' then e.events else 0 end) as bigint)
            as complete_plays,
        cast(sum(case when e.event_type = 'product_click' then e.events else 0 end) as bigint)
            as product_clicks
    from campaign_videos as cv
    inner join visible_collaboration_engagement_counts as e
        on e.video_id = cv.video_id
       and e.business_date >= cv.start_date
    group by cv.campaign_id, e.business_date
),

-- A unique (viewer, video, type) like, comment or share counts on the first day it shows
-- up since the campaign start.
first_engagements as (
    select
        cv.campaign_id,
        e.viewer_id,
        e.video_id,
        e.event_type,
        min(e.business_date) as business_date
    from campaign_videos as cv
    inner join visible_valid_interaction_events as e
        on e.video_id = cv.video_id
       and e.business_date >= cv.start_date
    where e.event_type in ('like', 'comment', 'share')
    group by cv.campaign_id, e.viewer_id, e.video_id, e.event_type
),

daily_engagements as (
    select campaign_id, business_date, count(*) as engagements
    from first_engagements
    group by campaign_id, business_date
),

-- Every first-engagement day has events, so the days of daily_events cover them all.
event_counts as (
    select
        d.campaign_id,
        d.business_date,
        d.impressions,
        d.plays,
        d.complete_plays,
        d.product_clicks,
        coalesce(g.engagements, 0) as engagements
    from daily_events as d
    left join daily_engagements as g
        on g.campaign_id = d.campaign_id and g.business_date = d.business_date
),

campaign_orders as (
    select distinct
        cv.campaign_id,
        o.order_id,
        o.placed_date,
        o.is_paid,
        o.gmv_fen,
        o.refund_fen,
        o.net_gmv_fen
    from order_money as o
    inner join (
        select campaign_id, brand_id, start_date, video_id, cast(null as varchar) as live_id
        from campaign_videos
        union all
        select campaign_id, brand_id, start_date, cast(null as varchar), live_id
        from campaign_sessions
    ) as cv
        on cv.video_id = o.video_id or cv.live_id = o.live_id
    inner join visible_products as pr
        on pr.product_id = o.product_id
       and pr.brand_id = cv.brand_id
    where o.placed_date >= cv.start_date
),

order_counts as (
    select
        campaign_id,
        placed_date as business_date,
        count(*) as orders,
        sum(case when is_paid then 1 else 0 end) as paid_orders,
        sum(gmv_fen) as gmv_fen,
        sum(refund_fen) as refund_fen,
        sum(net_gmv_fen) as net_gmv_fen
    from campaign_orders
    group by campaign_id, placed_date
),

active_days as (
    select campaign_id, business_date from event_counts
    union
    select campaign_id, business_date from order_counts
    union
    select campaign_id, business_date from daily_live
)

select
    cast($as_of as date) as as_of,
    d.campaign_id,
    d.business_date,
    coalesce(ev.impressions, 0) as impressions,
    coalesce(ev.plays, 0) as plays,
    coalesce(ev.complete_plays, 0) as complete_plays,
    coalesce(ev.engagements, 0) as engagements,
    coalesce(ev.product_clicks, 0) + coalesce(l.product_clicks, 0) as product_clicks,
    coalesce(o.orders, 0) as orders,
    coalesce(o.paid_orders, 0) as paid_orders,
    coalesce(o.gmv_fen, 0) as gmv_fen,
    coalesce(o.refund_fen, 0) as refund_fen,
    coalesce(o.net_gmv_fen, 0) as net_gmv_fen,
    coalesce(l.live_views, 0) as live_views
from active_days as d
left join event_counts as ev
    on ev.campaign_id = d.campaign_id and ev.business_date = d.business_date
left join order_counts as o
    on o.campaign_id = d.campaign_id and o.business_date = d.business_date
left join daily_live as l
    on l.campaign_id = d.campaign_id and l.business_date = d.business_date
