"""An attacker's audit of public ``topic_weekly_trends`` (and ``automation_candidates``) files,
built from the files alone.

Independent of ``pipelines/publish/suppression.py`` (it does not reuse its lines, equations or
solver set-up): for each week, the unknowns are the hidden counts and any channel total the
file does not reveal; the reader knows every published count (zeros too), each channel's week
total where a visible non-zero row gives it (``contacts / share_of_week``), that a topic's
``all`` row is the sum of its channel rows, that a week's channels add up to its ``all`` total,
and that a hidden count is at least 1 (zeros are published). With the candidates file, the
reader also knows that a topic's visible ``contacts`` over the candidates' window is at most
the sum of its weekly ``all`` counts over those weeks (the candidates leave out contacts with
vulnerability markers); the weeks that this links are then solved together. Each hidden
count's smallest and largest value is found with ``scipy.optimize.linprog``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl
from scipy.optimize import linprog

Cell = tuple[date, str, str]  # week_start, topic_id, channel


@dataclass
class System:
    """Linear equations and inequalities (``<=``) over named unknowns."""

    names: list[tuple] = field(default_factory=list)
    equations: list[tuple[dict[tuple, float], float]] = field(default_factory=list)
    inequalities: list[tuple[dict[tuple, float], float]] = field(default_factory=list)

    def add(self, terms: dict[tuple, float], constant: float, *, at_most: bool = False) -> None:
        terms = {name: c for name, c in terms.items() if c}
        if terms:
            (self.inequalities if at_most else self.equations).append((terms, constant))


def _week_system(week: pl.DataFrame, system: System) -> None:
    """Add one week's unknowns and sums to ``system``."""
    rows = week.to_dicts()
    week_start = rows[0]["week_start"]
    channels = sorted({row["channel"] for row in rows})
    topics = sorted({row["topic_id"] for row in rows})
    known = {
        (r["topic_id"], r["channel"]): r["contacts"] for r in rows if r["contacts"] is not None
    }
    hidden = [(r["topic_id"], r["channel"]) for r in rows if r["contacts"] is None]
    totals: dict[str, float] = {}
    for row in rows:
        if row["contacts"] and row["share_of_week"]:
            totals.setdefault(row["channel"], round(row["contacts"] / row["share_of_week"]))
    system.names += [("cell", week_start, *cell) for cell in hidden]
    system.names += [("total", week_start, c) for c in channels if c not in totals]

    def split(cells: list[tuple[tuple[str, str], float]]) -> tuple[dict[tuple, float], float]:
        """Unknown terms, and the known part moved to the right-hand side."""
        terms: dict[tuple, float] = {}
        constant = 0.0
        for cell, sign in cells:
            if cell in known:
                constant -= sign * known[cell]
            else:
                terms[("cell", week_start, *cell)] = sign
        return terms, constant

    present = set(known) | set(hidden)
    for topic in topics:  # all = sum of channels
        cells = [((topic, "all"), 1.0)] + [
            ((topic, c), -1.0) for c in channels if c != "all" and (topic, c) in present
        ]
        system.add(*split(cells))
    for channel in channels:  # a channel's topics add up to its week total
        terms, constant = split([((t, channel), 1.0) for t in topics if (t, channel) in present])
        if channel in totals:
            constant += totals[channel]
        else:
            terms[("total", week_start, channel)] = -1.0
        system.add(terms, constant)
    terms, constant = {}, 0.0  # the channels' totals add up to the all-channel total
    for channel in channels:
        sign = 1.0 if channel == "all" else -1.0
        if channel in totals:
            constant -= sign * totals[channel]
        else:
            terms[("total", week_start, channel)] = sign
    system.add(terms, constant)


def _solve(system: System) -> dict[Cell, tuple[float, float]]:
    """Smallest and largest value of every hidden cell in ``system``."""
    column = {name: i for i, name in enumerate(system.names)}

    def matrix(rows: list[tuple[dict[tuple, float], float]]):
        if not rows:
            return None, None
        a = np.zeros((len(rows), len(column)))
        for r, (terms, _) in enumerate(rows):
            for name, coefficient in terms.items():
                a[r, column[name]] += coefficient
        return a, np.array([constant for _, constant in rows])

    a_eq, b_eq = matrix(system.equations)
    a_ub, b_ub = matrix(system.inequalities)
    bounds = [(1, None) if name[0] == "cell" else (0, None) for name in system.names]
    result: dict[Cell, tuple[float, float]] = {}
    for name in system.names:
        if name[0] != "cell":
            continue
        objective = np.zeros(len(column))
        objective[column[name]] = 1.0
        ends = []
        for sign in (1.0, -1.0):
            solved = linprog(
                sign * objective,
                A_eq=a_eq,
                b_eq=b_eq,
                A_ub=a_ub,
                b_ub=b_ub,
                bounds=bounds,
                method="highs",
            )
            assert solved.status in (0, 3), solved.message  # the true table is feasible
            ends.append(float("inf") if solved.status == 3 else sign * solved.fun)
        result[name[1:]] = (ends[0], ends[1])
    return result


def week_ranges(week: pl.DataFrame) -> dict[Cell, tuple[float, float]]:
    """Smallest and largest value of every hidden count in one week's rows."""
    if week["contacts"].null_count() == 0:
        return {}
    system = System()
    _week_system(week, system)
    return _solve(system)


def _window_bounds(
    public: pl.DataFrame, candidates: pl.DataFrame
) -> list[tuple[dict[tuple, float], float, set[date]]]:
    """For each visible candidate topic with a hidden weekly ``all`` count in its window:
    -(hidden ``all`` counts) <= visible ``all`` counts - candidate contacts, and the weeks."""
    bounds = []
    for candidate in candidates.filter(pl.col("contacts").is_not_null()).to_dicts():
        weeks = public.filter(
            (pl.col("topic_id") == candidate["topic_id"])
            & (pl.col("channel") == "all")
            & pl.col("week_start").is_between(candidate["window_start"], candidate["window_end"])
        )
        hidden = weeks.filter(pl.col("contacts").is_null())
        if hidden.height == 0:
            continue
        terms = {("cell", w, candidate["topic_id"], "all"): -1.0 for w in hidden["week_start"]}
        constant = float(weeks["contacts"].sum() or 0) - candidate["contacts"]
        bounds.append((terms, constant, set(hidden["week_start"])))
    return bounds


def trends_ranges(
    public: pl.DataFrame, candidates: pl.DataFrame | None = None
) -> dict[Cell, tuple[float, float]]:
    """``week_ranges`` for every week of a public ``topic_weekly_trends`` frame; with the public
    ``automation_candidates`` frame, the weeks its windows link are solved together."""
    links = _window_bounds(public, candidates) if candidates is not None else []
    joint_weeks = set().union(*(weeks for _, _, weeks in links)) if links else set()
    ranges: dict[Cell, tuple[float, float]] = {}
    joint = System()
    for (week_start,), week in public.group_by("week_start", maintain_order=True):
        if week_start in joint_weeks:
            _week_system(week, joint)
        else:
            ranges.update(week_ranges(week))
    if joint_weeks:
        for terms, constant, _ in links:
            joint.add(terms, constant, at_most=True)
        ranges.update(_solve(joint))
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
