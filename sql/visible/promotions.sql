/*
name: visible_promotions
kind: view
description: Platform promotions (domain.md 10; no date of their own: all loaded ones are known).
*/
select * from staging.promotions
