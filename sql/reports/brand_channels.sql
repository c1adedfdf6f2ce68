-- Each brand's sales by FACT+S channel in the snapshot $as_of (marts.channel_gmv, the
-- channel window up to the date), with the brand's name; biggest net GMV first.
select
    g.brand_id,
    coalesce(b.name, g.brand_id) as brand_name,
    g.channel,
    g.orders,
    g.paid_orders,
    g.gmv_fen,
    g.refund_fen,
    g.net_gmv_fen,
    g.net_gmv_share,
    g.promotion_net_gmv_fen
from marts.channel_gmv as g
left join staging.brands as b on b.brand_id = g.brand_id
where g.as_of = $as_of
order by g.brand_id, g.net_gmv_fen desc, g.channel;
