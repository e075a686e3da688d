"""Small hand-made published tables (the marts' current columns) for the publishing tests.

Three weeks, three topics, two channels plus 'all'. The week of 9 March has one small count
(bins by webchat: 3) whose secondary suppression is worked out by hand in test_suppression.py;
the week of 16 March is partial. Text cells that a spreadsheet would run as formulas are planted
in dim_topics and automation_candidates.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

WEEKS = [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
NAMES = {"bins": "Bins", "council_tax": "Council tax", "child_safety": "Child safeguarding"}
# (topic, channel) -> contacts in each week
COUNTS = {
    ("bins", "phone"): [50, 40, 45],
    ("bins", "webchat"): [20, 3, 15],
    ("council_tax", "phone"): [30, 25, 28],
    ("council_tax", "webchat"): [11, 12, 14],
    ("child_safety", "phone"): [0, 0, 0],
    ("child_safety", "webchat"): [0, 0, 0],
}
FORMULA_NAME = '=HYPERLINK("[URL]")'  # as the redactor leaves a typed link


def trends() -> pl.DataFrame:
    """topic_weekly_trends with an 'all' row per week and topic."""
    rows = []
    for w, week in enumerate(WEEKS):
        totals: dict[str, int] = {}
        cells: dict[tuple[str, str], int] = {}
        for (topic, channel), counts in COUNTS.items():
            cells[(topic, channel)] = counts[w]
            cells[(topic, "all")] = cells.get((topic, "all"), 0) + counts[w]
        for (_, channel), count in cells.items():
            totals[channel] = totals.get(channel, 0) + count
        for (topic, channel), count in sorted(cells.items()):
            last = None
            if w:
                before = {(t, c): n[w - 1] for (t, c), n in COUNTS.items() if t == topic}
                last = sum(before.values()) if channel == "all" else before[(topic, channel)]
            rate = 0.5 if count else None
            rows.append(
                {
                    "week_start": week,
                    "topic_id": topic,
                    "topic_name": NAMES[topic],
                    "channel": channel,
                    "contacts": count,
                    "share_of_week": count / totals[channel],
                    "median_handle_seconds": 200.0 if count else None,
                    "p90_handle_seconds": 400.0 if count else None,
                    "first_contact_resolution_rate": rate,
                    "transfer_rate": rate,
                    "escalation_rate": rate,
                    "repeat_contact_rate": rate,
                    "avoidable_contact_rate": rate,
                    "contacts_last_week": last,
                    "change_vs_last_week": None if last is None else count - last,
                    "baseline_contacts": None if last is None else float(last),
                    "z_score": None if last is None else 0.5,
                    "is_partial_week": w == 2,
                    "trend_flag": "rising"
                    if (topic, channel, w) == ("bins", "all", 1)
                    else "steady",
                }
            )
    return pl.DataFrame(rows).with_columns(
        pl.col("contacts", "contacts_last_week", "change_vs_last_week").cast(pl.Int32)
    )


def candidates() -> pl.DataFrame:
    """automation_candidates: one ranked topic, one safeguarding topic, one small topic."""
    base = {
        "service_area": "Waste",
        "topic_nature": "information",
        "window_start": WEEKS[0],
        "window_end": date(2026, 3, 15),
        "median_handle_seconds": 180.0,
        "mean_handle_seconds": 200.0,
        "first_contact_resolution_rate": 0.8,
        "volume_score": 1.0,
        "repetitiveness_score": 0.6,
        "simplicity_score": 0.8,
        "resolvability_score": 0.8,
        "nature_score": 1.0,
        "automation_score": 81.5,
        "agent_hours_per_year": 120.0,
        "cost_per_year": 900.0,
    }
    rows = [
        {
            **base,
            "topic_id": "bins",
            "topic_name": "Bins",
            "contacts": 113,
            "weekly_average_contacts": 56.5,
            "avoidable_contacts": 20,
            "avoidable_contact_rate": 0.18,
            "candidate_rank": 1,
            "is_excluded": False,
            "exclusion_reason": None,
            "rationale": "About 57 contacts a week: a strong candidate.",
            "representative_phrasings": "-when is my bin day | @council my bin was missed",
        },
        {
            **base,
            "topic_id": "council_tax",
            "topic_name": "Council tax",
            "contacts": 7,
            "weekly_average_contacts": 3.5,
            "avoidable_contacts": 2,
            "avoidable_contact_rate": 0.29,
            "candidate_rank": None,
            "is_excluded": True,
            "exclusion_reason": "fewer than 10 contacts in the window",
            "rationale": "Too few contacts to judge.",
            "representative_phrasings": None,
        },
        {
            **base,
            "topic_id": "child_safety",
            "topic_name": "Child safeguarding",
            "contacts": 0,
            "weekly_average_contacts": 0.0,
            "avoidable_contacts": 0,
            "avoidable_contact_rate": None,
            "candidate_rank": None,
            "is_excluded": True,
            "exclusion_reason": "safeguarding topic: must stay with a person",
            "rationale": "Safeguarding.",
            "representative_phrasings": None,
        },
    ]
    return pl.DataFrame(rows).with_columns(
        pl.col("contacts", "avoidable_contacts", "candidate_rank").cast(pl.Int32)
    )


def dim_topics() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "topic_id": ["bins", "child_safety", "council_tax"],
            "topic_name": [FORMULA_NAME, "Child safeguarding", "Council tax"],
            "is_safeguarding": [False, True, False],
        }
    )


def fct_contacts() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "contact_key": ["telephony:1", "telephony:2"],
            "started_at_local": [datetime(2026, 3, 9, 9), datetime(2026, 3, 10, 9)],
            "week_start": [WEEKS[1], WEEKS[1]],
            "topic_id": ["bins", "council_tax"],
            "handle_seconds": [-5, 100],
        }
    )


def write_warehouse(path: Path) -> Path:
    """A warehouse file with the four published tables and a raw table BI tools must not see."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema published; create schema raw")
        con.execute("create table raw.contacts as select 'secret text' as text_redacted")
        for name, frame in {
            "fct_contacts": fct_contacts(),
            "dim_topics": dim_topics(),
            "topic_weekly_trends": trends(),
            "automation_candidates": candidates(),
        }.items():
            con.register("frame", frame)
            con.execute(f"create table published.{name} as select * from frame")
            con.unregister("frame")
    finally:
        con.close()
    return path
