"""The weekly report's page: its shell, style sheet, sorting script, tables and the index page.

Everything here is inline: one file, no fonts, scripts or style sheets from elsewhere. The page
is readable at 390 px (a viewport tag; wide tables scroll inside their own focusable box; charts
scale with ``viewBox``) and prints to A4. Colours meet WCAG 2.2 AA contrast on white (text
#0b0c0c, secondary text #505a5f: 7.0:1; links #1d70b8: 5.2:1).

The sorting script only adds buttons to the headers of tables marked ``data-sortable``: with
scripts off, the same table is there, in its default order.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

STYLE = """
*{box-sizing:border-box}
body{font-family:Arial,Helvetica,sans-serif;margin:0 auto;padding:1em;max-width:1100px;
color:#0b0c0c;background:#fff;line-height:1.4}
h1{font-size:1.7em;margin:.3em 0}h2{margin-top:1.6em;border-bottom:2px solid #0b0c0c}
h3{margin:1.2em 0 .4em}a{color:#1d70b8}
a:focus,button:focus,.table-wrap:focus{outline:3px solid #fd0;outline-offset:0;
box-shadow:0 0 0 5px #0b0c0c}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.5em}
.headline{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5em,1fr));gap:.8em;
padding:0;margin:1em 0;list-style:none}
.headline li{border-left:5px solid #1d70b8;padding:.3em .8em;background:#f3f2f1}
.headline strong{display:block;font-size:1.8em}
.table-wrap{overflow-x:auto;max-width:100%;margin:.5em 0}
table{border-collapse:collapse;width:100%;font-size:.9em}
table.wide{min-width:58em}td.text{min-width:16em}
caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border-bottom:1px solid #b1b4b6;padding:.35em .5em;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #0b0c0c;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;font-weight:bold;color:#1d70b8;background:none;border:0;padding:0;
cursor:pointer;text-decoration:underline;text-align:inherit}
th[aria-sort=ascending] button::after{content:" \\25B2"}
th[aria-sort=descending] button::after{content:" \\25BC"}
.note{color:#505a5f}.flag{font-weight:bold}
.flag-spike{color:#a8341a}.flag-rising{color:#8a4b00}.flag-falling{color:#005a9c}
figure{margin:1em 0}figure svg{width:100%;max-width:640px}figcaption{color:#505a5f;font-size:.9em}
svg{max-width:100%;height:auto}svg text{fill:#0b0c0c}
svg.spark{width:120px;height:28px;vertical-align:middle}
.spike svg{width:360px}
dl.defs dt{font-weight:bold;margin-top:.6em}dl.defs dd{margin-left:1em}
ul.says{margin:.2em 0 .8em;padding-left:1.2em}
@media (max-width:640px){body{padding:.6em}h1{font-size:1.35em}table{font-size:.85em}
.headline strong{font-size:1.5em}}
@media print{@page{size:A4;margin:15mm}body{max-width:none;padding:0;font-size:10pt}
nav,.no-print{display:none}.table-wrap{overflow:visible}table.wide,td.text{min-width:0}h2{break-after:avoid}
tr,figure,.spike{break-inside:avoid}a{color:#0b0c0c;text-decoration:none}
th button{color:#0b0c0c;text-decoration:none}}
"""

# Adds sort buttons to tables marked data-sortable; cells sort on data-sort when present.
SORT_SCRIPT = """
document.querySelectorAll('table[data-sortable]').forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    if (th.hasAttribute('data-nosort')) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', function () {
      var down = th.getAttribute('aria-sort') !== 'descending';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(row) {
        var cell = row.cells[col];
        var raw = cell.getAttribute('data-sort');
        if (raw === null) raw = cell.textContent.trim();
        var num = parseFloat(raw);
        return isNaN(num) || raw === '' ? raw.toLowerCase() : num;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
        var order = x < y ? -1 : x > y ? 1 : 0;
        return down ? -order : order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def number(value: object, places: int = 0) -> str:
    """``1,234`` (or with ``places`` decimals); an en dash for a missing value."""
    if value is None:
        return "–"
    return f"{float(value):,.{places}f}"  # type: ignore[arg-type]


def percent(value: object, places: int = 0) -> str:
    """A share (0..1) as a percentage: ``0.07`` -> ``7%``; an en dash when missing."""
    if value is None:
        return "–"
    return f"{100 * float(value):.{places}f}%"  # type: ignore[arg-type]


def signed(value: object, places: int = 0) -> str:
    """A change with its sign: ``+12``, ``−3`` (minus sign), ``0``."""
    if value is None:
        return "–"
    v = float(value)  # type: ignore[arg-type]
    text = f"{abs(v):,.{places}f}"
    return f"+{text}" if v > 0 else f"−{text}" if v < 0 else text


@dataclass(frozen=True)
class Column:
    """One table column: ``heading``, how to show a row (``cell``), and its sort key.

    ``cell`` returns HTML (escape text yourself). ``numeric`` right-aligns it; ``sort`` gives
    the value the script sorts on (default: the cell's text).
    """

    heading: str
    cell: object  # Callable[[dict], str]
    numeric: bool = False
    sort: object | None = None  # Callable[[dict], object] | None
    sortable: bool = True
    text: bool = False  # running text: kept at least 16em wide


def table(
    rows: Sequence[dict],
    columns: Sequence[Column],
    caption: str,
    *,
    sortable: bool = False,
    row_header: int | None = 0,
    ident: str | None = None,
) -> str:
    """A table in a focusable box that scrolls sideways on narrow screens.

    Every header cell has ``scope``; column ``row_header`` is a row header (``th scope=row``).
    ``ident``: the table's ``id``.
    """
    heads = []
    for column in columns:
        attrs = ' class="n"' if column.numeric else ""
        if not column.sortable:
            attrs += " data-nosort"
        heads.append(f'<th scope="col"{attrs}>{esc(column.heading)}</th>')
    body = []
    for row in rows:
        cells = []
        for i, column in enumerate(columns):
            tag = "th" if i == row_header else "td"
            attrs = ' scope="row"' if tag == "th" else ""
            if column.numeric:
                attrs += ' class="n"'
            elif column.text:
                attrs += ' class="text"'
            if column.sort is not None:
                key = column.sort(row)  # type: ignore[operator]
                attrs += f' data-sort="{esc("" if key is None else key)}"'
            cells.append(f"<{tag}{attrs}>{column.cell(row)}</{tag}>")  # type: ignore[operator]
        body.append(f"<tr>{''.join(cells)}</tr>")
    marker = (" data-sortable" if sortable else "") + (f' id="{esc(ident)}"' if ident else "")
    if len(columns) >= 6:  # scrolls sideways in its box on a phone rather than squeezing
        marker += ' class="wide"'
    return (
        f'<div class="table-wrap" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f"<table{marker}><caption>{esc(caption)}</caption><thead><tr>{''.join(heads)}</tr>"
        f"</thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def page(title: str, body: Iterable[str], *, script: bool = True) -> str:
    """A whole HTML document: viewport tag, inline style, ``body``, the sorting script."""
    tail = f"<script>{SORT_SCRIPT}</script>" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>\n"
        '<main id="main">\n' + "\n".join(body) + f"\n</main>\n{tail}</body></html>\n"
    )


def week_links(
    week: date,
    previous: date | None,
    following: date | None,
    base: str = "../",
    page: str = "report.html",
) -> str:
    """Links to the previous and next weeks' reports and (internal reports) the index of weeks.

    ``base`` is the path from the report's folder to the folder of week folders (``../`` for
    ``weeks/<Monday>/report.html``, ``../../`` for ``weeks/<Monday>/public/report.html``);
    ``page`` the report's path inside a week folder. A public report links only to other
    public reports.
    """
    items = []
    if previous is not None:
        items.append(
            f'<li><a href="{base}{previous.isoformat()}/{page}" rel="prev" data-week-link>'
            f"Previous week ({previous:%d %B %Y})</a></li>"
        )
    if page == "report.html":
        items.append(f'<li><a href="{base}index.html" data-week-link>All weeks</a></li>')
    if following is not None:
        items.append(
            f'<li><a href="{base}{following.isoformat()}/{page}" rel="next" data-week-link>'
            f"Next week ({following:%d %B %Y})</a></li>"
        )
    if not items:
        return ""
    return f'<nav aria-label="Other weeks"><ul>{"".join(items)}</ul></nav>'


def link_previous_week(weeks_dir: Path, week: date) -> list[Path]:
    """Give the reports of the week published before ``week`` their "Next week" link.

    A report written before the following week existed has no such link; this adds one to its
    navigation (internal and public reports), leaving a report that already has one alone.
    Returns the reports changed.
    """
    earlier = []
    for folder in weeks_dir.iterdir() if weeks_dir.is_dir() else []:
        try:
            when = date.fromisoformat(folder.name)
        except ValueError:
            continue
        if when < week and folder.is_dir():
            earlier.append((when, folder))
    if not earlier:
        return []
    _, folder = max(earlier)
    changed = []
    for page, base in (("report.html", "../"), ("public/report.html", "../../")):
        report = folder / page
        if not report.is_file():
            continue
        text = report.read_text(encoding="utf-8")
        if 'rel="next"' in text:
            continue
        link = (
            f'<li><a href="{base}{week.isoformat()}/{page}" rel="next" data-week-link>'
            f"Next week ({week:%d %B %Y})</a></li>"
        )
        if "</ul></nav>" in text:
            text = text.replace("</ul></nav>", link + "</ul></nav>", 1)
        elif "</header>" in text:  # a report with no other link yet
            nav = f'<nav aria-label="Other weeks"><ul>{link}</ul></nav>'
            text = text.replace("</header>", nav + "</header>", 1)
        else:
            continue
        write_atomic(report, text)
        changed.append(report)
    return changed


# The week links in a copy of a week's folder placed beside weeks/ (latest/): the same targets,
# through weeks/, as plain links (no script needed).
LATEST_BASES = (("report.html", "../"), ("public/report.html", "../../"))


def relink_copy(folder: Path) -> list[Path]:
    """Point the week links of the reports in ``folder``, a copy of a week's folder that sits
    beside ``weeks/`` (``latest/``), at the week folders: ``../<Monday>/report.html`` becomes
    ``../weeks/<Monday>/report.html`` (``../index.html``: ``../weeks/index.html``). Returns the
    reports changed."""
    changed = []
    for page, base in LATEST_BASES:
        report = folder / page
        if not report.is_file():
            continue
        text = report.read_text(encoding="utf-8")
        pattern = r'(<a href="' + re.escape(base) + r')([^"]*"[^>]*\bdata-week-link)'
        relinked = re.sub(pattern, r"\1weeks/\2", text)
        if relinked != text:
            write_atomic(report, relinked)
            changed.append(report)
    return changed


def render_index(weeks_dir: Path) -> str:
    """The index page of every week folder under ``weeks_dir`` that holds a report."""
    found: list[tuple[date, bool]] = []
    for folder in weeks_dir.iterdir() if weeks_dir.is_dir() else []:
        try:
            week = date.fromisoformat(folder.name)
        except ValueError:  # a temporary or undated folder
            continue
        if (folder / "report.html").is_file():
            found.append((week, (folder / "public" / "report.html").is_file()))
    found.sort(reverse=True)
    rows = [
        {"week": week, "public": has_public, "latest": i == 0}
        for i, (week, has_public) in enumerate(found)
    ]
    columns = [
        Column(
            "Week starting",
            lambda r: (
                f'<a href="{r["week"].isoformat()}/report.html">{r["week"]:%A %d %B %Y}</a>'
                + (" (latest)" if r["latest"] else "")
            ),
        ),
        Column(
            "Public version",
            lambda r: (
                f'<a href="{r["week"].isoformat()}/public/report.html">public report</a>'
                if r["public"]
                else "none"
            ),
        ),
    ]
    body = [
        "<h1>Contact topics: weekly reports</h1>",
        f'<p class="note">{len(rows)} weeks published, newest first.</p>',
        table(rows, columns, "Weekly reports") if rows else "<p>No week is published yet.</p>",
    ]
    return page("Contact topics: weekly reports", body, script=False)


def write_index(weeks_dir: Path) -> Path:
    """Write ``weeks_dir/index.html`` (beside its final name, then moved in)."""
    weeks_dir.mkdir(parents=True, exist_ok=True)
    target = weeks_dir / "index.html"
    write_atomic(target, render_index(weeks_dir))
    return target


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` beside ``target`` under a unique name, then ``os.replace`` it in."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(name, 0o644)  # mkstemp makes it owner-only; a report is for reading
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)
