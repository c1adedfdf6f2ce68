"""The landing zone layout and column formats of contract.md."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from starmap.errors import StarmapError
from starmap.simulate import simulate_landing_zone
from tests.simulate.zone import EVENT_COLUMNS, Zone

DIMENSION_COLUMNS = {
    "creators": [
        "creator_id",
        "nickname",
        "platform",
        "category",
        "followers",
        "mcn_id",
        "mcn_share_bps",
        "identity_verified",
        "joined_at",
        "city_tier",
        "audience_female_share",
        "audience_age_15_24_share",
        "price_1_20s_fen",
        "price_21_60s_fen",
        "price_60s_plus_fen",
    ],
    "mcns": ["mcn_id", "name", "founded_at"],
    "brands": ["brand_id", "name", "industry"],
    "products": ["product_id", "brand_id", "name", "category", "price_fen"],
    "campaigns": [
        "campaign_id",
        "brand_id",
        "name",
        "start_date",
        "end_date",
        "budget_fen",
        "objective",
    ],
    "collaborations": [
        "collaboration_id",
        "campaign_id",
        "creator_id",
        "pricing_model",
        "booked_at",
        "publish_deadline",
        "price_fen",
        "cpe_rate_fen",
        "cap_fen",
        "commission_bps",
        "product_id",
        "slot_fee_fen",
        "creative_style",
    ],
    # Optional in the contract (domain.md 10); the simulator always writes one promotion.
    "promotions": ["promotion_id", "name", "start_date", "end_date"],
}
ISO_TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\+08:00|Z)?$")


def test_root_holds_the_dimension_csvs_and_the_event_sources(small_zone: Zone) -> None:
    names = {p.name for p in small_zone.root.iterdir()}
    assert names == {f"{n}.csv" for n in DIMENSION_COLUMNS} | set(EVENT_COLUMNS)


@pytest.mark.parametrize("name", list(DIMENSION_COLUMNS))
def test_dimension_csv_has_the_contract_header(small_zone: Zone, name: str) -> None:
    header = (small_zone.root / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == DIMENSION_COLUMNS[name]
    assert small_zone.dimension(name).height > 0


def test_event_folders_are_delivery_dates_with_csv_jsonl_parquet_files(small_zone: Zone) -> None:
    suffixes = set()
    for source in EVENT_COLUMNS:
        folders = list((small_zone.root / source).iterdir())
        assert folders
        for folder in folders:
            assert re.fullmatch(r"date=\d{4}-\d{2}-\d{2}", folder.name)
            suffixes |= {p.suffix for p in folder.iterdir()}
    assert suffixes == {".csv", ".jsonl", ".parquet"}


def test_every_event_file_has_exactly_the_contract_columns(small_zone: Zone) -> None:
    for source, columns in EVENT_COLUMNS.items():
        for path in (small_zone.root / source).glob("date=*/*.csv"):
            assert path.read_text(encoding="utf-8").splitlines()[0].split(",") == columns
        for path in (small_zone.root / source).glob("date=*/*.parquet"):
            if path not in small_zone.unreadable:
                assert pl.read_parquet_schema(path) == dict.fromkeys(columns, pl.String)


def test_timestamps_mix_offset_utc_and_naive_iso_8601(small_zone: Zone) -> None:
    ts = pl.concat([f["event_ts"] for f in small_zone.events.values()])
    spelled = ts.filter(ts.str.contains(r"^\d{4}-\d{2}-\d{2}T"))
    assert spelled.str.contains(ISO_TS.pattern).all()
    assert spelled.str.ends_with("+08:00").mean() > 0.8
    assert spelled.str.ends_with("Z").sum() > 0
    assert (~spelled.str.contains(r"(\+08:00|Z)$")).sum() > 0


def test_ids_are_strings_and_booleans_true_false(small_zone: Zone) -> None:
    videos = small_zone.events["video_events"]
    publish = videos.filter(pl.col("event_type") == "publish")
    assert set(publish["is_commercial"].unique()) == {"true", "false"}
    verified = small_zone.dimension("creators")["identity_verified"]
    assert set(verified.unique()) == {"true", "false"}
    assert small_zone.events["engagement_events"]["viewer_id"].str.starts_with("u").all()


def test_parquet_only_option_writes_only_parquet_events(tmp_path: Path) -> None:
    simulate_landing_zone(tmp_path, days=3, creators=40, events_per_day=2_000, formats=("parquet",))
    suffixes = {p.suffix for p in tmp_path.glob("*_events/date=*/*")}
    assert suffixes == {".parquet"}


def test_an_existing_landing_zone_is_not_overwritten_unless_asked(tmp_path: Path) -> None:
    simulate_landing_zone(tmp_path, days=2, creators=20, events_per_day=500)
    with pytest.raises(StarmapError, match="already holds a landing zone"):
        simulate_landing_zone(tmp_path, days=2, creators=20, events_per_day=500)
    simulate_landing_zone(tmp_path, days=1, creators=20, events_per_day=500, overwrite=True)
    assert len(list((tmp_path / "engagement_events").iterdir())) == 1
