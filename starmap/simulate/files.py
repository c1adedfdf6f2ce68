"""Writing the landing zone: dimension CSVs at the root, event deliveries in `date=` folders."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from starmap.errors import StarmapError
from starmap.landing import (
    DIMENSION_SOURCES,
    EVENT_SOURCES,
    OPTIONAL_DIMENSION_SOURCES,
    OPTIONAL_EVENT_SOURCES,
)
from starmap.simulate.config import FORMAT_WEIGHTS, ROWS_PER_FILE
from starmap.simulate.rows import DELIVERY


def prepare(out: Path, overwrite: bool) -> None:
    """Make `out` ready; an existing landing zone is replaced only when asked to."""
    dimensions = DIMENSION_SOURCES + OPTIONAL_DIMENSION_SOURCES
    entries = [out / f"{s}.csv" for s in dimensions] + [
        out / s for s in EVENT_SOURCES + OPTIONAL_EVENT_SOURCES
    ]
    existing = [e for e in entries if e.exists()]
    if existing and not overwrite:
        raise StarmapError(
            f"{out} already holds a landing zone ({existing[0].name}, ...); "
            "choose an empty folder or pass --force to replace it"
        )
    for entry in existing:
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    out.mkdir(parents=True, exist_ok=True)


def write_dimensions(out: Path, frames: dict[str, pl.DataFrame]) -> int:
    """The dimension files and promotions.csv as UTF-8 CSV with a header; returns the rows."""
    for name, frame in frames.items():
        frame.write_csv(out / f"{name}.csv")
    return sum(f.height for f in frames.values())


def write_delivery(
    rng: np.random.Generator,
    out: Path,
    source: str,
    day: date,
    frame: pl.DataFrame,
    formats: tuple[str, ...],
) -> list[Path]:
    """One source's delivery of one day, split into 1-3 files (more when big), each in a
    format drawn from `formats`."""
    if frame.height == 0:
        return []
    folder = out / source / f"date={day.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    n_files = max(
        -(-frame.height // ROWS_PER_FILE), int(rng.integers(1, 4)) if frame.height > 50 else 1
    )
    weights = np.array([FORMAT_WEIGHTS[f] for f in formats])
    chosen = rng.choice(len(formats), size=n_files, p=weights / weights.sum())
    bounds = np.linspace(0, frame.height, n_files + 1).astype(int)
    rows = frame.drop(DELIVERY)
    written = []
    for i in range(n_files):  # a handful of files per day
        path = folder / f"part-{i:04d}.{formats[chosen[i]]}"
        write_file(rows.slice(bounds[i], bounds[i + 1] - bounds[i]), path)
        written.append(path)
    return written


def write_file(frame: pl.DataFrame, path: Path) -> None:
    """CSV (header, empty = null), JSON Lines (JSON null) or Parquet (text columns)."""
    if path.suffix == ".csv":
        frame.write_csv(path)
    elif path.suffix == ".jsonl":
        frame.write_ndjson(path)
    else:
        frame.write_parquet(path, compression="zstd")
