-- One row per campaign in the snapshot $as_of (in the funnel, or booked before its start):
-- headline numbers for the index and each campaign page. Money stays integer fen.
with funnel as (
    select *
    from marts.campaign_funnel
    where as_of = $as_of
),
money as (
    select
        campaign_id,
        count(*) as collaborations,
        cast(sum(brand_charge_fen) as bigint) as brand_charge_fen,
        cast(sum(prepaid_fen) as bigint) as prepaid_fen,
        cast(sum(escrow_fen) as bigint) as escrow_fen,
        cast(sum(disbursed_fen) as bigint) as disbursed_fen,
        cast(sum(refund_fen) as bigint) as settlement_refund_fen
    from marts.settlements
    where as_of = $as_of
    group by campaign_id
),
published as (
    select c.campaign_id, count(distinct v.video_id) as published_videos
    from visible.collaboration_videos as v
    inner join visible.collaborations as c on c.collaboration_id = v.collaboration_id
    group by c.campaign_id
),
campaign_ids as (
    select campaign_id from funnel
    union
    select campaign_id from money
)
select
    i.campaign_id,
    coalesce(k.name, i.campaign_id) as campaign_name,
    coalesce(f.brand_id, k.brand_id) as brand_id,
    coalesce(b.name, f.brand_id, k.brand_id) as brand_name,
    k.start_date,
    k.end_date,
    k.budget_fen,
    coalesce(f.impressions, 0) as impressions,
    coalesce(f.plays, 0) as plays,
    coalesce(f.complete_plays, 0) as complete_plays,
    coalesce(f.engagements, 0) as engagements,
    coalesce(f.product_clicks, 0) as product_clicks,
    coalesce(f.orders, 0) as orders,
    coalesce(f.paid_orders, 0) as paid_orders,
    coalesce(f.gmv_fen, 0) as gmv_fen,
    coalesce(f.refund_fen, 0) as refund_fen,
    coalesce(f.net_gmv_fen, 0) as net_gmv_fen,
    coalesce(f.cost_fen, m.brand_charge_fen, 0) as cost_fen,
    f.roas,
    coalesce(m.collaborations, 0) as collaborations,
    coalesce(m.prepaid_fen, 0) as prepaid_fen,
    coalesce(m.escrow_fen, 0) as escrow_fen,
    coalesce(m.disbursed_fen, 0) as disbursed_fen,
    coalesce(m.settlement_refund_fen, 0) as settlement_refund_fen,
    coalesce(p.published_videos, 0) as published_videos
from campaign_ids as i
left join funnel as f on f.campaign_id = i.campaign_id
left join money as m on m.campaign_id = i.campaign_id
left join staging.campaigns as k on k.campaign_id = i.campaign_id
left join staging.brands as b on b.brand_id = coalesce(f.brand_id, k.brand_id)
left join published as p on p.campaign_id = i.campaign_id
order by k.start_date desc nulls last, i.campaign_id
