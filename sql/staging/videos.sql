-- staging.videos: each video with the first date one of its publishes is visible
-- (business date and admitted date both reached). Independent of any as-of date.
delete from staging.videos;
insert into staging.videos
select video_id, min(greatest(business_date, admitted_date)) as known_from_date
from staging.video_events
where event_type = 'publish' and admitted_date is not null
group by video_id;
