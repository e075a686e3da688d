"""What the Great Expectations suites check: the seed for a fresh ``expectations/`` project.

The committed JSON under ``expectations/gx/`` is the source of truth at run time;
:func:`pipelines.quality.checkpoints.ensure_project` builds a suite from here only when its file
is missing.
When you add an expectation to a committed suite, add it here as well, so a fresh project gets it
too (``tests/pipelines/quality/test_validate.py`` fails when the two differ).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipelines.contract import CHANNELS, OUTCOMES

if TYPE_CHECKING:
    from great_expectations.expectations import Expectation

DATASOURCE = "warehouse"
BATCH_DEFINITION = "whole_table"
RAW_CHECKPOINT = "raw_contacts"
PUBLISHED_CHECKPOINT = "published"
PUBLISHED_CATALOGUE = "published_columns"

TREND_FLAGS = ("spike", "rising", "falling", "steady", "new", "insufficient_history", "seasonal")

PERSONAL_DATA_PATTERNS: dict[str, str] = {
    "e-mail address": r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    "UK mobile number": r"(?:\+|\b00)\s?44\s?(?:\(0\)\s?)?7\d{3}[ .-]?\d{3}[ .-]?\d{3}\b"
    r"|\b07\d{3}[ .-]?\d{3}[ .-]?\d{3}\b",
    "UK postcode": r"(?i)\b(?:GIR\s?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]"
    r"|[A-HK-Y]\d[ABEHMNPRVWXY])\s?\d[ABD-HJLNP-UW-Z]{2})\b",
    "National Insurance number": r"(?i)\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]"
    r"[A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
}
"""The redaction safety net: ``text_redacted`` must match none of these (independent of
``pipelines/privacy/redact.py`` on purpose, and no wider than what it redacts)."""

PERSONAL_COLUMN_NAMES = r"(?i)text|caller|pseudonym|e_?mail|phone|postcode|address|phras"
PUBLISHED_TEXT_COLUMN = ("automation_candidates", "representative_phrasings")
"""The one published column allowed to hold (redacted) resident text: up to five example
phrasings of a candidate topic, from contacts without vulnerability markers."""
PUBLISHED_TEXT_TABLES = (PUBLISHED_TEXT_COLUMN[0], "emerging_topics")
"""Tables where that column may appear: emerging_topics publishes up to five redacted phrasings
of each discovered theme, also only from contacts without vulnerability markers."""
EMERGING_STATUSES = ("new", "growing", "stable", "fading")
TOPIC_SOURCES = ("model", "wrap_up_code", "none")
TOPIC_NATURES = ("information", "transaction", "report", "casework", "safeguarding", "unknown")

WINDOW_START = "min_contact_at"
WINDOW_END = "contact_window_end"
"""Parameters of the raw suite's date-window expectations, given at run time by
``checkpoints.validate_raw`` (CONTACT_TOPICS_MIN_CONTACT_DATE to one day after now, as ingest)."""

RAW_COLUMNS = (
    "source_system", "contact_id", "started_at", "ended_at", "handle_seconds", "wait_seconds",
    "channel", "outcome", "caller_pseudonym", "text_redacted", "redaction_count", "updated_at",
)  # fmt: skip

PUBLISHED_COLUMNS: dict[str, tuple[str, ...]] = {
    "fct_contacts": (
        "contact_key", "source_system", "contact_id", "started_at_local", "contact_date",
        "week_start", "channel", "queue", "wrap_up_code", "outcome", "handle_seconds",
        "wait_seconds", "topic_id", "topic_source", "topic_confidence", "model_version",
        "is_repeat_contact", "is_avoidable", "is_vulnerable",
    ),
    "dim_topics": (
        "topic_id", "topic_name", "service_area", "lgsl_code", "description", "is_safeguarding",
    ),
    "topic_weekly_trends": (
        "week_start", "topic_id", "topic_name", "channel", "contacts", "share_of_week",
        "median_handle_seconds", "p90_handle_seconds", "first_contact_resolution_rate",
        "transfer_rate", "escalation_rate", "repeat_contact_rate", "avoidable_contact_rate",
        "contacts_last_week", "change_vs_last_week", "baseline_contacts", "z_score",
        "is_partial_week", "trend_flag", "trend_explanation", "working_days", "is_short_week",
        "same_week_last_year_contacts", "last_year_ratio",
    ),
    "automation_candidates": (
        "topic_id", "topic_name", "service_area", "topic_nature", "window_start", "window_end",
        "contacts", "weekly_average_contacts", "avoidable_contacts", "avoidable_contact_rate",
        "median_handle_seconds", "mean_handle_seconds", "first_contact_resolution_rate",
        "volume_score", "repetitiveness_score", "simplicity_score", "resolvability_score",
        "nature_score", "automation_score", "candidate_rank", "is_excluded", "exclusion_reason",
        "agent_hours_per_year", "cost_per_year", "rationale", "representative_phrasings",
    ),
    "emerging_topics": (
        "week_start", "cluster_id", "label", "contacts", "share_of_unclassified",
        "first_seen_week", "weeks_seen", "contacts_last_week", "baseline_contacts",
        "growth_vs_baseline", "status", "cohesion", "representative_phrasings",
    ),
}  # fmt: skip
"""Published tables and their columns in order, as in docs/architecture.md."""


@dataclass(frozen=True)
class CheckpointSpec:
    suites: tuple[str, ...]
    result_format: dict[str, Any]


CHECKPOINTS: dict[str, CheckpointSpec] = {
    # raw.contacts holds redacted text and pseudonyms: results keep counts, never sample values.
    RAW_CHECKPOINT: CheckpointSpec(
        (RAW_CHECKPOINT,), {"result_format": "BASIC", "partial_unexpected_count": 0}
    ),
    # published tables hold no personal data: up to 5 failing values help to find the fault.
    PUBLISHED_CHECKPOINT: CheckpointSpec(
        (PUBLISHED_CATALOGUE, *PUBLISHED_COLUMNS),
        {"result_format": "BASIC", "partial_unexpected_count": 5},
    ),
}


def _not_null(*columns: str) -> list[Expectation]:
    import great_expectations.expectations as gxe

    return [gxe.ExpectColumnValuesToNotBeNull(column=column) for column in columns]


def _at_least_zero(*columns: str) -> list[Expectation]:
    import great_expectations.expectations as gxe

    return [gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0) for column in columns]


def _fraction(*columns: str) -> list[Expectation]:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=1)
        for column in columns
    ]


def _raw_contacts() -> list[Expectation]:
    import great_expectations.expectations as gxe

    redaction = [
        gxe.ExpectColumnValuesToNotMatchRegex(
            column="text_redacted", regex=regex, description=f"no {kind} left after redaction"
        )
        for kind, regex in PERSONAL_DATA_PATTERNS.items()
    ]
    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1, description="the run stored rows"),
        *_not_null("source_system", "contact_id", "started_at", "channel"),
        gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=list(CHANNELS)),
        gxe.ExpectColumnValuesToBeInSet(column="outcome", value_set=list(OUTCOMES)),
        *_at_least_zero("handle_seconds", "wait_seconds", "redaction_count"),
        *[
            gxe.ExpectColumnValuesToBeBetween(
                column=column,
                min_value={"$PARAMETER": WINDOW_START},
                max_value={"$PARAMETER": WINDOW_END},
                strict_max=True,
                description="inside the plausible contact-date window (ingest rejects the rest)",
            )
            for column in ("started_at", "ended_at", "updated_at")
        ],
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="ended_at",
            column_B="started_at",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            description="a contact ends at or after it starts",
        ),
        *redaction,
        gxe.ExpectColumnValuesToMatchRegex(
            column="caller_pseudonym",
            regex=r"^[0-9a-f]{64}$",
            description="caller ids are stored only as HMAC-SHA256 hex",
        ),
    ]


def _published_columns() -> list[Expectation]:
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    text_table, text_column = PUBLISHED_TEXT_COLUMN
    return [
        gxe.ExpectColumnDistinctValuesToContainSet(
            column="table_name",
            value_set=list(PUBLISHED_COLUMNS),
            description="every published table exists",
        ),
        gxe.ExpectColumnValuesToNotMatchRegex(
            column="column_name",
            regex=PERSONAL_COLUMN_NAMES,
            row_condition=Column("column_name") != text_column,
            description="no published column can hold text, caller ids or contact details "
            f"(except {text_column} in {' and '.join(PUBLISHED_TEXT_TABLES)})",
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="table_name",
            value_set=list(PUBLISHED_TEXT_TABLES),
            row_condition=Column("column_name") == text_column,
            description="redacted example phrasings are published only in "
            + " and ".join(PUBLISHED_TEXT_TABLES),
        ),
    ]


def _fct_contacts_suite(columns: Expectation) -> list[Expectation]:
    """The published ``fct_contacts`` table."""
    import great_expectations.expectations as gxe

    return [
        columns,
        gxe.ExpectColumnValuesToBeUnique(column="contact_key"),
        *_not_null("contact_key", "week_start", "topic_id", "is_repeat_contact"),
        *_not_null("topic_source", "is_avoidable"),
        gxe.ExpectColumnValuesToBeInSet(column="topic_source", value_set=list(TOPIC_SOURCES)),
        gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=list(CHANNELS)),
        gxe.ExpectColumnValuesToBeInSet(column="outcome", value_set=list(OUTCOMES)),
        *_at_least_zero("handle_seconds", "wait_seconds"),
        *_fraction("topic_confidence"),
    ]


def _dim_topics_suite(columns: Expectation) -> list[Expectation]:
    """The published ``dim_topics`` table."""
    import great_expectations.expectations as gxe

    return [
        columns,
        gxe.ExpectColumnValuesToBeUnique(column="topic_id"),
        *_not_null("topic_id", "is_safeguarding"),
        gxe.ExpectColumnDistinctValuesToContainSet(column="topic_id", value_set=["unclassified"]),
    ]


def _topic_weekly_trends_suite(columns: Expectation) -> list[Expectation]:
    """The published ``topic_weekly_trends`` table."""
    import great_expectations.expectations as gxe

    return [
        columns,
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["week_start", "topic_id", "channel"]),
        *_not_null("week_start", "topic_id", "channel", "contacts"),
        gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=["all", *CHANNELS]),
        *_at_least_zero("contacts", "contacts_last_week", "baseline_contacts"),
        *_at_least_zero("median_handle_seconds", "p90_handle_seconds"),
        *_fraction("share_of_week", "first_contact_resolution_rate", "transfer_rate"),
        *_fraction("escalation_rate", "repeat_contact_rate", "avoidable_contact_rate"),
        gxe.ExpectColumnValuesToBeInSet(column="trend_flag", value_set=list(TREND_FLAGS)),
    ]


def _automation_candidates_suite(columns: Expectation) -> list[Expectation]:
    """The published ``automation_candidates`` table."""
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    ranked = Column("is_excluded") == False  # noqa: E712 (a GE condition, not a comparison)
    excluded = Column("is_excluded") == True  # noqa: E712
    return [
        columns,
        gxe.ExpectColumnValuesToBeUnique(column="topic_id"),
        *_not_null("topic_id", "is_excluded", "automation_score", "cost_per_year"),
        gxe.ExpectColumnValuesToBeInSet(column="topic_nature", value_set=list(TOPIC_NATURES)),
        *_at_least_zero("contacts", "weekly_average_contacts", "median_handle_seconds"),
        *_at_least_zero("avoidable_contacts", "mean_handle_seconds"),
        *_at_least_zero("agent_hours_per_year", "cost_per_year"),
        *_fraction("first_contact_resolution_rate", "avoidable_contact_rate"),
        *_fraction("volume_score", "repetitiveness_score", "simplicity_score"),
        *_fraction("resolvability_score", "nature_score"),
        gxe.ExpectColumnValuesToBeBetween(column="automation_score", min_value=0, max_value=100),
        gxe.ExpectColumnValuesToBeNull(
            column="representative_phrasings",
            row_condition=excluded,
            description="no example phrasings for excluded (e.g. safeguarding) topics",
        ),
        gxe.ExpectColumnValuesToBeUnique(column="candidate_rank", row_condition=ranked),
        gxe.ExpectColumnValuesToNotBeNull(column="candidate_rank", row_condition=ranked),
        gxe.ExpectColumnValuesToBeBetween(column="candidate_rank", min_value=1),
        gxe.ExpectColumnValuesToBeNull(column="candidate_rank", row_condition=excluded),
        gxe.ExpectColumnValuesToNotBeNull(column="exclusion_reason", row_condition=excluded),
    ]


def _emerging_topics_suite(columns: Expectation) -> list[Expectation]:
    """The published ``emerging_topics`` table."""
    import great_expectations.expectations as gxe

    return [
        columns,
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["week_start", "cluster_id"]),
        *_not_null("week_start", "cluster_id", "label", "contacts", "status"),
        *_not_null("first_seen_week", "weeks_seen", "contacts_last_week"),
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=list(EMERGING_STATUSES)),
        gxe.ExpectColumnValuesToBeBetween(column="contacts", min_value=1),
        *_at_least_zero("contacts_last_week", "baseline_contacts", "growth_vs_baseline"),
        *_fraction("share_of_unclassified"),
        gxe.ExpectColumnValuesToBeBetween(column="cohesion", min_value=-1, max_value=1),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="week_start",
            column_B="first_seen_week",
            or_equal=True,
            description="a theme is reported from the week it was first seen",
        ),
    ]


_PUBLISHED_SUITES = {
    "fct_contacts": _fct_contacts_suite,
    "dim_topics": _dim_topics_suite,
    "topic_weekly_trends": _topic_weekly_trends_suite,
    "automation_candidates": _automation_candidates_suite,
    "emerging_topics": _emerging_topics_suite,
}


def _published_table(table: str) -> list[Expectation]:
    """Exact columns in order, then the table's own expectations."""
    import great_expectations.expectations as gxe

    if table not in _PUBLISHED_SUITES:
        raise KeyError(f"no suite defined for published table {table!r}")
    columns = gxe.ExpectTableColumnsToMatchOrderedList(column_list=list(PUBLISHED_COLUMNS[table]))
    return _PUBLISHED_SUITES[table](columns)


def build_suite(name: str) -> list[Expectation]:
    """The expectations of the suite called ``name`` (a checkpoint's suite names)."""
    if name == RAW_CHECKPOINT:
        return _raw_contacts()
    if name == PUBLISHED_CATALOGUE:
        return _published_columns()
    return _published_table(name)
