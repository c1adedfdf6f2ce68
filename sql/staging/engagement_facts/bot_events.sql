-- staging.bot_engagement_events: every admitted engagement event of a bot viewer-day
-- (staging.bot_viewer_days), brought up to date after the bot days are recomputed. Each
-- step reads only the events it can concern, so a run does not scan every event again.
-- Input: temp view bot_event_candidates, the admitted events from the latest admission
-- date collected on (engagement_facts.py): later loads only admit events on or after it,
-- as a reload first forgets what it will admit again (forget_from).

-- Rows of bot days that no longer stand as collected: the day is no bot any more, or its
-- bot date moved. Those days are collected again whole below.
delete from staging.bot_engagement_events as e
where not exists (
    select 1
    from staging.bot_viewer_days as b
    where b.viewer_id = e.viewer_id
      and b.business_date = e.business_date
      and b.bot_from_date = e.bot_from_date
);

-- Bot days with nothing collected (new, or moved): every admitted event of the day. The
-- events of a business day sit in the row groups delivered around it, which the scan
-- finds from the days' dates.
create or replace temp table uncollected_bot_days as
select b.viewer_id, b.business_date, b.bot_from_date
from staging.bot_viewer_days as b
anti join staging.bot_engagement_events as e
    on e.viewer_id = b.viewer_id and e.business_date = b.business_date;

insert into staging.bot_engagement_events
select
    e.event_id, e.video_id, e.business_date, e.admitted_date, e.event_type, e.event_ts,
    e.viewer_id, u.bot_from_date
from staging.engagement_events as e
inner join uncollected_bot_days as u
    on u.viewer_id = e.viewer_id and u.business_date = e.business_date
where e.admitted_date is not null;

-- Events admitted since the last collection: the ids already collected (above, or by an
-- earlier run) are skipped, as an admitted event_id is admitted once.
insert into staging.bot_engagement_events
select
    e.event_id, e.video_id, e.business_date, e.admitted_date, e.event_type, e.event_ts,
    e.viewer_id, b.bot_from_date
from bot_event_candidates as e
inner join staging.bot_viewer_days as b
    on b.viewer_id = e.viewer_id and b.business_date = e.business_date
anti join staging.bot_engagement_events as c on c.event_id = e.event_id;
