"""A simulated landing zone end to end (slow: `pytest -m slow`): the guarantees that must
hold on data nobody hand-checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from starmap.runner import run_pipeline
from starmap.simulate import simulate_landing_zone
from starmap.warehouse import connect

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scale")
    simulate_landing_zone(root / "raw", seed=11, days=12, events_per_day=100_000)
    warehouse = root / "warehouse.duckdb"
    run_pipeline(raw=str(root / "raw"), warehouse=str(warehouse), reports=str(root / "reports"))
    return warehouse


def test_every_raw_row_is_loaded_duplicate_or_quarantined(simulated: Path) -> None:
    with connect(simulated, read_only=True) as conn:
        unbalanced = conn.execute(
            "select count(*) from ops.file_loads "
            "where rows_read <> rows_loaded + rows_duplicate + rows_quarantined"
        ).fetchall()
        reasons = {
            r
            for (r,) in conn.execute(
                "select distinct reason from quarantine.rejected_rows"
            ).fetchall()
        }
    assert unbalanced == [(0,)]
    assert reasons == {"schema", "domain", "reference", "conflict", "unreadable"}


def test_money_identities_hold_on_every_row_of_every_snapshot(simulated: Path) -> None:
    with connect(simulated, read_only=True) as conn:
        broken = conn.execute(
            """
            select count(*) filter (
                       where brand_charge_fen
                             <> creator_net_fen + mcn_fen + platform_fee_fen + brand_fee_fen),
                   count(*) filter (
                       where pricing_model in ('flat_fee', 'cpe')
                         and prepaid_fen <> disbursed_fen + refund_fen + escrow_fen),
                   count(distinct as_of)
            from marts.settlements
            """
        ).fetchall()[0]
    assert broken[:2] == (0, 0)
    assert broken[2] == 12


def test_snapshots_cover_every_day_and_reports_exist(simulated: Path) -> None:
    with connect(simulated, read_only=True) as conn:
        days = conn.execute(
            "select min(as_of), max(as_of), count(distinct as_of) from marts.creator_tiers"
        ).fetchall()[0]
    assert days[2] == (days[1] - days[0]).days + 1 and days[0] >= date(2026, 9, 1)
    assert (simulated.parent / "reports" / "index.html").is_file()
