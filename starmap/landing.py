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
            day = _delivery_day(folder.name)
            if day is not None and folder.is_dir():
                found.add(day)
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


def _visible(path: Path) -> bool:
    return not path.name.startswith((".", "_"))


def _files_below(folder: Path) -> list[Path]:
    """Every visible file below `folder`, at any depth (hidden folders skipped)."""
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not _visible(path):
            continue
        if path.is_dir():
            found.extend(_files_below(path))
        elif path.is_file():
            found.append(path)
    return found


def stray_files(raw: Path, source: str) -> list[tuple[Path, str]]:
    """Files under a source folder that no delivery day reads, each with why: directly in
    the source folder, in a folder that is not a valid `date=YYYY-MM-DD` (date=latest,
    date=2026-13-40), or in a subfolder of a delivery day. They are quarantined as
    unreadable, never skipped silently."""
    folder = raw / source
    if not folder.is_dir():
        return []
    stray: list[tuple[Path, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not _visible(entry):
            continue
        if entry.is_file():
            stray.append((entry, "not in a delivery folder (date=YYYY-MM-DD): not loaded"))
            continue
        if not entry.is_dir():
            continue
        if _delivery_day(entry.name) is None:
            reason = f"in folder {entry.name}, which is not a delivery day (date=YYYY-MM-DD)"
            stray.extend((file, f"{reason}: not loaded") for file in _files_below(entry))
            continue
        for sub in sorted(entry.iterdir(), key=lambda p: p.name):
            if _visible(sub) and sub.is_dir():
                stray.extend(
                    (file, "in a subfolder of a delivery folder: not loaded")
                    for file in _files_below(sub)
                )
    return stray


def _delivery_day(name: str) -> date | None:
    match = _DAY_FOLDER.match(name)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None  # date=2026-02-30: not a delivery day


def relative_name(raw: Path, file: Path) -> str:
    """How a file is named in the warehouse: its path below the landing zone."""
    return file.relative_to(raw).as_posix()
