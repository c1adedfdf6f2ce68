/*
name: visible_live_events
kind: view
description: Live events whose business date and admission date are both on or before the date
  (domain.md 0, 9).
*/
select l.*
from staging.live_events as l
where l.business_date <= $as_of
  and l.admitted_date <= $as_of
