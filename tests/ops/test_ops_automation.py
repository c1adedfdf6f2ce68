"""The daily schedule, the delivery-folder sensor and the definitions `dagster dev` loads."""

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipelines.ops.assets import INGEST_SOURCES
from pipelines.ops.automation import daily_job, daily_schedule, delivery_sensor
from pipelines.resources import LandingZoneResource

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_definitions_load_and_validate() -> None:
    from pipelines.definitions import defs

    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_schedule_def("daily_schedule") is daily_schedule
    assert defs.resolve_sensor_def("delivery_sensor") is delivery_sensor


def test_daily_job_materialises_every_asset_of_every_domain() -> None:
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    job = defs.resolve_job_def("daily_job")
    assert set(job.asset_layer.selected_asset_keys) == set(graph.get_all_asset_keys())
    # The ingest assets the ops checks watch are part of it.
    assert set(INGEST_SOURCES) <= set(job.asset_layer.selected_asset_keys)


def test_schedule_runs_daily_at_six_in_shanghai() -> None:
    assert daily_schedule.cron_schedule == "0 6 * * *"
    assert daily_schedule.execution_timezone == "Asia/Shanghai"
    assert daily_schedule.job_name == daily_job.name


@pytest.mark.parametrize(
    ("tick", "partition"),
    [
        (datetime(2026, 6, 6, 6, 0, tzinfo=SHANGHAI), "2026-06-05"),
        # 22:00 UTC on 06-05 is already 06:00 on 06-06 in Shanghai.
        (datetime(2026, 6, 5, 22, 0, tzinfo=ZoneInfo("UTC")), "2026-06-05"),
        (datetime(2026, 3, 1, 6, 0, tzinfo=SHANGHAI), "2026-02-28"),
    ],
)
def test_schedule_requests_yesterdays_business_date(tick: datetime, partition: str) -> None:
    request = daily_schedule(dg.build_schedule_context(scheduled_execution_time=tick))
    assert request.partition_key == partition
    assert request.run_key == f"daily:{partition}"


def _deliver(raw: Path, source: str, day: str, name: str, text: str = "event_id\ne1\n") -> Path:
    folder = raw / source / f"date={day}"
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / name
    file.write_text(text, encoding="utf-8")
    return file


def _evaluate(raw: Path, cursor: str | None) -> dg.SensorResult | dg.SkipReason:
    context = dg.build_sensor_context(
        cursor=cursor, resources={"landing_zone": LandingZoneResource(path=str(raw))}
    )
    return delivery_sensor(context)


def _partitions(result: dg.SensorResult) -> list[str]:
    return [request.partition_key for request in result.run_requests]


def test_sensor_requests_one_run_per_new_date_folder_in_date_order(tmp_path: Path) -> None:
    _deliver(tmp_path, "video_events", "2026-06-04", "a.csv")
    _deliver(tmp_path, "order_events", "2026-06-03", "a.csv")
    _deliver(tmp_path, "engagement_events", "2026-06-04", "b.jsonl")
    result = _evaluate(tmp_path, None)
    assert _partitions(result) == ["2026-06-03", "2026-06-04"]


def test_sensor_requests_nothing_when_no_folder_changed(tmp_path: Path) -> None:
    _deliver(tmp_path, "video_events", "2026-06-04", "a.csv")
    first = _evaluate(tmp_path, None)
    again = _evaluate(tmp_path, first.cursor)
    assert _partitions(again) == []
    assert again.cursor == first.cursor


def test_sensor_requests_only_the_new_folder(tmp_path: Path) -> None:
    _deliver(tmp_path, "video_events", "2026-06-04", "a.csv")
    first = _evaluate(tmp_path, None)
    _deliver(tmp_path, "video_events", "2026-06-05", "a.csv")
    assert _partitions(_evaluate(tmp_path, first.cursor)) == ["2026-06-05"]


def test_sensor_requests_a_rerun_when_a_file_is_added_to_a_folder(tmp_path: Path) -> None:
    _deliver(tmp_path, "video_events", "2026-06-04", "a.csv")
    _deliver(tmp_path, "video_events", "2026-06-05", "a.csv")
    first = _evaluate(tmp_path, None)
    _deliver(tmp_path, "order_events", "2026-06-05", "late.csv")
    second = _evaluate(tmp_path, first.cursor)
    assert _partitions(second) == ["2026-06-05"]
    # Same day, new folder state: a new run key, so Dagster does not dedupe the rerun away.
    (old_key,) = [r.run_key for r in first.run_requests if r.partition_key == "2026-06-05"]
    assert second.run_requests[0].run_key != old_key


def test_sensor_requests_a_rerun_when_a_file_is_rewritten(tmp_path: Path) -> None:
    file = _deliver(tmp_path, "engagement_events", "2026-06-04", "a.csv")
    first = _evaluate(tmp_path, None)
    file.write_text("event_id\ne1\ne2\n", encoding="utf-8")  # new size
    assert _partitions(_evaluate(tmp_path, first.cursor)) == ["2026-06-04"]
    cursor = _evaluate(tmp_path, first.cursor).cursor
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # same size, touched
    assert _partitions(_evaluate(tmp_path, cursor)) == ["2026-06-04"]


def test_sensor_run_keys_are_stable_for_the_same_folder_state(tmp_path: Path) -> None:
    _deliver(tmp_path, "video_events", "2026-06-04", "a.csv")
    assert [r.run_key for r in _evaluate(tmp_path, None).run_requests] == [
        r.run_key for r in _evaluate(tmp_path, None).run_requests
    ]


def test_sensor_ignores_empty_folders_hidden_files_and_dimension_files(tmp_path: Path) -> None:
    (tmp_path / "video_events" / "date=2026-06-04").mkdir(parents=True)
    _deliver(tmp_path, "order_events", "2026-06-05", ".part-0.csv.uploading")
    (tmp_path / "creators.csv").write_text("creator_id\nc1\n", encoding="utf-8")
    first = _evaluate(tmp_path, None)
    assert _partitions(first) == []
    # Once the upload is renamed to its final name, the folder counts.
    (tmp_path / "order_events" / "date=2026-06-05" / ".part-0.csv.uploading").rename(
        tmp_path / "order_events" / "date=2026-06-05" / "part-0.csv"
    )
    assert _partitions(_evaluate(tmp_path, first.cursor)) == ["2026-06-05"]


def test_sensor_skips_when_the_landing_zone_is_missing(tmp_path: Path) -> None:
    result = _evaluate(tmp_path / "nowhere", None)
    assert isinstance(result, dg.SkipReason)
    assert "raw folder not found" in result.skip_message


def test_sensor_leaves_out_a_folder_outside_the_calendar(tmp_path: Path) -> None:
    _deliver(tmp_path, "video_events", "2022-12-31", "a.csv")
    _deliver(tmp_path, "video_events", "2026-06-04", "a.csv")
    first = _evaluate(tmp_path, None)
    assert _partitions(first) == ["2026-06-04"]  # a run for 2022-12-31 would fail in Dagster
    assert _partitions(_evaluate(tmp_path, first.cursor)) == []
