-- Live commerce and the FACT+S channels (domain.md 9, 10): the live events, the optional
-- promotions dimension, the live terms of a collaboration and the traffic source of an
-- order. Kept apart from 10_raw.sql and 20_staging.sql so older warehouses gain them by
-- `add column if not exists` (an older warehouse reloads every day under the changed SQL).
create table if not exists raw.promotions (
    promotion_id varchar, name varchar, start_date varchar, end_date varchar,
    source_file varchar not null, row_number bigint not null, extra_json varchar
);
create table if not exists raw.live_events_rows (
    event_id varchar, event_type varchar, event_ts varchar, live_id varchar,
    creator_id varchar, brand_id varchar, collaboration_id varchar, viewer_id varchar,
    product_id varchar,
    delivery_date date not null, source_file varchar not null, row_number bigint not null,
    extra_json varchar
);
create view if not exists raw.live_events as select * from raw.live_events_rows;
alter table raw.collaborations add column if not exists slot_fee_fen varchar;
alter table raw.order_events_rows add column if not exists traffic_source varchar;
create or replace view raw.order_events as select * from raw.order_events_rows;

create table if not exists staging.promotions (
    promotion_id varchar primary key, name varchar, start_date date not null,
    end_date date not null
);
-- A live session's start and end, and its viewers' events. A viewer event or an end whose
-- live_id has no start yet is held (admitted_date null) until a start arrives.
create table if not exists staging.live_events (
    event_id varchar not null, event_type varchar not null, event_ts timestamptz not null,
    business_date date not null, live_id varchar not null, creator_id varchar,
    brand_id varchar, collaboration_id varchar, viewer_id varchar, product_id varchar,
    delivery_date date not null, admitted_date date,
    source_file varchar not null, row_number bigint not null,
    claims_event_id boolean not null, event_key ubigint
);
-- slot_fee_fen: the slot fee (坑位费) of a `live` collaboration; traffic_source: where a
-- placed order came from, as delivered (trimmed and lower-cased where it is read).
alter table staging.collaborations add column if not exists slot_fee_fen bigint;
alter table staging.order_events add column if not exists traffic_source varchar;
