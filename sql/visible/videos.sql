/*
name: visible_videos
kind: view
description: Videos known as of the date (one of their publishes is visible), with the creator,
  collaboration and time of their first publish (by time, then event_id).
*/
with ranked as (
    select
        e.*,
        row_number() over (partition by e.video_id order by e.event_ts, e.event_id) as publish_rank
    from visible_video_events as e
    where e.event_type = 'publish'
)

select
    video_id,
    creator_id,
    collaboration_id,
    event_id as first_publish_event_id,
    event_ts as first_publish_ts,
    business_date as first_publish_date,
    duration_s,
    is_commercial
from ranked
where publish_rank = 1
