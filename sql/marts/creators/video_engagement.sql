-- Valid engagement of every known video as of $as_of, aggregated once for the two marts
-- that need it (creator_performance, creator_expected_prices): each used to scan and
-- deduplicate every valid event itself.
--   video_event_counts: plays, complete plays and product clicks per video and day;
--   video_engagers: each unique (viewer, video, type) like, comment and share, with the
--   last business date it occurred on (visible events all lie on or before $as_of, so the
--   key occurs in a window ending $as_of exactly when its last date is in that window).
create or replace temp table video_event_counts as
select
    video_id,
    business_date,
    count(case when event_type = 'play' then 1 end) as plays,
    count(case when event_type = 'complete_play' then 1 end) as complete_plays,
    count(case when event_type = 'product_click' then 1 end) as product_clicks
from visible.valid_engagement_events
where event_type in ('play', 'complete_play', 'product_click')
group by video_id, business_date;

create or replace temp table video_engagers as
select video_id, viewer_id, event_type, max(business_date) as last_date
from visible.valid_engagement_events
where event_type in ('like', 'comment', 'share')
group by video_id, viewer_id, event_type;
