-- Decide where every typed row of a dimension file ends: loaded, duplicate (same key, same
-- content), or rejected (schema, domain, reference, conflict: same key, other content; the
-- first row stands). Inputs: temp tables typed (with record_key), domain_rejects,
-- reference_problems. Output: temp view classified, temp table row_status (rows not loaded).
create or replace temp table screened as
select
    t.*,
    case
        when t.schema_error is not null then 'schema'
        when d.row_number is not null then 'domain'
        else r.reason
    end as rejection,
    coalesce(t.schema_error, d.detail, r.detail) as detail
from typed as t
left join domain_rejects as d
    on d.source_file = t.source_file and d.row_number = t.row_number
left join reference_problems as r
    on r.source_file = t.source_file and r.row_number = t.row_number;

create or replace temp table claim_outcomes as
with contenders as (
    select
        record_key,
        row(*columns(* exclude (
            record_key, source_file, row_number, schema_error, rejection, detail
        ))) as content,
        source_file,
        row_number
    from screened
    where rejection is null
),
ranked as (
    select
        *,
        row_number() over claims as claim_rank,
        first_value(content) over claims as first_content
    from contenders
    window claims as (partition by record_key order by source_file, row_number)
)
select
    source_file,
    row_number,
    case
        when claim_rank = 1 then 'first'
        when content is not distinct from first_content then 'duplicate'
        else 'conflict'
    end as outcome
from ranked;

create or replace temp view classified as
select
    s.*,
    false as claims_if_held,
    case
        when s.rejection is not null then s.rejection
        when o.outcome = 'duplicate' then 'duplicate'
        when o.outcome = 'conflict' then 'conflict'
        else 'loaded'
    end as status
from screened as s
left join claim_outcomes as o
    on o.source_file = s.source_file and o.row_number = s.row_number;

-- The rows that are not loaded (few), for quarantine and file counts.
create or replace temp table row_status as
select source_file, row_number, rejection, detail, claims_if_held, status, record_key
from classified
where status <> 'loaded';
