"""The weekly report (internal and public) in a real headless Chromium at 1280 and 390 px.

Checks: nothing overflows the viewport sideways (``scrollWidth <= innerWidth``), every chart
has a text alternative, the sort buttons work, and axe-core (bundled in the
``axe-playwright-python`` wheel, run in the page) finds no serious or critical violation.
Screenshots are kept under pytest's temporary directory; their paths are printed (``-s``).

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it in CI), driven by
Playwright; no browser is downloaded at test time. Without it, the module is skipped with the
command to run (except in CI, where that is a failure).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import duckdb
import pytest

from pipelines.publish.outputs import publish
from pipelines.settings import Settings
from tests.pipelines.published_tables import WEEKS, write_warehouse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (1280, 390)
SENTENCE = "40 contacts against a usual 10 a week (median of the 8 complete weeks before)"
PHRASING = "when is my bin day"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: .ci/run installs it (apt-get install -y chromium)")
        pytest.skip("Chromium is not installed: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def enrich(warehouse: Path) -> None:
    """The published-tables fixture plus a spike with its sentence and an emerging theme."""
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(
            "alter table published.topic_weekly_trends add column trend_explanation varchar"
        )
        con.execute(
            "update published.topic_weekly_trends set trend_flag = 'spike', "
            "trend_explanation = ? where topic_id = 'bins' and week_start = ?",
            [SENTENCE, WEEKS[1]],
        )
        con.execute("""
            create table published.emerging_topics as
            select date '2026-03-09' as week_start, 'E0001' as cluster_id,
                'parking, permit, renewal' as label, 12 as contacts,
                0.4 as share_of_unclassified, date '2026-03-02' as first_seen_week,
                2 as weeks_seen, 'growing' as status,
                'how do I renew my parking permit' as representative_phrasings
        """)
    finally:
        con.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Publish the fixture twice (two weeks): the internal and public reports of 9 March."""
    workdir = tmp_path_factory.mktemp("report-browser")
    settings = Settings(workdir=workdir)
    enrich(write_warehouse(settings.warehouse_path))
    publish(settings, week=WEEKS[0])
    done = publish(settings, week=WEEKS[1])
    assert done.week_dir is not None
    printed = "\n".join(done.locations())  # what `contact-topics publish` tells people
    assert str(done.week_dir / "public" / "report.html") in printed
    assert str(settings.published_dir / "weeks" / "index.html") in printed
    return {
        "internal": done.week_dir / "report.html",
        "public": done.week_dir / "public" / "report.html",
        "index": settings.published_dir / "weeks" / "index.html",
        "latest": settings.published_dir / "latest" / "report.html",
        "latest public": settings.published_dir / "latest" / "public" / "report.html",
        # published before the week after it existed: its "Next week" link was added then
        "earlier": done.week_dir.parent / WEEKS[0].isoformat() / "report.html",
        "earlier public": done.week_dir.parent / WEEKS[0].isoformat() / "public" / "report.html",
    }


def test_reports_are_self_contained_and_public_holds_no_free_text(
    reports: dict[str, Path],
) -> None:
    internal = reports["internal"].read_text(encoding="utf-8")
    public = reports["public"].read_text(encoding="utf-8")
    for text in (internal, public):
        lowered = text.lower()
        for forbidden in ("<link", " src=", "url(", "@import", "http://", "https://"):
            assert forbidden not in lowered, forbidden
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
        assert "@page{size:A4" in text
    assert SENTENCE in internal and "When is my bin day" in internal
    assert "parking, permit, renewal" in internal and "growing" in internal
    for private in (SENTENCE, "bin day", "parking", "In residents"):
        assert private not in public, private
    assert "Public version" in public and "For council staff" in internal
    # bins by webchat (3) is a small number: hidden in public, shown internally
    assert "15 (19%)" in internal and "hidden" in public
    index = reports["index"].read_text(encoding="utf-8")
    assert "2026-03-09/report.html" in index and "2026-03-02/public/report.html" in index
    assert 'href="../2026-03-02/report.html" rel="prev"' in internal
    assert 'href="../../2026-03-02/public/report.html" rel="prev"' in public


@pytest.mark.parametrize("audience", ["internal", "public"])
@pytest.mark.parametrize("width", WIDTHS)
def test_report_in_chromium(
    browser: object, reports: dict[str, Path], audience: str, width: int, tmp_path: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(reports[audience].as_uri())
        shot = tmp_path / f"report-{audience}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot}")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"{audience} at {width} px: {scroll} px wide"

        charts = page.evaluate("""() => Array.from(document.querySelectorAll('svg')).map(svg => {
            const box = svg.getBoundingClientRect();
            const title = svg.querySelector(':scope > title');
            const figure = svg.closest('figure');
            const caption = figure && figure.querySelector('figcaption');
            return {role: svg.getAttribute('role'), label: svg.getAttribute('aria-label')
                || (title && title.textContent) || (caption && caption.textContent) || '',
                width: box.width};
        })""")
        # a trend line per topic (3), the spike's 26 weeks and the channel mix
        assert len(charts) == 5, charts
        for chart in charts:
            assert chart["role"] == "img" and len(chart["label"]) > 20, chart
            # as wide as the viewport at most (a trend line may sit in a table's scroll box)
            assert 0 < chart["width"] <= width, chart

        # sorting: the script turned headers into buttons; "This week" sorts biggest first,
        # then smallest first, and the table is still all there
        first = "#topics-table tbody tr:first-child th"
        button = page.locator("#topics-table thead th:nth-child(2) button")
        assert button.text_content() == "This week"
        button.click()
        assert page.text_content(first).strip() == "Bins"  # descending first: 43 > 37 > 0
        button.click()
        assert page.text_content(first).strip() == "Child safeguarding"
        assert page.locator("#topics-table tbody tr").count() == 3

        results = Axe().run(page)
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], serious
        assert results.response["passes"], "axe ran no rule"
    finally:
        page.close()


def test_report_without_scripts_is_a_plain_table(browser: object, reports: dict[str, Path]) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(reports["internal"].as_uri())
        assert page.locator("th button").count() == 0
        headings = page.locator("#topics-table thead th").all_text_contents()
        assert headings[:3] == ["Topic", "This week", "Last week"]
        assert page.locator("#topics-table tbody tr").count() == 3
    finally:
        context.close()


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_report_prints_to_a4_without_cutting_tables(
    browser: object, reports: dict[str, Path], audience: str, tmp_path: Path
) -> None:
    """Print styles at A4's printable width (210 mm less 2 x 15 mm margins = 680 CSS px):
    nothing wider than the page, no navigation; and Chromium prints it to an A4 PDF."""
    page = browser.new_page(viewport={"width": 680, "height": 960})  # type: ignore[attr-defined]
    try:
        page.goto(reports[audience].as_uri())
        page.emulate_media(media="print")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"printed {audience} report: {scroll} px wide"
        assert page.locator("nav").first.is_hidden()
        pdf = tmp_path / f"report-{audience}.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        print(f"PDF: {pdf}")
        data = pdf.read_bytes()
        assert data[:5] == b"%PDF-"
        assert re.search(rb"/MediaBox \[0 0 59[45][.\d]* 84[12]", data)  # A4: 595 x 842 pt
    finally:
        page.close()


def test_the_accessibility_check_finds_what_it_should(browser: object, tmp_path: Path) -> None:
    """The axe-core check can fail: grey-on-white text and an unlabelled chart are serious."""
    from axe_playwright_python.sync_playwright import Axe

    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
        '<p style="color:#bbb">faint</p><svg role="img" viewBox="0 0 10 10">'
        '<rect width="10" height="10"/></svg></main></body></html>',
        encoding="utf-8",
    )
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(bad.as_uri())
        found = {
            v["id"]
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        }
    finally:
        page.close()
    assert {"color-contrast", "svg-img-alt"} <= found, found


LINKS = {  # the rel of each week link: prev, "" (the index of weeks), next
    "internal": ["prev", ""],
    "public": ["prev"],
    "latest": ["prev", ""],
    "latest public": ["prev"],
    "earlier": ["", "next"],
    "earlier public": ["next"],
}


@pytest.mark.parametrize("where", list(LINKS))
def test_week_links_lead_to_reports(browser: object, reports: dict[str, Path], where: str) -> None:
    """Previous week and the index, with JavaScript off: in weeks/<Monday>/ and in latest/ (a
    copy of the folder beside weeks/, its links rewritten when it is made)."""
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(reports[where].as_uri())
        anchors = page.locator("nav a")
        targets = [
            (anchors.nth(i).get_attribute("rel") or "", anchors.nth(i).evaluate("a => a.href"))
            for i in range(anchors.count())
        ]
    finally:
        context.close()
    assert [rel for rel, _ in targets] == LINKS[where], targets
    for rel, href in targets:
        assert href.startswith("file://") and Path(unquote(href[7:])).is_file(), href
        target = Path(unquote(href[7:]))
        if rel:
            week = WEEKS[0] if rel == "prev" else WEEKS[1]
            assert week.isoformat() in target.parts and "weeks" in target.parts, href
            assert ("public" in target.parts) == ("public" in where), href
