"""MCN eligibility (domain.md 6): founded at least 365 days before D, at least 5 creators."""

from tests.creators.warehouse_rows import Rows, mcn_standing

D = "2026-06-30"
FOUNDED_365_DAYS_BEFORE_D = "2025-06-30"
FOUNDED_364_DAYS_BEFORE_D = "2025-07-01"


def signed(rows: Rows, mcn_id: str, count: int, joined_at: str | None = None) -> None:
    for n in range(count):
        rows.creator(f"{mcn_id}_c{n}_{joined_at}", mcn_id=mcn_id, joined_at=joined_at)


def test_mcn_founded_365_days_before_with_5_creators_is_eligible(rows: Rows) -> None:
    rows.mcn("m1", FOUNDED_365_DAYS_BEFORE_D)
    signed(rows, "m1", 5)
    standing = mcn_standing(rows.conn, D)["m1"]
    assert standing["creators"] == 5
    assert standing["age_days"] == 365
    assert standing["eligible"] is True


def test_mcn_founded_364_days_before_is_not_eligible(rows: Rows) -> None:
    rows.mcn("m1", FOUNDED_364_DAYS_BEFORE_D)
    signed(rows, "m1", 5)
    assert mcn_standing(rows.conn, D)["m1"]["eligible"] is False


def test_mcn_with_4_creators_is_not_eligible(rows: Rows) -> None:
    rows.mcn("m1", "2020-01-01")
    signed(rows, "m1", 4)
    standing = mcn_standing(rows.conn, D)["m1"]
    assert standing["creators"] == 4
    assert standing["eligible"] is False


def test_mcn_counts_only_creators_known_as_of_the_date(rows: Rows) -> None:
    rows.mcn("m1", "2020-01-01")
    signed(rows, "m1", 4, joined_at=D)
    signed(rows, "m1", 1, joined_at="2026-07-01")
    rows.creator("independent")
    assert mcn_standing(rows.conn, D)["m1"]["creators"] == 4
    assert mcn_standing(rows.conn, "2026-07-01")["m1"]["eligible"] is True


def test_mcn_founded_after_the_date_has_no_row(rows: Rows) -> None:
    rows.mcn("m1", "2020-01-01")
    rows.mcn("m_new", "2026-07-01")
    assert set(mcn_standing(rows.conn, D)) == {"m1"}
