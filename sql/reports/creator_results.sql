-- Per campaign and creator as of $as_of: what the brand is charged (marts.settlements) and
-- the net GMV of the campaign's orders attributed to the creator's collaboration videos,
-- counted as the funnel counts them (domain.md 8: placed from the campaign start, for a
-- product of the campaign's brand). Tiers from marts.creator_tiers of the same snapshot.
with collabs as (
    select s.collaboration_id, s.campaign_id, s.creator_id, s.brand_charge_fen
    from marts.settlements as s
    where s.as_of = $as_of
),
campaign_orders as (
    select v.collaboration_id, o.order_id, o.paid_fen, o.base_fen
    from visible.collaboration_videos as v
    inner join collabs as c on c.collaboration_id = v.collaboration_id
    inner join staging.campaigns as k on k.campaign_id = c.campaign_id
    inner join marts.order_attribution as o
        on o.as_of = $as_of
       and o.video_id = v.video_id
       and o.placed_date >= k.start_date
    inner join staging.products as p
        on p.product_id = o.product_id
       and p.brand_id = k.brand_id
),
per_collaboration as (
    select
        collaboration_id,
        count(*) as orders,
        count(*) filter (where paid_fen > 0) as paid_orders,
        cast(sum(base_fen) as bigint) as net_gmv_fen
    from campaign_orders
    group by collaboration_id
),
per_creator as (
    select
        c.campaign_id,
        c.creator_id,
        count(*) as collaborations,
        cast(sum(c.brand_charge_fen) as bigint) as cost_fen,
        coalesce(cast(sum(o.orders) as bigint), 0) as orders,
        coalesce(cast(sum(o.paid_orders) as bigint), 0) as paid_orders,
        coalesce(cast(sum(o.net_gmv_fen) as bigint), 0) as net_gmv_fen
    from collabs as c
    left join per_collaboration as o on o.collaboration_id = c.collaboration_id
    group by c.campaign_id, c.creator_id
)
select
    r.campaign_id,
    r.creator_id,
    coalesce(nullif(trim(cr.nickname), ''), r.creator_id) as creator_name,
    t.follower_tier,
    t.performance_tier,
    r.collaborations,
    r.cost_fen,
    r.orders,
    r.paid_orders,
    r.net_gmv_fen,
    case when r.cost_fen > 0 then cast(r.net_gmv_fen as double) / r.cost_fen end as roas
from per_creator as r
left join staging.creators as cr on cr.creator_id = r.creator_id
left join marts.creator_tiers as t on t.as_of = $as_of and t.creator_id = r.creator_id
order by r.campaign_id, r.cost_fen desc, r.net_gmv_fen desc, r.creator_id
