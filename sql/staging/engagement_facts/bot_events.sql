-- staging.bot_engagement_events: every admitted engagement event of a bot viewer-day
-- (staging.bot_viewer_days), rebuilt whole. One scan of the events per run, instead of one
-- per snapshot reader of visible.valid_engagement_counts.
delete from staging.bot_engagement_events;
insert into staging.bot_engagement_events
select
    e.video_id, e.business_date, e.admitted_date, e.event_type, e.event_ts, e.viewer_id,
    b.bot_from_date
from staging.engagement_events as e
inner join staging.bot_viewer_days as b
    on b.viewer_id = e.viewer_id
   and b.business_date = e.business_date
where e.admitted_date is not null;
