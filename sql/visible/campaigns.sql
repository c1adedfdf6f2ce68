/*
name: visible_campaigns
kind: view
description: Campaigns (no creation date: all are known; marts that need "started by D"
  filter on start_date).
*/
select * from staging.campaigns
