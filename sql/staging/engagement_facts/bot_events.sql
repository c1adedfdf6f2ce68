-- staging.bot_engagement_events: every admitted engagement event of a bot viewer-day
-- (staging.bot_viewer_days), brought up to date after the bot days are recomputed and
-- uncollected_bot_days.sql has dropped what no longer stands. Each step reads only the
-- events it can concern, so a run does not scan every event again. Inputs (temp views of
-- engagement_facts.py, with literal dates so the scans skip other row groups):
--   uncollected_day_events: the admitted events of the business dates of
--     uncollected_bot_days;
--   bot_event_candidates: the admitted events from the latest admission date collected
--     on: later loads only admit events on or after it, as a reload first forgets what it
--     will admit again (forget_from).

-- Bot days with nothing collected (new, or moved): every admitted event of the day.
insert into staging.bot_engagement_events
select
    e.event_id, e.video_id, e.business_date, e.admitted_date, e.event_type, e.event_ts,
    e.viewer_id, u.bot_from_date
from uncollected_day_events as e
inner join uncollected_bot_days as u
    on u.viewer_id = e.viewer_id and u.business_date = e.business_date;

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
