-- The raw rows that end in quarantine, as JSON, for the payload column. Temp view
-- quarantined_landing holds just those rows of the batch (pipelines/ingest/load.py).
create or replace temp table landing_payloads as
select
    l.source_file,
    l.row_number,
    l.delivery_date,
    to_json(struct_pack(*columns(* exclude (source_file, row_number, delivery_date, read_error))))
        as payload
from quarantined_landing as l;
