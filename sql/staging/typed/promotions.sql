-- Type the promotions file (optional: missing, it loads as empty).
create or replace temp table typed as
select
    promotion_id,
    name,
    try_cast(start_date as date) as start_date,
    try_cast(end_date as date) as end_date,
    source_file,
    row_number,
    case
        when read_error is not null then read_error
        when promotion_id is null then 'promotion_id missing'
        when start_date is null then 'start_date missing'
        when try_cast(start_date as date) is null then 'start_date not a date: ' || start_date
        when end_date is null then 'end_date missing'
        when try_cast(end_date as date) is null then 'end_date not a date: ' || end_date
    end as schema_error
from landing;
