"""The weekly report's sections, each a list of HTML fragments (see ``report.render_report``).

Each section reads the published tables through one DuckDB connection and a schema name, so the
same code draws the internal report (the ``published`` schema) and the public one (views over
the week's ``public/`` files, where small numbers are hidden as nulls and free text is absent).
``public=True`` leaves out what a public copy must not hold: resident phrasings, trend
sentences and emerging themes' labels.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import duckdb

from pipelines.contract import UNCLASSIFIED
from pipelines.discovery.phrasings import clean_phrasings
from pipelines.publish.report_charts import TREND_WEEKS, channel_mix_chart, sparkline
from pipelines.publish.report_page import Column, esc, number, percent, signed, table
from pipelines.warehouse import fetch_frame

MIX_WEEKS = 12
PHRASINGS_SHOWN = 3
PHRASING_MAX_WORDS = 20
PHRASING_TOPICS = 10  # candidates shown with residents' words
HIDDEN = '<span class="note">hidden</span>'
# What starts a message but is not the resident's words: bullets, quotes, @handles.
_LEAD = re.compile(r"^(?:@\w+\s*|[^\w\[@]+)+")


def has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    return bool(found[0][0])


def week_rows(con: duckdb.DuckDBPyConnection, schema: str, week: date) -> list[dict[str, Any]]:
    """topic_weekly_trends for ``week``, channel 'all', biggest topics first."""
    return fetch_frame(
        con,
        f"select * from {schema}.topic_weekly_trends where week_start = ? and channel = 'all' "
        "order by contacts desc nulls last, topic_id",
        [week],
    ).to_dicts()


def week_total(rows: list[dict[str, Any]]) -> int | None:
    """All contacts in a week and channel: the sum, or (when a count is hidden) a visible
    count divided by its share of the week, which public files show for that purpose."""
    if all(r["contacts"] is not None for r in rows):
        return sum(int(r["contacts"]) for r in rows)
    for r in rows:
        if r["contacts"] and r.get("share_of_week"):
            return round(r["contacts"] / r["share_of_week"])
    return None


def failure_demand(rows: list[dict[str, Any]]) -> float | None:
    """Avoidable contacts / contacts over the rows whose rate is shown."""
    known = [r for r in rows if r["contacts"] and r.get("avoidable_contact_rate") is not None]
    contacts = sum(r["contacts"] for r in known)
    if not contacts:
        return None
    return sum(r["avoidable_contact_rate"] * r["contacts"] for r in known) / contacts


def headline(
    this_week: list[dict[str, Any]], last_week: list[dict[str, Any]], public: bool
) -> list[str]:
    total, before = week_total(this_week), week_total(last_week)
    change = None if not total or not before else (total - before) / before
    unclassified = next((r for r in this_week if r["topic_id"] == UNCLASSIFIED), None)
    unclassified_share = None if unclassified is None else unclassified.get("share_of_week")
    items = [
        ("Contacts this week", number(total)),
        (
            "Change on last week",
            "–" if change is None else f"{signed(100 * change)}% ({signed(total - before)})",  # type: ignore[operator]
        ),
        ("Unclassified", percent(unclassified_share)),
        ("Failure demand", percent(failure_demand(this_week))),
    ]
    note = (
        "Failure demand here counts only the topics whose figures are shown (small numbers are "
        "hidden in this public version)."
        if public
        else "Failure demand: the share of this week's contacts that were avoidable."
    )
    cells = "".join(f"<li>{esc(label)}<strong>{value}</strong></li>" for label, value in items)
    return [
        '<h2 id="headline">This week</h2>',
        f'<ul class="headline">{cells}</ul>',
        f'<p class="note">{esc(note)}</p>',
    ]


def trend_history(
    con: duckdb.DuckDBPyConnection, schema: str, week: date
) -> tuple[list[date], dict[str, dict[date, int | None]]]:
    """The up-to-26 weeks ending ``week`` and each topic's contacts in them (channel 'all')."""
    frame = fetch_frame(
        con,
        f"select topic_id, week_start, contacts from {schema}.topic_weekly_trends "
        "where channel = 'all' and week_start <= ? and week_start > ? order by week_start",
        [week, week - timedelta(weeks=TREND_WEEKS)],
    )
    weeks = sorted(set(frame["week_start"].to_list()))
    by_topic: dict[str, dict[date, int | None]] = defaultdict(dict)
    for row in frame.iter_rows(named=True):
        by_topic[row["topic_id"]][row["week_start"]] = row["contacts"]
    return weeks, by_topic


def _flag(row: dict[str, Any]) -> str:
    flag = row.get("trend_flag")
    if flag is None:
        return HIDDEN
    return f'<span class="flag flag-{esc(flag)}">{esc(str(flag).replace("_", " "))}</span>'


def topics_section(
    this_week: list[dict[str, Any]],
    weeks: list[date],
    history: dict[str, dict[date, int | None]],
    public: bool,
) -> list[str]:
    """Every topic this week, sortable, with a 26-week trend line each."""

    def count(name: str, places: int = 0):  # noqa: ANN202
        return Column(
            name,
            lambda r, key=name: (
                HIDDEN if r[COLUMN_KEYS[key]] is None else number(r[COLUMN_KEYS[key]], places)
            ),
            numeric=True,
            sort=lambda r, key=name: r[COLUMN_KEYS[key]],
        )

    columns = [
        Column("Topic", lambda r: esc(r["topic_name"] or r["topic_id"])),
        count("This week"),
        count("Last week"),
        Column(
            "Change",
            lambda r: (
                HIDDEN if r["change_vs_last_week"] is None else signed(r["change_vs_last_week"])
            ),
            numeric=True,
            sort=lambda r: r["change_vs_last_week"],
        ),
        count("8-week baseline", 1),
        Column("Flag", _flag, sort=lambda r: r.get("trend_flag") or ""),
    ]
    if not public and any("trend_explanation" in r for r in this_week):
        columns.append(Column("Why", lambda r: esc(r.get("trend_explanation")), text=True))
    columns.append(
        Column(
            f"Last {len(weeks)} weeks",
            lambda r: sparkline(
                str(r["topic_name"] or r["topic_id"]),
                [(w, history.get(r["topic_id"], {}).get(w)) for w in weeks],
            ),
            sortable=False,
        )
    )
    return [
        '<h2 id="topics">Every topic this week</h2>',
        '<p class="note">Select a column heading to sort. The baseline is the median of the 8 '
        "complete weeks before; the flag rule is under Definitions.</p>",
        table(
            this_week, columns, "Contacts by topic this week", sortable=True, ident="topics-table"
        ),
    ]


COLUMN_KEYS = {
    "This week": "contacts",
    "Last week": "contacts_last_week",
    "8-week baseline": "baseline_contacts",
}


def emerging_section(
    con: duckdb.DuckDBPyConnection, schema: str, week: date, public: bool
) -> list[str]:
    """Themes found among unclassified contacts this week, with their status."""
    heading = '<h2 id="emerging">Emerging topics</h2>'
    if public:
        return [
            heading,
            "<p>Not in the public version: emerging themes are named after residents' own "
            "words.</p>",
        ]
    if not has_table(con, schema, "emerging_topics"):
        return [heading, "<p>No emerging-topics table is published.</p>"]
    rows = fetch_frame(
        con,
        f"select * from {schema}.emerging_topics where week_start = ? "
        "order by contacts desc, cluster_id",
        [week],
    ).to_dicts()
    if not rows:
        return [heading, "<p>No new theme was found among this week's unclassified contacts.</p>"]
    columns = [
        Column("Theme", lambda r: esc(r["cluster_id"])),
        Column("Most distinctive words", lambda r: esc(r.get("label"))),
        Column("Status", lambda r: esc(r["status"])),
        Column("Contacts", lambda r: number(r["contacts"]), numeric=True),
        Column(
            "Share of unclassified", lambda r: percent(r.get("share_of_unclassified")), numeric=True
        ),
        Column("Weeks seen", lambda r: number(r.get("weeks_seen")), numeric=True),
        Column("First seen", lambda r: esc(r.get("first_seen_week"))),
    ]
    return [
        heading,
        '<p class="note">Groups of similar contacts the topic model left unclassified: '
        "candidates for a new topic.</p>",
        table(rows, columns, "Emerging topics this week", sortable=True),
    ]


def channel_mix_section(con: duckdb.DuckDBPyConnection, schema: str, week: date) -> list[str]:
    """Each channel's share of all contacts, week by week (up to 12 weeks)."""
    frame = fetch_frame(
        con,
        f"select week_start, channel, contacts, share_of_week from {schema}.topic_weekly_trends "
        "where week_start <= ? and week_start > ? order by week_start",
        [week, week - timedelta(weeks=MIX_WEEKS)],
    )
    cells: dict[tuple[date, str], list[dict[str, Any]]] = defaultdict(list)
    for row in frame.iter_rows(named=True):
        cells[(row["week_start"], row["channel"])].append(row)
    weeks = sorted({w for w, _ in cells})
    channels = sorted({c for _, c in cells if c != "all"})
    heading = '<h2 id="channels">Channel mix</h2>'
    if not weeks or not channels:
        return [heading, "<p>No weeks in the data.</p>"]
    totals = {key: week_total(rows) for key, rows in cells.items()}
    mix = {c: [totals.get((w, c)) or 0 for w in weeks] for c in channels}
    rows = [
        {"week": w, "all": totals.get((w, "all")), **{c: totals.get((w, c)) for c in channels}}
        for w in weeks[::-1]
    ]

    def share(r: dict[str, Any], channel: str) -> str:
        if r[channel] is None or not r["all"]:
            return HIDDEN
        return f"{number(r[channel])} ({percent(r[channel] / r['all'])})"

    columns = [Column("Week starting", lambda r: f"{r['week']:%d %b %Y}")]
    columns += [Column(c, lambda r, c=c: share(r, c), numeric=True) for c in channels]
    chart = channel_mix_chart(
        weeks,
        mix,
        f"Share of contacts by channel, {len(weeks)} weeks",
        [totals.get((w, "all")) for w in weeks],
    )
    return [heading, chart, table(rows, columns, "Contacts by channel each week (share)")]


def short_phrasings(value: str | None) -> list[str]:
    """Up to three short, clean resident phrasings from a ``' | '``-separated column."""
    if not value:
        return []
    kept = clean_phrasings((_LEAD.sub("", part) for part in value.split(" | ")), limit=10)
    short = [p for p in kept if len(p.split()) <= PHRASING_MAX_WORDS]
    short.sort(key=lambda p: p.count("["))  # those without redaction placeholders first
    return short[:PHRASINGS_SHOWN]


def candidates_section(candidates: list[dict[str, Any]], public: bool) -> list[str]:
    """Ranked automation candidates; then, internally, residents' words for each."""
    ranked = [r for r in candidates if not r["is_excluded"]]
    heading = '<h2 id="candidates">Automation candidates</h2>'
    if not ranked:
        return [heading, "<p>No topic can be ranked yet.</p>"]
    window = f"{ranked[0].get('window_start')} to {ranked[0].get('window_end')}"
    columns = [
        Column(
            "Rank",
            lambda r: number(r["candidate_rank"]),
            numeric=True,
            sort=lambda r: r["candidate_rank"],
        ),
        Column("Topic", lambda r: esc(r["topic_name"] or r["topic_id"])),
        Column(
            "Score (0-100)",
            lambda r: HIDDEN if r["automation_score"] is None else number(r["automation_score"], 1),
            numeric=True,
            sort=lambda r: r["automation_score"],
        ),
        Column(
            "Contacts",
            lambda r: HIDDEN if r["contacts"] is None else number(r["contacts"]),
            numeric=True,
            sort=lambda r: r["contacts"],
        ),
        Column(
            "Failure demand",
            lambda r: (
                HIDDEN
                if r.get("avoidable_contact_rate") is None
                else percent(r["avoidable_contact_rate"])
            ),
            numeric=True,
            sort=lambda r: r.get("avoidable_contact_rate"),
        ),
        Column(
            "Agent hours a year",
            lambda r: number(r.get("agent_hours_per_year")),
            numeric=True,
            sort=lambda r: r.get("agent_hours_per_year"),
        ),
    ]
    if any("cost_per_year" in r for r in ranked):
        columns.append(
            Column(
                "Cost a year",
                lambda r: (
                    "–" if r.get("cost_per_year") is None else f"£{number(r['cost_per_year'])}"
                ),
                numeric=True,
                sort=lambda r: r.get("cost_per_year"),
            )
        )
    columns.append(Column("Why", lambda r: esc(r.get("rationale") or "–"), text=True))
    parts = [
        heading,
        f'<p class="note">Scored over {esc(window)}; contacts with vulnerability markers are '
        "left out. Failure demand: the share of the topic's contacts that were avoidable.</p>",
        table(ranked, columns, "Automation candidates, best first", sortable=True, row_header=1),
    ]
    if public:
        return parts
    said = [(r, short_phrasings(r.get("representative_phrasings"))) for r in ranked]
    said = said[:PHRASING_TOPICS]
    said = [(r, phrasings) for r, phrasings in said if phrasings]
    parts.append("<h3>In residents' words (redacted; internal only)</h3>")
    parts.append(
        f'<p class="note">Up to {PHRASINGS_SHOWN} short phrasings for each of the top '
        f"{PHRASING_TOPICS} candidates.</p>"
    )
    if not said:
        parts.append("<p>No short, clean phrasing is available.</p>")
    for row, phrasings in said:
        items = "".join(f"<li>“{esc(p)}”</li>" for p in phrasings)
        parts.append(
            f"<p><strong>{esc(row['topic_name'] or row['topic_id'])}</strong></p>"
            f'<ul class="says">{items}</ul>'
        )
    return parts


def excluded_section(candidates: list[dict[str, Any]]) -> list[str]:
    """Topics excluded from automation, grouped by the reason."""
    groups: dict[str, list[str]] = defaultdict(list)
    for row in candidates:
        if row["is_excluded"]:
            reason = row.get("exclusion_reason") or "no reason recorded"
            groups[str(reason)].append(str(row["topic_name"] or row["topic_id"]))
    parts = ['<h2 id="not-for-automation">Not for automation</h2>']
    if not groups:
        return [*parts, "<p>No topic is excluded.</p>"]
    for reason, names in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        items = "".join(f"<li>{esc(name)}</li>" for name in sorted(names))
        topics = "topic" if len(names) == 1 else "topics"
        parts.append(
            f"<h3>{esc(reason[:1].upper() + reason[1:])} ({len(names)} {topics})</h3>"
            f"<ul>{items}</ul>"
        )
    return parts
