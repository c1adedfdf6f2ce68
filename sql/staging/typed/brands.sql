-- Type the brands file.
create or replace temp table typed as
select
    brand_id,
    name,
    industry,
    source_file,
    row_number,
    case
        when read_error is not null then read_error
        when brand_id is null then 'brand_id missing'
    end as schema_error
from landing;
