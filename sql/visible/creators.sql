/*
name: visible_creators
kind: view
description: Creators known as of the date: joined on or before it, or without a joined_at.
*/
select c.*
from staging.creators as c
where c.joined_at is null or c.joined_at <= $as_of
