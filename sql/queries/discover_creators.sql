-- Creators of one creator_tiers snapshot, filtered and sorted the way a brand shops on
-- Xingtu (`starmap creators`). A null filter parameter means "any"; list parameters match
-- any of their values. Expected prices compare in fen; a creator without an expected price
-- never passes a maximum on it. This is a serving query of the DuckDB CLI command, not a
-- mart model: list parameters use DuckDB's list_contains.
-- Live performance beside the video metrics (domain.md 9): the creator's own sessions of
-- marts.live_sessions (same snapshot) that started in the $window_days business days up
-- to as_of: live GPM = their net GMV x 1000 / their views, UV value = their net GMV / their
-- unique viewers summed per session (null without views or viewers).
with live as (
    select
        creator_id,
        count(*) as live_sessions_30d,
        sum(views) as live_views_30d,
        cast(sum(net_gmv_fen) * 1000 as double) / nullif(sum(views), 0) as live_gpm_fen,
        cast(sum(net_gmv_fen) as double) / nullif(sum(unique_viewers), 0) as live_uv_value_fen
    from marts.live_sessions
    where as_of = $as_of
      and creator_id is not null
      and staging.shanghai_date(start_ts) > cast($as_of as date) - cast($window_days as integer)
    group by creator_id
)

select
    as_of,
    creator_id,
    nickname,
    platform,
    category,
    followers,
    follower_tier,
    credit_score,
    eligible,
    performance_tier,
    star_index,
    spread_index,
    seeding_index,
    conversion_index,
    cooperation_index,
    plays_30d,
    engagement_rate,
    completion_rate,
    ctr,
    gpm_fen,
    expected_cpm_fen,
    expected_cpe_fen,
    mcn_id,
    city_tier,
    audience_female_share,
    audience_age_15_24_share,
    coalesce(l.live_sessions_30d, 0) as live_sessions_30d,
    coalesce(l.live_views_30d, 0) as live_views_30d,
    l.live_gpm_fen,
    l.live_uv_value_fen
from marts.creator_tiers as t
left join live as l using (creator_id)
where as_of = $as_of
  and ($platforms is null or list_contains($platforms, platform))
  and ($categories is null or list_contains($categories, category))
  and ($follower_tiers is null or list_contains($follower_tiers, follower_tier))
  and ($performance_tiers is null or list_contains($performance_tiers, performance_tier))
  and ($city_tiers is null or list_contains($city_tiers, city_tier))
  and (not $eligible_only or eligible)
  and ($min_female_share is null or audience_female_share >= $min_female_share)
  and ($min_age_15_24_share is null or audience_age_15_24_share >= $min_age_15_24_share)
  and ($max_expected_cpm_fen is null or expected_cpm_fen <= $max_expected_cpm_fen)
  and ($max_expected_cpe_fen is null or expected_cpe_fen <= $max_expected_cpe_fen)
order by
    case
        when $sort = 'expected_cpe' then expected_cpe_fen
        when $sort = 'live_gpm' then -live_gpm_fen
        when $sort = 'live_uv_value' then -live_uv_value_fen
        else -star_index
    end asc nulls last,
    creator_id asc
limit $limit;
