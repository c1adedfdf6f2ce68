-- quarantine: every rejected raw row with its reason. Dates, not wall-clock times, so a
-- re-run reproduces the table: first_seen_at is the delivery date of the row's file,
-- resolved_at the delivery date from which a held row (late parent) was admitted.
create table if not exists quarantine.rejected_rows (
    source varchar not null,
    source_file varchar not null,
    row_number bigint,
    delivery_date date,
    event_id varchar,
    reason varchar not null,
    detail varchar,
    payload varchar,
    claims_event_id boolean not null default false,
    first_seen_at date,
    resolved_at date
);
-- ops: one row per delivered file and load; rows_read = loaded + duplicate + quarantined.
create table if not exists ops.file_loads (
    source varchar not null,
    source_file varchar not null,
    delivery_date date,
    file_bytes bigint,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_duplicate bigint not null,
    rows_quarantined bigint not null,
    loaded_at timestamptz not null
);
-- What the published warehouse was computed from: settings, dimension files and code, as
-- one digest (starmap/increments.py). A run with other inputs recomputes every snapshot.
create table if not exists ops.run_inputs (
    fingerprint varchar not null,
    recorded_at timestamptz not null
);
