-- Add the admitted engagement events of temp view newly_admitted (engagement_facts.py) to
-- the summaries of 20_staging.sql. A row of engagement_counts may straddle a video event
-- timestamp; split.sql, run right after, splits those.
insert into staging.engagement_counts
select
    video_id,
    business_date,
    admitted_date,
    event_type,
    min(event_ts) as first_ts,
    max(event_ts) as last_ts,
    count(*) as events
from newly_admitted
group by video_id, business_date, admitted_date, event_type;

insert into staging.interaction_events
select event_id, event_type, event_ts, business_date, video_id, viewer_id, product_id, admitted_date
from newly_admitted
where event_type in ('like', 'comment', 'share', 'follow', 'product_click');
