"""What the landing zone holds per delivery date, as a fingerprint a sensor can compare."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from starmap.landing import (
    EVENT_SOURCES,
    OPTIONAL_EVENT_SOURCES,
    delivered_files,
    delivery_dates,
    relative_name,
)


def folder_fingerprints(raw: Path) -> dict[date, str]:
    """Per delivery date with at least one file: a digest of its files' names, sizes, mtimes.

    A new `date=` folder, a new file in one or a rewritten file changes the digest; an empty
    folder has none yet (its files may still be on their way).
    """
    fingerprints: dict[date, str] = {}
    for day in delivery_dates(raw):
        files = []
        for source in EVENT_SOURCES + OPTIONAL_EVENT_SOURCES:
            for file in delivered_files(raw, source, day):
                try:
                    stat = file.stat()
                except FileNotFoundError:
                    continue  # removed while we looked: the next evaluation sees the new state
                files.append((relative_name(raw, file), stat.st_size, stat.st_mtime_ns))
        if files:
            text = json.dumps(sorted(files), separators=(",", ":"))
            fingerprints[day] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return fingerprints


def changed_days(seen: dict[str, str], now: dict[date, str]) -> list[date]:
    """Delivery dates that are new or whose files changed since `seen`, ascending."""
    return sorted(day for day, digest in now.items() if seen.get(day.isoformat()) != digest)


def encode_cursor(fingerprints: dict[date, str]) -> str:
    """The sensor cursor: `{"YYYY-MM-DD": digest}` as compact JSON."""
    return json.dumps(
        {day.isoformat(): digest for day, digest in sorted(fingerprints.items())},
        separators=(",", ":"),
    )


def decode_cursor(cursor: str | None) -> dict[str, str]:
    """The folder states a cursor remembers; nothing for a first evaluation."""
    return json.loads(cursor) if cursor else {}
