"""`starmap bench --reuse` measures a kept landing zone again only when the same arguments
and the same simulator code wrote it."""

from __future__ import annotations

import json
from pathlib import Path

from starmap.bench.landing import STAMP_NAME, make_landing_zone

EVENTS, DAYS = 4_000, 2


def _delivered(raw: Path) -> dict[str, int]:
    """Every file of the landing zone with its modification time (ns)."""
    return {str(p.relative_to(raw)): p.stat().st_mtime_ns for p in raw.rglob("*") if p.is_file()}


def test_reuse_keeps_the_zone_its_stamp_matches(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    first = make_landing_zone(raw, EVENTS, DAYS)
    assert first.simulate_s > 0
    stamp = json.loads((tmp_path / STAMP_NAME).read_text())
    assert stamp["events"] == EVENTS and stamp["days"] == DAYS and stamp["seed"] == 7
    files = _delivered(raw)

    messages: list[str] = []
    again = make_landing_zone(raw, EVENTS, DAYS, reuse=True, progress=messages.append)
    assert again.simulate_s == 0
    assert messages == [f"reusing the landing zone in {raw}: same arguments and simulator"]
    assert _delivered(raw) == files
    assert again.history_events == first.history_events > 0


def test_reuse_simulates_anew_for_other_arguments_or_another_simulator(
    tmp_path: Path,
) -> None:
    raw = tmp_path / "raw"
    make_landing_zone(raw, EVENTS, DAYS)
    messages: list[str] = []
    bigger = make_landing_zone(raw, 2 * EVENTS, DAYS, reuse=True, progress=messages.append)
    assert bigger.simulate_s > 0
    assert "simulating anew" in messages[0]
    assert json.loads((tmp_path / STAMP_NAME).read_text())["events"] == 2 * EVENTS

    # The same arguments, but the zone was written by other simulator code.
    stamp_path = tmp_path / STAMP_NAME
    stamp = json.loads(stamp_path.read_text())
    stamp_path.write_text(json.dumps({**stamp, "simulator_sha256": "0" * 64}))
    assert make_landing_zone(raw, 2 * EVENTS, DAYS, reuse=True).simulate_s > 0
    assert json.loads(stamp_path.read_text()) == stamp

    # Another catalogue of creators is another zone.
    fixed = make_landing_zone(raw, 2 * EVENTS, DAYS, reuse=True, creators=60)
    assert fixed.simulate_s > 0 and fixed.creators == 60
    assert json.loads(stamp_path.read_text())["creators"] == 60

    # A kept zone from before stamps existed is simulated anew too.
    stamp_path.unlink()
    assert make_landing_zone(raw, 2 * EVENTS, DAYS, reuse=True).simulate_s > 0
    assert stamp_path.is_file()
