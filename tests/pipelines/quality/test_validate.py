"""The Great Expectations checkpoints pass good data and fail, by name, on bad data.

Real DuckDB files, real Great Expectations: each broken table must fail the expectation that
guards it, which is what proves the checks can fail (GE on DuckDB through SQLAlchemy fails
silently; these run through pandas).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipelines.quality import suites as specs
from pipelines.quality.checkpoints import (
    DEFAULT_PROJECT_DIR,
    CheckpointFailed,
    ValidationReport,
    ensure_project,
    validate_published,
    validate_raw,
)
from pipelines.warehouse import connect

PSEUDONYM = "ab" * 32
NO_MATCH = "expect_column_values_to_not_match_regex"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the committed GE project (so runs write their results outside the repo)."""
    root = tmp_path_factory.mktemp("gx_project")
    shutil.copytree(
        DEFAULT_PROJECT_DIR / "gx", root / "gx", ignore=shutil.ignore_patterns("uncommitted")
    )
    assert ensure_project(root) == []  # the committed project is complete
    return root


def _insert_contacts(con: duckdb.DuckDBPyConnection, rows: list[dict[str, object]]) -> None:
    for number, overrides in enumerate(rows, start=1):
        row: dict[str, object] = {
            "source_system": "telephony",
            "contact_id": f"C{number}",
            "started_at": "2026-03-02 09:00:00+00",
            "ended_at": "2026-03-02 09:05:00+00",
            "handle_seconds": 300,
            "wait_seconds": 20,
            "channel": "phone",
            "queue": "Council tax",
            "wrap_up_code": "CT - Bill query",
            "outcome": "resolved",
            "caller_pseudonym": PSEUDONYM,
            "text_redacted": "[NAME] asked about the bill, emailed [EMAIL], lives at [POSTCODE]",
            "redaction_count": 3,
            "vulnerability_flag": False,
            "updated_at": None,
            "ingest_file_id": "file-a",
            "source_row_number": number,
            "ingested_at": "2026-03-09 06:00:00+00",
        }
        row.update(overrides)
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        con.execute(f"insert into raw.contacts ({columns}) values ({marks})", list(row.values()))


GOOD_CONTACTS: list[dict[str, object]] = [
    {},
    {"channel": "webchat", "outcome": "transferred", "caller_pseudonym": None},
    {"ended_at": None, "handle_seconds": None, "wait_seconds": None, "text_redacted": None},
    {"contact_id": "C1", "updated_at": "2026-03-03 10:00:00+00"},  # a later version: allowed
    {"text_redacted": "Phone 0800 and a B12 bus; NI letter; flat 4b 2nd floor, call back at 3pm"},
]

PUBLISHED_DDL = """
create schema if not exists published;
create or replace table published.fct_contacts as select
  'telephony:C1' as contact_key, 'telephony' as source_system, 'C1' as contact_id,
  timestamp '2026-03-02 09:00:00' as started_at_local, date '2026-03-02' as contact_date,
  date '2026-03-02' as week_start, 'phone' as channel, 'Council tax' as queue,
  'CT - Bill query' as wrap_up_code, 'resolved' as outcome, 300 as handle_seconds,
  20 as wait_seconds, 'council_tax_bill' as topic_id, 'model' as topic_source,
  0.91::double as topic_confidence, 'v1' as model_version, false as is_repeat_contact,
  false as is_avoidable, false as is_vulnerable;
create or replace table published.dim_topics as select * from (values
  ('council_tax_bill', 'Council tax bills', 'Revenues', 62, 'Bills', false),
  ('unclassified', 'Unclassified', 'None', null::integer, 'Not placed', false)
) t(topic_id, topic_name, service_area, lgsl_code, description, is_safeguarding);
create or replace table published.topic_weekly_trends as select *,
  5 as working_days, false as is_short_week, null::integer as same_week_last_year_contacts,
  null::double as last_year_ratio from (values
  (date '2026-03-02', 'council_tax_bill', 'Council tax bills', 'phone', 12, 0.75, 300.0, 540.0,
   0.8, 0.1, 0.05, 0.2, 0.1, 10, 2, 9.5, 1.1, false, 'steady',
   '12 contacts against a usual 9.5 a week (median of the 8 complete weeks before); 1.3x.'),
  (date '2026-03-02', 'council_tax_bill', 'Council tax bills', 'all', 12, 0.6, 300.0, 540.0,
   0.8, 0.1, 0.05, 0.2, 0.1, 10, 2, 9.5, 1.1, false, 'steady',
   '12 contacts against a usual 9.5 a week (median of the 8 complete weeks before); 1.3x.'),
  (date '2026-03-02', 'unclassified', 'Unclassified', 'all', 0, 0.0, null, null,
   null, null, null, null, null, 0, 0, 0.0, null, false, 'insufficient_history',
   '0 contacts; too little history to judge a trend (2 of the 4 complete weeks needed).')
) t(week_start, topic_id, topic_name, channel, contacts, share_of_week, median_handle_seconds,
    p90_handle_seconds, first_contact_resolution_rate, transfer_rate, escalation_rate,
    repeat_contact_rate, avoidable_contact_rate, contacts_last_week, change_vs_last_week,
    baseline_contacts, z_score, is_partial_week, trend_flag, trend_explanation);
create or replace table published.automation_candidates as select * from (values
  ('council_tax_bill', 'Council tax bills', 'Revenues', 'transaction', date '2025-12-08',
   date '2026-03-01', 120, 10.0, 12, 0.1, 300.0, 320.0, 0.8, 0.7, 0.6, 0.5, 0.8, 0.8,
   65.0::double, 1, false, null, 520.0, 1200.0, 'Frequent and simple.',
   'how much is my bill | pay my bill'),
  ('bin_collection', 'Bins', 'Waste', 'information', date '2025-12-08', date '2026-03-01', 90,
   7.5, 0, 0.0, 200.0, 210.0, 0.9, 0.5, 0.7, 0.6, 0.9, 1.0, 60.0, 2, false, null, 260.0,
   800.0, 'Repetitive.', 'when is my bin day'),
  ('adult_safeguarding', 'Adult safeguarding', 'Adult care', 'safeguarding',
   date '2025-12-08', date '2026-03-01', 30, 2.5, 0, 0.0, 900.0, 900.0, 0.2, 0.2, 0.1, 0.1,
   0.1, 0.0, 10.0, null, true, 'safeguarding topic', 150.0, 300.0, 'Excluded: safeguarding.',
   null)
) t(topic_id, topic_name, service_area, topic_nature, window_start, window_end, contacts,
    weekly_average_contacts, avoidable_contacts, avoidable_contact_rate, median_handle_seconds,
    mean_handle_seconds, first_contact_resolution_rate, volume_score, repetitiveness_score,
    simplicity_score, resolvability_score, nature_score, automation_score, candidate_rank,
    is_excluded, exclusion_reason, agent_hours_per_year, cost_per_year, rationale,
    representative_phrasings);
create or replace table published.emerging_topics as select * from (values
  (date '2026-03-02', 'E0001', 'food, caddy, liners', 12, 0.2, date '2026-03-02', 1, 0,
   null::double, null::double, 'new', 0.61, 'where do i get liners for the food caddy')
) t(week_start, cluster_id, label, contacts, share_of_unclassified, first_seen_week,
    weeks_seen, contacts_last_week, baseline_contacts, growth_vs_baseline, status, cohesion,
    representative_phrasings);
"""


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(tmp_path / "w.duckdb")
    _insert_contacts(con, GOOD_CONTACTS)
    con.execute(PUBLISHED_DDL)
    yield con
    con.close()


def _failed(report: ValidationReport) -> set[tuple[str, str, str | None]]:
    return {(o.suite, o.expectation_type, o.column) for o in report.failed}


# --- raw_contacts -------------------------------------------------------------------------------


def test_good_raw_contacts_pass(warehouse: duckdb.DuckDBPyConnection, project: Path) -> None:
    report = validate_raw(warehouse, project_dir=project)
    assert report.success, report.summary()
    assert report.checkpoint == "raw_contacts"
    assert report.rows_checked == {"raw.contacts": len(GOOD_CONTACTS)}
    assert len(report.results) == len(specs.build_suite("raw_contacts"))
    report.raise_for_failure()  # does not raise


@pytest.mark.parametrize(
    ("bad_row", "failing"),
    [
        ({"text_redacted": "reply to jo.bloggs@example.org"}, (NO_MATCH, "text_redacted")),
        ({"text_redacted": "ring me on 07700 900123"}, (NO_MATCH, "text_redacted")),
        ({"text_redacted": "I live at SW1A 1AA"}, (NO_MATCH, "text_redacted")),
        ({"text_redacted": "NI number AB 12 34 56 C"}, (NO_MATCH, "text_redacted")),
        ({"text_redacted": "NI number QQ 12 34 56 C"}, None),  # QQ is not a valid prefix
        ({"handle_seconds": -5}, ("expect_column_values_to_be_between", "handle_seconds")),
        ({"channel": "telephone"}, ("expect_column_values_to_be_in_set", "channel")),
        ({"outcome": "sorted"}, ("expect_column_values_to_be_in_set", "outcome")),
        (
            {"ended_at": "2026-03-02 08:00:00+00"},
            ("expect_column_pair_values_a_to_be_greater_than_b", "ended_at, started_at"),
        ),
        (
            {"caller_pseudonym": "07700900123"},
            ("expect_column_values_to_match_regex", "caller_pseudonym"),
        ),
    ],
)
def test_bad_raw_row_fails_its_expectation(
    warehouse: duckdb.DuckDBPyConnection,
    project: Path,
    bad_row: dict[str, object],
    failing: tuple[str, str] | None,
) -> None:
    _insert_contacts(warehouse, [{"contact_id": "BAD", "ingest_file_id": "file-b", **bad_row}])
    report = validate_raw(warehouse, project_dir=project)
    if failing is None:
        assert report.success, report.summary()
        return
    assert _failed(report) == {("raw_contacts", *failing)}
    # counts only: the personal data itself never reaches the report or the error message
    with pytest.raises(CheckpointFailed) as caught:
        report.raise_for_failure()
    message = str(caught.value)
    assert message.startswith("checkpoint 'raw_contacts' failed: raw_contacts: ")
    assert f"{failing[0]}({failing[1]}) 1 of " in message
    for value in bad_row.values():
        assert str(value) not in message


RESIDENT_TEXTS = [
    "Email me at jo.bloggs@example.org, my mobile is 07700 900123",
    "call +44 (0)7700900123, I live at SW1A 1AA near m1 1ae",
    "NI number AB123456C, ref 07700900123, the A1 2nd exit",
]


def test_text_redacted_by_the_pipeline_passes_the_safety_net(tmp_path: Path, project: Path) -> None:
    """The safety net agrees with pipelines/privacy/redact.py: what it redacts, the net accepts."""
    from pipelines.privacy.redact import redact_texts

    con = connect(tmp_path / "r.duckdb")
    _insert_contacts(con, [{"text_redacted": text} for text in RESIDENT_TEXTS])
    assert len(validate_raw(con, project_dir=project).failed) == len(specs.PERSONAL_DATA_PATTERNS)
    con.execute("delete from raw.contacts")
    _insert_contacts(con, [{"text_redacted": text} for text in redact_texts(RESIDENT_TEXTS)])
    report = validate_raw(con, project_dir=project)
    con.close()
    assert report.success, report.summary()


def test_where_limits_the_check_to_the_new_file(
    warehouse: duckdb.DuckDBPyConnection, project: Path
) -> None:
    _insert_contacts(warehouse, [{"contact_id": "OLD", "channel": "fax", "ingest_file_id": "old"}])
    assert not validate_raw(warehouse, project_dir=project).success
    report = validate_raw(warehouse, where="ingest_file_id = 'file-a'", project_dir=project)
    assert report.success, report.summary()
    empty = validate_raw(warehouse, where="ingest_file_id = 'none'", project_dir=project)
    assert _failed(empty) == {("raw_contacts", "expect_table_row_count_to_be_between", None)}


def test_large_tables_are_sampled_and_the_report_says_so(
    warehouse: duckdb.DuckDBPyConnection, project: Path
) -> None:
    report = validate_raw(warehouse, project_dir=project, sample_limit=3)
    assert report.rows_checked == {"raw.contacts": 3}
    assert report.note is not None and "sample of 3" in report.note


# --- published ----------------------------------------------------------------------------------


def test_good_published_tables_pass(warehouse: duckdb.DuckDBPyConnection, project: Path) -> None:
    report = validate_published(warehouse, project_dir=project)
    assert report.success, report.summary()
    assert set(report.rows_checked) == {"published_columns", *specs.PUBLISHED_COLUMNS}
    assert {o.suite for o in report.results} == set(report.rows_checked)


@pytest.mark.parametrize(
    ("breakage", "failing"),
    [
        (
            "update published.topic_weekly_trends set share_of_week = 1.5 where channel = 'all'",
            ("topic_weekly_trends", "expect_column_values_to_be_between", "share_of_week"),
        ),
        (
            "insert into published.topic_weekly_trends select * from published.topic_weekly_trends "
            "where channel = 'phone'",
            (
                "topic_weekly_trends",
                "expect_compound_columns_to_be_unique",
                "week_start, topic_id, channel",
            ),
        ),
        (
            "update published.topic_weekly_trends set trend_flag = 'booming' where channel = 'all'",
            ("topic_weekly_trends", "expect_column_values_to_be_in_set", "trend_flag"),
        ),
        (
            "update published.automation_candidates set candidate_rank = 1",
            ("automation_candidates", "expect_column_values_to_be_unique", "candidate_rank"),
        ),
        (
            "update published.fct_contacts set handle_seconds = -1",
            ("fct_contacts", "expect_column_values_to_be_between", "handle_seconds"),
        ),
        (
            "alter table published.dim_topics rename column topic_name to name",
            ("dim_topics", "expect_table_columns_to_match_ordered_list", None),
        ),
        (
            "update published.automation_candidates set automation_score = 101",
            ("automation_candidates", "expect_column_values_to_be_between", "automation_score"),
        ),
        (
            "update published.automation_candidates set representative_phrasings = 'help' "
            "where is_excluded",
            (
                "automation_candidates",
                "expect_column_values_to_be_null",
                "representative_phrasings",
            ),
        ),
        (
            "alter table published.topic_weekly_trends add column representative_phrasings varchar",
            ("published_columns", "expect_column_values_to_be_in_set", "table_name"),
        ),
        (
            "alter table published.dim_topics add column example_phrasing varchar",
            ("published_columns", "expect_column_values_to_not_match_regex", "column_name"),
        ),
    ],
)
def test_broken_published_table_fails_its_expectation(
    warehouse: duckdb.DuckDBPyConnection,
    project: Path,
    breakage: str,
    failing: tuple[str, str, str | None],
) -> None:
    warehouse.execute(breakage)
    report = validate_published(warehouse, project_dir=project)
    assert failing in _failed(report), report.summary()
    suite, expectation, column = failing
    with pytest.raises(
        CheckpointFailed, match=rf"checkpoint 'published' failed: .*{suite}: {expectation}"
    ):
        report.raise_for_failure()


def test_personal_data_column_in_a_published_table_fails(
    warehouse: duckdb.DuckDBPyConnection, project: Path
) -> None:
    warehouse.execute(
        "alter table published.fct_contacts add column caller_pseudonym varchar "
        f"default '{PSEUDONYM}'"
    )
    report = validate_published(warehouse, project_dir=project)
    assert _failed(report) == {
        ("published_columns", "expect_column_values_to_not_match_regex", "column_name"),
        ("fct_contacts", "expect_table_columns_to_match_ordered_list", None),
    }
    catalogue = next(o for o in report.failed if o.suite == "published_columns")
    assert "caller_pseudonym" in catalogue.observed  # the column's name, not its values
    assert PSEUDONYM not in str(CheckpointFailed(report))


def test_missing_published_table_fails(warehouse: duckdb.DuckDBPyConnection, project: Path) -> None:
    warehouse.execute("drop table published.automation_candidates")
    report = validate_published(warehouse, project_dir=project)
    assert _failed(report) == {
        ("published_columns", "expect_column_distinct_values_to_contain_set", "table_name")
    }
    assert "automation_candidates" not in report.rows_checked


# --- the project files ----------------------------------------------------------------------------


def _expectations_without_ids(suite_file: Path) -> list[str]:
    """A suite's expectations as sorted JSON strings, without the ids GE generates."""
    found = json.loads(suite_file.read_text())["expectations"]
    kept = [{k: v for k, v in e.items() if k not in ("id", "rendered_content")} for e in found]
    return sorted(json.dumps(e, sort_keys=True) for e in kept)


def test_committed_suites_match_the_code(tmp_path: Path, project: Path) -> None:
    """A fresh --init builds exactly the committed suites (so neither drifts from the other)."""
    created = ensure_project(tmp_path)
    assert "checkpoint raw_contacts" in created and "checkpoint published" in created
    assert ensure_project(tmp_path) == []
    for checkpoint, spec in specs.CHECKPOINTS.items():
        committed = json.loads((project / "gx" / "checkpoints" / f"{checkpoint}.json").read_text())
        assert [vd["name"] for vd in committed["validation_definitions"]] == list(spec.suites)
        assert committed["result_format"] == spec.result_format
        for suite in spec.suites:
            fresh = _expectations_without_ids(tmp_path / "gx" / "expectations" / f"{suite}.json")
            kept = _expectations_without_ids(project / "gx" / "expectations" / f"{suite}.json")
            assert fresh == kept, f"suite {suite} differs from pipelines/quality/suites.py"


def test_runs_do_not_rewrite_project_files(
    warehouse: duckdb.DuckDBPyConnection, project: Path
) -> None:
    before = {
        p: p.read_bytes()
        for p in (project / "gx").rglob("*")
        if p.is_file() and "uncommitted" not in p.parts
    }
    validate_raw(warehouse, project_dir=project)
    validate_published(warehouse, project_dir=project)
    after = {
        p: p.read_bytes()
        for p in (project / "gx").rglob("*")
        if p.is_file() and "uncommitted" not in p.parts
    }
    assert after == before


def test_large_published_tables_are_sampled(
    warehouse: duckdb.DuckDBPyConnection, project: Path
) -> None:
    report = validate_published(warehouse, project_dir=project, sample_limit=2)
    assert report.success, report.summary()
    assert report.rows_checked["topic_weekly_trends"] == 2
    assert report.note is not None and "published.topic_weekly_trends has 3 rows" in report.note
