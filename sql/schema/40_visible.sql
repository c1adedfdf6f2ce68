-- visible: the one place that decides what is known as of business date D (domain.md 0).
-- Set D per connection with `set variable as_of_date = DATE 'YYYY-MM-DD'` (Python:
-- starmap.warehouse.set_as_of); every mart reads through these views. An event is visible
-- when its business date and the delivery date it was admitted on are both <= D.
create or replace view visible.params as
select cast(getvariable('as_of_date') as date) as as_of_date;

create or replace view visible.creators as
select c.*
from staging.creators as c
where c.joined_at is null or c.joined_at <= cast(getvariable('as_of_date') as date);

create or replace view visible.mcns as
select m.*
from staging.mcns as m
where m.founded_at <= cast(getvariable('as_of_date') as date);

create or replace view visible.brands as
select * from staging.brands;

create or replace view visible.products as
select * from staging.products;

-- Campaigns carry no creation date: all are known; marts that need "started by D" filter.
create or replace view visible.campaigns as
select * from staging.campaigns;

create or replace view visible.collaborations as
select c.*
from staging.collaborations as c
where c.booked_date <= cast(getvariable('as_of_date') as date);

create or replace view visible.video_events as
select v.*
from staging.video_events as v
where v.business_date <= cast(getvariable('as_of_date') as date)
  and v.admitted_date <= cast(getvariable('as_of_date') as date);

-- A video is known as of D once one of its publishes is visible; its first publish
-- (by time, then event_id) gives its creator and publish time.
create or replace view visible.videos as
with ranked as (
    select
        e.*,
        row_number() over (partition by e.video_id order by e.event_ts, e.event_id) as publish_rank
    from visible.video_events as e
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
where publish_rank = 1;

-- When each known video was down: [down_from_ts, down_until_ts). A delete is final
-- (down_until_ts null); a hide lasts until the next restore after it.
create or replace view visible.video_downtime as
select
    d.video_id,
    d.event_type,
    d.event_ts as down_from_ts,
    d.business_date as down_from_date,
    case
        when d.event_type = 'hide' then (
            select min(r.event_ts)
            from visible.video_events as r
            where r.video_id = d.video_id
              and r.event_type = 'restore'
              and r.event_ts > d.event_ts
        )
    end as down_until_ts
from visible.video_events as d
where d.event_type in ('delete', 'hide');

-- The down time of each known video merged into disjoint spans (overlapping or touching
-- downtimes joined; an open one, down_until_ts null, swallows every later one), so testing
-- an event is a join that matches it at most once, not a subquery per event.
create or replace view visible.video_down_spans as
with downtime_ordered as (
    select
        video_id,
        down_from_ts,
        down_until_ts,
        bool_or(down_until_ts is null) over earlier as earlier_open,
        max(down_until_ts) over earlier as earlier_until_ts
    from visible.video_downtime
    window earlier as (
        partition by video_id order by down_from_ts, down_until_ts
        rows between unbounded preceding and 1 preceding
    )
),

downtime_islands as (
    select
        video_id,
        down_from_ts,
        down_until_ts,
        sum(
            case
                when earlier_open is null then 1
                when not earlier_open and down_from_ts > earlier_until_ts then 1
                else 0
            end
        ) over (
            -- range: identical downtimes (peers) share one island whatever their order
            partition by video_id order by down_from_ts, down_until_ts
            range between unbounded preceding and current row
        ) as island
    from downtime_ordered
)

select
    video_id,
    min(down_from_ts) as down_from_ts,
    case when bool_or(down_until_ts is null) then null else max(down_until_ts) end
        as down_until_ts
from downtime_islands
group by video_id, island;

-- The rows of table `events` (video_id, event_ts, business_date, admitted_date, ...)
-- visible as of D on videos known as of D, with the video's reasons to invalidate them
-- (domain.md 4): before its first publish, or while it was down.
create or replace macro visible.on_known_videos(events) as table
select
    e.*,
    e.event_ts < v.first_publish_ts as is_before_publish,
    d.video_id is not null as is_while_down
from query_table(events) as e
inner join visible.videos as v on v.video_id = e.video_id
left join visible.video_down_spans as d
    on d.video_id = e.video_id
   and e.event_ts >= d.down_from_ts
   and (d.down_until_ts is null or e.event_ts < d.down_until_ts)
where e.business_date <= cast(getvariable('as_of_date') as date)
  and e.admitted_date <= cast(getvariable('as_of_date') as date);

-- ... and whether the viewer-day is a bot as of D (staging.bot_viewer_days).
create or replace macro visible.flag_engagement(events) as table
select
    k.* exclude (is_before_publish, is_while_down),
    coalesce(b.bot_from_date is not null, false) as is_bot,
    k.is_before_publish,
    k.is_while_down
from visible.on_known_videos(events) as k
left join staging.bot_viewer_days as b
    on b.viewer_id = k.viewer_id
   and b.business_date = k.business_date
   and b.bot_from_date <= cast(getvariable('as_of_date') as date);

-- The valid rows of a flagged view: what billing, funnels, tiers and attribution count.
create or replace macro visible.valid_only(flagged) as table
select *
from query_table(flagged)
where not is_bot and not is_before_publish and not is_while_down;

-- Engagements on known videos, with why an event is invalid (domain.md 4), and the valid
-- ones. The snapshot marts read the same through the summaries below, far cheaper to read.
create or replace view visible.engagement_events as
select * from visible.flag_engagement('staging.engagement_events');

create or replace view visible.valid_engagement_events as
select * from visible.valid_only('visible.engagement_events');

-- Likes, comments, shares, follows and product clicks on known videos, flagged as above
-- (from staging.interaction_events: the same rows as visible.engagement_events has of
-- those types), and the valid ones.
create or replace view visible.interaction_events as
select * from visible.flag_engagement('staging.interaction_events');

create or replace view visible.valid_interaction_events as
select * from visible.valid_only('visible.interaction_events');

-- Valid events per video, business date and type: the same counts as grouping
-- visible.valid_engagement_events. Each row of staging.engagement_counts is valid or not as
-- a whole (its first_ts decides, see 20_staging.sql); the few events of bot viewer-days
-- (staging.bot_engagement_events) are then taken off one by one.
-- The macro counts only the videos listed in table `videos` (a video_id column): a reader
-- of a few videos filters them before grouping, which DuckDB does not do through the
-- view (visible.collaboration_engagement_counts below). The view counts every known video.
create or replace macro visible.valid_engagement_counts_of(videos) as table
with count_rows as (
    select
        c.video_id, c.business_date, c.admitted_date, c.event_type, c.first_ts as event_ts,
        c.events
    from staging.engagement_counts as c
    semi join query_table(videos) as v on v.video_id = c.video_id
    union all
    select b.video_id, b.business_date, b.admitted_date, b.event_type, b.event_ts, -1
    from staging.bot_engagement_events as b
    semi join query_table(videos) as v on v.video_id = b.video_id
    where b.bot_from_date <= cast(getvariable('as_of_date') as date)
)
select video_id, business_date, event_type, cast(sum(events) as bigint) as events
from visible.on_known_videos('count_rows')
where not is_before_publish and not is_while_down
group by video_id, business_date, event_type
having sum(events) > 0;

-- Its former building block, read by nothing now.
drop view if exists visible.engagement_count_rows;

create or replace view visible.valid_engagement_counts as
select * from visible.valid_engagement_counts_of('visible.videos');

create or replace view visible.order_events as
select o.*
from staging.order_events as o
where o.business_date <= cast(getvariable('as_of_date') as date)
  and o.admitted_date <= cast(getvariable('as_of_date') as date);

-- The video of each collaboration (domain.md 5.2): its first publish (by time, then
-- event_id) carrying the collaboration_id, stamped at or after booked_at, with business
-- date on or before publish_deadline.
create or replace view visible.collaboration_videos as
with candidates as (
    select
        c.collaboration_id,
        p.video_id,
        p.event_id as publish_event_id,
        p.event_ts as publish_ts,
        p.business_date as publish_date,
        row_number() over (
            partition by c.collaboration_id order by p.event_ts, p.event_id
        ) as candidate_rank
    from visible.collaborations as c
    inner join visible.video_events as p
        on p.collaboration_id = c.collaboration_id
       and p.event_type = 'publish'
       and p.event_ts >= c.booked_at
       and p.business_date <= c.publish_deadline
)
select collaboration_id, video_id, publish_event_id, publish_ts, publish_date
from candidates
where candidate_rank = 1;

-- visible.valid_engagement_counts of the collaboration videos only: what funnels and
-- creative styles read (a few percent of the videos, counted without grouping the rest).
create or replace view visible.collaboration_engagement_counts as
select * from visible.valid_engagement_counts_of('visible.collaboration_videos');
