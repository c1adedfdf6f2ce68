"""The landing zone layout of contract.md: which files were delivered on which day."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from starmap.errors import StarmapError

EVENT_SOURCES = ("video_events", "engagement_events", "order_events")
DIMENSION_SOURCES = ("creators", "mcns", "brands", "products", "campaigns", "collaborations")
# Sources of domain.md version 2 that a landing zone may lack (live commerce, promotions);
# the simulator writes none of them yet.
OPTIONAL_EVENT_SOURCES = ("live_events",)
OPTIONAL_DIMENSION_SOURCES = ("promotions",)
FILE_SUFFIXES = (".csv", ".jsonl", ".parquet")
_DAY_FOLDER = re.compile(r"^date=(\d{4}-\d{2}-\d{2})$")


def require_landing_zone(raw: Path) -> None:
    if not raw.is_dir():
        raise StarmapError(f"raw folder not found: {raw}")


def delivery_dates(raw: Path) -> list[date]:
    """Every delivery date with a `date=` folder under any event source, ascending."""
    require_landing_zone(raw)
    found: set[date] = set()
    for source in EVENT_SOURCES + OPTIONAL_EVENT_SOURCES:
        for folder in (raw / source).glob("date=*"):
            match = _DAY_FOLDER.match(folder.name)
            if match and folder.is_dir():
                try:
                    found.add(date.fromisoformat(match.group(1)))
                except ValueError:
                    continue  # date=2026-02-30: not a delivery day
    return sorted(found)


def delivered_files(raw: Path, source: str, day: date) -> list[Path]:
    """The data files of one source delivered on `day`, by file name (the dedupe order)."""
    folder = raw / source / f"date={day.isoformat()}"
    if not folder.is_dir():
        return []
    # Every visible file counts: one in an unknown format is quarantined, never skipped.
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "_"))),
        key=lambda p: p.name,
    )


def relative_name(raw: Path, file: Path) -> str:
    """How a file is named in the warehouse: its path below the landing zone."""
    return file.relative_to(raw).as_posix()
