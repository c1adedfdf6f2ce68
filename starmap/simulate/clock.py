"""Simulated time: local Asia/Shanghai wall-clock seconds and their ISO-8601 spellings.

Every timestamp inside the simulator is an int64 count of *local* seconds since
1970-01-01 00:00 Asia/Shanghai wall time, so the business date of a moment is
simply `seconds // DAY_S`. Only when a row is written is it spelled out, in one
of three styles real exports mix: with `+08:00`, in UTC with `Z`, or naive
(which the contract reads as Asia/Shanghai).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import polars as pl

DAY_S = 86_400
HOUR_S = 3_600
SHANGHAI_OFFSET_S = 8 * HOUR_S
EPOCH = date(1970, 1, 1)

# Timestamp spellings and how often each occurs in the exports.
STYLE_OFFSET, STYLE_NAIVE, STYLE_UTC = 0, 1, 2
STYLE_SHARES = (0.88, 0.04, 0.08)


def day_number(day: date) -> int:
    """Days since 1970-01-01 (the business-date number of `day`)."""
    return (day - EPOCH).days


def day_start_s(day: date) -> int:
    """Local seconds at 00:00 Asia/Shanghai of `day`."""
    return day_number(day) * DAY_S


def date_of_day_number(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


def draw_styles(rng: np.random.Generator, n: int) -> np.ndarray:
    """The spelling of each of `n` timestamps (mostly +08:00, some Z, some naive)."""
    return rng.choice(3, size=n, p=STYLE_SHARES).astype(np.uint8)


_FORMAT = "%Y-%m-%dT%H:%M:%S"
_SUFFIXES = ("+08:00", "", "Z")
# Below this many rows strftime is cheap; above it a per-day lookup table is faster.
_TABLE_MIN_ROWS = 200_000


@lru_cache(maxsize=1)
def _clock_faces() -> pl.Series:
    """ "HH:MM:SS" for every second of a day."""
    seconds = pl.Series(np.arange(DAY_S, dtype=np.int64))
    return pl.select(pl.from_epoch(seconds, time_unit="s").dt.strftime("%H:%M:%S")).to_series()


@lru_cache(maxsize=4)
def _spellings_of_day(number: int) -> pl.Series:
    """The 3 x 86,400 spellings of every second of one business day, by style then second."""
    faces = _clock_faces()
    today = f"{date_of_day_number(number).isoformat()}T"
    yesterday = f"{date_of_day_number(number - 1).isoformat()}T"
    split = DAY_S - SHANGHAI_OFFSET_S  # local midnight..08:00 is still yesterday in UTC
    local = pl.select(pl.concat_str(pl.lit(today), faces)).to_series()
    utc = pl.concat(
        [
            pl.select(
                pl.concat_str(pl.lit(yesterday), faces.slice(split), pl.lit("Z"))
            ).to_series(),
            pl.select(pl.concat_str(pl.lit(today), faces.slice(0, split), pl.lit("Z"))).to_series(),
        ]
    )
    offset = pl.select(pl.concat_str(local, pl.lit("+08:00"))).to_series()
    return pl.concat([offset, local, utc], rechunk=True)


def spell_timestamps(local_s: np.ndarray, style: np.ndarray) -> pl.Series:
    """ISO-8601 strings for local seconds, each in its style (STYLE_OFFSET, ...)."""
    if len(local_s) < _TABLE_MIN_ROWS:
        return _strftime(local_s, style)
    day = local_s // DAY_S
    position = (local_s - day * DAY_S) + style.astype(np.int64) * DAY_S
    first, last = int(day.min()), int(day.max())
    if first == last:  # the common case: a whole batch on one business date
        return _spellings_of_day(first).gather(position).alias("event_ts")
    frame = pl.DataFrame({"i": np.arange(len(local_s)), "d": day, "p": position})
    pieces = []
    for number in np.unique(day):  # a handful of distinct dates per batch at most
        chunk = frame.filter(pl.col("d") == number)
        spelled = _spellings_of_day(int(number)).gather(chunk["p"])
        pieces.append(pl.DataFrame({"i": chunk["i"], "event_ts": spelled}))
    return pl.concat(pieces).sort("i")["event_ts"]


def _strftime(local_s: np.ndarray, style: np.ndarray) -> pl.Series:
    frame = pl.DataFrame({"s": np.asarray(local_s, dtype=np.int64), "style": style})
    local = pl.from_epoch("s", time_unit="s").dt.strftime(_FORMAT)
    utc = pl.from_epoch(pl.col("s") - SHANGHAI_OFFSET_S, time_unit="s").dt.strftime(_FORMAT)
    return frame.select(
        pl.when(pl.col("style") == STYLE_UTC)
        .then(pl.concat_str(utc, pl.lit("Z")))
        .when(pl.col("style") == STYLE_NAIVE)
        .then(local)
        .otherwise(pl.concat_str(local, pl.lit("+08:00")))
        .alias("event_ts")
    ).to_series()
