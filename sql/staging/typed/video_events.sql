-- Type one delivered batch of video events; schema_error names the first missing or
-- unparseable field (domain.md 3). Naive timestamps read as Asia/Shanghai (session zone).
create or replace temp table typed as
with parsed as (
    select
        l.*,
        staging.instant(l.event_ts) as event_ts_typed,
        try_cast(case when regexp_full_match(l.duration_s, '[+-]?[0-9]+') then l.duration_s end as integer) as duration_s_typed,
        case lower(l.is_commercial)
            when 'true' then true when '1' then true
            when 'false' then false when '0' then false
        end as is_commercial_typed
    from landing as l
)
select
    event_id,
    event_type,
    event_ts_typed as event_ts,
    staging.shanghai_date(event_ts_typed) as business_date,
    video_id,
    creator_id,
    collaboration_id,
    duration_s_typed as duration_s,
    is_commercial_typed as is_commercial,
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
        when video_id is null then 'video_id missing'
        when creator_id is null then 'creator_id missing'
        when duration_s is not null and duration_s_typed is null
            then 'duration_s not an integer: ' || duration_s
        when is_commercial is not null and is_commercial_typed is null
            then 'is_commercial not a boolean: ' || is_commercial
    end as schema_error
from parsed;
