"""The ``boston311`` preset on a slice of the real Boston 311 export, through the whole pipeline.

The slice is 1-21 July 2015 from ``../shared/data/boston311/boston311_2015_h2.csv`` (read where
it is, never copied into the repository): Wednesday 1 July to Tuesday 21 July, so in Boston's
own weeks the first (29 June) and last (20 July) weeks are partial and the two between are
complete. Topics come from the export's request types (``--topic-source wrap_up_code``).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.ingest.mapping import resolve_mapping
from pipelines.warehouse import fetch_frame, open_warehouse
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.slow

BOSTON = SHARED_DATA / "boston311"
EXPORT = BOSTON / "boston311_2015_h2.csv"


@pytest.fixture(scope="module")
def boston_run(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module) -> Path:  # type: ignore[no-untyped-def]
    if not EXPORT.exists():
        pytest.skip(f"the Boston 311 export is not here: {EXPORT} (see ../shared/data/README.md)")
    root = tmp_path_factory.mktemp("boston")
    export = pl.read_csv(EXPORT, infer_schema_length=0)
    july = export.filter(
        pl.col("OPEN_DT").str.starts_with("07/") & (pl.col("OPEN_DT").str.slice(3, 2) <= "21")
    )
    slice_file = root / "boston311_2015_07_slice.csv"
    july.write_csv(slice_file)
    workdir = root / "work"
    code = main(
        [
            "run",
            "--workdir",
            str(workdir),
            "--source",
            "boston311",
            "--topic-source",
            "wrap_up_code",
            str(slice_file),
        ]
    )
    assert code == 0
    return workdir


@pytest.fixture(scope="module")
def monkeypatch_module():  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONTACT_TOPICS_PSEUDONYM_KEY", "boston-test-key-" + "0" * 32)
        patch.delenv("CONTACT_TOPICS_TIMEZONE", raising=False)
        patch.delenv("CONTACT_TOPICS_TOPIC_SOURCE", raising=False)
        yield patch


def _query(workdir: Path, sql: str) -> pl.DataFrame:
    with open_warehouse(workdir / "warehouse.duckdb", read_only=True) as con:
        return fetch_frame(con, sql)


def test_preset_maps_the_export_format() -> None:
    mapping = resolve_mapping("boston311")
    assert mapping.timezone == "America/New_York"
    assert mapping.columns["wrap_up_code"] == "TYPE"
    assert mapping.text_columns == ("CASE_TITLE", "CLOSURE_REASON")
    assert mapping.matches(Path("boston311_2015_h2.csv"))


def test_every_row_is_stored_with_boston_local_time(boston_run: Path) -> None:
    manifest = _query(
        boston_run, "select rows_read, rows_stored, rows_rejected from raw.ingest_manifest"
    )
    assert manifest.row(0) == (7_017, 7_017, 0)
    # CASE_ENQUIRY_ID 101001420956: 07/01/2015 01:17:57 AM, Boston summer time (UTC-4)
    first = _query(
        boston_run,
        "select started_at_local, week_start, channel, outcome, topic_id, topic_source "
        "from published.fct_contacts where contact_id = '101001420956'",
    )
    assert first.row(0) == (
        datetime(2015, 7, 1, 1, 17, 57),
        date(2015, 6, 29),
        "web_form",
        "resolved",
        "request_for_recycling_cart",
        "wrap_up_code",
    )
    sources = _query(boston_run, "select distinct topic_source from published.fct_contacts")
    assert set(sources["topic_source"]) <= {"wrap_up_code", "none"}


def test_weekly_trends_in_boston_weeks(boston_run: Path) -> None:
    weeks = _query(
        boston_run,
        "select week_start, is_partial_week, sum(contacts) as contacts "
        "from published.topic_weekly_trends where channel = 'all' group by all order by 1",
    )
    assert weeks["week_start"].to_list() == [
        date(2015, 6, 29), date(2015, 7, 6), date(2015, 7, 13), date(2015, 7, 20),
    ]  # fmt: skip
    assert weeks["is_partial_week"].to_list() == [True, False, False, True]
    assert weeks["contacts"].sum() == 7_017
    flags = _query(
        boston_run,
        "select trend_flag from published.topic_weekly_trends where is_partial_week",
    )
    assert not set(flags["trend_flag"]) & {"spike", "falling"}
    # every request type seen is a topic, with a zero row in the weeks it had none
    zeros = _query(
        boston_run,
        "select count(*) as n from published.topic_weekly_trends where contacts = 0",
    )
    assert zeros["n"][0] > 0


def test_automation_candidates_from_request_types(boston_run: Path) -> None:
    cands = _query(boston_run, "select * from published.automation_candidates")
    ranked = cands.filter(~pl.col("is_excluded")).sort("candidate_rank")
    assert ranked.height > 10
    assert ranked["candidate_rank"].to_list() == list(range(1, ranked.height + 1))
    assert ranked["automation_score"].is_between(0, 100).all()
    # the window is the two complete weeks, 6-19 July
    assert set(ranked["window_start"]) == {date(2015, 7, 6)}
    assert set(ranked["window_end"]) == {date(2015, 7, 19)}
    # no handle times in this export: hours unknown, simplicity 0; costs from the channels
    assert ranked["agent_hours_per_year"].is_null().all()
    assert (ranked["cost_per_year"] > 0).all()
    assert ranked["representative_phrasings"].is_not_null().all()
