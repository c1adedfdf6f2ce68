-- Layers of the warehouse, in the order data flows through them.
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists quarantine;
create schema if not exists ops;
create schema if not exists visible;
create schema if not exists marts;

-- The Asia/Shanghai business date of an instant. Shanghai has kept UTC+8 without daylight
-- saving since 1991: from 1992 the date is plain arithmetic on the instant (exact, and far
-- cheaper than a zone lookup per row); earlier instants go through the zone database.
create or replace macro staging.shanghai_date(ts) as
    case
        when ts >= timestamptz '1992-01-01 00:00:00+00'
            then date '1970-01-01' + cast((epoch_us(ts) + 28800000000) // 86400000000 as integer)
        else cast(timezone('Asia/Shanghai', ts) as date)
    end;
