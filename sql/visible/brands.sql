/*
name: visible_brands
kind: view
description: Brands (no date of their own: all are known).
*/
select * from staging.brands
