-- Type one delivered batch of order events (see video_events.sql).
-- Integers must be written as whole numbers: DuckDB would round "12.5" on a cast.
create or replace temp table typed as
with parsed as (
    select
        l.*,
        staging.instant(l.event_ts) as event_ts_typed,
        try_cast(case when regexp_full_match(l.quantity, '[+-]?[0-9]+') then l.quantity end as integer) as quantity_typed,
        try_cast(case when regexp_full_match(l.amount_fen, '[+-]?[0-9]+') then l.amount_fen end as bigint) as amount_fen_typed
    from landing as l
)
select
    event_id,
    event_type,
    event_ts_typed as event_ts,
    staging.shanghai_date(event_ts_typed) as business_date,
    order_id,
    buyer_id,
    product_id,
    quantity_typed as quantity,
    amount_fen_typed as amount_fen,
    traffic_source,
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
        when order_id is null then 'order_id missing'
        when buyer_id is null then 'buyer_id missing'
        when product_id is null then 'product_id missing'
        when quantity is not null and quantity_typed is null
            then 'quantity not an integer: ' || quantity
        when amount_fen is not null and amount_fen_typed is null
            then 'amount_fen not an integer: ' || amount_fen
    end as schema_error
from parsed;
