"""Settings: contract defaults, TOML overrides, and errors that name the key before a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from starmap.cli import main
from starmap.settings import Policy, SettingsError, load_policy
from tests.conftest import TINY_SETTINGS


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_the_contract_numbers() -> None:
    policy = Policy()
    assert (policy.retention_days, policy.cpe_window_days, policy.attribution_days) == (60, 30, 7)
    assert (policy.brand_fee_bps, policy.platform_fee_bps) == (500, 1000)
    assert (policy.bot_videos_per_day, policy.fraud_min_invalid, policy.fraud_share) == (
        100,
        100,
        0.20,
    )
    assert policy.rated_min_plays == 10000
    assert (policy.credit_start, policy.credit_fraud, policy.credit_removed) == (12, 12, 2)
    assert policy.credit_unreported == 3


def test_tiny_settings_override_only_their_keys() -> None:
    policy = load_policy(TINY_SETTINGS)
    assert (policy.bot_videos_per_day, policy.fraud_min_invalid, policy.rated_min_plays) == (
        3,
        2,
        5,
    )
    assert policy.retention_days == 60


def test_environment_variable_names_the_settings_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STARMAP_SETTINGS", str(_toml(tmp_path, "[policy]\nretention_days = 90\n")))
    assert load_policy().retention_days == 90


def test_integer_is_accepted_for_a_share() -> None:
    assert load_policy(None).fraud_share == 0.2
    assert Policy().sql_params()["fraud_share"] == 0.2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[policy]\nretention_dayz = 60\n", "retention_dayz"),
        ("[policy]\nretention_days = '60'\n", "policy.retention_days must be int"),
        ("[policy]\nretention_days = 60.5\n", "policy.retention_days must be int"),
        ("[policy]\nbot_videos_per_day = true\n", "policy.bot_videos_per_day"),
        ("[policy]\nfraud_share = 'high'\n", "policy.fraud_share must be float"),
        ("[policy]\ncredit_start = -1\n", "policy.credit_start must not be negative"),
        ("[polcy]\nretention_days = 60\n", "polcy"),
        ("[policy\n", "not valid TOML"),
    ],
)
def test_bad_settings_are_rejected_by_name(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_policy(_toml(tmp_path, text))


def test_missing_settings_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="not found"):
        load_policy(tmp_path / "nope.toml")


def test_run_rejects_bad_settings_before_anything_runs(tmp_path: Path, capsys) -> None:
    warehouse = tmp_path / "w.duckdb"
    code = main(
        [
            "run",
            "--raw",
            str(tmp_path),
            "--warehouse",
            str(warehouse),
            "--settings",
            str(_toml(tmp_path, "[policy]\nfraud_sharee = 0.3\n")),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "fraud_sharee" in err and len(err.strip().splitlines()) == 1
    assert not warehouse.exists()


def test_every_policy_key_has_a_range() -> None:
    from dataclasses import fields

    from starmap.settings import POLICY_RANGES

    assert sorted(POLICY_RANGES) == sorted(f.name for f in fields(Policy))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("fraud_share = 20", "policy.fraud_share = 20.0 is outside its range 0..1"),
        ("fraud_share = nan", "policy.fraud_share = nan is not a number in its range 0..1"),
        ("fraud_share = inf", "policy.fraud_share = inf is not a number in its range 0..1"),
        ("brand_fee_bps = 10001", "policy.brand_fee_bps = 10001 is outside its range 0..10000"),
        ("bot_videos_per_day = 0", "policy.bot_videos_per_day = 0 is outside its range 1.."),
        ("cpe_window_days = 0", "policy.cpe_window_days = 0 is outside its range 1.."),
        ("tier_s_min_star = 101", "policy.tier_s_min_star = 101.0 is outside its range 0..100"),
        ("max_amount_fen = 0", "policy.max_amount_fen = 0 is outside its range 1..1000000000000"),
        (
            "quarantine_warn_share = 0.5",
            "policy.quarantine_warn_share = 0.5 is above policy.quarantine_fail_share = 0.05",
        ),
    ],
)
def test_a_value_outside_its_range_is_one_line_naming_key_value_and_range(
    tmp_path: Path, line: str, message: str
) -> None:
    path = _toml(tmp_path, f"[policy]\n{line}\n")
    with pytest.raises(SettingsError) as raised:
        load_policy(path)
    assert str(raised.value) == f"{path}: {message}"


def test_zero_days_are_a_valid_setting() -> None:
    assert Policy(attribution_days=0, retention_days=0).attribution_days == 0


def test_run_rejects_an_out_of_range_value_before_anything_runs(tmp_path: Path, capsys) -> None:
    warehouse = tmp_path / "w.duckdb"
    settings = _toml(tmp_path, "[policy]\nfraud_share = nan\n")
    code = main(
        ["run", "--raw", str(tmp_path), "--warehouse", str(warehouse), "--settings", str(settings)]
    )
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "policy.fraud_share = nan" in err[0] and "0..1" in err[0]
    assert not warehouse.exists()
