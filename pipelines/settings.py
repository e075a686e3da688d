"""One settings object, fed by environment variables prefixed ``CONTACT_TOPICS_``.

Every variable is listed, with its default, in ``.env.example`` at the repository root.
Command-line options override the environment; the environment overrides the defaults.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from pipelines.contract import TIMEZONE

ENV_PREFIX = "CONTACT_TOPICS_"
TOPIC_SOURCES = ("model", "wrap_up_code", "wrap_up_code_else_model")
"""Where a contact's topic comes from: the classifier, the source's wrap-up code, or the
wrap-up code where the contact has one and the classifier otherwise (dbt var topic_source)."""
LANDING_AFTER_INGEST = ("keep", "move")
"""What the ingest DAG does with a landing file once it is stored: leave it where it is (a listing
cache stops it being read again) or move it to the processed area (pipelines/ingest/landing.py)."""
BANK_HOLIDAY_REGIONS = ("england-and-wales", "scotland", "northern-ireland", "none")
"""UK bank-holiday calendars (dbt seed uk_bank_holidays, from gov.uk); none = no holidays."""
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
log = logging.getLogger(__name__)
# Retention periods in days (CONTACT_TOPICS_RETENTION_<NAME>_DAYS): docs/governance.md
RETENTION_DEFAULTS = {
    "landing": 30,
    "archive": 365,
    "superseded": 90,
    "rejects": 90,
    "validation": 180,
    "models": 365,
    "week_folders": 730,
    "contact_text": 365,
}


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(ENV_PREFIX + name)
    return default if value is None or value == "" else value


def _float_or_none(name: str) -> float | None:
    raw = _env(name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{ENV_PREFIX}{name}={raw!r}: expected a number in 0..1") from exc
    if not 0.0 <= value <= 1.0:
        raise SettingsError(f"{ENV_PREFIX}{name}={raw!r}: expected a number in 0..1")
    return value


def _whole_number(name: str, default: int, minimum: int) -> int:
    raw = _env(name, str(default)) or str(default)
    if not raw.isdigit() or int(raw) < minimum:
        raise SettingsError(f"{ENV_PREFIX}{name}={raw!r}: expected a whole number >= {minimum}")
    return int(raw)


def _flag(name: str, default: bool) -> bool:
    raw = (_env(name) or str(default)).lower()
    if raw not in ("true", "false", "1", "0", "yes", "no"):
        raise SettingsError(f"{ENV_PREFIX}{name}={raw!r}: expected true or false")
    return raw in ("true", "1", "yes")


def _date(name: str, default: date) -> date:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise SettingsError(f"{ENV_PREFIX}{name}={raw!r}: expected a date as YYYY-MM-DD") from exc


def parse_opening_days(raw: str | None) -> tuple[int, ...] | None:
    """``"mon-fri"``, ``"mon,tue,sat"``, ``"1-5"`` -> ISO weekdays (1 = Monday); empty or
    ``auto`` -> None (learnt from the data by dbt)."""
    text = (raw or "").strip().lower()
    if text in ("", "auto"):
        return None

    def day(word: str) -> int:
        word = word.strip()
        if word.isdigit() and 1 <= int(word) <= 7:
            return int(word)
        for number, name in enumerate(_WEEKDAYS, start=1):
            if word in (name[:3], name):
                return number
        raise SettingsError(
            f"{ENV_PREFIX}OPENING_DAYS={raw!r}: {word!r} is not a weekday; expected e.g. "
            "mon-fri, mon,tue,wed,thu,fri,sat, 1-5 or auto"
        )

    days: set[int] = set()
    for part in text.split(","):
        if "-" in part:
            first, last = (day(word) for word in part.split("-", 1))
            if last < first:
                raise SettingsError(
                    f"{ENV_PREFIX}OPENING_DAYS={raw!r}: {part!r} runs backwards "
                    "(weeks start on Monday)"
                )
            days.update(range(first, last + 1))
        else:
            days.add(day(part))
    return tuple(sorted(days))


def _path_or_none(name: str) -> Path | None:
    raw = _env(name)
    return Path(raw) if raw else None


@dataclass(frozen=True)
class Settings:
    """Where a deployment keeps its state, and how the pipeline behaves.

    All of a deployment's state lives under ``workdir``:
    ``warehouse.duckdb``, ``landing/``, ``models/``, ``published/``.
    """

    workdir: Path = field(default_factory=lambda: Path("work"))
    pseudonym_key: str | None = None
    confidence_threshold: float | None = None
    timezone: str = TIMEZONE
    taxonomy_file: Path | None = None
    log_level: str = "INFO"
    environment: str = "development"
    redaction_patterns_file: Path | None = None  # YAML: placeholder type -> regex (redact.py)
    topic_source: str = "model"
    # weekly trends (dbt vars opening_days, bank_holiday_region; decision 0016): ISO weekdays
    # the centre is open (None = learnt from the data) and the UK bank-holiday calendar
    opening_days: tuple[int, ...] | None = None
    bank_holiday_region: str = "england-and-wales"
    # publishing (pipelines/publish/outputs.py, pipelines/publish/suppression.py)
    publish_suppression_threshold: int = 9
    publish_public_files: bool = True
    publish_suppress_internal: bool = False
    # landing and quarantine (pipelines/ingest/landing.py, quarantine.py): fsspec URLs or folders;
    # None = <workdir>/landing and <workdir>/quarantine
    landing_url: str | None = None
    quarantine_url: str | None = None
    # keep or move (LANDING_AFTER_INGEST); the processed area for move, None = <landing>_processed;
    # the mapping (preset name or YAML file) for every landing file, None = each file's by name
    landing_after_ingest: str = "keep"
    processed_url: str | None = None
    mapping: str | None = None
    # ingest (pipelines/ingest/conform.py): contacts dated before this (or after tomorrow) are
    # rejected as implausible, as are end and update times outside the same window
    min_contact_date: date = date(2000, 1, 1)
    # topic discovery (pipelines/discovery/weekly.py): smallest theme worth reporting
    discovery_min_cluster_size: int = 10
    # retraining (pipelines/topics/step.py): wrap-up-coded examples per topic, 0 = all
    train_max_per_topic: int = 2000
    # governance (pipelines/governance; docs/governance.md): who the audit log names, and how
    # long each kind of stored data is kept, in days (whole numbers >= 1)
    actor: str | None = None
    retention_landing_days: int = 30
    retention_archive_days: int = 365
    retention_superseded_days: int = 90
    retention_rejects_days: int = 90
    retention_validation_days: int = 180
    retention_models_days: int = 365
    retention_week_folders_days: int = 730
    retention_contact_text_days: int = 365  # stored text + caller pseudonym (decision 0019)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Build settings from the environment; keyword arguments that are not None win."""
        taxonomy = _env("TAXONOMY_FILE")
        base = cls(
            workdir=Path(_env("WORKDIR", "work") or "work"),
            pseudonym_key=_env("PSEUDONYM_KEY"),
            confidence_threshold=_float_or_none("CONFIDENCE_THRESHOLD"),
            timezone=_env("TIMEZONE", TIMEZONE) or TIMEZONE,
            taxonomy_file=Path(taxonomy) if taxonomy else None,
            log_level=(_env("LOG_LEVEL", "INFO") or "INFO").upper(),
            environment=(_env("ENVIRONMENT", "development") or "development").lower(),
            redaction_patterns_file=_path_or_none("REDACTION_PATTERNS_FILE"),
            topic_source=(_env("TOPIC_SOURCE", "model") or "model").lower(),
            opening_days=parse_opening_days(_env("OPENING_DAYS")),
            bank_holiday_region=(
                _env("BANK_HOLIDAY_REGION", "england-and-wales") or "england-and-wales"
            ).lower(),
            publish_suppression_threshold=_whole_number("PUBLISH_SUPPRESSION_THRESHOLD", 9, 0),
            publish_public_files=_flag("PUBLISH_PUBLIC_FILES", True),
            publish_suppress_internal=_flag("PUBLISH_SUPPRESS_INTERNAL", False),
            landing_url=_env("LANDING_URL"),
            quarantine_url=_env("QUARANTINE_URL"),
            landing_after_ingest=(_env("LANDING_AFTER_INGEST", "keep") or "keep").lower(),
            processed_url=_env("PROCESSED_URL"),
            mapping=_env("MAPPING"),
            min_contact_date=_date("MIN_CONTACT_DATE", date(2000, 1, 1)),
            discovery_min_cluster_size=_whole_number("DISCOVERY_MIN_CLUSTER_SIZE", 10, 2),
            train_max_per_topic=_whole_number("TRAIN_MAX_PER_TOPIC", 2000, 0),
            actor=_env("ACTOR"),
            **{
                f"retention_{name}_days": _whole_number(f"RETENTION_{name.upper()}_DAYS", days, 1)
                for name, days in RETENTION_DEFAULTS.items()
            },
        )
        if base.environment not in ("development", "production"):
            raise SettingsError(
                f"{ENV_PREFIX}ENVIRONMENT={base.environment!r}: expected development or production"
            )
        if base.landing_after_ingest not in LANDING_AFTER_INGEST:
            raise SettingsError(
                f"{ENV_PREFIX}LANDING_AFTER_INGEST={base.landing_after_ingest!r}: expected "
                f"{' or '.join(LANDING_AFTER_INGEST)}"
            )
        chosen = {key: value for key, value in overrides.items() if value is not None}
        if "workdir" in chosen:
            chosen["workdir"] = Path(chosen["workdir"])  # type: ignore[arg-type]
        topic_source = str(chosen.get("topic_source", base.topic_source))
        if topic_source not in TOPIC_SOURCES:
            raise SettingsError(
                f"{ENV_PREFIX}TOPIC_SOURCE (or --topic-source) is {topic_source!r}: expected "
                f"one of {', '.join(TOPIC_SOURCES)}"
            )
        if base.bank_holiday_region not in BANK_HOLIDAY_REGIONS:
            raise SettingsError(
                f"{ENV_PREFIX}BANK_HOLIDAY_REGION={base.bank_holiday_region!r}: expected one of "
                f"{', '.join(BANK_HOLIDAY_REGIONS)}"
            )
        return replace(base, **chosen)  # type: ignore[arg-type]

    # --- the names other tools rely on: keep them stable -------------------------------
    @property
    def warehouse_path(self) -> Path:
        return self.workdir / "warehouse.duckdb"

    @property
    def landing_dir(self) -> Path:
        return self.workdir / "landing"

    @property
    def models_dir(self) -> Path:
        return self.workdir / "models"

    @property
    def published_dir(self) -> Path:
        return self.workdir / "published"

    def ensure_dirs(self) -> None:
        for path in (self.workdir, self.landing_dir, self.models_dir, self.published_dir):
            path.mkdir(parents=True, exist_ok=True)

    def resolved_pseudonym_key(self) -> bytes:
        """The key for caller pseudonyms.

        Production sets ``CONTACT_TOPICS_PSEUDONYM_KEY`` from a secret store. Without it, a
        random key is made once and kept in ``<workdir>/secrets/pseudonym.key`` (mode 600), so
        pseudonyms stay stable across runs of the same work directory.
        """
        if self.pseudonym_key:
            return self.pseudonym_key.encode()
        if self.environment == "production":
            raise SettingsError(
                f"{ENV_PREFIX}PSEUDONYM_KEY is not set and {ENV_PREFIX}ENVIRONMENT is "
                "'production': set the key from your secret store (a generated key is only "
                "made outside production)"
            )
        key_file = self.workdir / "secrets" / "pseudonym.key"
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
            log.warning(
                "%sPSEUDONYM_KEY is not set: made a new key in %s. Set the variable from your "
                "secret store in production.",
                ENV_PREFIX,
                key_file,
            )
        return key_file.read_text().strip().encode()
