-- Live session rows of $first .. $last with more unique viewers than views or more paid
-- orders than orders.
select count(*) as violations
from marts.live_sessions
where as_of between $first and $last
  and (unique_viewers > views or paid_orders > orders);
