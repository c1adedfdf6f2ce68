-- Day-by-day activity of every campaign in the snapshot $as_of (marts.campaign_funnel_daily).
select
    campaign_id,
    business_date,
    plays,
    engagements,
    product_clicks,
    orders,
    paid_orders,
    gmv_fen,
    net_gmv_fen
from marts.campaign_funnel_daily
where as_of = $as_of
order by campaign_id, business_date
