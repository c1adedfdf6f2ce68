-- Replace the snapshot of $as_of: remove its rows first.
delete from marts.campaign_funnel where as_of = $as_of;
