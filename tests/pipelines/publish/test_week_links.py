"""Issue 23: the week links in every report are plain links that lead to a report, with no
script: in weeks/<Monday>/ and in latest/ (a copy of the newest week's folder beside weeks/).

The links are read from the HTML as written and resolved the way a browser resolves a relative
link against the page's own address (latest/ is not resolved to the folder it points at).
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

from pipelines.publish.outputs import publish
from pipelines.settings import Settings
from tests.pipelines.published_tables import WEEKS, write_warehouse


class Links(HTMLParser):
    """The week links (``rel``, ``href``) and the text of every script in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and "data-week-link" in found:
            self.links.append((found.get("rel") or "", found["href"] or ""))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def read_links(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_week_links_work_without_scripts_in_weeks_and_latest(settings: Settings) -> None:
    write_warehouse(settings.warehouse_path)
    publish(settings, week=WEEKS[0])
    publish(settings, week=WEEKS[1])
    published = settings.published_dir
    pages = {
        "latest": published / "latest" / "report.html",
        "latest public": published / "latest" / "public" / "report.html",
        "week": published / "weeks" / WEEKS[1].isoformat() / "report.html",
        "week public": published / "weeks" / WEEKS[1].isoformat() / "public" / "report.html",
        "earlier": published / "weeks" / WEEKS[0].isoformat() / "report.html",
    }
    expected = {
        "latest": ["prev", ""],
        "latest public": ["prev"],
        "week": ["prev", ""],
        "week public": ["prev"],
        "earlier": ["", "next"],
    }
    for where, page in pages.items():
        found = read_links(page)
        assert [rel for rel, _ in found.links] == expected[where], (where, found.links)
        for rel, href in found.links:
            # as a browser does: relative to the page's address, symlinks left as they are
            target = Path(os.path.normpath(page.parent / href))
            assert target.is_file(), (where, href)
            assert target.parts[-2 if "public" not in where else -3] in {
                WEEKS[0].isoformat(),
                WEEKS[1].isoformat(),
                "weeks",
            }, (where, href)
            assert ("public" in target.parts) == ("public" in where), (where, href)
            if rel == "prev":
                assert WEEKS[0].isoformat() in target.parts and "weeks" in target.parts
            if rel == "next":
                assert WEEKS[1].isoformat() in target.parts and "weeks" in target.parts
            if rel == "":
                assert target == published / "weeks" / "index.html", (where, href)
        # no script touches a link (the sorting script only adds header buttons)
        assert not any("href" in script for script in found.scripts), where
