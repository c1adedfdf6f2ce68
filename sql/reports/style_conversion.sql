-- Creative styles compared, per campaign, as of $as_of (visible.* set to the same date).
-- Conversion = share of valid product clicks on the style's collaboration videos (from the
-- campaign start) that led to at least one of the campaign's orders (the order's attributed
-- click, domain.md 5.4; placed from the campaign start, for a product of the brand).
-- Each click converts or not, so the Wilson score interval with $z applies.
with styled_videos as (
    select
        c.campaign_id,
        coalesce(nullif(trim(c.creative_style), ''), 'unspecified') as creative_style,
        v.video_id
    from visible.collaboration_videos as v
    inner join visible.collaborations as c on c.collaboration_id = v.collaboration_id
),
style_events as (
    select s.campaign_id, s.creative_style, e.event_type, e.events
    from styled_videos as s
    inner join staging.campaigns as k on k.campaign_id = s.campaign_id
    inner join visible.collaboration_engagement_counts as e
        on e.video_id = s.video_id
       and e.business_date >= k.start_date
    where e.event_type in ('play', 'product_click')
),
converted_clicks as (
    select distinct s.campaign_id, s.creative_style, e.event_id
    from styled_videos as s
    inner join staging.campaigns as k on k.campaign_id = s.campaign_id
    inner join visible.valid_interaction_events as e
        on e.video_id = s.video_id
       and e.business_date >= k.start_date
       and e.event_type = 'product_click'
    inner join marts.order_attribution as o
        on o.as_of = $as_of
       and o.click_event_id = e.event_id
       and o.placed_date >= k.start_date
    inner join staging.products as p
        on p.product_id = o.product_id
       and p.brand_id = k.brand_id
),
videos as (
    select campaign_id, creative_style, count(distinct video_id) as videos
    from styled_videos
    group by campaign_id, creative_style
),
events as (
    select
        campaign_id,
        creative_style,
        cast(sum(events) filter (where event_type = 'play') as bigint) as plays,
        cast(sum(events) filter (where event_type = 'product_click') as bigint) as product_clicks
    from style_events
    group by campaign_id, creative_style
),
conversions as (
    select campaign_id, creative_style, count(*) as clicks_with_order
    from converted_clicks
    group by campaign_id, creative_style
),
counts as (
    select
        v.campaign_id,
        v.creative_style,
        v.videos,
        coalesce(e.plays, 0) as plays,
        coalesce(e.product_clicks, 0) as product_clicks,
        coalesce(c.clicks_with_order, 0) as clicks_with_order
    from videos as v
    left join events as e
        on e.campaign_id = v.campaign_id and e.creative_style = v.creative_style
    left join conversions as c
        on c.campaign_id = v.campaign_id and c.creative_style = v.creative_style
),
rates as (
    select
        *,
        case when product_clicks > 0 then cast(clicks_with_order as double) / product_clicks end as p,
        cast(product_clicks as double) as n
    from counts
)
select
    campaign_id,
    creative_style,
    videos,
    plays,
    product_clicks,
    clicks_with_order,
    p as conversion_rate,
    -- At 0 or n successes a bound is exactly 0 or 1; the formula would leave rounding dust.
    case
        when n = 0 then null
        when clicks_with_order = 0 then 0.0
        else (p + $z * $z / (2 * n) - $z * sqrt(p * (1 - p) / n + $z * $z / (4 * n * n)))
            / (1 + $z * $z / n)
    end as conversion_low,
    case
        when n = 0 then null
        when clicks_with_order = product_clicks then 1.0
        else (p + $z * $z / (2 * n) + $z * sqrt(p * (1 - p) / n + $z * $z / (4 * n * n)))
            / (1 + $z * $z / n)
    end as conversion_high
from rates
order by campaign_id, creative_style
