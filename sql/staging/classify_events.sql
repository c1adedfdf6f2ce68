-- Decide where every typed row of one delivered batch ends (domain.md 2, 3): loaded, held
-- for a late parent, duplicate, or rejected (schema, domain, reference, conflict).
-- Inputs: temp tables typed, domain_rejects, reference_problems; temp view existing (the
-- staging table of this source). Output: temp table classified with a status per row.
create or replace temp table screened as
select
    t.*,
    case
        when t.schema_error is not null then 'schema'
        when d.row_number is not null then 'domain'
        else r.reason
    end as rejection,
    coalesce(t.schema_error, d.detail, r.detail) as detail,
    -- only a row held for a missing video claims its event_id
    coalesce(r.reason = 'reference' and r.missing_video_only, false) as claims_if_held
from typed as t
left join domain_rejects as d
    on d.source_file = t.source_file and d.row_number = t.row_number
left join reference_problems as r
    on r.source_file = t.source_file and r.row_number = t.row_number;

-- The batch rows that claim their event_id. Only ids claimed more than once (by an earlier
-- load, a held row, or twice in this batch) need ranking; every other claim is the first.
create or replace temp table batch_claims as
select event_id, delivery_date, source_file, row_number
from screened
where rejection is null or claims_if_held;

create or replace temp table earlier_claims as
select e.*
from existing as e
semi join batch_claims as b on b.event_id = e.event_id
where e.admitted_date is not null or e.claims_event_id;

create or replace temp table contested_ids as
select event_id from earlier_claims
union
select event_id from batch_claims group by event_id having count(*) > 1;

-- Every claim on the contested ids: earlier loads and held rows, and this batch's own.
create or replace temp table contenders as
select
    event_id,
    row(*columns(* exclude (
        event_id, business_date, delivery_date, admitted_date, source_file, row_number,
        claims_event_id
    ))) as content,
    delivery_date,
    source_file,
    row_number,
    false as in_batch
from earlier_claims
union all
select
    s.event_id,
    row(*columns(s.* exclude (
        event_id, business_date, delivery_date, source_file, row_number, schema_error,
        rejection, detail, claims_if_held
    ))),
    s.delivery_date,
    s.source_file,
    s.row_number,
    true
from screened as s
semi join contested_ids as c on c.event_id = s.event_id
where s.rejection is null or s.claims_if_held;

-- The first delivered copy stands (delivery date, file name, row); later copies are
-- duplicates when identical, conflicts otherwise.
create or replace temp table claim_outcomes as
with ranked as (
    select
        *,
        row_number() over claims as claim_rank,
        first_value(content) over claims as first_content
    from contenders
    window claims as (partition by event_id order by delivery_date, source_file, row_number)
)
select
    source_file,
    row_number,
    case
        when claim_rank = 1 then 'first'
        when content is not distinct from first_content then 'duplicate'
        else 'conflict'
    end as outcome
from ranked
where in_batch;

create or replace temp table classified as
select
    s.*,
    s.event_id as record_key,
    case
        when s.rejection in ('schema', 'domain') then s.rejection
        when o.outcome = 'duplicate' then 'duplicate'
        when o.outcome = 'conflict' then 'conflict'
        when s.rejection = 'reference' then 'held'
        else 'loaded'
    end as status
from screened as s
left join claim_outcomes as o
    on o.source_file = s.source_file and o.row_number = s.row_number;
