-- The purchase path of every campaign as of $as_of, one row per stage, with the share of
-- the previous stage that reached this one (null for the first stage or after a zero).
-- Engagements are not a stage: a product click needs no like, comment or share first, so
-- "clicks as a share of engagements" means nothing; funnel_engagement.sql shows them beside.
with funnel as (
    select *
    from marts.campaign_funnel
    where as_of = $as_of
),
stages as (
    select campaign_id, 1 as stage_order, 'Impressions' as stage, impressions as reached from funnel
    union all
    select campaign_id, 2, 'Plays', plays from funnel
    union all
    select campaign_id, 3, 'Product clicks', product_clicks from funnel
    union all
    select campaign_id, 4, 'Orders', orders from funnel
    union all
    select campaign_id, 5, 'Paid orders', paid_orders from funnel
),
with_previous as (
    select
        *,
        lag(reached) over (partition by campaign_id order by stage_order) as previous_reached
    from stages
)
select
    campaign_id,
    stage_order,
    stage,
    reached,
    case when previous_reached > 0 then cast(reached as double) / previous_reached end as rate_from_previous
from with_previous
order by campaign_id, stage_order
