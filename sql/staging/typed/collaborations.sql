-- Type the collaborations file; booked_date is the business date of booked_at.
create or replace temp table typed as
with parsed as (
    select
        l.*,
        staging.instant(l.booked_at) as booked_at_typed,
        try_cast(l.publish_deadline as date) as publish_deadline_typed,
        try_cast(case when regexp_full_match(l.price_fen, '[+-]?[0-9]+') then l.price_fen end as bigint) as price_fen_typed,
        try_cast(case when regexp_full_match(l.cpe_rate_fen, '[+-]?[0-9]+') then l.cpe_rate_fen end as bigint) as cpe_rate_fen_typed,
        try_cast(case when regexp_full_match(l.cap_fen, '[+-]?[0-9]+') then l.cap_fen end as bigint) as cap_fen_typed,
        try_cast(case when regexp_full_match(l.commission_bps, '[+-]?[0-9]+') then l.commission_bps end as integer) as commission_bps_typed,
        try_cast(case when regexp_full_match(l.slot_fee_fen, '[+-]?[0-9]+') then l.slot_fee_fen end as bigint) as slot_fee_fen_typed
    from landing as l
)
select
    collaboration_id,
    campaign_id,
    creator_id,
    pricing_model,
    booked_at_typed as booked_at,
    staging.shanghai_date(booked_at_typed) as booked_date,
    publish_deadline_typed as publish_deadline,
    price_fen_typed as price_fen,
    cpe_rate_fen_typed as cpe_rate_fen,
    cap_fen_typed as cap_fen,
    commission_bps_typed as commission_bps,
    product_id,
    creative_style,
    slot_fee_fen_typed as slot_fee_fen,
    source_file,
    row_number,
    case
        when read_error is not null then read_error
        when collaboration_id is null then 'collaboration_id missing'
        when campaign_id is null then 'campaign_id missing'
        when creator_id is null then 'creator_id missing'
        when pricing_model is null then 'pricing_model missing'
        when booked_at is null then 'booked_at missing'
        when booked_at_typed is null then
            case
                when staging.offset_is_possible(booked_at) then 'booked_at not a timestamp: ' || booked_at
                else 'booked_at has a UTC offset no clock shows (-12:00..+14:00): ' || booked_at
            end
        when publish_deadline is null then 'publish_deadline missing'
        when publish_deadline_typed is null
            then 'publish_deadline not a date: ' || publish_deadline
        when price_fen is not null and price_fen_typed is null
            then 'price_fen not an integer: ' || price_fen
        when cpe_rate_fen is not null and cpe_rate_fen_typed is null
            then 'cpe_rate_fen not an integer: ' || cpe_rate_fen
        when cap_fen is not null and cap_fen_typed is null
            then 'cap_fen not an integer: ' || cap_fen
        when commission_bps is not null and commission_bps_typed is null
            then 'commission_bps not an integer: ' || commission_bps
        when slot_fee_fen is not null and slot_fee_fen_typed is null
            then 'slot_fee_fen not an integer: ' || slot_fee_fen
    end as schema_error
from parsed;
