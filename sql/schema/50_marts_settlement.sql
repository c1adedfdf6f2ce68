-- marts: what analysts query. Snapshot tables hold one snapshot per as_of date; a run for
-- D replaces the rows of D only. Money is integer fen; rates are DOUBLE.
-- Each snapshot table has one row per key (pipelines/snapshots.py SNAPSHOT_KEYS), checked
-- as each date is written. No primary keys: DuckDB removes a deleted row from a key's index
-- at commit, ~20 us a row, which made replacing a date of order_attribution at 100M events
-- (60k rows) cost 2.7 s.
create table if not exists marts.settlements (
    as_of date not null,
    collaboration_id varchar not null,
    campaign_id varchar not null,
    creator_id varchar not null,
    pricing_model varchar not null,
    state varchar not null,
    gross_fen bigint not null,
    brand_fee_fen bigint not null,
    platform_fee_fen bigint not null,
    mcn_fen bigint not null,
    creator_net_fen bigint not null,
    brand_charge_fen bigint not null,
    prepaid_fen bigint not null,
    escrow_fen bigint not null,
    refund_fen bigint not null,
    disbursed_fen bigint not null,
    billable_engagements bigint,
    attributed_orders bigint,
    creator_ineligible_at_booking boolean not null,
    video_id varchar,
    publish_date date,
    release_date date,
    fraud_date date,
    retention_broken_date date
);
comment on table marts.settlements is 'What every party is owed per collaboration, as of each business date (domain.md 5). Identities: brand_charge = creator_net + mcn + platform_fee + brand_fee; prepaid = disbursed + refund + escrow (flat_fee, cpe).';
comment on column marts.settlements.as_of is 'Snapshot business date (Asia/Shanghai): only events with business date and delivery date <= as_of are seen';
comment on column marts.settlements.collaboration_id is 'The booked Xingtu order';
comment on column marts.settlements.campaign_id is 'Campaign the collaboration belongs to';
comment on column marts.settlements.creator_id is 'Creator (达人) booked';
comment on column marts.settlements.pricing_model is 'flat_fee (一口价), cpe or cps';
comment on column marts.settlements.state is 'booked, expired, in_escrow, released, removed_early, fraud (flat_fee, cpe); booked, expired, active, removed_early, fraud (cps)';
comment on column marts.settlements.gross_fen is 'What the creator side earned under the contract, fen';
comment on column marts.settlements.brand_fee_fen is 'Brand service fee on gross (flat_fee, cpe), charged to the brand on top, fen';
comment on column marts.settlements.platform_fee_fen is 'Platform technical service fee on commission (cps), deducted from the creator side, fen';
comment on column marts.settlements.mcn_fen is 'MCN share of (gross - platform fee), fen';
comment on column marts.settlements.creator_net_fen is 'What the creator keeps: gross - platform fee - MCN share, fen';
comment on column marts.settlements.brand_charge_fen is 'The brand''s committed cost: gross + brand fee, fen';
comment on column marts.settlements.prepaid_fen is 'Price or CPE cap plus the brand fee on it, prepaid into escrow at booking (0 for cps), fen';
comment on column marts.settlements.escrow_fen is 'Prepaid money still held (booked, in_escrow), fen';
comment on column marts.settlements.refund_fen is 'Prepaid money returned to the brand, fen';
comment on column marts.settlements.disbursed_fen is 'Money paid out to creator, MCN and platform: brand charge once released; cps: commission of settled orders, fen';
comment on column marts.settlements.billable_engagements is 'cpe: valid likes, comments, shares in the billing window, once per viewer, video and type; null otherwise';
comment on column marts.settlements.attributed_orders is 'cps: orders whose commission-earning collaboration this is, in any state; null otherwise';
comment on column marts.settlements.creator_ineligible_at_booking is 'The creator was not eligible to take orders at booked_at; settled by the same rules';
comment on column marts.settlements.video_id is 'The collaboration''s video (first qualifying publish), null before publish';
comment on column marts.settlements.publish_date is 'Business date of the collaboration video''s publish';
comment on column marts.settlements.release_date is 'publish_date + retention_days: escrow may be released from this date';
comment on column marts.settlements.fraud_date is 'First as-of date on which the video met the fraud rule (sticky), else null';
comment on column marts.settlements.retention_broken_date is 'Business date of the delete/hide that broke retention, else null';

-- The amount columns of marts.settlements as rows: what the ledger moves and is checked by.
create or replace view marts.settlement_amounts as
select as_of, collaboration_id, account, amount_fen
from (
    unpivot marts.settlements
    on gross_fen, brand_fee_fen, platform_fee_fen, mcn_fen, creator_net_fen,
       brand_charge_fen, prepaid_fen, escrow_fen, refund_fen, disbursed_fen
    into name account value amount_fen
);
comment on view marts.settlement_amounts is 'marts.settlements in long form: one row per snapshot, collaboration and amount column (the accounts of marts.settlement_ledger).';
comment on column marts.settlement_amounts.as_of is 'Snapshot business date';
comment on column marts.settlement_amounts.collaboration_id is 'The booked Xingtu order';
comment on column marts.settlement_amounts.account is 'Amount column of marts.settlements (gross_fen, escrow_fen, ...)';
comment on column marts.settlement_amounts.amount_fen is 'Its value in that snapshot, fen';

create table if not exists marts.settlement_ledger (
    as_of date not null,
    collaboration_id varchar not null,
    account varchar not null,
    delta_fen bigint not null
);
comment on table marts.settlement_ledger is 'Daily movements: the change of each amount column of marts.settlements between the previous snapshot and as_of; summed over as_of <= D it equals the snapshot of D.';
comment on column marts.settlement_ledger.as_of is 'Snapshot business date the movement lands on';
comment on column marts.settlement_ledger.collaboration_id is 'Collaboration whose amount moved';
comment on column marts.settlement_ledger.account is 'The amount column of marts.settlements that moved (gross_fen, escrow_fen, ...)';
comment on column marts.settlement_ledger.delta_fen is 'Change since the previous snapshot, fen (negative: decrease)';

create table if not exists marts.order_attribution (
    as_of date not null,
    order_id varchar not null,
    product_id varchar not null,
    buyer_id varchar not null,
    placed_ts timestamptz not null,
    placed_date date not null,
    click_event_id varchar,
    video_id varchar,
    collaboration_id varchar,
    order_state varchar not null,
    paid_fen bigint not null,
    refunded_fen bigint not null,
    base_fen bigint not null,
    commission_fen bigint not null,
    platform_fee_fen bigint not null
);
comment on table marts.order_attribution is 'Every order with a placed event known as of the date, its last valid product click within the attribution window, and its commission (domain.md 5.4).';
comment on column marts.order_attribution.as_of is 'Snapshot business date';
comment on column marts.order_attribution.order_id is 'Shop order';
comment on column marts.order_attribution.product_id is 'Product ordered';
comment on column marts.order_attribution.buyer_id is 'Buyer (same id space as viewer_id)';
comment on column marts.order_attribution.placed_ts is 'When the order was placed';
comment on column marts.order_attribution.placed_date is 'Business date of placed_ts';
comment on column marts.order_attribution.click_event_id is 'The attributed product_click (last valid click by the buyer on the product in the window); null: organic';
comment on column marts.order_attribution.video_id is 'Video of the attributed click';
comment on column marts.order_attribution.collaboration_id is 'The cps collaboration whose video and product the click matches (even if fraud); else null';
comment on column marts.order_attribution.order_state is 'cancelled, unpaid, refunded, settled, delivered or paid';
comment on column marts.order_attribution.paid_fen is 'Sum of the order''s paid events, fen';
comment on column marts.order_attribution.refunded_fen is 'Sum of the order''s refunds, fen';
comment on column marts.order_attribution.base_fen is 'Commission base: paid - refunds, never below 0; 0 if never paid or cancelled, fen';
comment on column marts.order_attribution.commission_fen is 'round(base * commission_bps) for commission-earning orders (0 when the collaboration is fraud), fen';
comment on column marts.order_attribution.platform_fee_fen is 'round(commission * platform_fee_bps), fen';


-- Internal to settlement (asset `collaboration_fraud`): the fraud rule of domain.md 4 per
-- collaboration video, as of each date. Kept as a table so the fraud date can be audited.
create table if not exists marts.collaboration_fraud (
    as_of date not null,
    collaboration_id varchar not null,
    video_id varchar not null,
    publish_date date not null,
    window_end_date date not null,
    engagements_total bigint not null,
    engagements_bot_invalid bigint not null,
    fraud_date date
);
comment on table marts.collaboration_fraud is 'Fraud rule per collaboration video as of each date (domain.md 4): likes, comments and shares in the billing window, how many are bot-invalid, and the first date the rule held (sticky).';
comment on column marts.collaboration_fraud.as_of is 'Snapshot business date';
comment on column marts.collaboration_fraud.collaboration_id is 'Collaboration with a video as of as_of';
comment on column marts.collaboration_fraud.video_id is 'The collaboration''s video (first qualifying publish)';
comment on column marts.collaboration_fraud.publish_date is 'Business date of the video''s publish: first day of the billing window';
comment on column marts.collaboration_fraud.window_end_date is 'publish_date + cpe_window_days: first day after the billing window (exclusive)';
comment on column marts.collaboration_fraud.engagements_total is 'like, comment and share events on the video in the billing window visible as of as_of, any validity';
comment on column marts.collaboration_fraud.engagements_bot_invalid is 'Those of engagements_total whose viewer-day is a bot as of as_of';
comment on column marts.collaboration_fraud.fraud_date is 'First date d <= as_of on which, as of d, bot-invalid >= fraud_min_invalid and bot-invalid > fraud_share x total; null: not fraud';
