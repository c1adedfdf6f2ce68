-- First step of bringing staging.bot_engagement_events up to staging.bot_viewer_days:
-- drop the rows of bot days that no longer stand as collected (the day is no bot any more,
-- or its bot date moved), then list the bot days with nothing collected (new, or moved)
-- in temp table uncollected_bot_days. bot_events.sql collects them whole.
delete from staging.bot_engagement_events as e
where not exists (
    select 1
    from staging.bot_viewer_days as b
    where b.viewer_id = e.viewer_id
      and b.business_date = e.business_date
      and b.bot_from_date = e.bot_from_date
);

create or replace temp table uncollected_bot_days as
select b.viewer_id, b.business_date, b.bot_from_date
from staging.bot_viewer_days as b
anti join staging.bot_engagement_events as e
    on e.viewer_id = b.viewer_id and e.business_date = b.business_date;
