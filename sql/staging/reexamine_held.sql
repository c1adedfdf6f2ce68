-- Held rows (late parents) whose parents are now known, to be admitted on delivery day
-- $day. Inputs: temp table typed (the held rows, with their staging_rowid),
-- reference_problems, view existing. Output: temp table admitted.
-- A held row that does not claim its event_id is admitted only while no other row claims
-- that id (a later valid copy may have loaded meanwhile, or be held for its video), and
-- only the first such copy.
create or replace temp table ready as
select
    t.staging_rowid,
    t.source_file,
    t.row_number,
    t.event_id,
    hash(t.event_id) as event_key,
    t.claims_event_id,
    row_number() over (
        partition by t.event_id order by t.delivery_date, t.source_file, t.row_number
    ) as copy_rank
from typed as t
anti join reference_problems as r on r.source_file = t.source_file and r.row_number = t.row_number;

-- Rows that may claim the id of a ready row that does not claim it (loaded rows, and held
-- rows that claim their id, ready now or not): found on the narrow event_key column, then
-- only those rows are compared as text (a join on the text id as well scanned every
-- event_id of the history).
create or replace temp table taken_candidates as
select e.history_rowid
from existing as e
semi join (select event_key from ready where not claims_event_id) as r
    on r.event_key = e.event_key
where e.admitted_date is not null or e.claims_event_id;

create or replace temp table admitted as
with taken as materialized (
    select distinct e.event_id
    from existing as e
    semi join taken_candidates as c on c.history_rowid = e.history_rowid
)
select r.staging_rowid, r.source_file, r.row_number
from ready as r
where r.claims_event_id
   or (r.copy_rank = 1 and r.event_id not in (select event_id from taken));
