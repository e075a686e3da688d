"""Publishing: the DuckDB copy, the week's folders, Excel-safe CSV, public files, the CLI."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.publish.files import excel_safe, write_table_files
from pipelines.publish.guard import (
    FREE_TEXT_COLUMNS,
    PublicFileError,
    check_public_frame,
    public_frame,
)
from pipelines.publish.outputs import PUBLISHED_TABLES, last_complete_week_in_data, publish
from pipelines.settings import Settings
from tests.pipelines.published_tables import FORMULA_NAME, WEEKS, write_warehouse


@pytest.fixture
def published(settings: Settings) -> Settings:
    write_warehouse(settings.warehouse_path)
    return settings


def read_csv_cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_excel_safe_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "text": ["=1+1", "+44 20", "-5", "@SUM(A1)", "\tx", "\rx", "fine", None, "a=b"],
            "number": [-5, 1, 2, 3, 4, 5, 6, 7, 8],
        }
    )
    safe = excel_safe(frame)
    assert safe["text"].to_list() == [
        "'=1+1",
        "'+44 20",
        "'-5",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "fine",
        None,
        "a=b",
    ]
    assert safe["number"].to_list() == frame["number"].to_list()
    write_table_files(frame, tmp_path, "t")
    cells = read_csv_cells(tmp_path / "t.csv")
    assert cells[0] == {"text": "'=1+1", "number": "-5"}
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert pl.read_parquet(tmp_path / "t.parquet").equals(frame)  # Parquet keeps the raw text
    lists = excel_safe(pl.DataFrame({"phrasings": [["=cmd|' /C calc'!A0", "fine"]]}))
    assert lists["phrasings"].to_list() == ["'=cmd|' /C calc'!A0; fine"]


def test_publish_writes_the_copy_the_week_and_latest(published: Settings) -> None:
    report = publish(published)
    out = published.published_dir
    assert report.week == WEEKS[1].isoformat()  # the last complete week (16 March is partial)
    assert report.week_dir == out / "weeks" / "2026-03-09"
    assert report.duckdb_copy == out / "contact_topics.duckdb"

    con = duckdb.connect(str(report.duckdb_copy), read_only=True)
    try:
        schemas = {
            row[0]
            for row in con.execute(
                "select distinct table_schema from information_schema.tables"
            ).fetchall()
        }
        assert schemas == {"published"}  # no raw, staging or ml data in the copy
        for table in PUBLISHED_TABLES:
            assert con.execute(f"select count(*) from published.{table}").fetchone()[0] > 0
    finally:
        con.close()

    for table in PUBLISHED_TABLES:
        internal = report.week_dir / "internal" / f"{table}.parquet"
        assert pl.read_parquet(internal).height == report.rows[table]
        assert (report.week_dir / "internal" / f"{table}.csv").exists()
        assert pl.read_parquet(out / f"{table}.parquet").height == report.rows[table]
    names = [r["topic_name"] for r in read_csv_cells(report.week_dir / "internal/dim_topics.csv")]
    assert "'" + FORMULA_NAME in names
    assert (report.week_dir / "report.html").exists() and report.report is not None
    latest = sorted(p.relative_to(out / "latest") for p in (out / "latest").rglob("*"))
    assert latest == sorted(p.relative_to(report.week_dir) for p in report.week_dir.rglob("*"))
    assert not [p for p in out.rglob("*") if ".tmp" in p.name or ".old" in p.name]


def test_public_files_are_suppressed_and_hold_no_contact_rows(published: Settings) -> None:
    report = publish(published)
    public = report.week_dir / "public"
    assert not (public / "fct_contacts.parquet").exists()
    assert {p.name for p in public.glob("*.parquet")} == {
        "dim_topics.parquet",
        "topic_weekly_trends.parquet",
        "automation_candidates.parquet",
    }
    trends = pl.read_parquet(public / "topic_weekly_trends.parquet")
    assert trends["contacts"].is_between(1, 9).sum() == 0
    assert trends["suppressed_columns"].null_count() < trends.height
    assert report.suppressed["topic_weekly_trends"] == (1, 3)
    internal = pl.read_parquet(report.week_dir / "internal" / "topic_weekly_trends.parquet")
    assert internal["contacts"].is_between(1, 9).sum() == 1  # internal files are not suppressed
    assert "suppressed_columns" not in internal.columns


def test_suppression_is_configurable(published: Settings) -> None:
    settings = replace(
        published,
        publish_public_files=False,
        publish_suppress_internal=True,
        publish_suppression_threshold=20,
    )
    report = publish(settings)
    assert not (report.week_dir / "public").exists()
    internal = pl.read_parquet(report.week_dir / "internal" / "topic_weekly_trends.parquet")
    assert internal["contacts"].is_between(1, 20).sum() == 0
    facts = pl.read_parquet(report.week_dir / "internal" / "fct_contacts.parquet")
    assert facts.height == 2  # tables without counts are left as they are


def test_a_second_run_replaces_the_files(published: Settings) -> None:
    first = publish(published)
    con = duckdb.connect(str(published.warehouse_path))
    con.execute("update published.dim_topics set topic_name = 'Renamed' where topic_id = 'bins'")
    con.close()
    second = publish(published)
    assert second.week_dir == first.week_dir
    for folder in (second.week_dir, published.published_dir / "latest"):
        names = pl.read_parquet(folder / "internal" / "dim_topics.parquet")["topic_name"]
        assert "Renamed" in names.to_list()
    copy = duckdb.connect(str(second.duckdb_copy), read_only=True)
    try:
        assert copy.execute(
            "select topic_name from published.dim_topics where topic_id = 'bins'"
        ).fetchone() == ("Renamed",)
    finally:
        copy.close()


def test_a_backfill_of_an_older_week_leaves_latest_on_the_newest(published: Settings) -> None:
    newest = publish(published)
    latest = published.published_dir / "latest" / "report.html"  # names its week
    before = latest.read_bytes()
    older = publish(published, week=WEEKS[0])
    assert older.week_dir == published.published_dir / "weeks" / WEEKS[0].isoformat()
    assert older.week_dir.is_dir() and newest.week_dir.is_dir()
    assert latest.read_bytes() == before
    assert publish(published).week_dir == newest.week_dir  # the newest again: latest follows


def test_reporting_week_falls_back_to_the_last_week(tmp_path: Path) -> None:
    path = write_warehouse(tmp_path / "w.duckdb")
    con = duckdb.connect(str(path))
    try:
        assert last_complete_week_in_data(con) == WEEKS[1]
        con.execute("update published.topic_weekly_trends set is_partial_week = true")
        assert last_complete_week_in_data(con) == WEEKS[2]
    finally:
        con.close()


def test_publish_command(published: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["publish", "--workdir", str(published.workdir)]) == 0
    printed = capsys.readouterr().out
    assert "contact_topics.duckdb" in printed and "report.html" in printed
    assert str(published.published_dir / "latest") in printed


def test_the_copy_opens_read_only_without_external_access(published: Settings) -> None:
    """The way docs/publishing.md tells BI tools to open the copy."""
    report = publish(published)
    con = duckdb.connect(
        str(report.duckdb_copy), read_only=True, config={"enable_external_access": False}
    )
    try:
        assert con.execute("select count(*) from published.dim_topics").fetchone() == (3,)
        with pytest.raises(duckdb.Error, match="(?i)external access|permission"):
            con.execute(f"select * from read_csv('{published.warehouse_path.parent}/x.csv')")
        with pytest.raises(duckdb.Error, match="(?i)read.only"):
            con.execute("create table published.mine as select 1 as x")
    finally:
        con.close()


def test_public_files_hold_no_free_text_columns(published: Settings) -> None:
    report = publish(published)
    public = report.week_dir / "public"
    for path in public.glob("*.parquet"):
        frame = pl.read_parquet(path)
        assert not FREE_TEXT_COLUMNS & set(frame.columns), path.name
        check_public_frame(path.stem, frame)
    for path in public.glob("*.csv"):
        header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert not FREE_TEXT_COLUMNS & set(header), path.name
    internal = pl.read_parquet(report.week_dir / "internal" / "automation_candidates.parquet")
    assert "representative_phrasings" in internal.columns  # internal files keep them


def test_the_guard_passes_a_good_frame() -> None:
    good = pl.DataFrame({"topic_name": ["Missed bin collection"], "contacts": [12]})
    assert public_frame("dim_topics", good).equals(good)


@pytest.mark.parametrize(
    "bad",
    [
        {"topic_name": ["Bins"], "representative_phrasings": ["where is my bin"]},
        {"topic_name": ["Mrs Tabitha Throckmorton 07700 900111"]},
        {"topic_name": ["call back re SW28 4PN"]},
        {"topic_name": ["Bins"], "trend_flag": ["I want to end my life"]},
    ],
)
def test_the_guard_fails_a_bad_frame(bad: dict[str, list[str]]) -> None:
    with pytest.raises(PublicFileError):
        check_public_frame("dim_topics", pl.DataFrame(bad))


def test_csv_copies_are_rounded_and_one_line_per_row(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "share_of_week": [0.030456852791878174, None],
            "transfer_rate": [1 / 3, 0.5],
            "automation_score": [81.54321, 12.0],
            "baseline_contacts": [2.25, 7.0],
            "contacts": [3, 4],
            "phrasings": ["line one\r\nline two\nthree", "a\u2028b"],
            "examples": [["x\ny", "=z"], []],
        }
    )
    write_table_files(frame, tmp_path, "t")
    cells = read_csv_cells(tmp_path / "t.csv")
    assert [c["share_of_week"] for c in cells] == ["0.03", ""]  # 3 places: 0.030
    assert cells[0]["transfer_rate"] == "0.333"
    assert cells[0]["automation_score"] == "81.5"
    assert cells[0]["baseline_contacts"] in ("2.2", "2.3")  # 1 place (banker's or half-up)
    assert cells[0]["contacts"] == "3"
    assert cells[0]["phrasings"] == "line one line two three"
    assert cells[1]["phrasings"] == "a b"
    assert cells[0]["examples"] == "x y; =z"
    assert len((tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()) == 3
    assert pl.read_parquet(tmp_path / "t.parquet").equals(frame)  # Parquet: full precision


def test_the_copy_keeps_comments_and_each_week_has_a_data_dictionary(published: Settings) -> None:
    with duckdb.connect(str(published.warehouse_path)) as con:
        con.execute("comment on table published.dim_topics is 'One row per topic.'")
        con.execute("comment on column published.dim_topics.topic_id is 'The topic''s id.'")
    report = publish(published)
    with duckdb.connect(str(report.duckdb_copy), read_only=True) as copy:
        assert copy.execute(
            "select comment from duckdb_tables() where table_name = 'dim_topics'"
        ).fetchone() == ("One row per topic.",)
        assert copy.execute(
            "select comment from duckdb_columns() "
            "where table_name = 'dim_topics' and column_name = 'topic_id'"
        ).fetchone() == ("The topic's id.",)
    dictionary = pl.read_csv(report.week_dir / "data_dictionary.csv")
    assert set(dictionary["table_name"]) == set(PUBLISHED_TABLES)
    topic_id = dictionary.filter(
        (pl.col("table_name") == "dim_topics") & (pl.col("column_name") == "topic_id")
    ).row(0, named=True)
    assert topic_id["description"] == "The topic's id."
    assert topic_id["in_public_files"] is True
    fct = dictionary.filter(pl.col("table_name") == "fct_contacts")
    assert fct.height > 0 and not fct["in_public_files"].any()  # no record-level public table
    rate = dictionary.filter(pl.col("column_name") == "share_of_week")["csv_decimal_places"]
    assert rate.to_list() == [3]
    markdown = (report.week_dir / "data_dictionary.md").read_text(encoding="utf-8")
    assert (
        "## dim_topics" in markdown
        and "| `topic_id` | VARCHAR | yes | The topic's id. |" in markdown
    )
    assert (published.published_dir / "latest" / "data_dictionary.md").exists()


def test_publish_chooses_the_last_week_ended_by_the_as_of_date(published: Settings) -> None:
    """``run --as-of-date`` reaches publish: a week not yet over on that date is not chosen."""
    assert publish(published, as_of=date(2026, 3, 16)).week == "2026-03-09"  # the Monday after
    assert publish(published, as_of=date(2026, 3, 15)).week == "2026-03-02"  # its Sunday: not yet
