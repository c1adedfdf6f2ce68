"""Parquet deliveries are read in place: raw shows them as if copied, nothing is lost."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.ingest.parquet import refresh_raw_view
from pipelines.ingest.sources import SOURCES
from tests.landing_zone import engagement, ingest, publish, write_dimensions, write_events

# Padded values, an empty value and a column the contract does not know.
ROWS = [
    engagement("e1", "like", " 2026-06-03T10:00:00+08:00\t", viewer=" u1 ") | {"channel": "feed"},
    engagement("e2", "comment", "2026-06-03T11:00:00+08:00", viewer="u2") | {"channel": ""},
    engagement("e3", "like", "2026-06-03T12:00:00+08:00", viewer="") | {"channel": "live"},
]
RAW_QUERY = "select * exclude (source_file) from raw.engagement_events order by row_number"


def _landing(root: Path, suffix: str) -> None:
    write_dimensions(root)
    write_events(root, "video_events", "2026-06-02", [publish("p1", "2026-06-02T09:00:00")])
    path = root / "engagement_events" / "date=2026-06-03" / f"part-0{suffix}"
    path.parent.mkdir(parents=True)
    frame = pl.DataFrame(ROWS, schema={c: pl.String for c in ROWS[0]})
    if suffix == ".csv":
        frame.write_csv(path)
    else:
        frame.write_parquet(path)


def test_raw_rows_of_parquet_equal_those_of_the_same_csv(tmp_path: Path) -> None:
    _landing(tmp_path / "csv", ".csv")
    _landing(tmp_path / "parquet", ".parquet")
    from_csv = ingest(tmp_path / "csv")
    from_parquet = ingest(tmp_path / "parquet")
    csv_rows = from_csv.execute(RAW_QUERY).fetchall()
    assert csv_rows == from_parquet.execute(RAW_QUERY).fetchall()
    # trimmed, empty as null, the unknown column kept as JSON
    names = [d[0] for d in from_csv.description]
    first, _, third = (dict(zip(names, row, strict=True)) for row in csv_rows)
    assert first["event_ts"] == "2026-06-03T10:00:00+08:00" and first["viewer_id"] == "u1"
    assert first["extra_json"] == '{"channel":"feed"}'
    assert third["viewer_id"] is None
    staged = "select event_id, viewer_id from staging.engagement_events order by 1"
    assert from_parquet.execute(staged).fetchall() == [("e1", "u1"), ("e2", "u2")]
    # e3 has no viewer: quarantined with its raw row as payload, from the Parquet file
    (reason, payload) = from_parquet.execute(
        "select reason, payload from quarantine.rejected_rows where event_id = 'e3'"
    ).fetchone()
    assert reason == "schema" and '"channel":"live"' in payload


def test_parquet_rows_are_not_copied_and_raw_lists_the_file(tmp_path: Path) -> None:
    _landing(tmp_path, ".parquet")
    conn = ingest(tmp_path)
    assert conn.execute("select count(*) from raw.engagement_events_rows").fetchone() == (0,)
    assert conn.execute(
        "select source_file, delivery_date::varchar from raw.parquet_files"
    ).fetchall() == [("engagement_events/date=2026-06-03/part-0.parquet", "2026-06-03")]
    assert conn.execute("select count(*) from raw.engagement_events").fetchone() == (3,)


def test_a_parquet_file_duckdb_cannot_decode_is_quarantined_whole(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    write_events(tmp_path, "video_events", "2026-06-02", [publish("p1", "2026-06-02T09:00:00")])
    day = "2026-06-03"
    good = [engagement("e1", "like", "2026-06-03T10:00:00+08:00")]
    write_events(tmp_path, "engagement_events", day, good, name="part-0.parquet")
    # A valid footer over corrupt compressed pages: only reading the data finds it.
    bad = tmp_path / "engagement_events" / f"date={day}" / "part-1.parquet"
    frame = pl.DataFrame({"event_id": [f"x{i}" for i in range(5000)], "video_id": ["v1"] * 5000})
    frame.write_parquet(bad, compression="zstd")
    data = bytearray(bad.read_bytes())
    data[200:800] = bytes(b ^ 0x5A for b in data[200:800])
    bad.write_bytes(bytes(data))

    conn = ingest(tmp_path)
    assert conn.execute(
        "select source_file, reason from quarantine.rejected_rows where source_file like '%part-1%'"
    ).fetchall() == [("engagement_events/date=2026-06-03/part-1.parquet", "unreadable")]
    assert conn.execute("select event_id from staging.engagement_events").fetchall() == [("e1",)]
    loads = conn.execute(
        "select source_file, rows_read, rows_loaded, rows_quarantined from ops.file_loads "
        "where source = 'engagement_events' order by 1"
    ).fetchall()
    assert [row[1:] for row in loads] == [(1, 1, 0), (1, 0, 1)]


def test_raw_follows_the_landing_zone_to_its_new_place(tmp_path: Path) -> None:
    _landing(tmp_path / "before", ".parquet")
    conn = ingest(tmp_path / "before")
    (tmp_path / "before").rename(tmp_path / "after")
    refresh_raw_view(conn, SOURCES["engagement_events"], tmp_path / "after")
    assert conn.execute("select count(*) from raw.engagement_events").fetchone() == (3,)
    (path,) = conn.execute("select path from raw.parquet_files").fetchone()
    assert path.startswith((tmp_path / "after").resolve().as_posix())


def test_a_warehouse_with_the_old_raw_table_gets_the_view(tmp_path: Path) -> None:
    # Before Parquet was read in place, raw.engagement_events was a table of copied rows.
    _landing(tmp_path, ".parquet")
    conn = ingest(tmp_path)
    conn.execute("drop view raw.engagement_events")
    conn.execute("create table raw.engagement_events as select * from raw.engagement_events_rows")
    refresh_raw_view(conn, SOURCES["engagement_events"], tmp_path)
    kind = conn.execute(
        "select table_type from information_schema.tables "
        "where table_schema = 'raw' and table_name = 'engagement_events'"
    ).fetchall()
    assert kind == [("VIEW",)]
    assert conn.execute("select count(*) from raw.engagement_events").fetchone() == (3,)
