"""Issue 14: a linear-programming audit of a real published week's public trends.

Generated exports go through the real pipeline (ingest, dbt, topics from wrap-up codes,
publish) in a temporary work directory; the public ``topic_weekly_trends`` file is then
attacked from the public files alone (``suppression_attack.py``, with the window sums that
``automation_candidates`` gives): no hidden count may come out exactly,
nor narrower than ``MIN_RANGE``, and no later week's columns may give one away.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.cli.main import main
from pipelines.publish.suppression import MIN_RANGE
from tests.pipelines.publish.suppression_attack import cross_week_leaks, trends_ranges

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    root = tmp_path_factory.mktemp("audit")
    workdir = root / "work"
    landing = workdir / "landing"
    assert (
        main(
            ["generate", "--weeks", "4", "--per-week", "600", "--seed", "14"]
            + ["--out", str(landing), "--start", "2026-03-02"]
        )
        == 0
    )
    assert main(["run", "--workdir", str(workdir), "--topic-source", "wrap_up_code"]) == 0
    (week,) = [p for p in (workdir / "published" / "weeks").iterdir() if p.is_dir()]
    return {
        table: pl.read_parquet(Path(week) / "public" / f"{table}.parquet")
        for table in ("topic_weekly_trends", "automation_candidates")
    }


def test_no_hidden_count_in_a_published_week_can_be_worked_out(
    public: dict[str, pl.DataFrame],
) -> None:
    """With the candidates' window sums too (they bound a topic's weekly counts from below)."""
    public_trends = public["topic_weekly_trends"]
    ranges = trends_ranges(public_trends, public["automation_candidates"])
    hidden = public_trends["contacts"].null_count()
    assert len(ranges) == hidden > 100  # the audit saw every hidden cell, and there are many
    exact = [cell for cell, (low, high) in ranges.items() if high - low < 1e-6]
    assert exact == []
    narrow = {cell: r for cell, r in ranges.items() if r[1] - r[0] < MIN_RANGE - 1e-6}
    assert narrow == {}
    # a zero is never hidden: every hidden count is at least 1 in the audit, and zeros are shown
    assert (public_trends["contacts"] == 0).sum() > 0


def test_later_weeks_give_no_hidden_count_away(public: dict[str, pl.DataFrame]) -> None:
    assert cross_week_leaks(public["topic_weekly_trends"]) == []
