/*
name: visible_order_events
kind: view
description: Order events whose business date and admission date are both on or before the
  date (domain.md 0).
*/
select o.*
from staging.order_events as o
where o.business_date <= $as_of
  and o.admitted_date <= $as_of
