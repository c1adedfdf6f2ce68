"""The benchmark's landing zone: N engagement events over D days, plus one more day.

Written by the simulator (starmap/simulate) with Parquet event files and the faults real
exports have (late deliveries, re-sent files, bad rows, one unreadable file, bot waves),
so the pipeline does all of its work. Days 1..D are the history the full run loads; day
D+1 is delivered on top of it for the incremental run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb

import starmap.simulate
from starmap.landing import delivered_files
from starmap.simulate import simulate_landing_zone

PARQUET_MAGIC = b"PAR1"
# Beside the landing zone: what it was simulated from, so --reuse never measures a zone of
# other arguments or of an older simulator under the new arguments' name.
STAMP_NAME = "landing.json"
SIMULATOR_DIR = Path(starmap.simulate.__file__).parent


@dataclass(frozen=True)
class BenchLanding:
    """Where the landing zone is and how its days split into history and increment."""

    raw: Path
    first_day: date
    history_last_day: date  # as-of date of the full run
    increment_day: date  # the extra delivery day of the incremental run
    creators: int
    events_per_day: int
    history_events: int = 0  # engagement rows delivered on days 1..D (readable files)
    increment_events: int = 0  # engagement rows delivered on day D+1
    simulate_s: float = 0.0
    bytes_on_disk: int = 0
    files: dict[str, list[Path]] = field(default_factory=dict)  # history files per source


def creators_for(events: int) -> int:
    """A creator count that grows with the volume (more videos, collaborations, campaigns)."""
    return max(50, min(3000, events // 30_000))


def readable_parquet(path: Path) -> bool:
    """True when the file starts and ends with the Parquet magic bytes."""
    if path.suffix != ".parquet" or path.stat().st_size < 8:
        return False
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(-4, 2)
        return head == PARQUET_MAGIC and handle.read(4) == PARQUET_MAGIC


def event_files(raw: Path, source: str, first: date, last: date) -> list[Path]:
    """Readable Parquet files of `source` delivered on days first..last, in delivery order."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [p for day in days for p in delivered_files(raw, source, day) if readable_parquet(p)]


def parquet_rows(files: list[Path]) -> int:
    """Rows in Parquet files, from their footers."""
    if not files:
        return 0
    conn = duckdb.connect()
    try:
        query = "select coalesce(sum(num_rows), 0) from parquet_file_metadata($files)"
        return int(conn.execute(query, {"files": [str(p) for p in files]}).fetchall()[0][0])
    finally:
        conn.close()


def simulation_stamp(
    events: int, days: int, seed: int, start: date, creators: int
) -> dict[str, object]:
    """The arguments of a benchmark landing zone and a digest of the simulator's code."""
    code = hashlib.sha256()
    for path in sorted(SIMULATOR_DIR.glob("*.py")):
        code.update(path.read_bytes())
    return {
        "events": events,
        "days": days,
        "seed": seed,
        "start": start.isoformat(),
        "creators": creators,
        "simulator_sha256": code.hexdigest(),
    }


def _stamped(raw: Path, stamp_path: Path, stamp: dict[str, object]) -> bool:
    """Whether a landing zone in `raw` was simulated exactly as `stamp` says."""
    if not (raw / "creators.csv").is_file() or not stamp_path.is_file():
        return False
    try:
        return json.loads(stamp_path.read_text(encoding="utf-8")) == stamp
    except ValueError:
        return False


def make_landing_zone(
    raw: Path,
    events: int,
    days: int,
    seed: int = 7,
    start: date = date(2026, 9, 1),
    progress: Callable[[str], None] | None = None,
    reuse: bool = False,
    creators: int | None = None,
) -> BenchLanding:
    """Simulate `days` + 1 delivery days with about `events` engagement events in the first
    `days` (the simulator adds bot waves and faulty copies on top of its base volume).
    With `reuse`, a landing zone already in `raw` is measured again instead of simulated
    anew, when the same arguments and simulator code wrote it (its stamp says so).
    `creators` defaults to a count that grows with `events` (creators_for)."""
    say = progress or (lambda _message: None)
    creators = creators or creators_for(events)
    per_day = max(1, round(events / days))
    simulate_s = 0.0
    stamp = simulation_stamp(events, days, seed, start, creators)
    stamp_path = raw.parent / STAMP_NAME
    kept = reuse and _stamped(raw, stamp_path, stamp)
    if kept:
        say(f"reusing the landing zone in {raw}: same arguments and simulator")
    elif reuse:
        say(f"no landing zone of these arguments and this simulator in {raw}: simulating anew")
    if not kept:
        stamp_path.unlink(missing_ok=True)  # a zone half rewritten is no longer the stamped one
        simulate_s = simulate_landing_zone(
            raw,
            seed=seed,
            days=days + 1,
            creators=creators,
            events_per_day=per_day,
            start=start,
            progress=progress,
            formats=("parquet",),
            overwrite=True,
        ).seconds
        stamp_path.write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    last = start + timedelta(days=days - 1)
    files = {
        source: event_files(raw, source, start, last)
        for source in ("video_events", "engagement_events", "order_events")
    }
    increment = event_files(
        raw, "engagement_events", last + timedelta(days=1), last + timedelta(days=1)
    )
    return BenchLanding(
        raw=raw,
        first_day=start,
        history_last_day=last,
        increment_day=last + timedelta(days=1),
        creators=creators,
        events_per_day=per_day,
        history_events=parquet_rows(files["engagement_events"]),
        increment_events=parquet_rows(increment),
        simulate_s=simulate_s,
        bytes_on_disk=sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()),
        files=files,
    )
