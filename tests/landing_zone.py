"""Write small landing zones for tests: literal rows in, contract-shaped files out."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.load import (
    load_dimensions,
    load_event_day,
    record_stray_files,
    reexamine_held,
    refresh_derived,
)
from pipelines.ingest.sources import EVENTS, SOURCES
from starmap.landing import delivery_dates
from starmap.settings import Policy
from starmap.warehouse import connect, ensure_schema

Row = Mapping[str, object]

DIMENSION_ROWS: dict[str, list[dict[str, object]]] = {
    "mcns": [{"mcn_id": "m1", "name": "无忧传媒", "founded_at": "2024-01-01"}],
    "brands": [{"brand_id": "b1", "name": "花西子", "industry": "cosmetics"}],
    "products": [{"product_id": "p1", "brand_id": "b1", "name": "口红", "price_fen": "19900"}],
    "campaigns": [
        {
            "campaign_id": "k1",
            "brand_id": "b1",
            "start_date": "2026-06-01",
            "end_date": "2026-07-31",
        }
    ],
    "creators": [
        {
            "creator_id": "c1",
            "platform": "douyin",
            "category": "beauty",
            "followers": "250000",
            "identity_verified": "true",
        },
        {
            "creator_id": "c2",
            "platform": "xigua",
            "category": "beauty",
            "followers": "60000",
            "identity_verified": "true",
        },
    ],
    "collaborations": [
        {
            "collaboration_id": "co1",
            "campaign_id": "k1",
            "creator_id": "c1",
            "pricing_model": "flat_fee",
            "booked_at": "2026-06-01T10:00:00+08:00",
            "publish_deadline": "2026-06-10",
            "price_fen": "500000",
        }
    ],
}


def write_rows(path: Path, columns: Iterable[str], rows: Iterable[Row]) -> Path:
    """Write rows to .csv, .jsonl or .parquet by the path's suffix (missing keys = empty)."""
    columns = list(columns)
    rows = [{c: row.get(c) for c in columns} for row in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows({c: "" if v is None else v for c, v in r.items()} for r in rows)
    elif path.suffix == ".jsonl":
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
    else:
        pl.DataFrame(rows, schema={c: pl.String for c in columns}).write_parquet(path)
    return path


def write_dimensions(root: Path, overrides: Mapping[str, list[dict[str, object]]] = {}) -> None:
    for name, rows in (DIMENSION_ROWS | dict(overrides)).items():
        write_rows(root / f"{name}.csv", SOURCES[name].columns, rows)


def write_events(
    root: Path, source: str, day: str, rows: Iterable[Row], name: str = "part-0.csv"
) -> Path:
    return write_rows(root / source / f"date={day}" / name, SOURCES[source].columns, rows)


def empty_warehouse(warehouse: Path | str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A connection to a warehouse with its schema and no rows."""
    conn = connect(warehouse)
    ensure_schema(conn)
    return conn


def ingest(
    root: Path, warehouse: Path | str = ":memory:", policy: Policy | None = None
) -> duckdb.DuckDBPyConnection:
    """Load a landing zone day by day, as the ingest assets do, and return the connection."""
    conn = empty_warehouse(warehouse)
    load_dimensions(conn, root, policy)
    days = delivery_dates(root)
    load_days_one_by_one(conn, root, days, policy)
    for source in EVENTS:
        record_stray_files(conn, root, source)  # as the ingest assets do after their days
    refresh_derived(conn, (policy or Policy()).sql_params())
    return conn


def load_days_one_by_one(
    conn: duckdb.DuckDBPyConnection, root: Path, days: list[date], policy: Policy | None = None
) -> None:
    """Each source's delivery days loaded one at a time, held rows re-examined after each."""
    for source in EVENTS:
        for day in days:
            load_event_day(conn, root, source, day, policy)
            reexamine_held(conn, source, day)


# Columns that record when something ran, not what it holds.
_CLOCK_COLUMNS = ("loaded_at", "recorded_at")


def warehouse_state(conn: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """Every row of every table and view of raw, staging, quarantine and ops (without run
    times), sorted: two loads that should agree compare equal."""
    relations = conn.execute(
        """
        select schema_name || '.' || table_name from duckdb_tables()
        where schema_name in ('raw', 'staging', 'quarantine', 'ops')
        union all
        select schema_name || '.' || view_name from duckdb_views()
        where schema_name in ('raw', 'staging', 'quarantine', 'ops') and not internal
        """
    ).fetchall()
    state = {}
    for (name,) in relations:
        columns = [c for c in conn.table(name).columns if c not in _CLOCK_COLUMNS]
        rows = conn.execute(f"select {', '.join(columns)} from {name}").fetchall()
        state[name] = sorted(rows, key=repr)
    return state


def publish(event_id: str, ts: str, video: str = "v1", creator: str = "c1", **extra) -> dict:
    return {
        "event_id": event_id,
        "event_type": "publish",
        "event_ts": ts,
        "video_id": video,
        "creator_id": creator,
        **extra,
    }


def engagement(
    event_id: str, kind: str, ts: str, video: str = "v1", viewer: str = "u1", **extra
) -> dict:
    return {
        "event_id": event_id,
        "event_type": kind,
        "event_ts": ts,
        "video_id": video,
        "viewer_id": viewer,
        **extra,
    }


def order(
    event_id: str, kind: str, ts: str, order_id: str = "o1", amount: object = "19900", **extra
) -> dict:
    return {
        "event_id": event_id,
        "event_type": kind,
        "event_ts": ts,
        "order_id": order_id,
        "buyer_id": "u1",
        "product_id": "p1",
        "quantity": "1",
        "amount_fen": amount,
        **extra,
    }
