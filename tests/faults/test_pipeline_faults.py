"""The whole pipeline on data full of personal data and awkward rows: nothing leaks, nothing is
lost, clock changes give the right weeks, and a failing dbt model publishes nothing new.

One real run (generator data plus a file of dense personal data, duplicates, a correction, a
disclosure and contacts at both clock changes) is shared by the tests in this module.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import polars as pl
import pytest

from pipelines import steps
from pipelines.dbt_runner import DbtError, run_dbt
from pipelines.generator import generate
from pipelines.settings import Settings
from tests.faults.conftest import call, write_csv

pytestmark = pytest.mark.slow
SECRET = "run-key-7f3a-never-in-logs"

# Every identifier type, in values that occur nowhere else (lower case, as searched).
PLANTED = {
    "07700 900982": "phone",
    "07700900982": "phone, normalised",
    "+44 20 7946 0321": "phone",
    "winifred.osei@example.org": "email",
    "ls6 3hn": "postcode",
    "pr123456c": "national insurance number",
    "943 476 5919": "NHS number",
    "4111 1111 1111 1111": "card",
    "20-45-77": "sort code",
    "41234567": "account number",
    "14/02/1957": "date of birth",
    "kx19 plm": "vehicle registration",
    "cas-778812": "council reference",
    "winifred": "name",
    "okonkwo": "name",
    "larkspur": "street",
}
FLAGGED_TEXT = "zebra crossing by the chapel"  # may be stored redacted, never published
DENSE_TEXTS = [
    "my name is Winifred Osei, call 07700 900982 or +44 20 7946 0321, "
    "email winifred.osei@example.org",
    "Mrs Adaeze Okonkwo at 14 Larkspur Road, LS6 3HN, NI PR123456C, NHS number 943 476 5919",
    "card 4111 1111 1111 1111, sort code 20-45-77 account number 41234567",
    "date of birth 14/02/1957, car KX19 PLM, case ref CAS-778812",
]


@dataclass
class Run:
    settings: Settings
    logs: str


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def _awkward_rows() -> list[dict[str, str]]:
    cli = {"CLI": "07700 900982"}
    rows = [call(f"PII-{n}", Agent_Notes=text, **cli) for n, text in enumerate(DENSE_TEXTS)]
    rows += [
        call("DUP-1", **cli),
        call("DUP-1", Disposition="Warm Transfer", Last_Modified="20/03/2026 12:00:00", **cli),
        call(
            "VULN-1",
            Agent_Notes=f"my neighbour says she wants to end it, {FLAGGED_TEXT}",
        ),
        call("DST-SPRING", Start_Time="29/03/2026 01:30:00", End_Time="29/03/2026 03:10:00"),
        call("DST-AUTUMN", Start_Time="25/10/2026 01:50:00", End_Time="25/10/2026 01:10:00"),
    ]
    for row in rows:
        row["Handle Time (s)"] = ""
        if not row["Start Time"].startswith(("29/03", "25/10")):
            row["Start Time"], row["End Time"] = "18/03/2026 10:00:00", "18/03/2026 10:06:00"
    return rows


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    root = tmp_path_factory.mktemp("faults_run")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONTACT_TOPICS_PSEUDONYM_KEY", SECRET)
        settings = Settings.from_env(workdir=root / "work")
        settings.ensure_dirs()
        generate(
            settings.landing_dir,
            weeks=3,
            per_week=250,
            seed=5,
            start=date(2026, 3, 16),
            truth_dir=root / "ground_truth",
        )
        write_csv(settings.landing_dir / "telephony_faults.csv", _awkward_rows())
        collect = _Collect()
        collect.setFormatter(logging.Formatter("%(name)s %(message)s"))
        logging.getLogger().addHandler(collect)
        previous = logging.getLogger().level
        logging.getLogger().setLevel(logging.DEBUG)
        try:
            steps.run_pipeline(settings)
        finally:
            logging.getLogger().removeHandler(collect)
            logging.getLogger().setLevel(previous)
        yield Run(settings, "\n".join(collect.lines))


def _warehouse(run: Run) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(run.settings.warehouse_path), read_only=True)


def _everything_stored(run: Run) -> dict[str, str]:
    """Every stored table in the warehouse (views only re-read these), and every file under
    published/ and models/, as lower-case text."""
    found: dict[str, str] = {}
    con = _warehouse(run)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() and table_type = 'BASE TABLE'"
        ).fetchall()
        for schema, table in tables:
            values = con.execute(f'select * from "{schema}"."{table}"').fetchall()
            found[f"{schema}.{table}"] = "\n".join(map(str, values)).lower()
    finally:
        con.close()
    for folder in (run.settings.published_dir, run.settings.models_dir):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path.suffix == ".parquet":
                found[str(path)] = str(pl.read_parquet(path).rows()).lower()
            else:
                found[str(path)] = path.read_bytes().decode("latin-1").lower()
    return found


def test_no_personal_data_in_any_table_or_published_file(run: Run) -> None:
    stored = _everything_stored(run)
    truth = pl.read_csv(
        run.settings.workdir.parent / "ground_truth" / "personal_data.csv", infer_schema=False
    )
    generated = {
        value.lower(): kind
        for value, kind in truth.select("value", "kind").iter_rows()
        if value and len(value) >= 6
    }
    planted = {**generated, **PLANTED}
    assert len(stored) > 10 and len(planted) > 30
    assert any(name.startswith("published.") for name in stored)
    leaks = [
        (where, value, kind)
        for where, text in stored.items()
        for value, kind in planted.items()
        if value in text
    ]
    assert not leaks, f"personal data stored: {leaks[:10]}"
    published = [
        where
        for where, text in stored.items()
        if (where.startswith("published.") or "/published/" in where) and FLAGGED_TEXT in text
    ]
    assert not published, f"a flagged contact's text was published: {published}"
    assert FLAGGED_TEXT in stored["raw.contacts"]  # the search itself works


def test_the_key_is_not_logged(run: Run) -> None:
    assert "ingest" in run.logs and SECRET not in run.logs


def test_duplicates_and_corrections_leave_one_latest_row(run: Run) -> None:
    con = _warehouse(run)
    try:
        raw = con.execute("select count(*) from raw.contacts where contact_id = 'DUP-1'").fetchone()
        published = con.execute(
            "select outcome from published.fct_contacts where contact_key = 'telephony:DUP-1'"
        ).fetchall()
        read, stored, rejected = con.execute(
            "select sum(rows_read), sum(rows_stored), sum(rows_rejected) from raw.ingest_manifest"
        ).fetchone()
        contacts, rejects = con.execute(
            "select (select count(*) from raw.contacts), (select count(*) from raw.rejected_rows)"
        ).fetchone()
    finally:
        con.close()
    assert raw == (2,) and published == [("transferred",)]
    assert read == stored + rejected and (stored, rejected) == (contacts, rejects)


def test_clock_changes_give_the_right_local_time_and_week(run: Run) -> None:
    con = _warehouse(run)
    try:
        facts = con.execute("""
            select contact_id, strftime(started_at_local, '%Y-%m-%d %H:%M'), week_start,
                   handle_seconds
            from published.fct_contacts where contact_id like 'DST-%' order by contact_id
        """).fetchall()
        weeks = [
            row[0]
            for row in con.execute(
                "select distinct week_start from published.topic_weekly_trends order by 1"
            ).fetchall()
        ]
    finally:
        con.close()
    assert facts == [
        ("DST-AUTUMN", "2026-10-25 01:50", date(2026, 10, 19), 1200),
        ("DST-SPRING", "2026-03-29 02:30", date(2026, 3, 23), 2400),
    ]
    assert all(week.isoweekday() == 1 for week in weeks)
    assert [b - a for a, b in zip(weeks, weeks[1:], strict=False)] == [timedelta(days=7)] * (
        len(weeks) - 1
    ), "weeks missing or of the wrong length"
    assert date(2026, 3, 23) in weeks and date(2026, 10, 19) in weeks


def test_flagged_contacts_are_kept_out_of_automation_numerators(run: Run) -> None:
    con = _warehouse(run)
    try:
        flagged = con.execute(
            "select is_vulnerable from published.fct_contacts where contact_id = 'VULN-1'"
        ).fetchall()
        mismatched = con.execute("""
            select candidates.topic_id, candidates.contacts, count(facts.contact_key)
            from published.automation_candidates as candidates
            left join published.fct_contacts as facts
                on facts.topic_id = candidates.topic_id and not facts.is_vulnerable
                and facts.week_start between candidates.window_start and candidates.window_end
            group by all
            having candidates.contacts <> count(facts.contact_key)
        """).fetchall()
        vulnerable = con.execute(
            "select count(*) from published.fct_contacts where is_vulnerable"
        ).fetchone()[0]
    finally:
        con.close()
    assert flagged == [(True,)]
    assert vulnerable > 1
    assert not mismatched, f"automation counts include flagged contacts: {mismatched}"


def test_bi_reader_of_the_published_copy_does_not_block_the_pipeline(run: Run) -> None:
    copy = run.settings.published_dir / "contact_topics.duckdb"
    if not copy.exists():
        pytest.skip("no published/contact_topics.duckdb copy yet (issue 4 adds it)")
    reader = duckdb.connect(str(copy), read_only=True)
    try:
        query = "select count(*) from published.fct_contacts"
        before = reader.execute(query).fetchone()[0]
        steps.publish_week(run.settings)  # replaces the copy while the reader holds it
        assert reader.execute(query).fetchone()[0] == before > 0
    finally:
        reader.close()
    fresh = duckdb.connect(str(copy), read_only=True)
    try:
        assert fresh.execute(query).fetchone()[0] == before
    finally:
        fresh.close()


def test_failing_dbt_model_mid_run_publishes_nothing(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs last: it leaves the warehouse's marts as the failed run left them.

    The fault goes in at the first dbt step, so the run fails fast; what is published does not
    depend on which dbt step fails.
    """
    before = {p.name: p.read_bytes() for p in run.settings.published_dir.rglob("*") if p.is_file()}
    assert before

    def failing_marts(settings: Settings) -> None:
        run_dbt(settings, "build", select="intermediate marts", vars={"as_of_date": "not-a-date"})

    monkeypatch.setenv("CONTACT_TOPICS_PSEUDONYM_KEY", SECRET)
    monkeypatch.setattr(steps, "build_staging", failing_marts)
    with pytest.raises(DbtError):
        steps.run_pipeline(run.settings)
    after = {p.name: p.read_bytes() for p in run.settings.published_dir.rglob("*") if p.is_file()}
    assert after == before
