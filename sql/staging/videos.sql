-- staging.videos: each video with the first date one of its publishes is visible
-- (business date and admitted date both reached). Independent of any as-of date.
-- Only the rows that changed are deleted and inserted: committing the deletion of a
-- primary-key row costs ~20 us, so rewriting all ~32k videos cost 0.6 s a run at 100M
-- events, when a day adds ~1k.
create or replace temp table known_videos as
select video_id, min(greatest(business_date, admitted_date)) as known_from_date
from staging.video_events
where event_type = 'publish' and admitted_date is not null
group by video_id;

-- The videos this changes (known from another date, newly known, or no longer known): the
-- bot viewer-days of their events are recomputed (engagement_facts.refresh_bot_days).
create or replace temp table changed_videos as
select v.video_id
from staging.videos as v
anti join known_videos as k on k.video_id = v.video_id and k.known_from_date = v.known_from_date
union
select k.video_id
from known_videos as k
anti join staging.videos as v on v.video_id = k.video_id and v.known_from_date = k.known_from_date;

delete from staging.videos
where video_id in (select video_id from changed_videos);

insert into staging.videos
select k.video_id, k.known_from_date
from known_videos as k
semi join changed_videos as c on c.video_id = k.video_id;
