"""The SQL pre-check of each contract flags exactly the rows its pandera model rejects."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandera.polars as pa
import polars as pl
import pytest

from models import CONTRACTS
from models.precheck import precheck_for

TS = dt.datetime(2026, 9, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
D = dt.date(2026, 9, 1)


def _rejected(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> set[int]:
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases.filter(pl.col("index").is_not_null())
        return set(cases["index"].cast(pl.Int64).to_list())
    return set()


def _flagged(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> set[int]:
    check = precheck_for(model)
    conn = duckdb.connect()
    conn.register("typed", frame.with_row_index("row_index").to_arrow())
    rows = conn.sql(
        f"select row_index from typed where {check.flags}", params=check.params
    ).fetchall()
    return {int(r[0]) for r in rows}


def _frame(model: type[pa.DataFrameModel], rows: list[dict]) -> pl.DataFrame:
    schema = {name: col.dtype.type for name, col in model.to_schema().columns.items()}
    return pl.DataFrame(rows, schema=schema, orient="row")


ENGAGEMENT = dict(event_id="e1", event_type="like", event_ts=TS, video_id="v", viewer_id="u",
                  product_id=None)  # fmt: skip
ORDER = dict(event_id="o1", event_type="paid", event_ts=TS, order_id="o", buyer_id="b",
             product_id="p", quantity=1, amount_fen=100)  # fmt: skip
VIDEO = dict(event_id="x1", event_type="publish", event_ts=TS, video_id="v", creator_id="c",
             collaboration_id=None, duration_s=30, is_commercial=True)  # fmt: skip
CREATOR = dict(creator_id="c", nickname=None, platform="douyin", category="beauty",
               followers=1, mcn_id="m", mcn_share_bps=100, identity_verified=True,
               joined_at=D, city_tier=1, audience_female_share=0.5,
               audience_age_15_24_share=0.5, price_1_20s_fen=1, price_21_60s_fen=1,
               price_60s_plus_fen=1)  # fmt: skip
CAMPAIGN = dict(campaign_id="k", brand_id="b", name=None, start_date=D, end_date=D,
                budget_fen=1, objective=None)  # fmt: skip
COLLABORATION = dict(collaboration_id="co", campaign_id="k", creator_id="c",
                     pricing_model="cps", booked_at=TS, publish_deadline=D, price_fen=None,
                     cpe_rate_fen=None, cap_fen=None, commission_bps=100, product_id="p",
                     creative_style=None)  # fmt: skip

# A good row, then one row per way of breaking the contract.
CASES = {
    "engagement_events": (
        ENGAGEMENT,
        [
            {"event_type": "view"},
            {"event_type": "product_click"},
            {"event_type": "product_click", "product_id": "p"},
            {"viewer_id": None},
        ],
    ),
    "order_events": (
        ORDER,
        [
            {"event_type": "shipped"},
            {"amount_fen": -1},
            {"quantity": -1},
            {"event_type": "refunded", "amount_fen": None},
            {"event_type": "delivered", "amount_fen": None},
            {"buyer_id": None},
        ],
    ),
    "video_events": (VIDEO, [{"event_type": "edit"}, {"duration_s": -5}, {"creator_id": None}]),
    "creators": (
        CREATOR,
        [
            {"platform": "kuaishou"},
            {"followers": -1},
            {"mcn_share_bps": 10_001},
            {"mcn_id": None},
            {"mcn_id": None, "mcn_share_bps": 0},
            {"city_tier": 6},
            {"city_tier": 0},
            {"audience_female_share": 1.5},
            {"audience_female_share": None},
            {"audience_age_15_24_share": float("nan")},
            {"price_60s_plus_fen": -1},
        ],
    ),
    "campaigns": (
        CAMPAIGN,
        [
            {"end_date": D - dt.timedelta(days=1)},
            {"budget_fen": -1},
            {"brand_id": None},
        ],
    ),
    "collaborations": (
        COLLABORATION,
        [
            {"pricing_model": "barter"},
            {"product_id": None},
            {"commission_bps": None},
            {"pricing_model": "flat_fee"},
            {"pricing_model": "flat_fee", "price_fen": 5},
            {"pricing_model": "cpe", "cpe_rate_fen": 1},
            {"commission_bps": 10_001},
            {"pricing_model": "cpe", "cpe_rate_fen": 1, "cap_fen": 9},
        ],
    ),
}


@pytest.mark.parametrize("source", sorted(CASES))
def test_sql_precheck_flags_exactly_the_rows_pandera_rejects(source: str) -> None:
    good, variants = CASES[source]
    model = CONTRACTS[source]
    frame = _frame(model, [good] + [good | change for change in variants])
    rejected = _rejected(model, frame)
    assert rejected, "the bad rows must break the contract"
    assert 0 not in rejected
    assert _flagged(model, frame) == rejected


def test_a_dataframe_check_without_a_sql_twin_is_refused() -> None:
    class Untwinned(pa.DataFrameModel):
        a: int

        @pa.dataframe_check(name="no_twin_here")
        def no_twin_here(cls, data: pa.PolarsData) -> pl.LazyFrame:
            return data.lazyframe.select(pl.col("a") > 0)

    with pytest.raises(NotImplementedError, match="no_twin_here"):
        precheck_for(Untwinned)
