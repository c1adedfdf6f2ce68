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

-- Plays, complete plays and clicks count every event: a plain count per creator.
event_counts as (
    select
        creator_id,
        count(case when event_type = 'play' then 1 end) as plays,
        count(case when event_type = 'complete_play' then 1 end) as complete_plays,
        count(case when event_type = 'product_click' then 1 end) as product_clicks
    from window_events
    group by creator_id
),

-- Likes, comments and shares count once per (viewer, video, type).
engagement_keys as (
    select distinct creator_id, viewer_id, video_id, event_type
    from window_events
    where event_type in ('like', 'comment', 'share')
),

engagement_counts as (
    select creator_id, count(*) as engagements
    from engagement_keys
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
    coalesce(en.engagements, 0) as engagements,
    coalesce(g.net_gmv_fen, 0) as net_gmv_fen
from visible.creators as c
left join event_counts as ec on ec.creator_id = c.creator_id
left join engagement_counts as en on en.creator_id = c.creator_id
left join window_gmv as g on g.creator_id = c.creator_id;
