-- Type the MCN file.
create or replace temp table typed as
select
    mcn_id,
    name,
    try_cast(founded_at as date) as founded_at,
    source_file,
    row_number,
    case
        when read_error is not null then read_error
        when mcn_id is null then 'mcn_id missing'
        when founded_at is null then 'founded_at missing'
        when try_cast(founded_at as date) is null then 'founded_at not a date: ' || founded_at
    end as schema_error
from landing;
