/*
name: marts.campaign_funnel
kind: snapshot
key: as_of, campaign_id
description: Funnel and ROI per campaign started by each business date, over the videos and live
  sessions of its collaborations, from campaign start to as_of (the end date does not cut it)
  (domain.md 8, 9).
columns:
  as_of: date not null | Snapshot business date (Asia/Shanghai): only events with business date
    and delivery date <= as_of are seen
  campaign_id: varchar not null | Campaign, started on or before as_of
  brand_id: varchar not null | Brand running the campaign
  impressions: bigint not null | Valid impressions of the campaign's videos since campaign start
  plays: bigint not null | Valid plays of the campaign's videos since campaign start
  complete_plays: bigint not null | Valid complete plays of the campaign's videos since campaign
    start
  engagements: bigint not null | Valid likes, comments and shares, once per (viewer, video,
    type) over the whole period
  product_clicks: bigint not null | Valid product card clicks on the campaign's videos and in its
    live sessions since campaign start
  orders: bigint not null | Orders placed since campaign start, attributed to a click on one of
    the campaign's videos or in one of its live sessions, for a product of the campaign's brand
  paid_orders: bigint not null | Those orders ever paid (even if later refunded or cancelled)
  gmv_fen: bigint not null | Paid amount of the paid orders, fen
  refund_fen: bigint not null | Refunds of those orders, each capped at its paid amount, fen
  net_gmv_fen: bigint not null | Commission bases (paid - refunds, 0 when cancelled) of those
    orders summed, fen
  cost_fen: bigint not null | Sum of brand_charge_fen of the campaign's collaborations (live
    ones included) in marts.settlements of the same as_of, fen
  roas: double | net_gmv_fen / cost_fen; null when cost is 0
  play_rate: double | plays / impressions; null when no impressions
  engagement_rate: double | engagements / plays; null when no plays
  click_rate: double | product_clicks / plays; null when no plays
  order_rate: double | orders / product_clicks; null when no clicks
  paid_rate: double | paid_orders / orders; null when no orders
  completion_rate: double | complete_plays / plays; null when no plays
  start_date: date not null | Campaign start: the funnel counts from this business date
  end_date: date not null | Campaign end (informative: sales after it still count)
  collaborations: bigint not null | Collaborations of the campaign booked by as_of
  videos: bigint not null | Of those, collaborations with a video (first qualifying publish) by
    as_of
  live_views: bigint not null | Valid enter events in the campaign's live sessions since campaign
    start (domain.md 9); impressions, plays, complete plays and engagements stay video-only
checks:
  roas_defined_by_cost: ROAS is null exactly when the campaign's cost is 0.
  order_money_consistent: paid_orders <= orders and net GMV + refunds <= GMV.
*/
-- Funnel and ROI of every campaign started by $as_of (domain.md 8): the days of
-- marts.campaign_funnel_daily of $as_of summed, the cost from marts.settlements of $as_of
-- (sum of brand_charge_fen of the campaign's collaborations), ROAS = net GMV / cost (null
-- when cost is 0) and the stage-to-stage rates (null when their denominator is 0).
with started as (
    select campaign_id, brand_id, start_date, end_date
    from visible_campaigns
    where start_date <= $as_of
),

totals as (
    select
        campaign_id,
        sum(impressions) as impressions,
        sum(plays) as plays,
        sum(complete_plays) as complete_plays,
        sum(engagements) as engagements,
        sum(product_clicks) as product_clicks,
        sum(orders) as orders,
        sum(paid_orders) as paid_orders,
        sum(gmv_fen) as gmv_fen,
        sum(refund_fen) as refund_fen,
        sum(net_gmv_fen) as net_gmv_fen,
        sum(live_views) as live_views
    from marts.campaign_funnel_daily
    where as_of = $as_of
    group by campaign_id
),

costs as (
    select campaign_id, sum(brand_charge_fen) as cost_fen
    from marts.settlements
    where as_of = $as_of
    group by campaign_id
),

bookings as (
    select
        c.campaign_id,
        count(*) as collaborations,
        count(cv.video_id) as videos
    from visible_collaborations as c
    left join visible_collaboration_videos as cv on cv.collaboration_id = c.collaboration_id
    group by c.campaign_id
),

funnel as (
    select
        s.campaign_id,
        s.brand_id,
        s.start_date,
        s.end_date,
        coalesce(t.impressions, 0) as impressions,
        coalesce(t.plays, 0) as plays,
        coalesce(t.complete_plays, 0) as complete_plays,
        coalesce(t.engagements, 0) as engagements,
        coalesce(t.product_clicks, 0) as product_clicks,
        coalesce(t.orders, 0) as orders,
        coalesce(t.paid_orders, 0) as paid_orders,
        coalesce(t.gmv_fen, 0) as gmv_fen,
        coalesce(t.refund_fen, 0) as refund_fen,
        coalesce(t.net_gmv_fen, 0) as net_gmv_fen,
        coalesce(k.cost_fen, 0) as cost_fen,
        coalesce(b.collaborations, 0) as collaborations,
        coalesce(b.videos, 0) as videos,
        coalesce(t.live_views, 0) as live_views
    from started as s
    left join totals as t on t.campaign_id = s.campaign_id
    left join costs as k on k.campaign_id = s.campaign_id
    left join bookings as b on b.campaign_id = s.campaign_id
)

select
    cast($as_of as date) as as_of,
    campaign_id,
    brand_id,
    impressions,
    plays,
    complete_plays,
    engagements,
    product_clicks,
    orders,
    paid_orders,
    gmv_fen,
    refund_fen,
    net_gmv_fen,
    cost_fen,
    cast(net_gmv_fen as double) / nullif(cost_fen, 0) as roas,
    cast(plays as double) / nullif(impressions, 0) as play_rate,
    cast(engagements as double) / nullif(plays, 0) as engagement_rate,
    cast(product_clicks as double) / nullif(plays, 0) as click_rate,
    cast(orders as double) / nullif(product_clicks, 0) as order_rate,
    cast(paid_orders as double) / nullif(orders, 0) as paid_rate,
    cast(complete_plays as double) / nullif(plays, 0) as completion_rate,
    start_date,
    end_date,
    collaborations,
    videos,
    live_views
from funnel
