from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.settings import Settings, SettingsError

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_environment_feeds_settings_and_options_win(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_WORKDIR", str(tmp_path / "env"))
    monkeypatch.setenv("CONTACT_TOPICS_CONFIDENCE_THRESHOLD", "0.4")
    assert Settings.from_env().workdir == tmp_path / "env"
    assert Settings.from_env().confidence_threshold == 0.4
    chosen = Settings.from_env(workdir=tmp_path / "cli")
    assert chosen.warehouse_path == tmp_path / "cli" / "warehouse.duckdb"
    assert chosen.published_dir == tmp_path / "cli" / "published"


def test_bad_threshold_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_CONFIDENCE_THRESHOLD", "high")
    with pytest.raises(SettingsError, match="CONTACT_TOPICS_CONFIDENCE_THRESHOLD"):
        Settings.from_env()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TRAIN_MAX_PER_TOPIC", "-1"),
        ("DISCOVERY_MIN_CLUSTER_SIZE", "1"),
        ("PUBLISH_SUPPRESSION_THRESHOLD", "x"),
    ],
)
def test_bad_whole_numbers_are_explained(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(f"CONTACT_TOPICS_{name}", value)
    with pytest.raises(SettingsError, match=f"CONTACT_TOPICS_{name}={value!r}: expected a whole"):
        Settings.from_env()


def test_generated_pseudonym_key_is_stable_and_private(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CONTACT_TOPICS_PSEUDONYM_KEY", raising=False)
    settings = Settings.from_env(workdir=tmp_path)
    key = settings.resolved_pseudonym_key()
    assert key == settings.resolved_pseudonym_key() and len(key) == 64
    assert (tmp_path / "secrets" / "pseudonym.key").stat().st_mode & 0o077 == 0


def test_every_setting_is_listed_in_env_example() -> None:
    example = (REPO_ROOT / ".env.example").read_text()
    source = (REPO_ROOT / "pipelines" / "settings.py").read_text()
    import re

    used = set(re.findall(r'_env(?:\(|_or_none\()"([A-Z_]+)"', source))
    used |= set(re.findall(r'_float_or_none\("([A-Z_]+)"', source))
    assert used, "found no settings in settings.py"
    missing = [name for name in used if f"CONTACT_TOPICS_{name}" not in example]
    assert not missing


@pytest.mark.parametrize(
    ("raw", "days"),
    [
        ("", None),
        ("auto", None),
        ("mon-fri", (1, 2, 3, 4, 5)),
        ("Mon,Tue,Wed,Thu,Fri,Sat", (1, 2, 3, 4, 5, 6)),
        ("1-5", (1, 2, 3, 4, 5)),
        ("tue-sat", (2, 3, 4, 5, 6)),
        ("monday, wednesday", (1, 3)),
    ],
)
def test_opening_days_setting(monkeypatch: pytest.MonkeyPatch, raw: str, days: object) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_OPENING_DAYS", raw)
    assert Settings.from_env().opening_days == days


@pytest.mark.parametrize("raw", ["fri-mon", "weekdays", "0-4", "mon-sun-x"])
def test_bad_opening_days_are_explained(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("CONTACT_TOPICS_OPENING_DAYS", raw)
    with pytest.raises(SettingsError, match="CONTACT_TOPICS_OPENING_DAYS"):
        Settings.from_env()


def test_bank_holiday_region_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings.from_env().bank_holiday_region == "england-and-wales"
    monkeypatch.setenv("CONTACT_TOPICS_BANK_HOLIDAY_REGION", "Scotland")
    assert Settings.from_env().bank_holiday_region == "scotland"
    monkeypatch.setenv("CONTACT_TOPICS_BANK_HOLIDAY_REGION", "wales")
    with pytest.raises(SettingsError, match="CONTACT_TOPICS_BANK_HOLIDAY_REGION='wales'"):
        Settings.from_env()
