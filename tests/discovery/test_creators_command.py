"""`starmap creators`: filters, sorting, formats and errors, run through main() with argv."""

import csv
import io
import json
from pathlib import Path

import pytest

from starmap.cli import main
from tests.creators.warehouse_rows import Rows

D = "2026-06-30"


def creators(rows: Rows, capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    """Run `starmap creators --warehouse <rows' file> *argv`; (exit code, stdout, stderr)."""
    path = release(rows)
    code = main(["creators", "--warehouse", path, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def release(rows: Rows) -> str:
    """Close the builder's connection (the command opens the file read-only); its path."""
    path = rows.conn.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    rows.conn.close()
    return path


def ids(rows: Rows, capsys: pytest.CaptureFixture, *argv: str) -> list[str]:
    """The creator ids the command lists, in order (json output)."""
    code, out, err = creators(rows, capsys, "--format", "json", *argv)
    assert code == 0, err
    return [record["creator_id"] for record in json.loads(out)]


def test_default_sort_is_star_index_best_first_and_unrated_last(
    rows: Rows, capsys: pytest.CaptureFixture
) -> None:
    rows.tier_row(D, "mid", star_index=70.0, performance_tier="A")
    rows.tier_row(D, "unrated", star_index=None, performance_tier="unrated")
    rows.tier_row(D, "best", star_index=90.0, performance_tier="S")
    assert ids(rows, capsys) == ["best", "mid", "unrated"]


def test_sort_by_expected_cpe_cheapest_first_and_unknown_last(
    rows: Rows, capsys: pytest.CaptureFixture
) -> None:
    rows.tier_row(D, "dear", expected_cpe_fen=300.0)
    rows.tier_row(D, "unknown", expected_cpe_fen=None)
    rows.tier_row(D, "cheap", expected_cpe_fen=120.5)
    assert ids(rows, capsys, "--sort", "expected_cpe") == ["cheap", "dear", "unknown"]


def test_platform_filter_matches_any_of_its_values(
    rows: Rows, capsys: pytest.CaptureFixture
) -> None:
    rows.tier_row(D, "d", platform="douyin")
    rows.tier_row(D, "x", platform="xigua")
    rows.tier_row(D, "h", platform="huoshan")
    assert sorted(ids(rows, capsys, "--platform", "xigua", "--platform", "huoshan")) == ["h", "x"]


def test_category_filter(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    rows.tier_row(D, "b", category="beauty")
    rows.tier_row(D, "f", category="food")
    assert ids(rows, capsys, "--category", "food") == ["f"]


def test_unknown_category_is_an_error_naming_the_known_ones(
    rows: Rows, capsys: pytest.CaptureFixture
) -> None:
    rows.tier_row(D, "b", category="beauty")
    code, out, err = creators(rows, capsys, "--category", "beauty' or '1'='1")
    assert code == 2
    assert out == ""
    assert "unknown category" in err and "known: beauty" in err
    assert "Traceback" not in err


def test_follower_and_performance_tier_filters(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    rows.tier_row(D, "waist_a", follower_tier="waist", performance_tier="A", star_index=75.0)
    rows.tier_row(D, "waist_c", follower_tier="waist", performance_tier="C", star_index=30.0)
    rows.tier_row(D, "head_a", follower_tier="head", performance_tier="A", star_index=72.0)
    argv = ("--follower-tier", "waist", "--performance-tier", "A")
    assert ids(rows, capsys, *argv) == ["waist_a"]


def test_eligible_only(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    rows.tier_row(D, "yes", eligible=True)
    rows.tier_row(D, "no", eligible=False)
    assert ids(rows, capsys, "--eligible-only") == ["yes"]


def test_min_female_share_is_inclusive_and_skips_unknown_audiences(
    rows: Rows, capsys: pytest.CaptureFixture
) -> None:
    rows.tier_row(D, "at", audience_female_share=0.6)
    rows.tier_row(D, "below", audience_female_share=0.59)
    rows.tier_row(D, "unknown", audience_female_share=None)
    assert ids(rows, capsys, "--min-female-share", "0.6") == ["at"]


def test_min_age_15_24_share(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    rows.tier_row(D, "young", audience_age_15_24_share=0.5)
    rows.tier_row(D, "older", audience_age_15_24_share=0.2)
    assert ids(rows, capsys, "--min-age-15-24-share", "0.3") == ["young"]


def test_city_tier_filter_matches_any_of_its_values(
    rows: Rows, capsys: pytest.CaptureFixture
) -> None:
    for tier in (1, 2, 3):
        rows.tier_row(D, f"t{tier}", city_tier=tier)
    rows.tier_row(D, "unknown", city_tier=None)
    assert sorted(ids(rows, capsys, "--city-tier", "1", "--city-tier", "3")) == ["t1", "t3"]


def test_max_expected_cpe_is_in_yuan(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    rows.tier_row(D, "at", expected_cpe_fen=150.0)
    rows.tier_row(D, "above", expected_cpe_fen=150.5)
    rows.tier_row(D, "unknown", expected_cpe_fen=None)
    assert ids(rows, capsys, "--max-expected-cpe", "1.5") == ["at"]


def test_max_expected_cpm_is_in_yuan(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    rows.tier_row(D, "cheap", expected_cpm_fen=2_000.0)
    rows.tier_row(D, "dear", expected_cpm_fen=2_000.01)
    assert ids(rows, capsys, "--max-expected-cpm", "20") == ["cheap"]


def test_limit(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    for n in range(5):
        rows.tier_row(D, f"c{n}", star_index=float(50 + n))
    assert ids(rows, capsys, "--limit", "2") == ["c4", "c3"]


def test_as_of_defaults_to_the_latest_snapshot(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    rows.tier_row("2026-06-29", "old")
    rows.tier_row(D, "new")
    assert ids(rows, capsys) == ["new"]


def test_as_of_picks_a_snapshot(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    rows.tier_row("2026-06-29", "old")
    rows.tier_row(D, "new")
    assert ids(rows, capsys, "--as-of", "2026-06-29") == ["old"]


def test_as_of_without_a_snapshot_is_an_error(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    rows.tier_row(D, "c1")
    code, _, err = creators(rows, capsys, "--as-of", "2026-01-01")
    assert code == 2
    assert "no creator_tiers snapshot as of 2026-01-01" in err
    assert f"{D}..{D}" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--min-female-share", "60"), "between 0 and 1"),
        (("--min-age-15-24-share", "lots"), "not a number"),
        (("--city-tier", "6"), "city tier is 1, 2, 3, 4 or 5"),
        (("--max-expected-cpe", "-1"), "0 or more"),
        (("--max-expected-cpm", "cheap"), "not an amount in yuan"),
        (("--limit", "0"), "at least 1"),
        (("--as-of", "June"), "not a date"),
        (("--platform", "kuaishou"), "invalid choice"),
        (("--sort", "followers"), "invalid choice"),
    ],
)
def test_bad_filter_values_are_clear_errors(
    rows: Rows, capsys: pytest.CaptureFixture, argv: tuple[str, ...], message: str
) -> None:
    rows.tier_row(D, "c1")
    with pytest.raises(SystemExit) as exit_info:
        creators(rows, capsys, *argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert message in err
    assert "Traceback" not in err


def test_missing_warehouse_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["creators", "--warehouse", str(tmp_path / "none.duckdb")])
    assert code == 2
    assert "no warehouse at" in capsys.readouterr().err


def test_warehouse_defaults_to_starmap_warehouse(
    rows: Rows, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows.tier_row(D, "c1")
    path = release(rows)
    monkeypatch.setenv("STARMAP_WAREHOUSE", path)
    assert main(["creators", "--format", "json"]) == 0
    assert [r["creator_id"] for r in json.loads(capsys.readouterr().out)] == ["c1"]


def test_csv_output_has_a_header_and_fen_prices(rows: Rows, capsys: pytest.CaptureFixture) -> None:
    rows.tier_row(D, "c1", nickname="小美的化妆间", expected_cpe_fen=150.0)
    code, out, _ = creators(rows, capsys, "--format", "csv")
    assert code == 0
    records = list(csv.DictReader(io.StringIO(out)))
    assert [(r["creator_id"], r["nickname"], r["expected_cpe_fen"]) for r in records] == [
        ("c1", "小美的化妆间", "150.0")
    ]


def test_table_aligns_columns_with_chinese_nicknames(
    rows: Rows, capsys: pytest.CaptureFixture
) -> None:
    rows.tier_row(D, "c1", nickname="小美的化妆间", star_index=80.0, expected_cpe_fen=150.0)
    rows.tier_row(D, "c2", nickname="Bob", star_index=70.0, expected_cpe_fen=1234.0)
    code, out, _ = creators(rows, capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"creators as of {D}: 2 shown"
    header, _, first, second = lines[1:5]
    # The platform column starts at the same terminal column on every line.
    columns = [
        _terminal_column(line, marker)
        for line, marker in ((header, "platform"), (first, "douyin"), (second, "douyin"))
    ]
    assert len(set(columns)) == 1
    assert first.endswith("1.50") and second.endswith("12.34")


def test_help_explains_every_filter(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["creators", "--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    for flag in (
        "--platform",
        "--category",
        "--follower-tier",
        "--performance-tier",
        "--eligible-only",
        "--min-female-share",
        "--min-age-15-24-share",
        "--city-tier",
        "--max-expected-cpe",
        "--max-expected-cpm",
        "--sort",
        "--limit",
        "--format",
        "--as-of",
        "--warehouse",
    ):
        assert flag in out, flag
    assert "yuan" in out


def _terminal_column(line: str, marker: str) -> int:
    """Terminal column where `marker` starts, counting CJK characters as two."""
    prefix = line[: line.index(marker)]
    return sum(2 if "\u4e00" <= ch <= "\u9fff" else 1 for ch in prefix)
