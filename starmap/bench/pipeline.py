"""The pipeline for one as-of date, one asset group per materialize call, timed per stage.

`starmap run` computes every snapshot from the first delivery day; the benchmark needs the
newest snapshot only. So the ingest assets get the full range of delivery days and every
snapshot asset a one-day partition range (the as-of date): the same Dagster assets and
checks, the same SQL, the same crash-safe work copy, only fewer dates. Each group runs as
its own materialize call so its wall time and peak memory can be read on its own; inside
the ingest assets, reading, validation and staging are told apart by timing the loader's
helpers (pipelines/ingest/load.py) in place, which changes no result.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg

from starmap.bench.stages import StageClock
from starmap.errors import StarmapError
from starmap.increments import inputs_fingerprint, inputs_unchanged, record_inputs
from starmap.settings import load_policy
from starmap.timing import listening
from starmap.warehouse import connect, ensure_schema, kept_open, staged_copy

# The stages of the benchmark, in pipeline order, and the Dagster groups behind them.
STAGES = ("ingest", "validation", "staging", "settlement", "standing", "funnels", "reports")
SNAPSHOT_GROUPS = (("settlement", "settlement"), ("creators", "standing"), ("campaigns", "funnels"))


@dataclass(frozen=True)
class RunWindow:
    """Which delivery days to load and which as-of date to compute."""

    ingest_from: date  # first delivery day (partition) the ingest assets load
    as_of: date  # the one snapshot computed; also the last delivery day loaded


def _range_tags(first: date, last: date) -> dict[str, str]:
    return {
        "dagster/asset_partition_range_start": first.isoformat(),
        "dagster/asset_partition_range_end": last.isoformat(),
    }


def _materialize(
    assets: list,
    keys: Sequence[dg.AssetKey],
    resources: dict,
    tags: dict,
    instance: dg.DagsterInstance,
) -> list[str]:
    """Run the selected assets (and their checks); the names of checks that did not pass."""
    result = dg.materialize(
        assets,
        selection=list(keys),
        resources=resources,
        instance=instance,
        tags=tags,
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
    )
    if not result.success:
        raise StarmapError(f"benchmark run failed: {_failure(result)}")
    # Blocking checks fail their step above; the others (freshness...) are only reported.
    return sorted(
        e.event_specific_data.check_name  # type: ignore[union-attr]
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed  # type: ignore[union-attr]
    )


def _failure(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            cause = error.cause or error
            lines = (cause.message or "").strip().splitlines()
            return f"{event.step_key}: {lines[-1] if lines else 'failed'}"
    return "see the Dagster logs"


def _keys_by_group() -> tuple[dict[str, list[dg.AssetKey]], list[dg.AssetKey]]:
    """Asset keys per Dagster group, and the keys of unpartitioned assets."""
    from pipelines.definitions import all_assets

    groups: dict[str, list[dg.AssetKey]] = {}
    unpartitioned: list[dg.AssetKey] = []
    for asset in all_assets():
        for key, group in asset.group_names_by_key.items():
            groups.setdefault(group, []).append(key)
            if asset.partitions_def is None:
                unpartitioned.append(key)
    return groups, unpartitioned


def _listener(clock: StageClock) -> Callable[[str | None, str], contextlib.AbstractContextManager]:
    """The runner's stages (starmap/timing.py) on the clock: a named stage is charged its
    exclusive time, every detail is an inclusive profile timer."""

    @contextlib.contextmanager
    def timed(stage: str | None, detail: str) -> Iterator[None]:
        with contextlib.ExitStack() as stack:
            if stage is not None:
                stack.enter_context(clock.stage(stage))
            stack.enter_context(clock.detail(detail))
            yield

    return timed


def run_window(
    raw: Path,
    warehouse: Path,
    reports: Path,
    window: RunWindow,
    clock: StageClock,
    settings: str | None = None,
    progress: Callable[[str], None] | None = None,
    snapshots: bool = True,
) -> list[str]:
    """Load delivery days `ingest_from..as_of` and compute the snapshot of `as_of` only;
    return the names of non-blocking checks that did not pass. Without `snapshots` only the
    ingest assets run (the Spark arm's stand-in ingestion, starmap/bench/spark_ingestion.py).

    Proposed for starmap.runner.run_pipeline as a `snapshots="latest"` option: the
    snapshot assets would get the partition range (as_of, as_of) instead of
    (first delivery day, as_of); the ingest range stays the full range of delivery days.
    """
    from pipelines.definitions import all_asset_checks, all_assets
    from pipelines.resources import build_resources

    assets = all_assets() + all_asset_checks()
    groups, unpartitioned = _keys_by_group()
    ingest_keys = groups.get("ingest", [])
    say = progress or (lambda _message: None)
    failed: list[str] = []
    # One instance for the window, as a deployment has one (each costs ~0.4 s to create).
    instance = dg.DagsterInstance.ephemeral()
    publishing = contextlib.ExitStack()
    with clock.stage("publish"):  # copying the published warehouse to a work file
        work = publishing.enter_context(staged_copy(warehouse))
        publishing.enter_context(kept_open(work))
    try:
        resources = build_resources(work, raw, settings, reports, staged=False)
        with listening(_listener(clock)):
            with clock.stage("staging"):
                # As starmap run does: dimensions stand when nothing that shapes them changed.
                fingerprint = inputs_fingerprint(raw, load_policy(settings))
                with connect(work) as conn:
                    ensure_schema(conn)
                    dimensions_stand = inputs_unchanged(conn, fingerprint)
                dimension_keys = [k for k in ingest_keys if k in unpartitioned]
                event_keys = [k for k in ingest_keys if k not in unpartitioned]
                if not dimensions_stand:
                    failed += _materialize(assets, dimension_keys, resources, {}, instance)
                failed += _materialize(
                    assets,
                    event_keys,
                    resources,
                    _range_tags(window.ingest_from, window.as_of),
                    instance,
                )
            say(f"ingest assets done at {clock.elapsed():.1f}s")
            for group, stage in SNAPSHOT_GROUPS if snapshots else ():
                with clock.stage(stage):
                    failed += _materialize(
                        assets,
                        groups[group],
                        resources,
                        _range_tags(window.as_of, window.as_of),
                        instance,
                    )
                say(f"{stage} done at {clock.elapsed():.1f}s")
        if snapshots:
            with clock.stage("reports"):
                failed += _materialize(assets, groups.get("reports", []), resources, {}, instance)
    except BaseException:
        # The work copy is dropped and the published warehouse stays as it was.
        if not publishing.__exit__(*sys.exc_info()):
            raise
        raise
    with clock.stage("publish"):  # what this run was computed from; checkpoint, fsync, rename
        with connect(work) as conn:
            record_inputs(conn, fingerprint)
        publishing.close()
    return failed
