-- Layers of the warehouse, in the order data flows through them.
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists quarantine;
create schema if not exists ops;
create schema if not exists visible;
create schema if not exists marts;
