"""Same seed, same bytes; another seed, other data."""

from __future__ import annotations

from pathlib import Path

from starmap.simulate import simulate_landing_zone

TINY = {"days": 3, "creators": 40, "events_per_day": 3_000}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    simulate_landing_zone(tmp_path / "a", seed=3, **TINY)
    simulate_landing_zone(tmp_path / "b", seed=3, **TINY)
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert len(a) > 10
    # Every source is compared, live commerce and promotions included.
    assert "promotions.csv" in a and any(name.startswith("live_events/") for name in a)
    assert a == b


def test_another_seed_gives_other_events(tmp_path: Path) -> None:
    simulate_landing_zone(tmp_path / "a", seed=3, **TINY)
    simulate_landing_zone(tmp_path / "b", seed=4, **TINY)
    assert _tree(tmp_path / "a") != _tree(tmp_path / "b")
