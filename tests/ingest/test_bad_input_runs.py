"""The hostile tester's runs (issue 22), end to end: copies of the tiny example with bad
input, through `starmap run`. The run publishes, the bad rows are quarantined with a
reason, the good ones give the golden numbers, and the summary says what went wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from starmap.runner import run_pipeline, summary_lines
from starmap.warehouse import connect
from tests.conftest import TINY_DATES, TINY_RAW, TINY_SETTINGS

AS_OF = TINY_DATES[-2]  # 2026-06-21: after every change below, fewer snapshots to compute
INT64_MAX = "9223372036854775807"


def _copy_of_tiny(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(TINY_RAW, raw)
    return raw


def _run(raw: Path, tmp_path: Path):
    warehouse = tmp_path / "warehouse.duckdb"
    summary = run_pipeline(
        raw=str(raw), warehouse=str(warehouse), as_of=AS_OF, settings=str(TINY_SETTINGS)
    )
    return warehouse, summary_lines(summary)


def _settlements(warehouse: Path) -> list[tuple]:
    with connect(warehouse, read_only=True) as conn:
        return conn.execute(
            "select collaboration_id, state, gross_fen, creator_net_fen, brand_charge_fen "
            "from marts.settlements where as_of = $d order by 1",
            {"d": AS_OF},
        ).fetchall()


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """One run with three of the tester's changes, none of which may cost a good row:
    a nickname with a stray quote, a paid amount of INT64's maximum, stray files."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    raw = _copy_of_tiny(tmp_path)
    creators = raw / "creators.csv"
    lines = creators.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[1] = "O'Brien 😀 \"; --"
    lines[1] = ",".join(fields)
    creators.write_text("\n".join(lines) + "\n", encoding="utf-8")
    orders = raw / "order_events" / "date=2026-06-12" / "part-0.csv"
    with orders.open("a", encoding="utf-8") as handle:
        handle.write(f"ox1,paid,2026-06-12T10:00:00+08:00,ox,u4,p1,1,{INT64_MAX}\n")
    for stray in ("date=latest/part-0.csv", "date=2026-13-40/part-0.csv", "loose.csv"):
        path = raw / "engagement_events" / stray
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(raw / "engagement_events" / "date=2026-06-03" / "part-0.csv", path)
    return _run(raw, tmp_path)


def test_the_hostile_run_settles_exactly_as_the_golden_run(hostile_run, tiny_warehouse) -> None:
    warehouse, _ = hostile_run
    assert _settlements(warehouse) == _settlements(tiny_warehouse)
    assert _settlements(warehouse)  # not empty: every collaboration is there


def test_the_nickname_loads_as_written(hostile_run) -> None:
    warehouse, _ = hostile_run
    with connect(warehouse, read_only=True) as conn:
        assert conn.execute(
            "select nickname from staging.creators where creator_id = 'c1'"
        ).fetchall() == [("O'Brien 😀 \"; --",)]
        assert conn.execute(
            "select count(*) from quarantine.rejected_rows where source = 'creators'"
        ).fetchall() == [(0,)]


def test_the_int64_amount_is_quarantined_as_domain(hostile_run) -> None:
    warehouse, _ = hostile_run
    with connect(warehouse, read_only=True) as conn:
        assert conn.execute(
            "select reason, detail from quarantine.rejected_rows where event_id = 'ox1'"
        ).fetchall() == [
            ("domain", f"amount_fen {INT64_MAX} is above policy.max_amount_fen 10000000000")
        ]
        unbalanced = conn.execute(
            "select count(*) from ops.file_loads "
            "where rows_read <> rows_loaded + rows_duplicate + rows_quarantined"
        ).fetchall()
    assert unbalanced == [(0,)]


def test_the_summary_names_every_stray_file_and_the_check_that_warned(hostile_run) -> None:
    _, lines = hostile_run
    for name in (
        "engagement_events/date=latest/part-0.csv",
        "engagement_events/date=2026-13-40/part-0.csv",
        "engagement_events/loose.csv",
        "engagement_events/date=2026-06-07/part-1.parquet",  # tiny's garbage file
    ):
        assert any(line.strip().startswith(f"{name}: ") for line in lines), name
    # tiny's own quarantine share of engagement events is above the fail share already
    assert any(
        line.startswith("check quarantine_share on engagement_events failed: ")
        and "4 unreadable file(s)" in line
        and "engagement_events/loose.csv" in line
        for line in lines
    )


def test_a_gbk_dimension_file_is_named_with_its_failed_check(tmp_path: Path) -> None:
    raw = _copy_of_tiny(tmp_path)
    brands = raw / "brands.csv"
    brands.write_bytes(brands.read_text(encoding="utf-8").encode("gbk"))
    _, lines = _run(raw, tmp_path)  # the run itself succeeds: exit 0
    assert any(
        line.strip().startswith("brands.csv: no row can be read") and "UTF-8" in line
        for line in lines
    )
    failed = [line for line in lines if line.startswith("check quarantine_share on dimensions")]
    assert len(failed) == 1 and " failed: " in failed[0] and "brands.csv" in failed[0]
