-- Performance of every creator known as of $as_of over the window $as_of-29 .. $as_of
-- (domain.md 7): valid events on all the creator's videos, and the net GMV (commission
-- bases) of orders attributed to those videos and placed in the window.
create or replace temp table creator_performance as
with window_events as (
    select v.creator_id, e.video_id, e.viewer_id, e.event_type
    from visible.valid_engagement_events as e
    inner join visible.videos as v on v.video_id = e.video_id
    where e.business_date between $as_of - ($performance_window_days - 1) and $as_of
),

-- One row per (creator, viewer, video, type): likes, comments and shares count once each.
per_viewer as (
    select creator_id, viewer_id, video_id, event_type, count(*) as events
    from window_events
    group by creator_id, viewer_id, video_id, event_type
),

event_counts as (
    select
        creator_id,
        sum(case when event_type = 'play' then events else 0 end) as plays,
        sum(case when event_type = 'complete_play' then events else 0 end) as complete_plays,
        sum(case when event_type = 'product_click' then events else 0 end) as product_clicks,
        sum(case when event_type in ('like', 'comment', 'share') then 1 else 0 end)
            as engagements
    from per_viewer
    group by creator_id
),

window_gmv as (
    select v.creator_id, sum(o.base_fen) as net_gmv_fen
    from marts.order_attribution as o
    inner join visible.videos as v on v.video_id = o.video_id
    where o.as_of = $as_of
      and o.placed_date between $as_of - ($performance_window_days - 1) and $as_of
    group by v.creator_id
)

select
    c.creator_id,
    coalesce(ec.plays, 0) as plays,
    coalesce(ec.complete_plays, 0) as complete_plays,
    coalesce(ec.product_clicks, 0) as product_clicks,
    coalesce(ec.engagements, 0) as engagements,
    coalesce(g.net_gmv_fen, 0) as net_gmv_fen
from visible.creators as c
left join event_counts as ec on ec.creator_id = c.creator_id
left join window_gmv as g on g.creator_id = c.creator_id;
