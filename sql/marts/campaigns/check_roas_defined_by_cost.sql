-- Funnel rows of $first .. $last whose ROAS is null with a cost, or set without one.
select count(*) as violations
from marts.campaign_funnel
where as_of between $first and $last
  and ((roas is null) <> (cost_fen = 0));
