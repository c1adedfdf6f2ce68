"""A small simulated landing zone, written once per session."""

from __future__ import annotations

import pytest

from starmap.simulate import simulate_landing_zone
from tests.simulate.zone import SMALL, Zone, read_zone


@pytest.fixture(scope="session")
def small_zone(tmp_path_factory: pytest.TempPathFactory) -> Zone:
    root = tmp_path_factory.mktemp("sim") / "raw"
    summary = simulate_landing_zone(root, **SMALL)
    return read_zone(root, summary)
