"""Fixtures of the live tests: a fresh warehouse per test with brand b1, product p1 and
creator c1 (200k followers, no MCN)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from starmap.settings import Policy
from tests.live.live_builder import LiveWarehouse
from tests.settlement.settlement_builder import empty_warehouse


@pytest.fixture(scope="session")
def live_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return empty_warehouse(tmp_path_factory.mktemp("live") / "empty.duckdb")


@pytest.fixture
def make_live(live_template: Path, tmp_path: Path) -> Iterator[Callable[..., LiveWarehouse]]:
    opened: list[LiveWarehouse] = []

    def make(policy: Policy | None = None) -> LiveWarehouse:
        warehouse = LiveWarehouse(
            tmp_path / f"live-{len(opened)}.duckdb", policy, template=live_template
        )
        warehouse.creator("c1").brand("b1").product("p1")
        opened.append(warehouse)
        return warehouse

    yield make
    for warehouse in opened:
        warehouse.close()


@pytest.fixture
def lw(make_live: Callable[..., LiveWarehouse]) -> LiveWarehouse:
    return make_live()
