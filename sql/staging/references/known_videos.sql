-- The first delivery day each video is known (domain.md 3: a publish of it admitted on or
-- before that day), in temp table known_videos, for the reference checks of the events
-- that name a video. A held or rejected publish does not count. Temp table batch_publishes
-- (video_id, delivery_date; load.py) adds the publishes of a video-event batch being
-- written that load on their delivery day; it is empty otherwise. Checks join it on
-- video_id and compare the day once per row (a correlated date bound cost twice as much
-- over a 10M-row pass).
create or replace temp table known_videos as
select video_id, min(known_from) as known_from
from (
    select video_id, admitted_date as known_from
    from staging.video_events
    where event_type = 'publish' and admitted_date is not null
    union all
    select video_id, delivery_date from batch_publishes
)
group by video_id;
