"""Fixtures shared by every test: the tiny golden landing zone and a warehouse built from it."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

# The repo is checked out with the team's shared/ folder beside it (here and in CI); a
# worktree elsewhere names it with STARMAP_SHARED.
SHARED = Path(os.environ.get("STARMAP_SHARED") or Path(__file__).resolve().parents[2] / "shared")
TINY = SHARED / "examples" / "tiny"
TINY_RAW = TINY / "raw"
TINY_SETTINGS = TINY / "settings.toml"
TINY_DATES = sorted(
    date.fromisoformat(p.stem.removeprefix("as_of_")) for p in (TINY / "expected").glob("*.json")
)


def tiny_expected(as_of: date) -> dict[str, Any]:
    """The expected marts of the tiny example as of a date, keyed by table then id."""
    return json.loads((TINY / "expected" / f"as_of_{as_of.isoformat()}.json").read_text())


@pytest.fixture(scope="session")
def tiny_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny landing zone run through `starmap run` up to its last expected date, once."""
    from starmap.runner import run_pipeline

    warehouse = tmp_path_factory.mktemp("tiny") / "warehouse.duckdb"
    run_pipeline(
        raw=str(TINY_RAW),
        warehouse=str(warehouse),
        as_of=TINY_DATES[-1],
        settings=str(TINY_SETTINGS),
    )
    return warehouse
