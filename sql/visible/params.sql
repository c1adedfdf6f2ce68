/*
name: visible_params
kind: view
description: The as-of date the visible relations are read at (one row).
*/
select cast($as_of as date) as as_of_date
