-- Funnel rows of $first .. $last where paid orders exceed orders or net GMV exceeds
-- GMV minus refunds (a commission base is at most the paid amount minus its refunds).
select count(*) as violations
from marts.campaign_funnel
where as_of between $first and $last
  and (paid_orders > orders or net_gmv_fen + refund_fen > gmv_fen or refund_fen < 0);
