-- Type one delivered batch of live events (see video_events.sql). The fields an event type
-- requires (a start's host, a viewer event's viewer, a click's product) are domain rules
-- (models/events.py:LiveEvent).
create or replace temp table typed as
with parsed as (
    select l.*, staging.instant(l.event_ts) as event_ts_typed
    from landing as l
)
select
    event_id,
    event_type,
    event_ts_typed as event_ts,
    staging.shanghai_date(event_ts_typed) as business_date,
    live_id,
    creator_id,
    brand_id,
    collaboration_id,
    viewer_id,
    product_id,
    delivery_date,
    source_file,
    row_number,
    case
        when read_error is not null then read_error
        when event_id is null then 'event_id missing'
        when event_type is null then 'event_type missing'
        when event_ts is null then 'event_ts missing'
        when event_ts_typed is null then
            case
                when staging.offset_is_possible(event_ts) then 'event_ts not a timestamp: ' || event_ts
                else 'event_ts has a UTC offset no clock shows (-12:00..+14:00): ' || event_ts
            end
        when live_id is null then 'live_id missing'
    end as schema_error
from parsed;
