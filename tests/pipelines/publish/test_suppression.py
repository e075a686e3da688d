"""Small-number suppression: primary, secondary, lagged and windowed columns, the mapping."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import polars as pl
import pytest
import yaml

from pipelines.publish.suppression import (
    MIN_RANGE,
    SUPPRESSED_COLUMNS,
    SUPPRESSION,
    _lines,
    candidate_windows,
    suppress,
    window_bounds,
)
from pipelines.publish.suppression_audit import Range, hidden_ranges
from tests.conftest import REPO_ROOT
from tests.pipelines.publish.suppression_attack import trends_ranges, week_ranges
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


def _week(cells: dict[tuple[str, str], int]) -> pl.DataFrame:
    """One week of topic_weekly_trends from channel counts (the 'all' rows are their sums)."""
    frame = trends().filter(pl.col("week_start") == WEEKS[0])
    template = frame.to_dicts()[0]
    full = dict(cells)
    for topic in {topic for topic, _ in cells}:
        full[(topic, "all")] = sum(n for (t, _), n in cells.items() if t == topic)
    totals: dict[str, int] = {}
    for (_, channel), count in full.items():
        totals[channel] = totals.get(channel, 0) + count
    rows = [
        template
        | {
            "topic_id": topic,
            "topic_name": topic,
            "channel": channel,
            "contacts": count,
            "share_of_week": count / totals[channel] if totals[channel] else 0.0,
            "contacts_last_week": None,
            "change_vs_last_week": None,
            "baseline_contacts": None,
            "z_score": None,
        }
        for (topic, channel), count in sorted(full.items())
    ]
    return pl.DataFrame(rows, schema=frame.schema)


# Issue 14: noise has 13 contacts, 11 by phone, 1 by webchat, 1 by email, 0 by app. The old rule
# hid the two 1s (a line with two hidden cells was taken as safe) and the webchat and email cells
# of bins with them, but 13 - 11 - 0 = 2 split over two hidden counts of at least 1 each: 1 and 1.
SUBTRACTION_CASE = {
    ("noise", "phone"): 11,
    ("noise", "webchat"): 1,
    ("noise", "email"): 1,
    ("noise", "app"): 0,
    ("bins", "phone"): 40,
    ("bins", "webchat"): 20,
    ("bins", "email"): 15,
    ("bins", "app"): 12,
}


def test_the_audit_recovers_counts_that_two_hidden_cells_in_a_line_do_not_protect() -> None:
    """The attack is real: on the old rule's output for the case, both 1s come out exactly."""
    frame = _week(SUBTRACTION_CASE)
    old_hidden = {("noise", "webchat"), ("noise", "email"), ("bins", "webchat"), ("bins", "email")}
    hide = pl.Series(
        [(t, c) in old_hidden for t, c in zip(frame["topic_id"], frame["channel"], strict=True)]
    )
    frame = frame.with_columns(
        pl.when(hide).then(None).otherwise(pl.col("contacts")).alias("contacts"),
        pl.when(hide).then(None).otherwise(pl.col("share_of_week")).alias("share_of_week"),
    )
    ranges = week_ranges(frame)
    assert ranges[(WEEKS[0], "noise", "webchat")] == pytest.approx((1, 1))
    assert ranges[(WEEKS[0], "noise", "email")] == pytest.approx((1, 1))


def test_no_hidden_count_can_be_worked_out_by_subtraction() -> None:
    result = suppress(_week(SUBTRACTION_CASE), TRENDS, threshold=9)
    ranges = week_ranges(result.frame)
    assert (WEEKS[0], "noise", "webchat") in ranges and (WEEKS[0], "noise", "email") in ranges
    narrow = {cell: r for cell, r in ranges.items() if r[1] - r[0] < MIN_RANGE - 1e-6}
    assert narrow == {}
    # the published zero stays published
    assert cell(result.frame, WEEKS[0], "noise", "app")["contacts"] == 0


def test_protection_holds_where_all_rows_are_hidden_too() -> None:
    """Small topics whose 'all' rows are small too, in channels with few other contacts."""
    cells = {
        ("noise", "phone"): 2,
        ("noise", "webchat"): 1,
        ("pest", "phone"): 3,
        ("pest", "webchat"): 0,
        ("bins", "phone"): 30,
        ("bins", "webchat"): 4,
        ("parking", "phone"): 12,
        ("parking", "webchat"): 10,
    }
    result = suppress(_week(cells), TRENDS, threshold=9)
    ranges = week_ranges(result.frame)
    assert ranges and min(high - low for low, high in ranges.values()) >= MIN_RANGE - 1e-6
    assert cell(result.frame, WEEKS[0], "pest", "webchat")["contacts"] == 0


def test_hidden_ranges_worked_by_hand() -> None:
    """Two hidden counts in one line, whose known sum is 7: each lies in 1..6."""
    values = [3, 4, 10]
    ranges = hidden_ranges(values, [True, True, False], [{0: 1, 1: 1, 2: 1}])
    assert ranges[0] == Range(1.0, 6.0) and ranges[1] == Range(1.0, 6.0)
    # no equation holds cell 0 with another: a lone hidden cell in no sum is unbounded above
    assert hidden_ranges(values, [True, False, False], [])[0] == Range(1.0, float("inf"))
    assert hidden_ranges(values, [True, True, False], [{0: 1, 1: 1}], narrower_than=6) == {
        0: Range(1.0, 6.0),
        1: Range(1.0, 6.0),
    }
    assert hidden_ranges(values, [True, True, False], [{0: 1, 1: 1}], narrower_than=5) == {}


def _weeks(weeks: list[dict[tuple[str, str], int]]) -> pl.DataFrame:
    """Consecutive weeks from WEEKS[0], each built by ``_week``."""
    frames = [
        _week(cells).with_columns(pl.lit(WEEKS[i]).alias("week_start"))
        for i, cells in enumerate(weeks)
    ]
    return pl.concat(frames)


RATES_WEEKS = [
    {("rates", "phone"): 20, ("rates", "webchat"): 0, ("bins", "phone"): 40},
    {("rates", "phone"): 3, ("rates", "webchat"): 0, ("bins", "phone"): 4},
]


def _rates_frame() -> pl.DataFrame:
    weeks = [dict(cells) for cells in RATES_WEEKS]
    for cells in weeks:
        cells |= {("bins", "webchat"): 12, ("parking", "phone"): 50, ("parking", "webchat"): 20}
    return _weeks(weeks)


def _rates_candidates(contacts: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "topic_id": ["rates"],
            "contacts": [contacts],
            "window_start": [WEEKS[0]],
            "window_end": [WEEKS[1] + timedelta(days=6)],
        }
    )


def test_a_sum_in_another_public_table_is_allowed_for() -> None:
    """automation_candidates gives each topic's contacts over its window less vulnerable
    contacts (here none): a lower bound of its weekly 'all' counts there. With the window's
    other week visible, the hidden weekly 'all' count of 3 is at least 23 - 20 = 3, so
    suppression must leave it an interval at least MIN_RANGE wide by the bound too."""
    frame = _rates_frame()
    candidates = _rates_candidates(23)
    rates_all = (WEEKS[1], "rates", "all")
    ignored = suppress(frame, TRENDS, threshold=9).frame
    assert trends_ranges(ignored)[rates_all][0] == pytest.approx(1)
    assert trends_ranges(ignored, candidates)[rates_all][0] == pytest.approx(3)  # the attack
    (window,) = candidate_windows(candidates)
    assert (window.at_least, window.at_most) == (23, None)  # no exclusion reason: no upper
    allowed = suppress(frame, TRENDS, threshold=9, known_sums=[window])
    ranges = trends_ranges(allowed.frame, candidates)
    assert rates_all in ranges
    assert min(high - low for low, high in ranges.values()) >= MIN_RANGE - 1e-6


def test_window_sums_are_bounds_not_equalities() -> None:
    """The old model took the window sum as known exactly, so a hidden week's 'all' count
    could be got by subtraction unless a second week of the topic was hidden too. The sum is
    only a lower bound (vulnerable contacts are left out of it), and the case above is
    protected within week 2 alone: the bound model keeps week 1's 'all' count of 20 visible
    where the exact model hides it, and the independent attack, which uses the bound, still
    finds every hidden count at least MIN_RANGE wide."""
    frame = _rates_frame()
    candidates = _rates_candidates(23)
    (window,) = candidate_windows(candidates)
    exact = suppress(frame, TRENDS, 9, known_sums=[replace(window, at_most=23)])
    bounded = suppress(frame, TRENDS, 9, known_sums=[window])
    assert cell(exact.frame, WEEKS[0], "rates", "all")["contacts"] is None
    assert cell(bounded.frame, WEEKS[0], "rates", "all")["contacts"] == 20
    ranges = trends_ranges(bounded.frame, candidates)
    assert min(high - low for low, high in ranges.values()) >= MIN_RANGE - 1e-6


def test_window_bounds_follow_the_vulnerable_share_rule() -> None:
    """A topic that passed the vulnerable-share test (Wilson lower bound at z 1.645 of the
    vulnerable share <= 10%) bounds its window total from above too: the largest total that
    passes, worked out here step by step with the formula of automation_candidates.sql. One
    that failed it bounds the total from below by the smallest total that fails."""
    from pipelines.publish.suppression import _wilson_lower

    def passes(total: int, contacts: int) -> bool:
        return _wilson_lower(total - contacts, total, 1.645) <= 0.10

    for contacts in (0, 10, 23, 400):
        at_least, at_most = window_bounds(contacts, None)
        assert at_least == contacts
        assert passes(at_most, contacts) and not passes(at_most + 1, contacts)
        assert all(passes(total, contacts) for total in range(contacts, at_most + 1))
        failed = "more than 10% of contacts came from residents with vulnerability markers"
        failed_low, failed_high = window_bounds(contacts, failed)
        assert failed_high is None and failed_low == at_most + 1
        assert window_bounds(contacts, "safeguarding topic: must stay with a person") == (
            contacts,
            None,
        )
    # by hand, 10 contacts without a marker and 2 with: p = 1/6, z^2 = 2.706; centre
    # p + z^2/24 = 0.2794; spread 1.645 * sqrt(p(1-p)/12 + z^2/576) = 0.2098; lower bound
    # (0.2794 - 0.2098) / (1 + z^2/12) = 0.0568 <= 0.10: 12 passes, so the bound is at least 12
    assert _wilson_lower(2, 12, 1.645) == pytest.approx(0.0568, abs=1e-4)
    assert window_bounds(10, None)[1] >= 12
