"""Domain checks: the pandera contracts run on the typed rows of a batch."""

from __future__ import annotations

import duckdb
import pandera.polars as pa
import polars as pl

from models.precheck import precheck_for
from pipelines.ingest.sources import Source
from starmap.timing import stage

_BOOKKEEPING = ("schema_error", "business_date", "booked_date", "delivery_date")


def amount_columns(source: Source) -> list[str]:
    """The money columns of a source's contract: integer columns named *_fen."""
    schema = source.contract.to_schema()
    return [
        name
        for name, column in schema.columns.items()
        if name.endswith("_fen") and str(column.dtype).startswith("Int")
    ]


@stage(None, "validation.domain_rejects")
def domain_rejects(
    conn: duckdb.DuckDBPyConnection, source: Source, max_amount_fen: int
) -> pl.DataFrame:
    """Rows of temp table `typed` (parsed cleanly) that break the source's contract, or
    hold an amount above `max_amount_fen` (policy.max_amount_fen: a bound no real amount
    reaches, so that every sum of amounts stays far inside BIGINT).

    One row per rejected row: source_file, row_number, detail (the failed checks).
    Pandera judges only the rows the contract's SQL pre-check flags (models/precheck.py):
    every other row passes every check, so copying it out of DuckDB would be wasted work.
    The column types are still checked on every batch, on an empty frame.
    """
    empty = pl.DataFrame(
        schema={"source_file": pl.String, "row_number": pl.Int64, "detail": pl.String}
    )
    precheck = precheck_for(source.contract)
    clean = "select * from typed where schema_error is null"
    _validate(source, conn.sql(f"{clean} limit 0").pl())
    flagged = conn.sql(f"{clean} and ({precheck.flags})", params=precheck.params).pl()
    rejects = empty if flagged.is_empty() else _validate(source, flagged)
    too_big = _implausible_amounts(conn, source, max_amount_fen)
    if too_big.is_empty():
        return rejects
    return (
        pl.concat([rejects, too_big])
        .group_by("source_file", "row_number")
        .agg(pl.col("detail").sort().str.join("; "))
    )


def _implausible_amounts(
    conn: duckdb.DuckDBPyConnection, source: Source, max_amount_fen: int
) -> pl.DataFrame:
    columns = amount_columns(source)
    if not columns:
        return pl.DataFrame(
            schema={"source_file": pl.String, "row_number": pl.Int64, "detail": pl.String}
        )
    details = ", ".join(
        f"case when {c} > $max then '{c} ' || {c} || ' is above policy.max_amount_fen ' || $max end"
        for c in columns
    )
    flags = " or ".join(f"{c} > $max" for c in columns)
    return conn.sql(
        f"select source_file, row_number, concat_ws('; ', {details}) as detail "
        f"from typed where schema_error is null and ({flags})",
        params={"max": max_amount_fen},
    ).pl()


def _validate(source: Source, typed: pl.DataFrame) -> pl.DataFrame:
    typed = typed.drop([c for c in _BOOKKEEPING if c in typed.columns])
    empty = pl.DataFrame(
        schema={"source_file": pl.String, "row_number": pl.Int64, "detail": pl.String}
    )
    try:
        source.contract.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _rows_of(errors.failure_cases, typed)
    return empty


def _rows_of(failure_cases: pl.DataFrame, typed: pl.DataFrame) -> pl.DataFrame:
    cases = failure_cases.filter(pl.col("index").is_not_null())
    if cases.height < failure_cases.height:
        # A failure with no row (a wrong column type) would mean typing is broken: stop.
        raise ValueError(f"contract failed on whole columns: {failure_cases}")
    described = cases.select(
        pl.col("index").cast(pl.Int64),
        pl.format(
            "{} failed {} ({})",
            pl.col("column"),
            pl.col("check"),
            pl.col("failure_case").str.slice(0, 80),
        ).alias("detail"),
    )
    located = typed.select("source_file", "row_number").with_row_index("index")
    return (
        described.join(located.with_columns(pl.col("index").cast(pl.Int64)), on="index")
        .group_by("source_file", "row_number")
        .agg(pl.col("detail").sort().str.join("; "))
    )
