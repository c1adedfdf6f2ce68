-- raw: every delivered row as text, exactly as it arrived, with where it came from.
-- Unknown extra columns are kept as a JSON object in extra_json. Events: rows of CSV and
-- JSONL files are copied into raw.<source>_rows; Parquet files are read in place and
-- listed in raw.parquet_files; the view raw.<source> shows both the same way
-- (pipelines/ingest/parquet.py keeps it current).
create table if not exists raw.creators (
    creator_id varchar, nickname varchar, platform varchar, category varchar,
    followers varchar, mcn_id varchar, mcn_share_bps varchar, identity_verified varchar,
    joined_at varchar, city_tier varchar, audience_female_share varchar,
    audience_age_15_24_share varchar, price_1_20s_fen varchar, price_21_60s_fen varchar,
    price_60s_plus_fen varchar,
    source_file varchar not null, row_number bigint not null, extra_json varchar
);
create table if not exists raw.mcns (
    mcn_id varchar, name varchar, founded_at varchar,
    source_file varchar not null, row_number bigint not null, extra_json varchar
);
create table if not exists raw.brands (
    brand_id varchar, name varchar, industry varchar,
    source_file varchar not null, row_number bigint not null, extra_json varchar
);
create table if not exists raw.products (
    product_id varchar, brand_id varchar, name varchar, category varchar, price_fen varchar,
    source_file varchar not null, row_number bigint not null, extra_json varchar
);
create table if not exists raw.campaigns (
    campaign_id varchar, brand_id varchar, name varchar, start_date varchar, end_date varchar,
    budget_fen varchar, objective varchar,
    source_file varchar not null, row_number bigint not null, extra_json varchar
);
create table if not exists raw.collaborations (
    collaboration_id varchar, campaign_id varchar, creator_id varchar, pricing_model varchar,
    booked_at varchar, publish_deadline varchar, price_fen varchar, cpe_rate_fen varchar,
    cap_fen varchar, commission_bps varchar, product_id varchar, creative_style varchar,
    source_file varchar not null, row_number bigint not null, extra_json varchar
);
create table if not exists raw.video_events_rows (
    event_id varchar, event_type varchar, event_ts varchar, video_id varchar,
    creator_id varchar, collaboration_id varchar, duration_s varchar, is_commercial varchar,
    delivery_date date not null, source_file varchar not null, row_number bigint not null,
    extra_json varchar
);
create table if not exists raw.engagement_events_rows (
    event_id varchar, event_type varchar, event_ts varchar, video_id varchar,
    viewer_id varchar, product_id varchar,
    delivery_date date not null, source_file varchar not null, row_number bigint not null,
    extra_json varchar
);
create table if not exists raw.order_events_rows (
    event_id varchar, event_type varchar, event_ts varchar, order_id varchar,
    buyer_id varchar, product_id varchar, quantity varchar, amount_fen varchar,
    delivery_date date not null, source_file varchar not null, row_number bigint not null,
    extra_json varchar
);
create table if not exists raw.parquet_files (
    source varchar not null, source_file varchar not null, path varchar not null,
    delivery_date date not null, columns varchar[] not null
);
create view if not exists raw.video_events as select * from raw.video_events_rows;
create view if not exists raw.engagement_events as select * from raw.engagement_events_rows;
create view if not exists raw.order_events as select * from raw.order_events_rows;
