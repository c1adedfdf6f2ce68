/*
name: visible_valid_engagement_counts
kind: view
description: Valid engagement events per known video, business date and type (domain.md 4).
*/
-- The same counts as grouping visible_valid_engagement_events, read from the summaries: each
-- row of staging.engagement_counts is valid or not as a whole (its first_ts decides, see
-- 20_staging.sql); the few events of bot viewer-days (staging.bot_engagement_events) are then
-- taken off one by one. The videos are filtered in each branch, before the grouping: DuckDB
-- does not push a filter on the grouped result down to the summaries.
with count_rows as (
    select
        c.video_id, c.business_date, c.admitted_date, c.event_type, c.first_ts as event_ts,
        c.events
    from staging.engagement_counts as c
    semi join visible_videos as v on v.video_id = c.video_id
    union all
    select b.video_id, b.business_date, b.admitted_date, b.event_type, b.event_ts, -1
    from staging.bot_engagement_events as b
    semi join visible_videos as v on v.video_id = b.video_id
    where b.bot_from_date <= $as_of
)

select r.video_id, r.business_date, r.event_type, cast(sum(r.events) as bigint) as events
from count_rows as r
inner join visible_videos as k on k.video_id = r.video_id
left join visible_video_down_spans as d
    on d.video_id = r.video_id
   and r.event_ts >= d.down_from_ts
   and (d.down_until_ts is null or r.event_ts < d.down_until_ts)
where r.business_date <= $as_of
  and r.admitted_date <= $as_of
  and r.event_ts >= k.first_publish_ts
  and d.video_id is null
group by r.video_id, r.business_date, r.event_type
having sum(r.events) > 0
