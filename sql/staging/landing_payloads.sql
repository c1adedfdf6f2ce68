-- The raw rows that end in quarantine, as JSON, for the payload column. Driven by the few
-- rows of temp table row_status, not by the whole batch.
create or replace temp table landing_payloads as
select
    l.source_file,
    l.row_number,
    l.delivery_date,
    to_json(struct_pack(*columns(* exclude (source_file, row_number, delivery_date))))
        as payload
from landing as l
semi join row_status as c
    on c.source_file = l.source_file
    and c.row_number = l.row_number
    and c.status not in ('loaded', 'duplicate');
