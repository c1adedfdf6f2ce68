-- Type the products file.
create or replace temp table typed as
select
    product_id,
    brand_id,
    name,
    category,
    try_cast(case when regexp_full_match(price_fen, '[+-]?[0-9]+') then price_fen end as bigint) as price_fen,
    source_file,
    row_number,
    case
        when read_error is not null then read_error
        when product_id is null then 'product_id missing'
        when brand_id is null then 'brand_id missing'
        when price_fen is null then 'price_fen missing'
        when try_cast(case when regexp_full_match(price_fen, '[+-]?[0-9]+') then price_fen end as bigint) is null then 'price_fen not an integer: ' || price_fen
    end as schema_error
from landing;
