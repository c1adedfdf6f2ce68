-- Funnel and ROI of every campaign started by $as_of (domain.md 8): the days of
-- marts.campaign_funnel_daily of $as_of summed, the cost from marts.settlements of $as_of
-- (sum of brand_charge_fen of the campaign's collaborations), ROAS = net GMV / cost (null
-- when cost is 0) and the stage-to-stage rates (null when their denominator is 0).
insert into marts.campaign_funnel (
    as_of, campaign_id, brand_id, impressions, plays, complete_plays, engagements,
    product_clicks, orders, paid_orders, gmv_fen, refund_fen, net_gmv_fen, cost_fen, roas,
    play_rate, engagement_rate, click_rate, order_rate, paid_rate, completion_rate,
    start_date, end_date, collaborations, videos
)
with started as (
    select campaign_id, brand_id, start_date, end_date
    from visible.campaigns
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
        sum(net_gmv_fen) as net_gmv_fen
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
    from visible.collaborations as c
    left join visible.collaboration_videos as cv on cv.collaboration_id = c.collaboration_id
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
        coalesce(b.videos, 0) as videos
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
    videos
from funnel;
