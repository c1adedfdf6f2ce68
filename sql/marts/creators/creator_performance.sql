/*
name: creator_performance
kind: table
description: Plays, complete plays, clicks, unique engagements and net GMV of every creator known as of
  the date over the performance window (domain.md 7).
*/
-- Performance of every creator known as of $as_of over the window $as_of-29 .. $as_of
-- (domain.md 7): valid events on all the creator's videos, and the net GMV (commission
-- bases) of orders attributed to those videos and placed in the window.
with creator_videos as (
    select v.creator_id, v.video_id
    from visible_videos as v
),

-- Plays, complete plays and clicks count every event (video_event_counts).
event_counts as (
    select
        w.creator_id,
        sum(c.plays) as plays,
        sum(c.complete_plays) as complete_plays,
        sum(c.product_clicks) as product_clicks
    from creator_videos as w
    inner join video_event_counts as c on c.video_id = w.video_id
    where c.business_date between $as_of - ($performance_window_days - 1) and $as_of
    group by w.creator_id
),

-- Likes, comments and shares count once per (viewer, video, type) occurring in the window
-- (video_engagers).
engagement_counts as (
    select w.creator_id, count(*) as engagements
    from creator_videos as w
    inner join video_engagers as g on g.video_id = w.video_id
    where g.last_date >= $as_of - ($performance_window_days - 1)
    group by w.creator_id
),

window_gmv as (
    select v.creator_id, sum(o.base_fen) as net_gmv_fen
    from marts.order_attribution as o
    inner join visible_videos as v on v.video_id = o.video_id
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
from visible_creators as c
left join event_counts as ec on ec.creator_id = c.creator_id
left join engagement_counts as en on en.creator_id = c.creator_id
left join window_gmv as g on g.creator_id = c.creator_id
