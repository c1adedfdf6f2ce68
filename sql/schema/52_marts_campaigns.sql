-- marts of campaign funnels and ROI (domain.md 8).
create table if not exists marts.campaign_funnel (
    as_of date not null,
    campaign_id varchar not null,
    brand_id varchar not null,
    impressions bigint not null,
    plays bigint not null,
    complete_plays bigint not null,
    engagements bigint not null,
    product_clicks bigint not null,
    orders bigint not null,
    paid_orders bigint not null,
    gmv_fen bigint not null,
    refund_fen bigint not null,
    net_gmv_fen bigint not null,
    cost_fen bigint not null,
    roas double,
    play_rate double,
    engagement_rate double,
    click_rate double,
    order_rate double,
    paid_rate double,
    completion_rate double,
    start_date date not null,
    end_date date not null,
    collaborations bigint not null,
    videos bigint not null
);
comment on table marts.campaign_funnel is 'Funnel and ROI per campaign started by each business date, over the videos of its collaborations, from campaign start to as_of (the end date does not cut it) (domain.md 8).';
comment on column marts.campaign_funnel.as_of is 'Snapshot business date (Asia/Shanghai): only events with business date and delivery date <= as_of are seen';
comment on column marts.campaign_funnel.campaign_id is 'Campaign, started on or before as_of';
comment on column marts.campaign_funnel.brand_id is 'Brand running the campaign';
comment on column marts.campaign_funnel.impressions is 'Valid impressions of the campaign''s videos since campaign start';
comment on column marts.campaign_funnel.plays is 'Valid plays of the campaign''s videos since campaign start';
comment on column marts.campaign_funnel.complete_plays is 'Valid complete plays of the campaign''s videos since campaign start';
comment on column marts.campaign_funnel.engagements is 'Valid likes, comments and shares, once per (viewer, video, type) over the whole period';
comment on column marts.campaign_funnel.product_clicks is 'Valid product card clicks on the campaign''s videos since campaign start';
comment on column marts.campaign_funnel.orders is 'Orders placed since campaign start, attributed to a click on one of the campaign''s videos, for a product of the campaign''s brand';
comment on column marts.campaign_funnel.paid_orders is 'Those orders ever paid (even if later refunded or cancelled)';
comment on column marts.campaign_funnel.gmv_fen is 'Paid amount of the paid orders, fen';
comment on column marts.campaign_funnel.refund_fen is 'Refunds of those orders, each capped at its paid amount, fen';
comment on column marts.campaign_funnel.net_gmv_fen is 'Commission bases (paid - refunds, 0 when cancelled) of those orders summed, fen';
comment on column marts.campaign_funnel.cost_fen is 'Sum of brand_charge_fen of the campaign''s collaborations in marts.settlements of the same as_of, fen';
comment on column marts.campaign_funnel.roas is 'net_gmv_fen / cost_fen; null when cost is 0';
comment on column marts.campaign_funnel.play_rate is 'plays / impressions; null when no impressions';
comment on column marts.campaign_funnel.engagement_rate is 'engagements / plays; null when no plays';
comment on column marts.campaign_funnel.click_rate is 'product_clicks / plays; null when no plays';
comment on column marts.campaign_funnel.order_rate is 'orders / product_clicks; null when no clicks';
comment on column marts.campaign_funnel.paid_rate is 'paid_orders / orders; null when no orders';
comment on column marts.campaign_funnel.completion_rate is 'complete_plays / plays; null when no plays';
comment on column marts.campaign_funnel.start_date is 'Campaign start: the funnel counts from this business date';
comment on column marts.campaign_funnel.end_date is 'Campaign end (informative: sales after it still count)';
comment on column marts.campaign_funnel.collaborations is 'Collaborations of the campaign booked by as_of';
comment on column marts.campaign_funnel.videos is 'Of those, collaborations with a video (first qualifying publish) by as_of';

create table if not exists marts.campaign_funnel_daily (
    as_of date not null,
    campaign_id varchar not null,
    business_date date not null,
    impressions bigint not null,
    plays bigint not null,
    complete_plays bigint not null,
    engagements bigint not null,
    product_clicks bigint not null,
    orders bigint not null,
    paid_orders bigint not null,
    gmv_fen bigint not null,
    refund_fen bigint not null,
    net_gmv_fen bigint not null
);
comment on table marts.campaign_funnel_daily is 'The campaign funnel per business date of the activity, as seen as of each snapshot date; only days with activity have a row. Summed over business_date it equals marts.campaign_funnel of the same as_of.';
comment on column marts.campaign_funnel_daily.as_of is 'Snapshot business date the figures are seen from';
comment on column marts.campaign_funnel_daily.campaign_id is 'Campaign, started on or before as_of';
comment on column marts.campaign_funnel_daily.business_date is 'Business date (Asia/Shanghai) of the events; of placement for orders and their money';
comment on column marts.campaign_funnel_daily.impressions is 'Valid impressions of the campaign''s videos that day';
comment on column marts.campaign_funnel_daily.plays is 'Valid plays that day';
comment on column marts.campaign_funnel_daily.complete_plays is 'Valid complete plays that day';
comment on column marts.campaign_funnel_daily.engagements is 'Unique (viewer, video, type) likes, comments and shares counted on the day of their first valid occurrence since campaign start';
comment on column marts.campaign_funnel_daily.product_clicks is 'Valid product card clicks that day';
comment on column marts.campaign_funnel_daily.orders is 'Campaign orders (see marts.campaign_funnel) placed that day';
comment on column marts.campaign_funnel_daily.paid_orders is 'Of the orders placed that day, those ever paid as of as_of';
comment on column marts.campaign_funnel_daily.gmv_fen is 'Paid amount of the paid orders placed that day, fen';
comment on column marts.campaign_funnel_daily.refund_fen is 'Refunds (known as of as_of, capped at the paid amount) of the orders placed that day, fen';
comment on column marts.campaign_funnel_daily.net_gmv_fen is 'Commission bases as of as_of of the orders placed that day, fen';
