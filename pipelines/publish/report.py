"""The weekly HTML report: a service manager's weekly page, one self-contained file.

Sections (docs/publishing.md): the week in four figures; every topic, sortable, with a 26-week
trend line; spikes and rising topics (each spike with its sentence and a 26-week chart);
emerging topics; the channel mix; automation candidates with a few short resident phrasings;
topics not for automation, by reason; definitions; links to the other weeks. The page, its
style and its small sorting script are in ``report_page``, the sections in ``report_sections``,
the trend lines in ``report_charts``.

Charts are inline SVG (the spike charts drawn here, the others in ``report_charts``); no web
font, image, style sheet or script comes from elsewhere, so the file can be emailed or put on a
shared drive. The internal report reads the
published tables (not suppressed: it is for council staff). The public report
(``write_public_report``) reads only the week's ``public/`` files (small numbers hidden, no free
text) and leaves out resident phrasings, trend sentences and emerging themes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from pipelines.publish import report_sections as sections
from pipelines.publish.report_charts import PALETTE
from pipelines.publish.report_definitions import definitions_section
from pipelines.publish.report_page import (
    Column,
    esc,
    number,
    page,
    signed,
    table,
    week_links,
    write_atomic,
)
from pipelines.warehouse import fetch_frame

SPIKE_WEEKS_SHOWN = 26
MOVING_FLAGS = ("spike", "rising", "new")


def _esc(value: object) -> str:
    return esc(value)


def _number(value: object, places: int = 0) -> str:
    return number(value, places)


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 x a power of ten that is at least ``value`` (axis tops)."""
    step = 1.0
    while step * 10 <= value:
        step *= 10
    return next(step * m for m in (1, 2, 5, 10) if step * m >= value)


def _spike_histories(
    con: duckdb.DuckDBPyConnection, schema: str, week: date, spikes: list[dict[str, Any]]
) -> dict[str, list[tuple[date, int | None]]]:
    """Each spiking topic's contacts (channel 'all') over the 26 weeks ending ``week``."""
    if not spikes:
        return {}
    ids = sorted({str(r["topic_id"]) for r in spikes})
    rows = fetch_frame(
        con,
        f"select topic_id, week_start, contacts from {schema}.topic_weekly_trends "
        "where channel = 'all' and week_start <= ? and week_start > ? - interval 182 day "
        f"and topic_id in ({', '.join('?' for _ in ids)}) order by week_start",
        [week, week, *ids],
    )
    history: dict[str, list[tuple[date, int | None]]] = {topic: [] for topic in ids}
    for row in rows.iter_rows(named=True):
        # a count hidden in the public files stays None (drawn as a gap, not as 0)
        history[row["topic_id"]].append((row["week_start"], row["contacts"]))
    return history


def _spike_chart(name: str, history: list[tuple[date, int | None]]) -> str:
    """A small bar chart of one topic's last 26 weeks; the latest (spike) week in orange."""
    width, height, left, bottom, top = 360, 90, 36, 18, 8
    plot_w, plot_h = width - left - 8, height - top - bottom
    peak = _nice_ceiling(max([1, *(count for _, count in history if count is not None)]))
    slot = plot_w / max(len(history), 1)
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{_esc(name)}: contacts a week over the last {len(history)} weeks</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" '
        'stroke="#505a5f"/>',
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end">{_number(peak)}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    for i, (week_start, count) in enumerate(history):
        if count is None:  # hidden (public report): no bar
            continue
        bar_h = plot_h * count / peak
        colour = PALETTE[5] if i == len(history) - 1 else PALETTE[0]
        parts.append(
            f'<rect x="{left + i * slot + 1:.1f}" y="{top + plot_h - bar_h:.1f}" '
            f'width="{max(slot - 2, 1):.1f}" height="{bar_h:.1f}" fill="{colour}">'
            f"<title>{week_start}: {count}</title></rect>"
        )
    if history:
        parts.append(
            f'<text x="{left}" y="{height - 4}">{history[0][0]:%d %b %Y}</text>'
            f'<text x="{width - 8}" y="{height - 4}" text-anchor="end">'
            f"{history[-1][0]:%d %b %Y}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _spikes_list(
    spikes: list[dict[str, Any]], histories: dict[str, list[tuple[date, int | None]]]
) -> list[str]:
    """Each spike with its explanation sentence (internal only) and its last 26 weeks."""
    items = []
    for row in spikes:
        sentence = row.get("trend_explanation")
        items.append(
            f'<div class="spike"><h3>{_esc(row["topic_name"] or row["topic_id"])}</h3>'
            + (f"<p>{_esc(sentence)}</p>" if sentence else "")
            + f"{_spike_chart(str(row['topic_name']), histories.get(str(row['topic_id']), []))}"
            "</div>"
        )
    return items


def _moving_section(
    this_week: list[dict[str, Any]],
    histories: dict[str, list[tuple[date, int | None]]] | None = None,
) -> list[str]:
    """Spikes, rising and new topics this week: a table, then each spike; or a sentence."""
    heading = '<h2 id="moving">Spikes and rising topics</h2>'
    moving = [r for r in this_week if r["trend_flag"] in MOVING_FLAGS]
    moving.sort(key=lambda r: (r["trend_flag"] != "spike", -(r["z_score"] or 0)))
    if not moving:
        return [heading, "<p>No topic was flagged as a spike, rising or new this week.</p>"]
    columns = [
        Column("Topic", lambda r: _esc(r["topic_name"] or r["topic_id"])),
        Column("Flag", lambda r: _esc(r["trend_flag"])),
        Column("This week", lambda r: _number(r["contacts"]), numeric=True),
        Column("Baseline", lambda r: _number(r["baseline_contacts"], 1), numeric=True),
        Column("Change on last week", lambda r: signed(r["change_vs_last_week"]), numeric=True),
        Column("z-score", lambda r: _number(r["z_score"], 1), numeric=True),
    ]
    if any(r.get("trend_explanation") for r in moving):
        columns.append(Column("Why", lambda r: _esc(r.get("trend_explanation")), text=True))
    spikes = [r for r in moving if r["trend_flag"] == "spike"]
    return [
        heading,
        table(moving, columns, "Topics flagged this week"),
        *_spikes_list(spikes, histories or {}),
    ]


def _neighbours(
    con: duckdb.DuckDBPyConnection, schema: str, week: date
) -> tuple[date | None, date | None]:
    """The weeks in the data just before and just after ``week`` (after: complete, ended)."""
    weeks = fetch_frame(
        con,
        f"select week_start, bool_or(is_partial_week) as partial "
        f"from {schema}.topic_weekly_trends where channel = 'all' group by week_start "
        "order by week_start",
    ).to_dicts()
    earlier = [r["week_start"] for r in weeks if r["week_start"] < week]
    ended = date.today() - timedelta(days=7)  # a week in progress gets no report yet
    later = [r["week_start"] for r in weeks if week < r["week_start"] <= ended and not r["partial"]]
    return (earlier[-1] if earlier else None, later[0] if later else None)


def render_report(
    con: duckdb.DuckDBPyConnection,
    week: date,
    schema: str = "published",
    *,
    public: bool = False,
) -> str:
    """The report for the week starting ``week`` (a Monday), as one HTML document.

    ``public``: the tables are the week's public files (see ``write_public_report``).
    """
    this_week = sections.week_rows(con, schema, week)
    previous, following = _neighbours(con, schema, week)
    last_week = sections.week_rows(con, schema, previous) if previous else []
    total = sections.week_total(this_week)
    partial = any(r["is_partial_week"] for r in this_week)
    weeks, history = sections.trend_history(con, schema, week)
    candidates = fetch_frame(
        con, f"select * from {schema}.automation_candidates order by candidate_rank nulls last"
    ).to_dicts()
    spikes = [r for r in this_week if r["trend_flag"] == "spike"]
    version = "Public version" if public else "For council staff"
    title = f"Contact topics: week starting {week:%A %d %B %Y}"
    if public:
        links = week_links(week, previous, following, "../../", "public/report.html")
    else:
        links = week_links(week, previous, following)
    body = [
        '<header><p class="note">' + esc(version) + "</p>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="note">{number(total)} contacts this week'
        + (" (the data does not cover the whole week)" if partial else "")
        + f". Made {datetime.now():%d %B %Y %H:%M} from the "
        + (
            "public files: counts from 1 to the threshold are hidden."
            if public
            else "published tables."
        )
        + "</p>",
        links + "</header>",
        *sections.headline(this_week, last_week, public),
        *sections.topics_section(this_week, weeks, history, public),
        *_moving_section(this_week, _spike_histories(con, schema, week, spikes)),
        *sections.emerging_section(con, schema, week, public),
        *sections.channel_mix_section(con, schema, week),
        *sections.candidates_section(candidates, public),
        *sections.excluded_section(candidates),
        *definitions_section(),
    ]
    return page(f"Contact topics: week starting {week}" + (" (public)" if public else ""), body)


def write_report(con: duckdb.DuckDBPyConnection, week: date, target: Path) -> Path:
    """Render the week's report into ``target`` (an ``.html`` file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, render_report(con, week))
    return target


def write_public_report(public_dir: Path, week: date, target: Path | None = None) -> Path:
    """Render the public report from the ``.parquet`` files in ``public_dir`` only.

    Writes ``public_dir/report.html`` unless ``target`` is given.
    """
    target = target or public_dir / "report.html"
    con = duckdb.connect()
    try:
        con.execute("create schema published")
        for parquet in sorted(public_dir.glob("*.parquet")):
            path = str(parquet).replace("'", "''")
            con.execute(
                f"create view published.\"{parquet.stem}\" as select * from read_parquet('{path}')"
            )
        html_text = render_report(con, week, public=True)
    finally:
        con.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, html_text)
    return target
