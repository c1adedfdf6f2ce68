-- The first delivery day each live session is known (domain.md 9: a start of its live_id
-- admitted on or before that day), in temp table known_lives, for the reference check of
-- the live events. A held or rejected start does not count. Temp table batch_starts
-- (live_id, delivery_date; load.py) adds the starts of the batch being written that load
-- on their delivery day; it is empty otherwise (as batch_publishes for known_videos.sql).
create or replace temp table known_lives as
select live_id, min(known_from) as known_from
from (
    select live_id, admitted_date as known_from
    from staging.live_events
    where event_type = 'start' and admitted_date is not null
    union all
    select live_id, delivery_date from batch_starts
)
group by live_id;
