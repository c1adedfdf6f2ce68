"""Fixtures of the settlement tests: a fresh temporary warehouse per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from starmap.settings import Policy
from tests.settlement.settlement_builder import SettlementWarehouse, empty_warehouse


@pytest.fixture(scope="session")
def settlement_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty warehouse with every schema, copied by each test."""
    return empty_warehouse(tmp_path_factory.mktemp("settlement") / "empty.duckdb")


@pytest.fixture
def make_wh(
    settlement_template: Path, tmp_path: Path
) -> Iterator[Callable[..., SettlementWarehouse]]:
    """Factory of warehouses (optionally with a policy) with a verified creator c1."""
    opened: list[SettlementWarehouse] = []

    def make(policy: Policy | None = None) -> SettlementWarehouse:
        path = tmp_path / f"settlement-{len(opened)}.duckdb"
        warehouse = SettlementWarehouse(path, policy, template=settlement_template)
        warehouse.creator("c1")
        opened.append(warehouse)
        return warehouse

    yield make
    for warehouse in opened:
        warehouse.close()


@pytest.fixture
def wh(make_wh: Callable[..., SettlementWarehouse]) -> SettlementWarehouse:
    """An empty warehouse with default policy and one verified douyin creator c1 (200k
    followers, no MCN)."""
    return make_wh()
