/*
name: visible_interaction_events
kind: view
description: The likes, comments, shares, follows and product clicks of visible_engagement_events
  (from staging.interaction_events, a few percent of the events), flagged the same way.
*/
-- Invalid (domain.md 4): stamped before the video's first publish, while it was down, or by
-- a viewer whose viewer-day is a bot as of the date (staging.bot_viewer_days).
select
    e.*,
    coalesce(b.bot_from_date is not null, false) as is_bot,
    e.event_ts < v.first_publish_ts as is_before_publish,
    d.video_id is not null as is_while_down
from staging.interaction_events as e
inner join visible_videos as v on v.video_id = e.video_id
left join visible_video_down_spans as d
    on d.video_id = e.video_id
   and e.event_ts >= d.down_from_ts
   and (d.down_until_ts is null or e.event_ts < d.down_until_ts)
left join staging.bot_viewer_days as b
    on b.viewer_id = e.viewer_id
   and b.business_date = e.business_date
   and b.bot_from_date <= $as_of
where e.business_date <= $as_of
  and e.admitted_date <= $as_of
