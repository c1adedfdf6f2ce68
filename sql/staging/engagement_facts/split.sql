-- Split every row of staging.engagement_counts that straddles a timestamp of a video event
-- of its video, so first_ts decides validity for all its events (20_staging.sql). Every
-- video event counts, visible or not: a finer split is still exact. Rows are recounted
-- from their events, bucketed by the latest video event timestamp at or before each event.
create or replace temp table video_cuts as
select distinct video_id, event_ts as cut_ts
from staging.video_events;

create or replace temp table straddling as
select distinct c.video_id, c.business_date, c.admitted_date, c.event_type
from staging.engagement_counts as c
inner join video_cuts as k
    on k.video_id = c.video_id
   and k.cut_ts > c.first_ts
   and k.cut_ts <= c.last_ts;

delete from staging.engagement_counts as c
using straddling as s
where c.video_id = s.video_id
  and c.business_date = s.business_date
  and c.admitted_date = s.admitted_date
  and c.event_type = s.event_type;

insert into staging.engagement_counts
with straddling_events as (
    select e.video_id, e.business_date, e.admitted_date, e.event_type, e.event_ts
    from staging.engagement_events as e
    semi join straddling as s
        on s.video_id = e.video_id
       and s.business_date = e.business_date
       and s.admitted_date = e.admitted_date
       and s.event_type = e.event_type
),
-- The latest video event timestamp at or before each event's: the row it is counted in
-- (a join and max rather than DuckDB's ASOF JOIN, so Spark runs the same statement).
event_cuts as (
    select t.video_id, t.event_ts, max(k.cut_ts) as cut_ts
    from (select distinct video_id, event_ts from straddling_events) as t
    left join video_cuts as k on k.video_id = t.video_id and k.cut_ts <= t.event_ts
    group by t.video_id, t.event_ts
)
select
    e.video_id,
    e.business_date,
    e.admitted_date,
    e.event_type,
    min(e.event_ts),
    max(e.event_ts),
    count(*)
from straddling_events as e
inner join event_cuts as c on c.video_id = e.video_id and c.event_ts = e.event_ts
group by e.video_id, e.business_date, e.admitted_date, e.event_type, c.cut_ts;
