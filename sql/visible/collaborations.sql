/*
name: visible_collaborations
kind: view
description: Collaborations booked on or before the date.
*/
select c.*
from staging.collaborations as c
where c.booked_date <= $as_of
