/*
name: visible_products
kind: view
description: Products (no date of their own: all are known).
*/
select * from staging.products
