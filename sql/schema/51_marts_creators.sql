-- marts of creator standing and tiers (domain.md 6, 7).

-- Thresholds of domain.md 6-7 are policy keys (starmap.settings.Policy), passed as $params.
drop view if exists marts.creator_standing_rules;

create table if not exists marts.creator_tiers (
    as_of date not null,
    creator_id varchar not null,
    platform varchar not null,
    category varchar not null,
    followers bigint not null,
    follower_tier varchar not null,
    credit_score integer not null,
    eligible boolean not null,
    plays_30d bigint not null,
    engagement_rate double,
    completion_rate double,
    ctr double,
    gpm_fen double,
    spread_index double,
    seeding_index double,
    conversion_index double,
    cooperation_index double not null,
    star_index double,
    performance_tier varchar not null,
    expected_cpm_fen double,
    expected_cpe_fen double,
    mcn_id varchar,
    city_tier integer,
    audience_female_share double,
    audience_age_15_24_share double,
    nickname varchar,
    identity_verified boolean not null,
    engagements_30d bigint not null,
    complete_plays_30d bigint not null,
    product_clicks_30d bigint not null,
    net_gmv_30d_fen bigint not null,
    price_21_60s_fen bigint
);
comment on table marts.creator_tiers is 'Creator standing (credit, eligibility) and tiers (follower tier, 30-day performance, peer indices, star index, expected prices) per creator known as of each business date (domain.md 6, 7).';
comment on column marts.creator_tiers.as_of is 'Snapshot business date (Asia/Shanghai): only events with business date and delivery date <= as_of are seen';
comment on column marts.creator_tiers.creator_id is 'Creator (达人), known as of the date (joined_at <= as_of or no joined_at)';
comment on column marts.creator_tiers.platform is 'douyin, xigua or huoshan';
comment on column marts.creator_tiers.category is 'Content category; peer indices rank creators within it';
comment on column marts.creator_tiers.followers is 'Followers on the platform';
comment on column marts.creator_tiers.follower_tier is 'koc < 100k <= tail < 300k <= waist < 1M <= shoulder < 3M <= head < 10M <= top';
comment on column marts.creator_tiers.credit_score is 'Credit score (信用分): credit_start minus deductions dated as_of-364 .. as_of, never below 0';
comment on column marts.creator_tiers.eligible is 'Eligible to take orders: identity verified, credit score > 0 and enough followers for its platform';
comment on column marts.creator_tiers.plays_30d is 'Valid plays on all the creator''s videos, business dates as_of-29 .. as_of';
comment on column marts.creator_tiers.engagement_rate is 'Unique (viewer, video, type) likes, comments and shares / plays, 30 days; null without plays';
comment on column marts.creator_tiers.completion_rate is 'Complete plays / plays, 30 days; null without plays';
comment on column marts.creator_tiers.ctr is 'Product card clicks / plays, 30 days; null without plays';
comment on column marts.creator_tiers.gpm_fen is 'Net GMV (commission bases) of orders attributed to the creator''s videos and placed in the 30 days, x 1000 / plays: a rate in fen, fractional; null without plays';
comment on column marts.creator_tiers.spread_index is '100 x share of rated creators of the category with plays <= this one''s; null when unrated';
comment on column marts.creator_tiers.seeding_index is '100 x share of rated creators of the category with engagement_rate <= this one''s; null when unrated';
comment on column marts.creator_tiers.conversion_index is '100 x share of rated creators of the category with gpm_fen <= this one''s; null when unrated';
comment on column marts.creator_tiers.cooperation_index is '100 x credit score / credit_start, for every creator';
comment on column marts.creator_tiers.star_index is 'Mean of spread, seeding, conversion and cooperation indices, rounded to 6 decimals; null when unrated';
comment on column marts.creator_tiers.performance_tier is 'S (star >= 85), A (>= 70), B (>= 50), C, or unrated (fewer than rated_min_plays plays in 30 days)';
comment on column marts.creator_tiers.expected_cpm_fen is '预期CPM: 21-60 s quote x 1000 / median valid plays of the creator''s videos published in the 30 days; fen, fractional; null without quote, videos or when the median is 0';
comment on column marts.creator_tiers.expected_cpe_fen is '预期CPE: 21-60 s quote / median unique engagements of those videos; fen, fractional; null without quote, videos or when the median is 0';
comment on column marts.creator_tiers.mcn_id is 'The creator''s MCN (agency), null when independent';
comment on column marts.creator_tiers.city_tier is 'Audience city tier (1-5)';
comment on column marts.creator_tiers.audience_female_share is 'Share of the audience that is female (0-1)';
comment on column marts.creator_tiers.audience_age_15_24_share is 'Share of the audience aged 15-24 (0-1)';
comment on column marts.creator_tiers.nickname is 'Display name of the creator';
comment on column marts.creator_tiers.identity_verified is 'Identity verified (实名认证), needed to be eligible';
comment on column marts.creator_tiers.engagements_30d is 'Unique (viewer, video, type) valid likes, comments and shares, 30 days';
comment on column marts.creator_tiers.complete_plays_30d is 'Valid complete plays, 30 days';
comment on column marts.creator_tiers.product_clicks_30d is 'Valid product card clicks, 30 days';
comment on column marts.creator_tiers.net_gmv_30d_fen is 'Commission bases of orders attributed to the creator''s videos and placed in the 30 days, fen';
comment on column marts.creator_tiers.price_21_60s_fen is 'Rate card quote for a 21-60 s video, the basis of the expected prices, fen';

create table if not exists marts.mcn_standing (
    as_of date not null,
    mcn_id varchar not null,
    founded_at date not null,
    creators bigint not null,
    eligible boolean not null,
    name varchar,
    age_days integer not null
);
comment on table marts.mcn_standing is 'MCN (agency) standing per MCN known as of each business date (founded_at <= as_of): signed creators and eligibility (domain.md 6).';
comment on column marts.mcn_standing.as_of is 'Snapshot business date';
comment on column marts.mcn_standing.mcn_id is 'MCN (agency)';
comment on column marts.mcn_standing.founded_at is 'Founding date of the MCN';
comment on column marts.mcn_standing.creators is 'Creators signed to the MCN and known as of the date (joined_at <= as_of or no joined_at)';
comment on column marts.mcn_standing.eligible is 'Founded at least 365 days before as_of and at least 5 creators signed';
comment on column marts.mcn_standing.name is 'Name of the MCN';
comment on column marts.mcn_standing.age_days is 'Days from founded_at to as_of';
