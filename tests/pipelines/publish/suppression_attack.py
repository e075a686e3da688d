"""An attacker's audit of a public ``topic_weekly_trends`` file, built from the file alone.

Independent of ``pipelines/publish/suppression.py`` (it does not reuse its lines, equations or
solver set-up): for each week, the unknowns are the hidden counts and any channel total the
file does not reveal; the reader knows every published count (zeros too), each channel's week
total where a visible non-zero row gives it (``contacts / share_of_week``), that a topic's
``all`` row is the sum of its channel rows, that a week's channels add up to its ``all`` total,
and that a hidden count is at least 1 (zeros are published). Each hidden count's smallest and
largest value is found with ``scipy.optimize.linprog``.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
from scipy.optimize import linprog

Cell = tuple[date, str, str]  # week_start, topic_id, channel


def week_ranges(week: pl.DataFrame) -> dict[Cell, tuple[float, float]]:
    """Smallest and largest value of every hidden count in one week's rows."""
    rows = week.to_dicts()
    channels = sorted({row["channel"] for row in rows})
    hidden = [(row["topic_id"], row["channel"]) for row in rows if row["contacts"] is None]
    if not hidden:
        return {}
    known = {
        (r["topic_id"], r["channel"]): r["contacts"] for r in rows if r["contacts"] is not None
    }
    totals: dict[str, float] = {}
    for row in rows:
        if row["contacts"] and row["share_of_week"]:
            totals.setdefault(row["channel"], round(row["contacts"] / row["share_of_week"]))
    present = set(known) | set(hidden)
    unknown_totals = [channel for channel in channels if channel not in totals]
    names = [("cell", *cell) for cell in hidden] + [("total", c) for c in unknown_totals]
    column = {name: i for i, name in enumerate(names)}
    a_eq: list[np.ndarray] = []
    b_eq: list[float] = []

    def equation(terms: list[tuple[tuple, float]], constant: float) -> None:
        """sum(coefficient * unknown) = constant, after moving known values across."""
        row = np.zeros(len(names))
        for name, coefficient in terms:
            row[column[name]] += coefficient
        if row.any():
            a_eq.append(row)
            b_eq.append(constant)

    def term(topic: str, channel: str, sign: float, terms: list, constant: list[float]) -> None:
        if (topic, channel) in known:
            constant[0] -= sign * known[(topic, channel)]
        else:
            terms.append((("cell", topic, channel), sign))

    topics = sorted({row["topic_id"] for row in rows})
    for topic in topics:  # all = sum of channels
        terms: list = []
        constant = [0.0]
        term(topic, "all", 1.0, terms, constant)
        for channel in channels:
            if channel != "all" and (topic, channel) in present:
                term(topic, channel, -1.0, terms, constant)
        equation(terms, constant[0])
    for channel in channels:  # a channel's topics add up to its week total
        terms, constant = [], [0.0]
        for topic in topics:
            if (topic, channel) in present:
                term(topic, channel, 1.0, terms, constant)
        if channel in totals:
            constant[0] += totals[channel]
        else:
            terms.append((("total", channel), -1.0))
        equation(terms, constant[0])
    # the channels' totals add up to the all-channel total
    terms, constant_total = [], 0.0
    for channel in channels:
        sign = 1.0 if channel == "all" else -1.0
        if channel in totals:
            constant_total -= sign * totals[channel]
        else:
            terms.append((("total", channel), sign))
    equation(terms, constant_total)

    bounds = [(1, None) if name[0] == "cell" else (0, None) for name in names]
    week_start = rows[0]["week_start"]
    result: dict[Cell, tuple[float, float]] = {}
    for topic, channel in hidden:
        objective = np.zeros(len(names))
        objective[column[("cell", topic, channel)]] = 1.0
        low = linprog(objective, A_eq=np.array(a_eq), b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=np.array(a_eq), b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status == 0, low.message  # the true table is feasible
        top = float("inf") if high.status == 3 else -high.fun
        result[(week_start, topic, channel)] = (low.fun, top)
    return result


def trends_ranges(public: pl.DataFrame) -> dict[Cell, tuple[float, float]]:
    """``week_ranges`` for every week in a public ``topic_weekly_trends`` frame."""
    ranges: dict[Cell, tuple[float, float]] = {}
    for _, week in public.group_by("week_start", maintain_order=True):
        ranges.update(week_ranges(week))
    return ranges


def cross_week_leaks(public: pl.DataFrame) -> list[str]:
    """Columns of later weeks that would give a hidden count away (last week's count, the
    change on it, a baseline over a window holding it)."""
    leaks = []
    rows = public.sort("week_start").to_dicts()
    series: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        series.setdefault((row["topic_id"], row["channel"]), []).append(row)
    for key, weeks in series.items():
        for position, row in enumerate(weeks):
            earlier = weeks[:position][::-1]
            if earlier and earlier[0]["contacts"] is None:
                if row["contacts_last_week"] is not None:
                    leaks.append(f"{key} {row['week_start']}: contacts_last_week")
                if row["change_vs_last_week"] is not None:
                    leaks.append(f"{key} {row['week_start']}: change_vs_last_week")
            window = earlier[:8]
            if any(w["contacts"] is None for w in window) and (
                row["baseline_contacts"] is not None
            ):
                leaks.append(f"{key} {row['week_start']}: baseline_contacts")
    return leaks
