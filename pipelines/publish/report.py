"""The weekly HTML report: one self-contained file that opens with no network.

Charts are inline SVG drawn here; there is no script, no web font and no external link, so the
file can be emailed or put on a shared drive. It reads the published tables (internal figures,
not suppressed: the report is for council staff).
"""

from __future__ import annotations

import html
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipelines.contract import UNCLASSIFIED
from pipelines.warehouse import fetch_frame

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
WEEKS_SHOWN = 12
SPIKE_WEEKS_SHOWN = 26
TOP_TOPICS = 6

STYLE = """
body{font-family:Arial,Helvetica,sans-serif;margin:2em auto;max-width:1100px;color:#0b0c0c}
h1{font-size:1.8em}h2{margin-top:1.6em;border-bottom:2px solid #0b0c0c}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid #b1b4b6;padding:.35em .5em;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}.note{color:#505a5f}svg text{font-size:12px;fill:#0b0c0c}
"""


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _number(value: object, places: int = 0) -> str:
    if value is None:
        return "-"
    return f"{float(value):,.{places}f}"  # type: ignore[arg-type]


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 x a power of ten that is at least ``value`` (axis tops)."""
    step = 1.0
    while step * 10 <= value:
        step *= 10
    return next(step * m for m in (1, 2, 5, 10) if step * m >= value)


def _line_chart(weeks: list[date], series: dict[str, list[int]], title: str) -> str:
    """Weekly contacts of a few topics, one line each, with a legend."""
    width, height, left, bottom, top, right = 1000, 330, 60, 40, 20, 280
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_ceiling(max([1, *(v for values in series.values() for v in values)]))

    def x(i: int) -> float:
        return left + (plot_w * i / max(len(weeks) - 1, 1))

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / peak

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%"><title>{_esc(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#0b0c0c"/>',
    ]
    for fraction in (0, 0.5, 1):
        value = peak * fraction
        parts.append(
            f'<text x="{left - 8}" y="{y(value) + 4:.1f}" text-anchor="end">{value:,.0f}</text>'
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{left + plot_w}" y2="{y(value):.1f}" '
            'stroke="#dddddd"/>'
        )
    for i, week in enumerate(weeks):
        if i % 2 == 0 or i == len(weeks) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 15}" text-anchor="middle">{week:%d %b}</text>'
            )
    for n, (name, values) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>'
        )
        legend_y = top + 10 + n * 22
        parts.append(
            f'<rect x="{width - right + 20}" y="{legend_y - 9}" width="14" height="4" '
            f'fill="{colour}"/><text x="{width - right + 40}" y="{legend_y}">{_esc(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _bar_chart(rows: list[dict], title: str) -> str:
    """Contacts this week against the baseline, one pair of bars per topic."""
    width, bar, gap, left = 1000, 12, 14, 330
    height = 30 + len(rows) * (2 * bar + gap)
    peak = max([1.0, *(float(r["contacts"] or 0) for r in rows)])
    peak = max([peak, *(float(r["baseline_contacts"] or 0) for r in rows)])
    scale = (width - left - 90) / peak
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%"><title>{_esc(title)}</title>',
        f'<rect x="{left}" y="4" width="12" height="10" fill="{PALETTE[5]}"/>'
        f'<text x="{left + 18}" y="13">this week</text>'
        f'<rect x="{left + 110}" y="4" width="12" height="10" fill="#b1b4b6"/>'
        f'<text x="{left + 128}" y="13">baseline (mean of the weeks before)</text>',
    ]
    for n, row in enumerate(rows):
        y0 = 24 + n * (2 * bar + gap)
        contacts = float(row["contacts"] or 0)
        baseline = float(row["baseline_contacts"] or 0)
        parts.append(
            f'<text x="{left - 8}" y="{y0 + bar + 4}" text-anchor="end">'
            f"{_esc(row['topic_name'])} ({_esc(row['trend_flag'])})</text>"
            f'<rect x="{left}" y="{y0}" width="{contacts * scale:.1f}" height="{bar}" '
            f'fill="{PALETTE[5]}"/><text x="{left + contacts * scale + 5:.1f}" '
            f'y="{y0 + bar - 2}">{contacts:,.0f}</text>'
            f'<rect x="{left}" y="{y0 + bar}" width="{baseline * scale:.1f}" height="{bar}" '
            f'fill="#b1b4b6"/><text x="{left + baseline * scale + 5:.1f}" '
            f'y="{y0 + 2 * bar - 2}">{baseline:,.1f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(rows: list[dict], columns: list[tuple[str, str, int | None]]) -> str:
    """An HTML table; ``columns`` are (column, heading, decimal places or None for text)."""
    head = "".join(
        f'<th class="{"n" if places is not None else ""}">{_esc(heading)}</th>'
        for _, heading, places in columns
    )
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{_number(row.get(name), places)}</td>'
            if places is not None
            else f"<td>{_esc(row.get(name))}</td>"
            for name, _, places in columns
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _weeks_shown(con: duckdb.DuckDBPyConnection, week: date, schema: str) -> list[date]:
    """The weeks in the charts: up to ``WEEKS_SHOWN`` weeks ending with ``week``, oldest first."""
    return fetch_frame(
        con,
        f"select distinct week_start from {schema}.topic_weekly_trends "
        "where week_start <= ? order by week_start desc limit ?",
        [week, WEEKS_SHOWN],
    )["week_start"].to_list()[::-1]


def _top_topic_series(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    weeks: list[date],
    week: date,
    this_week: list[dict[str, Any]],
) -> dict[str, list[int]]:
    """Weekly contacts of this week's ``TOP_TOPICS`` biggest topics, by topic name."""
    top_ids = [r["topic_id"] for r in this_week if r["topic_id"] != UNCLASSIFIED and r["contacts"]][
        :TOP_TOPICS
    ]
    history = fetch_frame(
        con,
        f"select topic_id, topic_name, week_start, contacts from {schema}.topic_weekly_trends "
        "where channel = 'all' and week_start between ? and ? order by week_start",
        [weeks[0] if weeks else week, week],
    )
    series: dict[str, list[int]] = {}
    for topic_id in top_ids:
        rows = history.filter(history["topic_id"] == topic_id)
        by_week = dict(zip(rows["week_start"].to_list(), rows["contacts"].to_list(), strict=True))
        name = rows["topic_name"][0] if rows.height else topic_id
        series[str(name)] = [int(by_week.get(w) or 0) for w in weeks]
    return series


def _spike_histories(
    con: duckdb.DuckDBPyConnection, schema: str, week: date, spikes: list[dict[str, Any]]
) -> dict[str, list[tuple[date, int]]]:
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
    history: dict[str, list[tuple[date, int]]] = {topic: [] for topic in ids}
    for row in rows.iter_rows(named=True):
        history[row["topic_id"]].append((row["week_start"], int(row["contacts"] or 0)))
    return history


def _spike_chart(name: str, history: list[tuple[date, int]]) -> str:
    """A small bar chart of one topic's last 26 weeks; the latest (spike) week in orange."""
    width, height, left, bottom, top = 360, 90, 36, 18, 8
    plot_w, plot_h = width - left - 8, height - top - bottom
    peak = _nice_ceiling(max([1, *(count for _, count in history)]))
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
    spikes: list[dict[str, Any]], histories: dict[str, list[tuple[date, int]]]
) -> list[str]:
    """Each spike with its explanation sentence and its last 26 weeks."""
    items = []
    for row in spikes:
        items.append(
            f'<div class="spike"><h3>{_esc(row["topic_name"] or row["topic_id"])}</h3>'
            f"<p>{_esc(row.get('trend_explanation'))}</p>"
            f"{_spike_chart(str(row['topic_name']), histories.get(str(row['topic_id']), []))}"
            "</div>"
        )
    return items


def _moving_section(
    this_week: list[dict[str, Any]],
    histories: dict[str, list[tuple[date, int]]] | None = None,
) -> list[str]:
    """Spikes, rising and new topics this week: a chart and a table, or a sentence."""
    moving = [r for r in this_week if r["trend_flag"] in ("spike", "rising", "new")]
    moving.sort(key=lambda r: (r["trend_flag"] != "spike", -(r["z_score"] or 0)))
    if not moving:
        return ["<p>No topic was flagged as a spike, rising or new this week.</p>"]
    columns: list[tuple[str, str, int | None]] = [
        ("topic_name", "Topic", None),
        ("trend_flag", "Flag", None),
        ("contacts", "Contacts", 0),
        ("baseline_contacts", "Baseline", 1),
        ("change_vs_last_week", "Change on last week", 0),
        ("z_score", "z-score", 1),
    ]
    spikes = [r for r in moving if r["trend_flag"] == "spike"]
    return [
        _bar_chart(moving, "Topics flagged this week against their baseline"),
        _table(moving, columns),
        *_spikes_list(spikes, histories or {}),
    ]


def _candidates_section(candidates: list[dict[str, Any]]) -> list[str]:
    """Ranked automation candidates, then the topics excluded from automation and why."""
    ranked = [r for r in candidates if not r["is_excluded"]]
    excluded = [r for r in candidates if r["is_excluded"]]
    columns: list[tuple[str, str, int | None]] = [
        ("candidate_rank", "Rank", 0),
        ("topic_name", "Topic", None),
        ("automation_score", "Score", 1),
        ("contacts", "Contacts in window", 0),
        ("agent_hours_per_year", "Agent hours a year", 0),
    ]
    optional = [
        ("cost_per_year", "Cost a year (£)", 0),
        ("avoidable_contact_rate", "Failure demand (share)", 2),
        ("rationale", "Why", None),
        ("representative_phrasings", "What residents say (redacted)", None),
    ]
    columns += [c for c in optional if ranked and c[0] in ranked[0]]
    window = (
        f"{ranked[0]['window_start']} to {ranked[0]['window_end']}"
        if ranked and "window_start" in ranked[0]
        else "the trailing window"
    )
    return [
        "<h2>Automation candidates</h2>",
        f'<p class="note">Scored over {_esc(window)}; contacts with vulnerability markers are '
        "left out.</p>",
        _table(ranked, columns) if ranked else "<p>No topic can be ranked yet.</p>",
        "<h2>Not for automation</h2>",
        _table(
            excluded,
            [("topic_name", "Topic", None), ("exclusion_reason", "Reason", None)],
        )
        if excluded
        else "<p>No topic is excluded.</p>",
    ]


def render_report(con: duckdb.DuckDBPyConnection, week: date, schema: str = "published") -> str:
    """The report for the week starting ``week`` (a Monday), as one HTML document."""
    weeks = _weeks_shown(con, week, schema)
    this_week = fetch_frame(
        con,
        f"select * from {schema}.topic_weekly_trends where week_start = ? and channel = 'all' "
        "order by contacts desc, topic_id",
        [week],
    ).to_dicts()
    total = sum(int(row["contacts"] or 0) for row in this_week)
    partial = any(r["is_partial_week"] for r in this_week)
    series = _top_topic_series(con, schema, weeks, week, this_week)
    candidates = fetch_frame(
        con, f"select * from {schema}.automation_candidates order by candidate_rank nulls last"
    ).to_dicts()
    sections = [
        f"<h1>Contact topics: week starting {week:%A %d %B %Y}</h1>",
        f'<p class="note">{total:,} contacts this week'
        + (" (the data does not cover the whole week)" if partial else "")
        + f". Made {datetime.now():%d %B %Y %H:%M} from the published tables.</p>",
        "<h2>Top topics over time</h2>",
        _line_chart(weeks, series, "Weekly contacts of this week's top topics")
        if weeks
        else "<p>No weeks in the data.</p>",
        "<h2>Spikes and rising topics</h2>",
        *_moving_section(
            this_week,
            _spike_histories(
                con, schema, week, [r for r in this_week if r["trend_flag"] == "spike"]
            ),
        ),
        *_candidates_section(candidates),
    ]
    body = "\n".join(sections)
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Contact topics: week starting {week}</title>"
        f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def write_report(con: duckdb.DuckDBPyConnection, week: date, target: Path) -> Path:
    """Render the week's report into ``target`` (an ``.html`` file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_report(con, week), encoding="utf-8")
    return target
