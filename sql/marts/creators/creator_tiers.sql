/*
name: marts.creator_tiers
kind: snapshot
key: as_of, creator_id
description: Creator standing (credit, eligibility) and tiers (follower tier, 30-day
  performance, peer indices, star index, expected prices) per creator known as of each business
  date (domain.md 6, 7).
columns:
  as_of: date not null | Snapshot business date (Asia/Shanghai): only events with business date
    and delivery date <= as_of are seen
  creator_id: varchar not null | Creator (达人), known as of the date (joined_at <= as_of or no
    joined_at)
  platform: varchar not null | douyin, xigua or huoshan
  category: varchar not null | Content category; peer indices rank creators within it
  followers: bigint not null | Followers on the platform
  follower_tier: varchar not null | koc < 100k <= tail < 300k <= waist < 1M <= shoulder < 3M <=
    head < 10M <= top
  credit_score: integer not null | Credit score (信用分): credit_start minus deductions dated
    as_of-364 .. as_of, never below 0
  eligible: boolean not null | Eligible to take orders: identity verified, credit score > 0 and
    enough followers for its platform
  plays_30d: bigint not null | Valid plays on all the creator's videos, business dates as_of-29
    .. as_of
  engagement_rate: double | Unique (viewer, video, type) likes, comments and shares / plays, 30
    days; null without plays
  completion_rate: double | Complete plays / plays, 30 days; null without plays
  ctr: double | Product card clicks / plays, 30 days; null without plays
  gpm_fen: double | Net GMV (commission bases) of orders attributed to the creator's videos and
    placed in the 30 days, x 1000 / plays: a rate in fen, fractional; null without plays
  spread_index: double | 100 x share of rated creators of the category with plays <= this one's;
    null when unrated
  seeding_index: double | 100 x share of rated creators of the category with engagement_rate <=
    this one's; null when unrated
  conversion_index: double | 100 x share of rated creators of the category with gpm_fen <= this
    one's; null when unrated
  cooperation_index: double not null | 100 x credit score / credit_start, for every creator
  star_index: double | Mean of spread, seeding, conversion and cooperation indices, rounded to 6
    decimals; null when unrated
  performance_tier: varchar not null | S (star >= 85), A (>= 70), B (>= 50), C, or unrated
    (fewer than rated_min_plays plays in 30 days)
  expected_cpm_fen: double | 预期CPM: 21-60 s quote x 1000 / median valid plays of the creator's
    videos published in the 30 days; fen, fractional; null without quote, videos or when the
    median is 0
  expected_cpe_fen: double | 预期CPE: 21-60 s quote / median unique engagements of those videos;
    fen, fractional; null without quote, videos or when the median is 0
  mcn_id: varchar | The creator's MCN (agency), null when independent
  city_tier: integer | Audience city tier (1-5)
  audience_female_share: double | Share of the audience that is female (0-1)
  audience_age_15_24_share: double | Share of the audience aged 15-24 (0-1)
  nickname: varchar | Display name of the creator
  identity_verified: boolean not null | Identity verified (实名认证), needed to be eligible
  engagements_30d: bigint not null | Unique (viewer, video, type) valid likes, comments and
    shares, 30 days
  complete_plays_30d: bigint not null | Valid complete plays, 30 days
  product_clicks_30d: bigint not null | Valid product card clicks, 30 days
  net_gmv_30d_fen: bigint not null | Commission bases of orders attributed to the creator's
    videos and placed in the 30 days, fen
  price_21_60s_fen: bigint | Rate card quote for a 21-60 s video, the basis of the expected
    prices, fen
checks:
  one_row_per_known_creator: Each snapshot has one row per creator known as of its date.
  scores_in_range: Credit within 0..credit_start, indices within 0..100, unrated exactly when
    the star index is null.
  credit_deductions_are_dated: Every fraud / removed_early collaboration carries the date its
    credit deduction is dated by.
*/
-- Creator tiers as of $as_of (domain.md 6, 7), one row per creator known as of $as_of.
-- Needs temp tables creator_performance, creator_expected_prices and creator_eligibility
-- (requested for every creator at $as_of).
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
    from visible_creators as c
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
from visible_creators as c
inner join creator_performance as p on p.creator_id = c.creator_id
inner join measured as m on m.creator_id = c.creator_id
inner join creator_eligibility as e on e.creator_id = c.creator_id and e.at_date = $as_of
inner join starred as s on s.creator_id = c.creator_id
left join creator_expected_prices as x on x.creator_id = c.creator_id
