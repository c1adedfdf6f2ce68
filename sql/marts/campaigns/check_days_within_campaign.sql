-- Daily funnel rows of $first .. $last dated before their campaign's start or after as_of.
select count(*) as violations
from marts.campaign_funnel_daily as d
inner join staging.campaigns as c on c.campaign_id = d.campaign_id
where d.as_of between $first and $last
  and (d.business_date < c.start_date or d.business_date > d.as_of);
