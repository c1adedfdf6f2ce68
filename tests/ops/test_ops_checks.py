"""Operational asset checks fail on bad file-load logs and pass on good ones."""

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from pipelines.ops import checks
from pipelines.ops.assets import ASSET_CHECKS
from pipelines.partitions import DAYS, IN_ORDER
from pipelines.resources import PolicyResource, WarehouseResource
from starmap.settings import Policy
from starmap.warehouse import connect
from tests.ops.ops_helpers import insert_file_loads

D = date(2026, 6, 5)
POLICY = Policy(quarantine_warn_share=0.01, quarantine_fail_share=0.05, freshness_max_days=1)


def _check(asset: str, name: str) -> dg.AssetChecksDefinition:
    key = dg.AssetCheckKey(dg.AssetKey(asset), name)
    return next(check for check in ASSET_CHECKS if key in check.check_keys)


def _results(evaluations: Iterable[dg.AssetCheckResult]) -> dict[str, dg.AssetCheckResult]:
    """The results of a check step invoked directly, by check name."""
    return {result.check_name: result for result in evaluations}


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


def test_file_load_conservation_fails_when_a_file_loses_rows(warehouse: Path) -> None:
    insert_file_loads(
        warehouse,
        [
            ("video_events", "video_events/date=2026-06-05/a.csv", D, 10, 7, 2, 1),
            ("video_events", "video_events/date=2026-06-05/b.csv", D, 10, 7, 2, 0),
        ],
    )
    with connect(warehouse, read_only=True) as conn:
        result = checks.file_load_conservation(conn, ["video_events"])
    assert not result.passed
    assert result.severity == dg.AssetCheckSeverity.ERROR
    assert result.metadata["files_checked"].value == 2
    assert result.metadata["files_not_adding_up"].value == 1
    assert "b.csv" in result.metadata["files"].value
    assert "a.csv" not in result.metadata["files"].value


def test_file_load_conservation_passes_when_every_row_is_accounted_for(warehouse: Path) -> None:
    insert_file_loads(
        warehouse,
        [
            ("creators", "creators.csv", None, 5, 4, 0, 1),
            ("order_events", "order_events/date=2026-06-05/o.csv", D, 3, 1, 1, 1),
        ],
    )
    with connect(warehouse, read_only=True) as conn:
        assert checks.file_load_conservation(conn, ["creators", "order_events"]).passed


def test_file_load_conservation_only_looks_at_its_own_sources(warehouse: Path) -> None:
    insert_file_loads(warehouse, [("order_events", "order_events/x.csv", D, 3, 0, 0, 0)])
    with connect(warehouse, read_only=True) as conn:
        assert checks.file_load_conservation(conn, ["video_events"]).passed
        assert not checks.file_load_conservation(conn, ["order_events"]).passed


@pytest.mark.parametrize(
    ("quarantined", "passed", "severity"),
    [
        (1, True, dg.AssetCheckSeverity.WARN),  # 1% is not above the 1% warn share
        (2, False, dg.AssetCheckSeverity.WARN),  # 2%: above warn, not above fail
        (5, False, dg.AssetCheckSeverity.WARN),  # 5% is not above the 5% fail share
        (6, False, dg.AssetCheckSeverity.ERROR),  # 6%: above fail
    ],
)
def test_quarantine_share_warns_above_warn_share_and_errors_above_fail_share(
    warehouse: Path, quarantined: int, passed: bool, severity: dg.AssetCheckSeverity
) -> None:
    # Two files of one delivery: 100 rows in all, `quarantined` of them in the second file.
    insert_file_loads(
        warehouse,
        [
            ("engagement_events", "engagement_events/date=2026-06-05/a.csv", D, 60, 60, 0, 0),
            (
                "engagement_events",
                "engagement_events/date=2026-06-05/b.csv",
                D,
                40,
                40 - quarantined,
                0,
                quarantined,
            ),
        ],
    )
    with connect(warehouse, read_only=True) as conn:
        result = checks.quarantine_share(conn, ["engagement_events"], POLICY, (D, D))
    assert result.passed is passed
    assert result.severity == severity
    assert result.metadata["worst_quarantine_share"].value == pytest.approx(quarantined / 100)


def test_an_unreadable_file_is_not_one_row_of_the_share_and_warns(warehouse: Path) -> None:
    big = "engagement_events/date=2026-06-05/part-1.parquet"
    insert_file_loads(
        warehouse,
        [
            ("engagement_events", "engagement_events/date=2026-06-05/a.csv", D, 2, 2, 0, 0),
            ("engagement_events", big, D, 1, 0, 0, 1),
        ],
    )
    with connect(warehouse) as conn:
        conn.execute(
            "insert into quarantine.rejected_rows (source, source_file, delivery_date, reason) "
            "values ('engagement_events', $f, $d, 'unreadable')",
            {"f": big, "d": D},
        )
        result = checks.quarantine_share(conn, ["engagement_events"], POLICY, (D, D))
    # Not 1 of 3 rows (33%, an ERROR): a file of unknown size, counted apart, as a warning.
    assert result.metadata["worst_quarantine_share"].value == 0.0
    assert result.metadata["rows_read"].value == 2
    assert result.metadata["unreadable_files"].value == 1
    assert (result.passed, result.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert result.description == f"1 unreadable file(s): {big}"


def test_quarantine_share_judges_the_deliveries_of_the_run(warehouse: Path) -> None:
    # Half of 06-04 was quarantined; a run of 06-05 alone is judged on 06-05 only.
    insert_file_loads(
        warehouse,
        [
            ("video_events", "video_events/date=2026-06-04/a.csv", date(2026, 6, 4), 10, 5, 0, 5),
            ("video_events", "video_events/date=2026-06-05/a.csv", D, 10, 10, 0, 0),
        ],
    )
    with connect(warehouse, read_only=True) as conn:
        assert checks.quarantine_share(conn, ["video_events"], POLICY, (D, D)).passed
        ranged = checks.quarantine_share(conn, ["video_events"], POLICY, (date(2026, 6, 4), D))
    assert not ranged.passed
    assert ranged.severity == dg.AssetCheckSeverity.ERROR
    assert "2026-06-04" in ranged.description


def test_quarantine_share_without_a_partition_judges_the_newest_delivery(warehouse: Path) -> None:
    insert_file_loads(
        warehouse,
        [
            ("order_events", "order_events/date=2026-06-04/a.csv", date(2026, 6, 4), 10, 10, 0, 0),
            ("order_events", "order_events/date=2026-06-05/a.csv", D, 10, 9, 0, 1),
        ],
    )
    with connect(warehouse, read_only=True) as conn:
        result = checks.quarantine_share(conn, ["order_events"], POLICY, None)
    assert result.severity == dg.AssetCheckSeverity.ERROR
    assert result.metadata["worst_quarantine_share"].value == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("today", "passed"),
    [(date(2026, 6, 5), True), (date(2026, 6, 6), True), (date(2026, 6, 7), False)],
)
def test_delivery_freshness_fails_when_the_newest_delivery_is_older_than_allowed(
    warehouse: Path, today: date, passed: bool
) -> None:
    insert_file_loads(
        warehouse,
        [
            ("video_events", "video_events/date=2026-06-04/a.csv", date(2026, 6, 4), 1, 1, 0, 0),
            ("video_events", "video_events/date=2026-06-05/a.csv", D, 1, 1, 0, 0),
            # Another source's later delivery does not make video_events fresh.
            ("order_events", "order_events/date=2026-06-09/a.csv", date(2026, 6, 9), 1, 1, 0, 0),
        ],
    )
    with connect(warehouse, read_only=True) as conn:
        result = checks.delivery_freshness(conn, "video_events", POLICY, today)
    assert result.passed is passed
    assert result.metadata["newest_delivery_date"].value == "2026-06-05"
    assert result.metadata["lag_days"].value == (today - D).days


def test_delivery_freshness_fails_when_nothing_was_delivered(warehouse: Path) -> None:
    insert_file_loads(warehouse, [])
    with connect(warehouse, read_only=True) as conn:
        result = checks.delivery_freshness(conn, "order_events", POLICY, D)
    assert not result.passed
    assert "no order_events delivery" in result.description


def test_conservation_check_definition_reads_the_published_warehouse(warehouse: Path) -> None:
    insert_file_loads(warehouse, [("mcns", "mcns.csv", None, 4, 1, 1, 1)])
    check = _check("dimensions", "file_load_conservation")
    context = dg.build_asset_check_context(
        resources={"warehouse": WarehouseResource(path=str(warehouse)), "policy": PolicyResource()}
    )
    assert not _results(check(context))["file_load_conservation"].passed


# A stand-in for the ingest asset: it logs the files of its partitions as a real one would.
BAD_DAY = date(2026, 6, 5)


@dg.asset(name="video_events", partitions_def=DAYS, backfill_policy=IN_ORDER)
def fake_video_events(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> None:
    with warehouse.connection() as conn:
        for key in context.partition_keys:
            day = date.fromisoformat(key)
            broken = day == BAD_DAY  # 10 read, 9 accounted for
            conn.execute(
                """
                insert into ops.file_loads (source, source_file, delivery_date, rows_read,
                    rows_loaded, rows_duplicate, rows_quarantined, loaded_at)
                values ('video_events', $file, $day, 10, $loaded, 0, 0, now())
                """,
                {
                    "file": f"video_events/date={key}/a.csv",
                    "day": day,
                    "loaded": 9 if broken else 10,
                },
            )


@dg.asset(deps=[fake_video_events], partitions_def=DAYS, backfill_policy=IN_ORDER)
def downstream_snapshot() -> None:
    """Would compute a snapshot from the loaded events."""


def test_blocking_conservation_check_stops_downstream_assets_in_a_run(tmp_path: Path) -> None:
    resources = {
        "warehouse": WarehouseResource(path=str(tmp_path / "w.duckdb")),
        "policy": PolicyResource(),
    }
    run_checks = [_check("video_events", "file_load_conservation")]

    good = dg.materialize(
        [fake_video_events, downstream_snapshot, *run_checks],
        resources=resources,
        partition_key="2026-06-04",
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert good.success
    bad = dg.materialize(
        [fake_video_events, downstream_snapshot, *run_checks],
        resources=resources,
        partition_key=BAD_DAY.isoformat(),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
    assert not bad.success
    evaluations = bad.get_asset_check_evaluations()
    conservation = [e.passed for e in evaluations if e.check_name == "file_load_conservation"]
    assert conservation == [False]
    materialized = {e.asset_key for e in bad.get_asset_materialization_events()}
    assert dg.AssetKey("downstream_snapshot") not in materialized


def test_freshness_check_takes_today_from_the_run_config_of_its_step(tmp_path: Path) -> None:
    resources = {
        "warehouse": WarehouseResource(path=str(tmp_path / "w.duckdb")),
        "policy": PolicyResource(),
    }

    def freshness(today: str) -> bool:
        result = dg.materialize(
            [fake_video_events, _check("video_events", "delivery_freshness")],
            resources=resources,
            partition_key="2026-06-04",
            instance=dg.DagsterInstance.ephemeral(),
            # The path docs/operations.md gives for replaying an old landing zone.
            run_config={"ops": {"video_events_checks": {"config": {"today": today}}}},
        )
        evaluations = result.get_asset_check_evaluations()
        return next(e.passed for e in evaluations if e.check_name == "delivery_freshness")

    assert freshness("2026-06-05")
    assert not freshness("2026-06-08")
