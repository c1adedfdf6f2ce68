-- Held rows (late parents) whose parents are now known, to be admitted on delivery day
-- $day. Inputs: temp table typed (the held rows), reference_problems, view existing.
-- A held row that does not claim its event_id is admitted only while no other row holds
-- that id (a later valid copy may have loaded meanwhile).
create or replace temp table admitted as
with ready as (
    select
        t.source_file,
        t.row_number,
        t.event_id,
        hash(t.event_id) as event_key,
        t.claims_event_id,
        row_number() over (
            partition by t.event_id order by t.delivery_date, t.source_file, t.row_number
        ) as copy_rank
    from typed as t
    where not exists (
        select 1 from reference_problems as r
        where r.source_file = t.source_file and r.row_number = t.row_number
    )
),
-- ids of ready rows already taken by a loaded row: probed on the narrow event_key column
-- (hash(event_id)), then compared as text
taken as (
    select distinct e.event_id
    from existing as e
    semi join ready as r on r.event_key = e.event_key and r.event_id = e.event_id
    where e.admitted_date is not null
)
select r.source_file, r.row_number
from ready as r
left join taken as k on k.event_id = r.event_id
where r.claims_event_id
   or (r.copy_rank = 1 and k.event_id is null);
