"""The weekly report's building blocks: formatting, tables, charts, sections and the index."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from pipelines.publish.report_charts import channel_mix_chart, sparkline, trend_label
from pipelines.publish.report_page import (
    Column,
    link_previous_week,
    number,
    percent,
    signed,
    table,
    week_links,
    write_index,
)
from pipelines.publish.report_sections import (
    excluded_section,
    failure_demand,
    short_phrasings,
    week_total,
)


def test_numbers_and_shares_read_as_people_write_them() -> None:
    assert percent(0.07) == "7%"
    assert percent(0.1349, 1) == "13.5%"
    assert percent(None) == "–"
    assert number(1234.4) == "1,234" and number(None) == "–"
    assert number(12.26, 1) == "12.3"
    assert signed(12) == "+12" and signed(-3) == "−3" and signed(0) == "0"


def test_table_has_scoped_headers_and_a_focusable_scroll_box() -> None:
    rows = [{"name": "Bins", "n": 5}, {"name": "<b>", "n": None}]
    html_text = table(
        rows,
        [
            Column("Topic", lambda r: r["name"] if r["name"] == "Bins" else "&lt;b&gt;"),
            Column("Count", lambda r: number(r["n"]), numeric=True, sort=lambda r: r["n"]),
        ],
        "Counts",
        sortable=True,
    )
    assert '<th scope="col">Topic</th>' in html_text
    assert '<th scope="col" class="n">Count</th>' in html_text
    assert '<th scope="row">Bins</th>' in html_text  # first column: row headers
    assert '<td class="n" data-sort="5">5</td>' in html_text
    assert '<td class="n" data-sort="">–</td>' in html_text
    assert 'role="region" tabindex="0" aria-label="Counts"' in html_text
    assert "<caption>Counts</caption>" in html_text and "data-sortable" in html_text


def test_sparkline_says_what_it_shows_and_breaks_at_hidden_weeks() -> None:
    weeks = [date(2026, 1, 5) + timedelta(weeks=i) for i in range(4)]
    svg = sparkline("Bins", list(zip(weeks, [10, None, 30, 20], strict=True)))
    assert svg.startswith('<svg class="spark" role="img" aria-label="Bins: contacts a week')
    assert "from 10 (week of 05 Jan 2026) to 20 (week of 26 Jan 2026)" in svg
    assert "highest 30 (week of 19 Jan 2026)" in svg and "1 weeks hidden" in svg
    # one segment before the hidden week has a single point (not drawn); one after has two
    assert svg.count("<polyline") == 1
    assert trend_label("X", [(weeks[0], None)]) == "X: no weekly figures to show"


def test_channel_mix_chart_is_a_figure_with_its_shares_in_words() -> None:
    weeks = [date(2026, 3, 2), date(2026, 3, 9)]
    html_text = channel_mix_chart(weeks, {"phone": [30, 60], "webchat": [10, 20]}, "Mix")
    assert html_text.startswith('<figure><svg role="img" aria-label="Mix; week of 09 Mar')
    assert "phone 75%, webchat 25%" in html_text
    assert "<figcaption>" in html_text
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)"', html_text)]
    assert widths[:2] == [262.5, 87.5]  # 75% and 25% of the 350 px plot, first week


def test_week_total_uses_shares_when_a_count_is_hidden() -> None:
    rows = [
        {"contacts": 30, "share_of_week": 0.75, "avoidable_contact_rate": 0.1},
        {"contacts": None, "share_of_week": None, "avoidable_contact_rate": None},
    ]
    assert week_total(rows) == 40
    assert week_total([{"contacts": 3}, {"contacts": 4}]) == 7
    assert failure_demand(rows) == 0.1
    assert failure_demand([{"contacts": 0, "avoidable_contact_rate": None}]) is None


def test_short_phrasings_keep_clean_short_resident_words_only() -> None:
    value = " | ".join(
        [
            "cust rang re missed bin, adv to wait",  # agent shorthand
            "- when is my bin day",
            "Agent: how can I help\nResident: my bin was not collected this week",
            "bin " * 30,  # too long
            "when is my bin day please",  # near-copy of the second
            "@council can I get a new recycling box",
            "do you collect garden waste in winter",
        ]
    )
    assert short_phrasings(value) == [
        "When is my bin day",
        "My bin was not collected this week",
        "Can I get a new recycling box",
    ]
    assert short_phrasings(None) == []


def test_not_for_automation_is_grouped_by_reason() -> None:
    rows = [
        {"is_excluded": True, "exclusion_reason": "safeguarding topic", "topic_name": "B"},
        {"is_excluded": True, "exclusion_reason": "safeguarding topic", "topic_name": "A"},
        {"is_excluded": True, "exclusion_reason": "too few contacts", "topic_name": "C"},
        {"is_excluded": False, "exclusion_reason": None, "topic_name": "D"},
    ]
    text = "".join(excluded_section(rows))
    assert "<h3>Safeguarding topic (2 topics)</h3><ul><li>A</li><li>B</li></ul>" in text
    assert "<h3>Too few contacts (1 topic)</h3><ul><li>C</li></ul>" in text
    assert "D" not in text


def test_week_links_and_index_page(tmp_path: Path) -> None:
    links = week_links(date(2026, 3, 9), date(2026, 3, 2), None)
    assert 'href="../2026-03-02/report.html" rel="prev"' in links
    assert 'href="../index.html"' in links and "Next week" not in links
    weeks = tmp_path / "weeks"
    for name in ("2026-03-02", "2026-03-09", ".2026-03-16.building", "undated"):
        (weeks / name).mkdir(parents=True)
        (weeks / name / "report.html").write_text("x", encoding="utf-8")
    (weeks / "2026-03-09" / "public").mkdir()
    (weeks / "2026-03-09" / "public" / "report.html").write_text("x", encoding="utf-8")
    index = write_index(weeks).read_text(encoding="utf-8")
    assert index.index("2026-03-09/report.html") < index.index("2026-03-02/report.html")
    assert "Monday 09 March 2026</a> (latest)" in index
    assert index.count("public/report.html") == 1 and "building" not in index
    assert '<meta name="viewport"' in index and "2 weeks published" in index


def test_the_week_before_gets_its_next_week_link(tmp_path: Path) -> None:
    weeks = tmp_path / "weeks"
    first, second, third = date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)
    for week, previous in ((first, None), (second, first)):
        folder = weeks / week.isoformat()
        (folder / "public").mkdir(parents=True)
        for page, base in (("report.html", "../"), ("public/report.html", "../../")):
            links = week_links(week, previous, None, base, page)
            (folder / page).write_text(f"<header><h1>x</h1>{links}</header>", encoding="utf-8")
    # the public report of the first week has no link at all yet
    assert "<nav" not in (weeks / "2026-03-02" / "public" / "report.html").read_text()
    changed = link_previous_week(weeks, third)  # publishing the third week
    second_dir = weeks / "2026-03-09"
    assert changed == [second_dir / "report.html", second_dir / "public" / "report.html"]
    internal = (second_dir / "report.html").read_text()
    assert internal.count('rel="next"') == 1
    assert 'href="../2026-03-16/report.html" rel="next"' in internal
    assert (
        'href="../../2026-03-16/public/report.html" rel="next"'
        in (second_dir / "public" / "report.html").read_text()
    )
    assert link_previous_week(weeks, third) == []  # once only
    link_previous_week(weeks, second)  # a republish of the second week: the first links it
    public = (weeks / "2026-03-02" / "public" / "report.html").read_text()
    assert '<nav aria-label="Other weeks"><ul><li><a href="../../2026-03-09/public/' in public
    assert link_previous_week(weeks, first) == []  # nothing before the first week
