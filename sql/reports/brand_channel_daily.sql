-- Net GMV per brand, placed business date and channel in the snapshot $as_of
-- (marts.channel_gmv_daily), for the daily channel chart.
select brand_id, business_date, channel, orders, net_gmv_fen
from marts.channel_gmv_daily
where as_of = $as_of
order by brand_id, business_date, channel;
