"""Small-number suppression: primary, secondary, lagged and windowed columns, the mapping."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
import yaml

from pipelines.publish.suppression import SUPPRESSED_COLUMNS, SUPPRESSION, _lines, suppress
from tests.conftest import REPO_ROOT
from tests.pipelines.published_tables import WEEKS, candidates, trends

TRENDS = SUPPRESSION["topic_weekly_trends"]
CANDIDATES = SUPPRESSION["automation_candidates"]


def cell(frame: pl.DataFrame, week: date, topic: str, channel: str) -> dict:
    return frame.filter(
        (pl.col("week_start") == week)
        & (pl.col("topic_id") == topic)
        & (pl.col("channel") == channel)
    ).to_dicts()[0]


def test_small_count_and_what_derives_from_it_are_hidden() -> None:
    result = suppress(trends(), TRENDS, threshold=9)
    bins_chat = cell(result.frame, WEEKS[1], "bins", "webchat")
    assert bins_chat["contacts"] is None
    for column in ("share_of_week", "transfer_rate", "median_handle_seconds", "trend_flag"):
        assert bins_chat[column] is None, column
    assert bins_chat["topic_name"] == "Bins" and bins_chat["is_partial_week"] is False
    assert "contacts" in bins_chat[SUPPRESSED_COLUMNS].split(",")
    # 0 and 10 or more stay; so do their rates
    assert cell(result.frame, WEEKS[1], "child_safety", "phone")["contacts"] == 0
    assert cell(result.frame, WEEKS[0], "council_tax", "webchat")["contacts"] == 11
    assert cell(result.frame, WEEKS[0], "council_tax", "webchat")[SUPPRESSED_COLUMNS] is None


def test_secondary_suppression_worked_by_hand() -> None:
    """Week of 9 March: bins webchat 3 is hidden; its line (bins: phone 40 + webchat 3 = all 43)
    then hides the smallest other non-zero cell, bins phone 40; the phone line (bins 40,
    council tax 25, child safety 0; the week's phone total is known from the shares) hides
    council tax phone 25; council tax's line (25 + 12 = 37) hides council tax webchat 12. Every
    line now holds 0 or at least 2 hidden cells."""
    result = suppress(trends(), TRENDS, threshold=9)
    hidden = {
        (row["topic_id"], row["channel"])
        for row in result.frame.filter(pl.col("week_start") == WEEKS[1]).to_dicts()
        if row["contacts"] is None
    }
    expected = {("bins", "webchat"), ("bins", "phone"), ("council_tax", "phone")}
    assert hidden == expected | {("council_tax", "webchat")}
    assert (result.primary, result.secondary) == (1, 3)
    rows = result.frame.to_dicts()
    for line in _lines(rows, TRENDS):
        assert sum(rows[i]["contacts"] is None for i in line) != 1, [rows[i] for i in line]


def test_later_weeks_do_not_reveal_a_hidden_cell() -> None:
    result = suppress(trends(), TRENDS, threshold=9)
    after = cell(result.frame, WEEKS[2], "council_tax", "phone")  # last week's 25 was hidden
    assert after["contacts"] == 28
    assert after["contacts_last_week"] is None and after["change_vs_last_week"] is None
    assert after["baseline_contacts"] is None and after["z_score"] is None
    untouched = cell(result.frame, WEEKS[2], "council_tax", "all")
    assert untouched["contacts_last_week"] == 37 and untouched["baseline_contacts"] == 37.0


def test_threshold_zero_hides_nothing() -> None:
    frame = trends()
    result = suppress(frame, TRENDS, threshold=0)
    assert result.frame.drop(SUPPRESSED_COLUMNS).equals(frame)
    assert result.frame[SUPPRESSED_COLUMNS].null_count() == frame.height


def test_candidates_hide_small_topics_and_a_second_one() -> None:
    result = suppress(candidates(), CANDIDATES, threshold=9)
    rows = {row["topic_id"]: row for row in result.frame.to_dicts()}
    small = rows["council_tax"]
    assert small["contacts"] is None and small["avoidable_contacts"] is None
    assert small["rationale"] is None and small["volume_score"] is None
    assert small["exclusion_reason"] == "fewer than 10 contacts in the window"
    # the table's total is treated as known: the next smallest non-zero topic goes too
    assert rows["bins"]["contacts"] is None
    assert rows["child_safety"]["contacts"] == 0


def test_undeclared_columns_are_left_out(caplog: pytest.LogCaptureFixture) -> None:
    frame = candidates().with_columns(pl.lit(3).alias("new_count"))
    result = suppress(frame, CANDIDATES, threshold=9)
    assert "new_count" not in result.frame.columns
    assert result.dropped_columns == ["new_count"]
    assert "new_count" in caplog.text


def test_trend_explanation_is_withheld_from_public_files(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The sentence quotes counts ("297 contacts against a usual 2 a week"): never public."""
    frame = trends().with_columns(
        pl.lit("12 contacts against a usual 3 a week.").alias("trend_explanation")
    )
    result = suppress(frame, TRENDS, threshold=9)
    assert "trend_explanation" not in result.frame.columns
    assert result.dropped_columns == ["trend_explanation"]
    assert "not declared" not in caplog.text
    # even with suppression off (threshold 0) it stays out
    assert "trend_explanation" not in suppress(frame, TRENDS, threshold=0).frame.columns


@pytest.mark.parametrize("table", ["topic_weekly_trends", "automation_candidates"])
def test_mapping_matches_the_dbt_contract(table: str) -> None:
    """Fails when a published table gains or loses a column: update SUPPRESSION with it."""
    marts = REPO_ROOT / "dbt_project" / "models" / "marts"
    models = [
        m
        for f in marts.glob("_marts__*.yml")
        for m in yaml.safe_load(f.read_text()).get("models", [])
    ]
    model = next(m for m in models if m["name"] == table)
    contract = {column["name"] for column in model["columns"]}
    spec = SUPPRESSION[table]
    assert spec is not None
    assert contract == spec.declared()
