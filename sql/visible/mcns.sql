/*
name: visible_mcns
kind: view
description: MCNs founded on or before the date.
*/
select m.*
from staging.mcns as m
where m.founded_at <= $as_of
