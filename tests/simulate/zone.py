"""Reading a simulated landing zone back: every event row with its file and delivery date."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from starmap.simulate import SimulationSummary

EVENT_COLUMNS = {
    "video_events": [
        "event_id",
        "event_type",
        "event_ts",
        "video_id",
        "creator_id",
        "collaboration_id",
        "duration_s",
        "is_commercial",
    ],
    "engagement_events": [
        "event_id",
        "event_type",
        "event_ts",
        "video_id",
        "viewer_id",
        "product_id",
    ],
    "order_events": [
        "event_id",
        "event_type",
        "event_ts",
        "order_id",
        "buyer_id",
        "product_id",
        "quantity",
        "amount_fen",
        "traffic_source",
    ],
    "live_events": [
        "event_id",
        "event_type",
        "event_ts",
        "live_id",
        "creator_id",
        "brand_id",
        "collaboration_id",
        "viewer_id",
        "product_id",
    ],
}
SMALL = {"seed": 7, "days": 14, "creators": 150, "events_per_day": 25_000}


@dataclass
class Zone:
    """A written landing zone read back: every event row with its file and delivery date."""

    root: Path
    summary: SimulationSummary
    events: dict[str, pl.DataFrame]
    unreadable: list[Path]

    def dimension(self, name: str) -> pl.DataFrame:
        return pl.read_csv(self.root / f"{name}.csv", infer_schema=False)


def read_event_file(path: Path, columns: list[str]) -> pl.DataFrame:
    """One delivered file as text columns (raises on an unreadable file)."""
    if path.suffix == ".csv":
        return pl.read_csv(path, infer_schema=False)
    if path.suffix == ".jsonl":
        return pl.read_ndjson(path, schema={c: pl.String for c in columns})
    return pl.read_parquet(path)


def read_zone(root: Path, summary: SimulationSummary) -> Zone:
    events, unreadable = {}, []
    for source, columns in EVENT_COLUMNS.items():
        frames = []
        for path in sorted((root / source).glob("date=*/*")):
            try:
                frame = read_event_file(path, columns)
            except Exception:  # an unreadable file is part of the fixture
                unreadable.append(path)
                continue
            frames.append(
                frame.select(columns).with_columns(
                    pl.lit(path.parent.name.removeprefix("date=")).alias("delivery_date"),
                    pl.lit(path.name).alias("file"),
                )
            )
        events[source] = pl.concat(frames)
    return Zone(root, summary, events, unreadable)


def parse_ts(column: str = "event_ts") -> pl.Expr:
    """ISO-8601 text to a naive Asia/Shanghai datetime (null when unparseable)."""
    ts = pl.col(column)
    fmt = "%Y-%m-%dT%H:%M:%S"
    return (
        pl.when(ts.str.ends_with("Z"))
        .then(ts.str.strip_suffix("Z").str.to_datetime(fmt, strict=False) + pl.duration(hours=8))
        .otherwise(ts.str.strip_suffix("+08:00").str.to_datetime(fmt, strict=False))
    )


def publishes(zone: Zone) -> pl.DataFrame:
    """The first publish of each video, with its timestamp and delivery date."""
    return (
        zone.events["video_events"]
        .filter(pl.col("event_type") == "publish")
        .with_columns(parse_ts().alias("publish_ts"))
        .sort("publish_ts")
        .unique("video_id", keep="first", maintain_order=True)
        .select(
            "video_id",
            "creator_id",
            "collaboration_id",
            "is_commercial",
            "publish_ts",
            pl.col("delivery_date").alias("publish_delivery"),
        )
    )
