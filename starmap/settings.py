"""The one settings object: policy numbers of domain.md and where things live.

Defaults follow contract.md; a TOML file may override any policy number in its
`[policy]` table. Unknown keys and wrongly typed values are rejected by name
before anything runs.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_RAW = Path("data/raw")
DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")
DEFAULT_REPORTS = Path("data/reports")


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Policy:
    """Policy numbers of domain.md (defaults in brackets there)."""

    retention_days: int = 60
    cpe_window_days: int = 30
    attribution_days: int = 7
    return_window_days: int = 7
    brand_fee_bps: int = 500
    platform_fee_bps: int = 1000
    bot_videos_per_day: int = 100
    fraud_min_invalid: int = 100
    fraud_share: float = 0.20
    rated_min_plays: int = 10000
    credit_start: int = 12
    credit_fraud: int = 12
    credit_removed: int = 2
    credit_unreported: int = 3
    # Live commerce and the FACT+S channels (domain.md 9, 10).
    live_release_days: int = 7
    top_kol_min_followers: int = 3_000_000
    channel_window_days: int = 30
    # Thresholds of domain.md 6 and 7 that contract.md does not name as keys.
    credit_window_days: int = 365
    douyin_min_followers: int = 100_000
    xigua_min_followers: int = 50_000
    huoshan_min_followers: int = 50_000
    mcn_min_age_days: int = 365
    mcn_min_creators: int = 5
    performance_window_days: int = 30
    tail_min_followers: int = 100_000
    waist_min_followers: int = 300_000
    shoulder_min_followers: int = 1_000_000
    head_min_followers: int = 3_000_000
    top_min_followers: int = 10_000_000
    tier_s_min_star: float = 85.0
    tier_a_min_star: float = 70.0
    tier_b_min_star: float = 50.0
    # Operations (issue 6): quarantine share per source that warns / fails its check.
    quarantine_warn_share: float = 0.01
    quarantine_fail_share: float = 0.05
    # Days after the newest delivery before the freshness check fails.
    freshness_max_days: int = 1
    # Issue 22: the largest amount a row may carry (any *_fen field); above it the row is
    # quarantined as domain. 100 million yuan: more than any order, price or campaign
    # budget of the marketplace, and 900 million such amounts still sum inside BIGINT.
    max_amount_fen: int = 10_000_000_000

    def __post_init__(self) -> None:
        for key, (low, high) in POLICY_RANGES.items():
            check_range(key, getattr(self, key), low, high)
        if self.quarantine_warn_share > self.quarantine_fail_share:
            raise SettingsError(
                f"policy.quarantine_warn_share = {self.quarantine_warn_share} is above "
                f"policy.quarantine_fail_share = {self.quarantine_fail_share}"
            )

    def sql_params(self) -> dict[str, Any]:
        """The policy as named SQL parameters (`$retention_days`, ...)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


_SHARE = (0.0, 1.0)
_BPS = (0, 10_000)
_DAYS = (0, None)  # a number of days: zero is meaningful (the same day)
_WINDOW = (1, None)  # a window of N days up to D, or a count, where zero means nothing
_COUNT = (0, None)  # followers, credit points: zero is meaningful
_STAR = (0.0, 100.0)
# Every policy key and its range (inclusive; None: unbounded). A key without one fails
# tests/cli/test_settings.py, so a new key cannot skip its check.
POLICY_RANGES: dict[str, tuple[float | None, float | None]] = {
    "retention_days": _DAYS,
    "cpe_window_days": _WINDOW,
    "attribution_days": _DAYS,
    "return_window_days": _DAYS,
    "brand_fee_bps": _BPS,
    "platform_fee_bps": _BPS,
    "bot_videos_per_day": _WINDOW,  # more than 0 videos would make every liker a bot
    "fraud_min_invalid": _WINDOW,
    "fraud_share": _SHARE,
    "rated_min_plays": _WINDOW,  # rates divide by plays
    "credit_start": _WINDOW,  # the cooperation index divides by it
    "credit_fraud": _COUNT,
    "credit_removed": _COUNT,
    "credit_unreported": _COUNT,
    "credit_window_days": _WINDOW,
    "live_release_days": _DAYS,
    "top_kol_min_followers": _COUNT,
    "channel_window_days": _WINDOW,
    "douyin_min_followers": _COUNT,
    "xigua_min_followers": _COUNT,
    "huoshan_min_followers": _COUNT,
    "mcn_min_age_days": _DAYS,
    "mcn_min_creators": _WINDOW,
    "performance_window_days": _WINDOW,
    "tail_min_followers": _COUNT,
    "waist_min_followers": _COUNT,
    "shoulder_min_followers": _COUNT,
    "head_min_followers": _COUNT,
    "top_min_followers": _COUNT,
    "tier_s_min_star": _STAR,
    "tier_a_min_star": _STAR,
    "tier_b_min_star": _STAR,
    "quarantine_warn_share": _SHARE,
    "quarantine_fail_share": _SHARE,
    "freshness_max_days": _DAYS,
    # At most 10 billion yuan: 9 million amounts at the bound still sum inside BIGINT.
    "max_amount_fen": (1, 1_000_000_000_000),
}


def _range_text(low: float | None, high: float | None) -> str:
    def bound(value: float | None) -> str:
        return "" if value is None else f"{value:g}" if isinstance(value, float) else f"{value}"

    return f"{bound(low)}..{bound(high)}"


def check_range(key: str, value: Any, low: float | None, high: float | None) -> None:
    """One line naming the key, the value and the range when `value` is outside it."""
    if isinstance(value, float) and not math.isfinite(value):
        raise SettingsError(
            f"policy.{key} = {value} is not a number in its range {_range_text(low, high)}"
        )
    if (low is not None and value < low) or (high is not None and value > high):
        raise SettingsError(
            f"policy.{key} = {value!r} is outside its range {_range_text(low, high)}"
        )


def _check_type(key: str, value: Any, expected: type) -> Any:
    # TOML booleans are ints in Python: reject them for numeric keys explicitly.
    if isinstance(value, bool):
        raise SettingsError(f"policy.{key} must be {expected.__name__}, got a boolean")
    if expected is float and isinstance(value, int):
        return float(value)
    if not isinstance(value, expected):
        raise SettingsError(
            f"policy.{key} must be {expected.__name__}, got {type(value).__name__} {value!r}"
        )
    if value < 0:
        raise SettingsError(f"policy.{key} must not be negative, got {value!r}")
    return value


def policy_from_mapping(table: dict[str, Any]) -> Policy:
    """Defaults overridden by `table`; unknown keys and wrong types raise SettingsError."""
    known = {f.name: f for f in fields(Policy)}
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise SettingsError(f"unknown policy key(s): {', '.join(unknown)}")
    types = {"int": int, "float": float}
    overrides = {
        key: _check_type(key, value, types[str(known[key].type)]) for key, value in table.items()
    }
    return replace(Policy(), **overrides)


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    """Read the policy from a TOML file (or `STARMAP_SETTINGS`); defaults when neither is set."""
    if path is None:
        path = os.environ.get("STARMAP_SETTINGS") or None
    if path is None:
        return Policy()
    file = Path(path)
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"settings file not found: {file}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"settings file {file} cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"settings file {file} is not valid TOML: {error}") from None
    unknown_tables = sorted(set(document) - {"policy"})
    if unknown_tables:
        raise SettingsError(f"{file}: unknown key(s): {', '.join(unknown_tables)}")
    table = document.get("policy", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{file}: policy must be a table")
    try:
        return policy_from_mapping(table)
    except SettingsError as error:
        raise SettingsError(f"{file}: {error}") from None


@dataclass(frozen=True)
class Locations:
    """Where the landing zone, warehouse and reports are: flags > environment > defaults."""

    raw: Path
    warehouse: Path
    reports: Path

    @classmethod
    def resolve(
        cls,
        raw: str | None = None,
        warehouse: str | None = None,
        reports: str | None = None,
    ) -> Locations:
        def pick(flag: str | None, env: str, default: Path) -> Path:
            return Path(flag or os.environ.get(env) or default)

        return cls(
            raw=pick(raw, "STARMAP_RAW", DEFAULT_RAW),
            warehouse=pick(warehouse, "STARMAP_WAREHOUSE", DEFAULT_WAREHOUSE),
            reports=pick(reports, "STARMAP_REPORTS", DEFAULT_REPORTS),
        )
