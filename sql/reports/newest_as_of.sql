-- The snapshot the reports show: the newest as_of in the campaign or settlement marts.
with snapshot_dates as (
    select as_of from marts.campaign_funnel
    union all
    select as_of from marts.settlements
)
select max(as_of) as as_of
from snapshot_dates
