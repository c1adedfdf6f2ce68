-- Creator tiers as of $as_of (domain.md 6, 7), one row per creator known as of $as_of.
-- Needs temp tables creator_performance, creator_expected_prices and creator_eligibility
-- (requested for every creator at $as_of).
insert into marts.creator_tiers (
    as_of, creator_id, platform, category, followers, follower_tier, credit_score, eligible,
    plays_30d, engagement_rate, completion_rate, ctr, gpm_fen,
    spread_index, seeding_index, conversion_index, cooperation_index, star_index,
    performance_tier, expected_cpm_fen, expected_cpe_fen,
    mcn_id, city_tier, audience_female_share, audience_age_15_24_share,
    nickname, identity_verified, engagements_30d, complete_plays_30d, product_clicks_30d,
    net_gmv_30d_fen, price_21_60s_fen
)
with measured as (
    select
        c.creator_id,
        c.category,
        p.plays,
        -- Rates need plays; a creator without plays has none.
        cast(p.engagements as double) / nullif(p.plays, 0) as engagement_rate,
        cast(p.complete_plays as double) / nullif(p.plays, 0) as completion_rate,
        cast(p.product_clicks as double) / nullif(p.plays, 0) as ctr,
        cast(p.net_gmv_fen as double) * 1000 / nullif(p.plays, 0) as gpm_fen,
        p.plays > 0 and p.plays >= $rated_min_plays as is_rated
    from visible.creators as c
    inner join creator_performance as p on p.creator_id = c.creator_id
),

-- Peer indices: 100 x cume_dist among the rated creators of the same category.
peer_indices as (
    select
        creator_id,
        100 * cume_dist() over (partition by category order by plays) as spread_index,
        100 * cume_dist() over (partition by category order by engagement_rate) as seeding_index,
        100 * cume_dist() over (partition by category order by gpm_fen) as conversion_index
    from measured
    where is_rated
),

scored as (
    select
        m.creator_id,
        i.spread_index,
        i.seeding_index,
        i.conversion_index,
        coalesce(100.0 * e.credit_score / nullif($credit_start, 0), 0) as cooperation_index
    from measured as m
    inner join creator_eligibility as e on e.creator_id = m.creator_id and e.at_date = $as_of
    left join peer_indices as i on i.creator_id = m.creator_id
),

starred as (
    select
        s.*,
        round(
            (s.spread_index + s.seeding_index + s.conversion_index + s.cooperation_index) / 4, 6
        ) as star_index
    from scored as s
)

select
    cast($as_of as date) as as_of,
    c.creator_id,
    c.platform,
    c.category,
    c.followers,
    case
        when c.followers >= $top_min_followers then 'top'
        when c.followers >= $head_min_followers then 'head'
        when c.followers >= $shoulder_min_followers then 'shoulder'
        when c.followers >= $waist_min_followers then 'waist'
        when c.followers >= $tail_min_followers then 'tail'
        else 'koc'
    end as follower_tier,
    e.credit_score,
    e.eligible,
    p.plays as plays_30d,
    m.engagement_rate,
    m.completion_rate,
    m.ctr,
    m.gpm_fen,
    s.spread_index,
    s.seeding_index,
    s.conversion_index,
    s.cooperation_index,
    s.star_index,
    case
        when not m.is_rated then 'unrated'
        when s.star_index >= $tier_s_min_star then 'S'
        when s.star_index >= $tier_a_min_star then 'A'
        when s.star_index >= $tier_b_min_star then 'B'
        else 'C'
    end as performance_tier,
    case
        when x.median_plays > 0 then cast(c.price_21_60s_fen as double) * 1000 / x.median_plays
    end as expected_cpm_fen,
    case
        when x.median_engagements > 0
            then cast(c.price_21_60s_fen as double) / x.median_engagements
    end as expected_cpe_fen,
    c.mcn_id,
    c.city_tier,
    c.audience_female_share,
    c.audience_age_15_24_share,
    c.nickname,
    c.identity_verified,
    p.engagements as engagements_30d,
    p.complete_plays as complete_plays_30d,
    p.product_clicks as product_clicks_30d,
    p.net_gmv_fen as net_gmv_30d_fen,
    c.price_21_60s_fen
from visible.creators as c
inner join creator_performance as p on p.creator_id = c.creator_id
inner join measured as m on m.creator_id = c.creator_id
inner join creator_eligibility as e on e.creator_id = c.creator_id and e.at_date = $as_of
inner join starred as s on s.creator_id = c.creator_id
left join creator_expected_prices as x on x.creator_id = c.creator_id;
