"""The weekly HTML report: self-contained, and rendered by a real headless Chromium.

Chromium comes from Debian's ``chromium`` package. When it is missing and ``CI=true``, the
module's set-up installs it (``apt-get``, as root or through ``sudo -n``); elsewhere the browser
test is skipped with the command to run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.report import render_report
from tests.pipelines.published_tables import WEEKS, write_warehouse

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # the report must not need the network
]
# Appended to a copy of the report only: records what the browser laid out, for --dump-dom.
LAYOUT_PROBE = """<script>
document.querySelectorAll('svg').forEach(function (svg) {
  var box = svg.getBoundingClientRect();
  svg.setAttribute('data-rendered', Math.round(box.width) + 'x' + Math.round(box.height));
});
</script>"""


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    found = _find_chromium()
    if found is None and os.environ.get("CI") == "true":
        prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*prefix, "apt-get", "update"], check=True, env=env)
        subprocess.run([*prefix, "apt-get", "install", "-y", "chromium"], check=True, env=env)
        found = _find_chromium()
    if found is None:
        pytest.skip("Chromium is not installed: apt-get install -y chromium (CI=true does it)")
    return found


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = write_warehouse(tmp_path_factory.mktemp("report") / "warehouse.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    try:
        return render_report(con, WEEKS[1])
    finally:
        con.close()


def run_chromium(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_report_is_one_self_contained_file(report_html: str) -> None:
    lowered = report_html.lower()
    for forbidden in ("<script", "<link", " src=", "url(", "@import"):
        assert forbidden not in lowered, forbidden
    addresses = set(re.findall(r"https?://[^\s\"'<>]+", report_html))
    assert addresses == {"http://www.w3.org/2000/svg"}  # the SVG namespace, never fetched
    assert report_html.count("<svg") == 2  # topics over time; flagged topics vs baseline


def test_report_content(report_html: str) -> None:
    assert "week starting Monday 09 March 2026" in report_html
    assert "<title>Weekly contacts of this week&#x27;s top topics</title>" in report_html
    # the line chart has one line per topic with contacts, named in the legend
    assert report_html.count("<polyline") == 2 and ">Council tax</text>" in report_html
    # bins was flagged rising: in the bar chart and the table
    assert "Bins (rising)" in report_html and "<td>rising</td>" in report_html
    # candidates: ranked with rationale, excluded ones with the reason
    assert "About 57 contacts a week: a strong candidate." in report_html
    assert "safeguarding topic: must stay with a person" in report_html
    assert "-when is my bin day" in report_html


def test_report_renders_in_headless_chromium(
    chromium: str, report_html: str, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    report.write_text(report_html, encoding="utf-8")
    shot = tmp_path / "report.png"
    run_chromium(
        chromium, tmp_path, "--window-size=1200,1600", f"--screenshot={shot}", report.as_uri()
    )
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    blank_shot = tmp_path / "blank.png"
    run_chromium(
        chromium, tmp_path, "--window-size=1200,1600", f"--screenshot={blank_shot}", blank.as_uri()
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a page with charts and tables compresses far worse than an empty one
    assert shot.stat().st_size > 10 * blank_shot.stat().st_size

    probed = tmp_path / "probed.html"
    probed.write_text(report_html.replace("</body>", LAYOUT_PROBE + "</body>"), encoding="utf-8")
    dom = run_chromium(chromium, tmp_path, "--dump-dom", probed.as_uri()).stdout
    sizes = [tuple(map(int, s.split("x"))) for s in re.findall(r'data-rendered="(\d+x\d+)"', dom)]
    assert len(sizes) == 2 and all(w > 500 and h > 40 for w, h in sizes), sizes
    for text in ("Top topics over time", "Spikes and rising topics", "Automation candidates"):
        assert text in dom
    assert "a strong candidate" in dom


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
    assert html_text.count("<svg") == 3  # over time, flagged vs baseline, the spike's chart
    spike_svg = html_text[html_text.index('<div class="spike">') :]
    # one bar per week up to the spike week, each titled with its week and count; the spike
    # week (the last) in orange
    for week_start, contacts in weekly:
        assert f"<title>{week_start}: {contacts}</title>" in spike_svg
    assert spike_svg.count("<rect") == len(weekly)
    last_rect = spike_svg[spike_svg.rindex("<rect") :]
    assert 'fill="#D55E00"' in last_rect
