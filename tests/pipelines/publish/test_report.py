"""The weekly HTML report's content (the browser checks are in test_report_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.report import render_report
from tests.pipelines.published_tables import WEEKS, write_warehouse


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = write_warehouse(tmp_path_factory.mktemp("report") / "warehouse.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    try:
        return render_report(con, WEEKS[1])
    finally:
        con.close()


def test_report_is_one_self_contained_file(report_html: str) -> None:
    lowered = report_html.lower()
    for forbidden in ("<link", " src=", "url(", "@import", "<img", "<iframe"):
        assert forbidden not in lowered, forbidden
    assert lowered.count("<script>") == 1  # the inline sorting script, nothing fetched
    assert re.findall(r"https?://[^\s\"'<>]+", report_html) == []
    # a trend line for each of the 3 topics and the channel mix
    assert report_html.count("<svg") == 4


def test_report_content(report_html: str) -> None:
    assert "week starting Monday 09 March 2026" in report_html
    assert "80 contacts this week" in report_html  # 40 + 3 + 25 + 12
    # headline: change on last week (111 then), failure demand as a percentage
    assert "<strong>−28% (−31)</strong>" in report_html
    assert "Failure demand<strong>50%</strong>" in report_html
    # every topic, with this week, last week, the baseline and the flag
    for cells in (
        '<th scope="row">Bins</th><td class="n" data-sort="43">43</td>'
        '<td class="n" data-sort="70">70</td>',
        '<th scope="row">Child safeguarding</th><td class="n" data-sort="0">0</td>',
    ):
        assert cells in report_html
    assert '<span class="flag flag-rising">rising</span>' in report_html
    # bins was flagged rising: in the spikes-and-rising table too
    moving = report_html[report_html.index('id="moving"') : report_html.index('id="emerging"')]
    assert '<th scope="row">Bins</th><td>rising</td>' in moving and "Council tax" not in moving
    # channel mix: this week phone 65 of 80
    assert "65 (81%)" in report_html and "phone 81%, webchat 19%" in report_html
    # candidates: percentages as percentages, rationale, short clean phrasings
    assert '<td class="n" data-sort="0.18">18%</td>' in report_html
    assert "About 57 contacts a week: a strong candidate." in report_html
    assert "<li>“When is my bin day”</li><li>“My bin was missed”</li>" in report_html
    assert "-when is my bin day" not in report_html
    # not for automation, grouped by reason
    assert "<h3>Safeguarding topic: must stay with a person (1 topic)</h3>" in report_html
    assert 'id="definitions"' in report_html and "<dt>z-score</dt>" in report_html
    assert 'href="../2026-03-02/report.html" rel="prev"' in report_html
    assert 'href="../2026-03-16/report.html"' not in report_html  # a partial week: no report


def test_report_shows_each_spike_with_its_sentence_and_26_week_chart(tmp_path: Path) -> None:
    path = write_warehouse(tmp_path / "warehouse.duckdb")
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "alter table published.topic_weekly_trends add column if not exists "
            "trend_explanation varchar"
        )
        sentence = "40 contacts against a usual 10 a week (median of the 8 complete weeks before)"
        con.execute(
            "update published.topic_weekly_trends set trend_flag = 'spike', trend_explanation = ? "
            "where topic_id = 'bins' and channel = 'all' and week_start = ?",
            [sentence, WEEKS[1]],
        )
        weekly = con.execute(
            "select week_start, contacts from published.topic_weekly_trends "
            "where topic_id = 'bins' and channel = 'all' and week_start <= ? order by week_start",
            [WEEKS[1]],
        ).fetchall()
        html_text = render_report(con, WEEKS[1])
    finally:
        con.close()
    assert f"<p>{sentence}</p>" in html_text
    assert html_text.count("<svg") == 5  # 3 trend lines, the spike's chart, the channel mix
    start = html_text.index('<div class="spike">')
    spike_svg = html_text[start : html_text.index("</div>", start)]
    # one bar per week up to the spike week, each titled with its week and count; the spike
    # week (the last) in orange
    for week_start, contacts in weekly:
        assert f"<title>{week_start}: {contacts}</title>" in spike_svg
    assert spike_svg.count("<rect") == len(weekly)
    last_rect = spike_svg[spike_svg.rindex("<rect") :]
    assert 'fill="#D55E00"' in last_rect


def test_a_hidden_week_is_a_gap_in_a_spikes_chart_not_a_zero(tmp_path: Path) -> None:
    """In the public report a small count is null: the spike's chart leaves that week out."""
    path = write_warehouse(tmp_path / "warehouse.duckdb")
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "update published.topic_weekly_trends set trend_flag = 'spike' "
            "where topic_id = 'bins' and channel = 'all' and week_start = ?",
            [WEEKS[1]],
        )
        con.execute(
            "update published.topic_weekly_trends set contacts = null "
            "where topic_id = 'bins' and channel = 'all' and week_start = ?",
            [WEEKS[0]],
        )
        html_text = render_report(con, WEEKS[1], public=True)
    finally:
        con.close()
    start = html_text.index('<div class="spike">')
    spike_svg = html_text[start : html_text.index("</div>", start)]
    assert spike_svg.count("<rect") == 1  # the spike week only; 2 March is hidden
    assert f"<title>{WEEKS[1]}: 43</title>" in spike_svg and f"{WEEKS[0]}:" not in spike_svg
