-- Type the campaigns file.
create or replace temp table typed as
select
    campaign_id,
    brand_id,
    name,
    try_cast(start_date as date) as start_date,
    try_cast(end_date as date) as end_date,
    try_cast(case when regexp_full_match(budget_fen, '[+-]?[0-9]+') then budget_fen end as bigint) as budget_fen,
    objective,
    source_file,
    row_number,
    case
        when read_error is not null then read_error
        when campaign_id is null then 'campaign_id missing'
        when brand_id is null then 'brand_id missing'
        when start_date is null then 'start_date missing'
        when try_cast(start_date as date) is null then 'start_date not a date: ' || start_date
        when end_date is null then 'end_date missing'
        when try_cast(end_date as date) is null then 'end_date not a date: ' || end_date
        when budget_fen is not null and try_cast(case when regexp_full_match(budget_fen, '[+-]?[0-9]+') then budget_fen end as bigint) is null
            then 'budget_fen not an integer: ' || budget_fen
    end as schema_error
from landing;
