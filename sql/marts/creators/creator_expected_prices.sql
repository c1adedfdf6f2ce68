/*
name: creator_expected_prices
kind: table
description: Median plays and unique engagements of each creator's videos first published in the
  performance window (domain.md 7: 预期CPM / 预期CPE).
*/
-- Expected prices for discovery (domain.md 7: 预期CPM / 预期CPE). For each creator, its
-- videos first published in the window $as_of-29 .. $as_of, each with its valid plays and
-- unique (viewer, video, type) likes, comments and shares up to $as_of; then the medians
-- over those videos (an even count takes the mean of the two middle values).
with recent_videos as (
    select v.creator_id, v.video_id
    from visible_videos as v
    where v.first_publish_date between $as_of - ($performance_window_days - 1) and $as_of
),

-- Plays count every event; likes, comments and shares once per (viewer, video, type)
-- (video_event_counts and video_engagers).
play_counts as (
    select c.video_id, sum(c.plays) as plays
    from video_event_counts as c
    semi join recent_videos as r on r.video_id = c.video_id
    group by c.video_id
),

engagement_counts as (
    select g.video_id, count(*) as engagements
    from video_engagers as g
    semi join recent_videos as r on r.video_id = g.video_id
    group by g.video_id
),

per_video as (
    select
        r.creator_id,
        coalesce(pc.plays, 0) as plays,
        coalesce(ec.engagements, 0) as engagements
    from recent_videos as r
    left join play_counts as pc on pc.video_id = r.video_id
    left join engagement_counts as ec on ec.video_id = r.video_id
),

ranked as (
    select
        creator_id,
        plays,
        engagements,
        row_number() over (partition by creator_id order by plays) as plays_rank,
        row_number() over (partition by creator_id order by engagements) as engagements_rank,
        count(*) over (partition by creator_id) as videos
    from per_video
)

-- The middle rank r of n values satisfies n <= 2r <= n + 2: one rank when n is odd, the
-- two middle ranks when n is even.
select
    creator_id,
    max(videos) as videos,
    avg(case when 2 * plays_rank between videos and videos + 2 then cast(plays as double) end)
        as median_plays,
    avg(
        case
            when 2 * engagements_rank between videos and videos + 2
                then cast(engagements as double)
        end
    ) as median_engagements
from ranked
group by creator_id
