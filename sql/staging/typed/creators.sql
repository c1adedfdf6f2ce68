-- Type the creators file; schema_error names the first missing or unparseable field.
create or replace temp table typed as
with parsed as (
    select
        l.*,
        try_cast(case when regexp_full_match(l.followers, '[+-]?[0-9]+') then l.followers end as bigint) as followers_typed,
        try_cast(case when regexp_full_match(l.mcn_share_bps, '[+-]?[0-9]+') then l.mcn_share_bps end as integer) as mcn_share_bps_typed,
        case lower(l.identity_verified)
            when 'true' then true when '1' then true
            when 'false' then false when '0' then false
        end as identity_verified_typed,
        try_cast(l.joined_at as date) as joined_at_typed,
        try_cast(case when regexp_full_match(l.city_tier, '[+-]?[0-9]+') then l.city_tier end as integer) as city_tier_typed,
        try_cast(l.audience_female_share as double) as audience_female_share_typed,
        try_cast(l.audience_age_15_24_share as double) as audience_age_15_24_share_typed,
        try_cast(case when regexp_full_match(l.price_1_20s_fen, '[+-]?[0-9]+') then l.price_1_20s_fen end as bigint) as price_1_20s_fen_typed,
        try_cast(case when regexp_full_match(l.price_21_60s_fen, '[+-]?[0-9]+') then l.price_21_60s_fen end as bigint) as price_21_60s_fen_typed,
        try_cast(case when regexp_full_match(l.price_60s_plus_fen, '[+-]?[0-9]+') then l.price_60s_plus_fen end as bigint) as price_60s_plus_fen_typed
    from landing as l
)
select
    creator_id,
    nickname,
    platform,
    category,
    followers_typed as followers,
    mcn_id,
    mcn_share_bps_typed as mcn_share_bps,
    identity_verified_typed as identity_verified,
    joined_at_typed as joined_at,
    city_tier_typed as city_tier,
    audience_female_share_typed as audience_female_share,
    audience_age_15_24_share_typed as audience_age_15_24_share,
    price_1_20s_fen_typed as price_1_20s_fen,
    price_21_60s_fen_typed as price_21_60s_fen,
    price_60s_plus_fen_typed as price_60s_plus_fen,
    source_file,
    row_number,
    case
        when read_error is not null then read_error
        when creator_id is null then 'creator_id missing'
        when platform is null then 'platform missing'
        when category is null then 'category missing'
        when followers is null then 'followers missing'
        when followers_typed is null then 'followers not an integer: ' || followers
        when mcn_share_bps is not null and mcn_share_bps_typed is null
            then 'mcn_share_bps not an integer: ' || mcn_share_bps
        when identity_verified is not null and identity_verified_typed is null
            then 'identity_verified not a boolean: ' || identity_verified
        when joined_at is not null and joined_at_typed is null
            then 'joined_at not a date: ' || joined_at
        when city_tier is not null and city_tier_typed is null
            then 'city_tier not an integer: ' || city_tier
        when audience_female_share is not null and audience_female_share_typed is null
            then 'audience_female_share not a number: ' || audience_female_share
        when audience_age_15_24_share is not null and audience_age_15_24_share_typed is null
            then 'audience_age_15_24_share not a number: ' || audience_age_15_24_share
        when price_1_20s_fen is not null and price_1_20s_fen_typed is null
            then 'price_1_20s_fen not an integer: ' || price_1_20s_fen
        when price_21_60s_fen is not null and price_21_60s_fen_typed is null
            then 'price_21_60s_fen not an integer: ' || price_21_60s_fen
        when price_60s_plus_fen is not null and price_60s_plus_fen_typed is null
            then 'price_60s_plus_fen not an integer: ' || price_60s_plus_fen
    end as schema_error
from parsed;
