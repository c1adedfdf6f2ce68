"""The benchmark's floors count what they claim to on a hand-made landing zone: the floor's
aggregates, and the rules floor's repeated ids and malformed rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from starmap.bench.floor import run_floor

ENGAGEMENT_COLUMNS = ["event_id", "event_type", "event_ts", "video_id", "viewer_id", "product_id"]
ORDER_COLUMNS = ["event_id", "event_type", "event_ts", "order_id", "buyer_id", "product_id"]


def _parquet(path: Path, columns: list[str], rows: list[tuple[str | None, ...]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    frame.write_parquet(path)
    return path


def test_floors_count_aggregates_repeated_ids_and_malformed_rows(tmp_path: Path) -> None:
    day_1 = _parquet(
        tmp_path / "engagement_events/date=2026-09-01/part.parquet",
        ENGAGEMENT_COLUMNS,
        [
            ("e1", "like", "2026-09-01T09:00:00+08:00", "v1", "u1", None),
            ("e2", "like", "2026-09-01T09:01:00+08:00", "v1", "u1", None),  # same viewer
            ("e3", "like", "2026-09-01T09:02:00+08:00", "v1", "u2", None),
            ("e4", "comment", "2026-09-01T09:03:00+08:00", "v2", "u1", None),
            ("e5", "product_click", "2026-09-01T10:00:00+08:00", "v2", "b1", "p1"),
            ("e6", "impression", "yesterday noon", "v1", "u3", None),  # unparseable time
            ("e7", "product_click", "2026-09-01T10:05:00+08:00", "v2", "u4", None),  # no product
            ("e8", "wave", "2026-09-01T10:06:00+08:00", "v2", "u4", None),  # unknown type
        ],
    )
    day_2 = _parquet(
        tmp_path / "engagement_events/date=2026-09-02/part.parquet",
        ENGAGEMENT_COLUMNS,
        [
            ("e1", "like", "2026-09-01T09:00:00+08:00", "v1", "u1", None),  # a duplicate
            ("e4", "comment", "2026-09-01T09:03:00+08:00", "v2", "u9", None),  # a conflict
            ("e9", "play", "2026-09-02T08:00:00+08:00", "v1", None, None),  # no viewer
        ],
    )
    orders = _parquet(
        tmp_path / "order_events/date=2026-09-03/part.parquet",
        ORDER_COLUMNS,
        [
            ("o-e1", "placed", "2026-09-03T10:00:00+08:00", "o1", "b1", "p1"),  # clicked 2 days ago
            ("o-e2", "placed", "2026-09-20T10:00:00+08:00", "o2", "b1", "p1"),  # too late
            ("o-e3", "paid", "2026-09-03T10:01:00+08:00", "o1", "b1", "p1"),
        ],
    )

    result = run_floor([day_1, day_2], [orders])

    assert result.engagement_groups == 2  # (v1, like), (v2, comment)
    assert result.attributed_orders == 1
    assert result.repeated_ids == 2  # e1, e4
    assert result.malformed_rows == 4  # e6, e7, e8, e9
    assert result.rules_floor_s == result.seconds + result.rules_s > result.seconds > 0
