-- staging: validated, typed, deduplicated rows. Timestamps are TIMESTAMPTZ; business_date
-- is the Asia/Shanghai calendar date of event_ts. Event rows keep where they came from:
-- delivery_date (the date= folder) and admitted_date (the delivery date from which the row
-- counts: its own delivery date, or the later one on which its late parent arrived).
-- A row held for a late parent (quarantine reason `reference`) waits here with
-- admitted_date null, invisible to every as-of view; claims_event_id marks the held rows
-- that claim their event_id (held for a missing video, domain.md 2). event_key is
-- hash(event_id): the narrow column each delivery day probes the history with for ids
-- delivered before (sql/staging/classify_events.sql).
create table if not exists staging.creators (
    creator_id varchar primary key, nickname varchar, platform varchar not null,
    category varchar not null, followers bigint not null, mcn_id varchar,
    mcn_share_bps integer, identity_verified boolean not null, joined_at date,
    city_tier integer, audience_female_share double, audience_age_15_24_share double,
    price_1_20s_fen bigint, price_21_60s_fen bigint, price_60s_plus_fen bigint
);
create table if not exists staging.mcns (
    mcn_id varchar primary key, name varchar, founded_at date not null
);
create table if not exists staging.brands (
    brand_id varchar primary key, name varchar, industry varchar
);
create table if not exists staging.products (
    product_id varchar primary key, brand_id varchar not null, name varchar, category varchar,
    price_fen bigint not null
);
create table if not exists staging.campaigns (
    campaign_id varchar primary key, brand_id varchar not null, name varchar,
    start_date date not null, end_date date not null, budget_fen bigint, objective varchar
);
create table if not exists staging.collaborations (
    collaboration_id varchar primary key, campaign_id varchar not null,
    creator_id varchar not null, pricing_model varchar not null,
    booked_at timestamptz not null, booked_date date not null, publish_deadline date not null,
    price_fen bigint, cpe_rate_fen bigint, cap_fen bigint, commission_bps integer,
    product_id varchar, creative_style varchar
);
create table if not exists staging.video_events (
    event_id varchar not null, event_type varchar not null, event_ts timestamptz not null,
    business_date date not null, video_id varchar not null, creator_id varchar not null,
    collaboration_id varchar, duration_s integer, is_commercial boolean,
    delivery_date date not null, admitted_date date,
    source_file varchar not null, row_number bigint not null,
    claims_event_id boolean not null, event_key ubigint
);
create table if not exists staging.engagement_events (
    event_id varchar not null, event_type varchar not null, event_ts timestamptz not null,
    business_date date not null, video_id varchar not null, viewer_id varchar not null,
    product_id varchar,
    delivery_date date not null, admitted_date date,
    source_file varchar not null, row_number bigint not null,
    claims_event_id boolean not null, event_key ubigint
);
create table if not exists staging.order_events (
    event_id varchar not null, event_type varchar not null, event_ts timestamptz not null,
    business_date date not null, order_id varchar not null, buyer_id varchar not null,
    product_id varchar not null, quantity integer, amount_fen bigint,
    delivery_date date not null, admitted_date date,
    source_file varchar not null, row_number bigint not null,
    claims_event_id boolean not null, event_key ubigint
);
-- Warehouses created before event_key: the column is added here and filled when the
-- changed SQL makes the next run load every delivery day again (starmap/increments.py).
alter table staging.video_events add column if not exists event_key ubigint;
alter table staging.engagement_events add column if not exists event_key ubigint;
alter table staging.order_events add column if not exists event_key ubigint;

-- Derived after every load, independent of any as-of date.
-- A video is known from the first date one of its publishes is visible.
create table if not exists staging.videos (
    video_id varchar primary key, known_from_date date not null
);
-- Bot viewer-days (domain.md 4): bot_from_date is the first as-of date on which the
-- viewer's like/comment/share/follow events of that business day visibly cover more than
-- bot_videos_per_day distinct videos.
create table if not exists staging.bot_viewer_days (
    viewer_id varchar not null, business_date date not null, bot_from_date date not null,
    primary key (viewer_id, business_date)
);
-- What staging.bot_viewer_days stands on (pipelines/ingest/engagement_facts.py): the rule's
-- threshold and the latest admission date of the interaction events it has seen. A run
-- recomputes only the business dates its new events or changed videos touch; with no
-- row (a reload forgot events it had seen) or another threshold, it recomputes every date.
create table if not exists staging.bot_days_basis (
    bot_videos_per_day integer not null, admitted_through date
);

-- Summaries of the admitted engagement events, independent of any as-of date and brought
-- up to date after the loads of every run (pipelines/ingest/engagement_facts.py), so that a
-- snapshot reads a few million rows instead of every event (visible.valid_engagement_counts
-- and visible.interaction_events):
--   engagement_counts: events per video, business date, admission date and type, split so
--   that no timestamp of a video event of that video lies in (first_ts, last_ts]. Every
--   event of a row then compares alike with the publish and downtime timestamps of its
--   video, so first_ts decides for the whole row whether it came before publish or while
--   the video was down.
--   interaction_events: the likes, comments, shares, follows and product clicks (a few
--   percent of events), whole, for what needs the viewer or the click.
create table if not exists staging.engagement_counts (
    video_id varchar not null, business_date date not null, admitted_date date not null,
    event_type varchar not null, first_ts timestamptz not null, last_ts timestamptz not null,
    events bigint not null
);
create table if not exists staging.interaction_events (
    event_id varchar not null, event_type varchar not null, event_ts timestamptz not null,
    business_date date not null, video_id varchar not null, viewer_id varchar not null,
    product_id varchar, admitted_date date not null
);
-- The admitted engagement events of the bot viewer-days, with the day each became a bot,
-- brought up to date after staging.bot_viewer_days: visible.valid_engagement_counts takes
-- them off the counts. Joining every event to the bot days instead cost each snapshot read
-- 0.15 s at 100M events when bot viewer ids cluster (as simulated) and 3 s when they do not.
create table if not exists staging.bot_engagement_events (
    event_id varchar not null, video_id varchar not null, business_date date not null,
    admitted_date date not null, event_type varchar not null, event_ts timestamptz not null,
    viewer_id varchar not null, bot_from_date date not null
);
