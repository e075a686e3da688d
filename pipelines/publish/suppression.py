"""Small-number suppression for files meant for publication.

A count from 1 to the threshold (default 9, after the ONS practice of suppressing under 10) is
hidden, and so is every column worked out from it (rates, shares, medians, scores, flags).
Secondary suppression then hides more cells until no hidden count can be worked out, nor
narrowed to an interval narrower than ``MIN_RANGE``, by a reader who knows every published
count (zeros included: a zero is never hidden, so a hidden count is at least 1) and every sum
the table is made of (the ``all`` channel row against its channels; every topic in a week and
channel against that week's total, which ``share_of_week`` reveals, taken as always known).
First every such line holding exactly one hidden cell gets a second (its smallest non-zero
visible count); then the intervals are worked out by linear programming
(``suppression_audit.py``) and one more cell is hidden beside each count whose interval is too
narrow, until none is.

Which columns are counts and which derive from them is declared per table in ``SUPPRESSION``:
update it when a published table gains a column. Columns not declared there are left out of
public files (with a warning), so a new column is never published unsuppressed by accident.
Columns declared ``withheld`` are left out of public files on purpose (no warning): text that
quotes counts, such as ``topic_weekly_trends.trend_explanation``, which cell suppression cannot
make safe.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import yaml

from pipelines.publish.suppression_audit import Bound, Equation, hidden_ranges

log = logging.getLogger(__name__)

SUPPRESSED_COLUMNS = "suppressed_columns"
# Secondary suppression leaves every hidden count an interval at least this wide (largest minus
# smallest value a reader cannot rule out), so no hidden count can be told to within a few.
MIN_RANGE = 4
DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml"


@dataclass(frozen=True)
class TableSuppression:
    """How to suppress one published table.

    ``count`` is the cell's count (1..threshold is hidden); ``with_count`` columns are hidden
    with it. ``other_counts`` are further counts in the row, each with the columns derived from
    it. ``safe`` columns do not depend on any count (keys, names, dates). For weekly tables,
    ``series``/``period`` identify a row's time series; ``previous_count`` repeats the count of
    the period before (hidden exactly when that cell is); ``with_previous`` columns are hidden
    when this or the previous period's count is; ``with_window`` columns when any count in this
    or the ``window_periods`` periods before is. Lines for secondary suppression: ``margin``
    ``(column, value)`` marks rows that total the rows sharing their other ``key`` columns;
    ``total_by`` groups rows whose sum is known (``()`` = the whole table; None = no total).
    ``withheld`` columns are never in public files (they quote counts in free text).
    """

    key: tuple[str, ...]
    count: str
    with_count: tuple[str, ...] = ()
    other_counts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    safe: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    period: str | None = None
    previous_count: str | None = None
    with_previous: tuple[str, ...] = ()
    window_periods: int = 0
    with_window: tuple[str, ...] = ()
    margin: tuple[str, str] | None = None
    total_by: tuple[str, ...] | None = ()
    withheld: tuple[str, ...] = ()

    def declared(self) -> set[str]:
        """Every column this declaration names."""
        names = {self.count, *self.key, *self.with_count, *self.safe, *self.series}
        names |= {*self.with_previous, *self.with_window, *self.other_counts, *self.withheld}
        names |= {column for derived in self.other_counts.values() for column in derived}
        if self.period:
            names.add(self.period)
        if self.previous_count:
            names.add(self.previous_count)
        return names


# Published tables that public files hold (fct_contacts is one row per contact: never public).
# None: the table holds no counts.
SUPPRESSION: dict[str, TableSuppression | None] = {
    "dim_topics": None,
    "topic_weekly_trends": TableSuppression(
        key=("week_start", "topic_id", "channel"),
        count="contacts",
        with_count=(
            "share_of_week",
            "median_handle_seconds",
            "p90_handle_seconds",
            "first_contact_resolution_rate",
            "transfer_rate",
            "escalation_rate",
            "repeat_contact_rate",
            "avoidable_contact_rate",
            "trend_flag",
        ),
        safe=("topic_name", "is_partial_week", "working_days", "is_short_week"),
        series=("topic_id", "channel"),
        period="week_start",
        previous_count="contacts_last_week",
        with_previous=("change_vs_last_week",),
        window_periods=8,
        with_window=("baseline_contacts", "z_score"),
        margin=("channel", "all"),
        total_by=("week_start", "channel"),
        # the sentence quotes this week's count, the baseline and the largest earlier week
        # (and so do the year-earlier count and its ratio)
        withheld=("trend_explanation", "same_week_last_year_contacts", "last_year_ratio"),
    ),
    "automation_candidates": TableSuppression(
        key=("topic_id",),
        count="contacts",
        with_count=(
            "weekly_average_contacts",
            "median_handle_seconds",
            "mean_handle_seconds",
            "first_contact_resolution_rate",
            "repetitiveness_score",
            "simplicity_score",
            "resolvability_score",
            "agent_hours_per_year",
            "cost_per_year",
            "rationale",
            "representative_phrasings",
        ),
        other_counts={
            "avoidable_contacts": ("avoidable_contact_rate", "volume_score", "automation_score"),
        },
        safe=(
            "topic_name",
            "service_area",
            "topic_nature",
            "nature_score",
            "window_start",
            "window_end",
            "candidate_rank",
            "is_excluded",
            "exclusion_reason",
        ),
        total_by=(),
    ),
}


@dataclass
class SuppressionResult:
    """A suppressed table and what was hidden."""

    frame: pl.DataFrame
    primary: int = 0
    secondary: int = 0
    dropped_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KnownSum:
    """Rows whose counts another public table bounds: the rows matching ``match`` with
    ``period`` from ``start`` to ``end`` add up to at least ``at_least`` and at most
    ``at_most`` (None: no bound that side). ``at_least`` counts only when every period from
    ``start`` to ``end`` is in the table (rows outside it could make up the sum)."""

    match: tuple[tuple[str, object], ...]
    start: date
    end: date
    at_least: int | None = None
    at_most: int | None = None


def _wilson_lower(vulnerable: int, contacts: int, z: float) -> float:
    """The one-sided Wilson lower bound of vulnerable / contacts, as ``automation_candidates``
    works it out (``share_bounds``)."""
    if contacts <= 0:
        return 0.0
    share = vulnerable / contacts
    centre = share + z * z / (2.0 * contacts)
    spread = z * math.sqrt(share * (1.0 - share) / contacts + z * z / (4.0 * contacts**2))
    return (centre - spread) / (1.0 + z * z / contacts)


def _vulnerability_vars() -> tuple[float, float]:
    """dbt vars ``automation_max_vulnerable_share`` and ``automation_vulnerable_share_z``."""
    try:
        text = DBT_PROJECT.read_text(encoding="utf-8")
        variables = yaml.safe_load(text).get("vars", {})
        return (
            float(variables["automation_max_vulnerable_share"]),
            float(variables["automation_vulnerable_share_z"]),
        )
    except (OSError, yaml.YAMLError, KeyError, ValueError, TypeError, AttributeError):
        log.warning("suppression: vulnerability vars not read from %s: defaults", DBT_PROJECT)
        return 0.10, 1.645


def window_bounds(contacts: int, reason: str | None) -> tuple[int, int | None]:
    """What a reader of ``automation_candidates`` knows of a topic's weekly ``all`` counts
    over its window (``all_contacts``) from its ``contacts`` (the window's contacts without a
    vulnerability marker) and its exclusion reason: at least ``contacts``; when the topic
    passed the vulnerable-share test, at most the largest total whose vulnerable share's
    Wilson lower bound stays within the limit; when it failed it, at least the smallest
    total whose bound is over it. Safeguarding and unclassified topics are excluded before
    the test: their reason tells nothing more."""
    limit, z = _vulnerability_vars()
    text = (reason or "").lower()
    if text.startswith(("safeguarding", "unclassified")):
        return contacts, None
    failed = "vulnerab" in text

    def over(total: int) -> bool:
        return _wilson_lower(total - contacts, total, z) > limit

    # the bound rises with the total (more vulnerable contacts among more): search by halves
    low, high = contacts, max(contacts, 1)
    while not over(high):
        low, high = high, high * 2
    while high - low > 1:  # over(high) holds; over(low) does not, unless low == contacts
        middle = (low + high) // 2
        low, high = (low, middle) if over(middle) else (middle, high)
    if over(low):
        low, high = low - 1, low
    return (high, None) if failed else (contacts, low)


def candidate_windows(candidates: pl.DataFrame) -> list[KnownSum]:
    """Each topic's all-channel contacts over the candidates' window, which the public
    ``automation_candidates`` file bounds (``window_bounds``: its ``contacts`` leave out
    contacts with vulnerability markers). A candidate frame without ``contacts`` gives no
    bounds; without ``exclusion_reason`` only the lower one."""
    if "contacts" not in candidates.columns:
        return []
    reasons = "exclusion_reason" in candidates.columns
    windows = []
    for row in candidates.to_dicts():
        if row["window_start"] is None or row["window_end"] is None or row["contacts"] is None:
            continue
        at_least, at_most = window_bounds(int(row["contacts"]), row.get("exclusion_reason"))
        windows.append(
            KnownSum(
                (("topic_id", row["topic_id"]), ("channel", "all")),
                row["window_start"],
                row["window_end"],
                at_least,
                at_most if reasons else None,
            )
        )
    return windows


def _is_small(value: object, threshold: int) -> bool:
    return isinstance(value, int) and 1 <= value <= threshold


def _lines(rows: list[dict], spec: TableSuppression) -> list[list[int]]:
    """Groups of row indices whose counts add up to something a reader knows or sees."""
    lines: list[list[int]] = []
    if spec.margin is not None:
        column, total_value = spec.margin
        others = [name for name in spec.key if name != column]
        groups: dict[tuple, list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            groups[tuple(row[name] for name in others)].append(index)
        lines.extend(groups.values())  # members and their margin row (a cell that can be hidden)
    if spec.total_by is not None:
        groups = defaultdict(list)
        for index, row in enumerate(rows):
            groups[tuple(row[name] for name in spec.total_by)].append(index)
        lines.extend(groups.values())
    return lines


def _secondary(counts: list[object], hidden: list[bool], lines: list[list[int]]) -> int:
    """Hide more cells until no line has exactly one hidden cell; return how many."""
    added = 0
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[i] for i in line) != 1:
                continue
            # a zero is never hidden (a reader may rely on it), so only non-zero cells qualify;
            # a line with none left is for ``_protect`` to deal with through the other lines
            visible = [i for i in line if not hidden[i] and counts[i]]
            if not visible:
                continue
            pick = min(visible, key=lambda i: (counts[i], i))
            hidden[pick] = True
            added += 1
            changed = True
    return added


def _window_bounds(
    rows: list[dict], spec: TableSuppression, known_sums: Sequence[KnownSum]
) -> list[Bound]:
    """``known_sums`` as bounds over row indices. A bound the true counts miss by a rounding
    error in the dbt model's arithmetic is widened to them (the true table always agrees)."""
    if spec.period is None:
        return []
    periods = {row[spec.period] for row in rows}
    bounds: list[Bound] = []
    for known in known_sums:
        members = {
            index: 1
            for index, row in enumerate(rows)
            if all(row.get(name) == value for name, value in known.match)
            and known.start <= row[spec.period] <= known.end
        }
        if not members:
            continue
        weeks = {
            known.start + timedelta(days=7 * k)
            for k in range((known.end - known.start).days // 7 + 1)
        }
        at_least = known.at_least if weeks <= periods else None
        total = sum(rows[i][spec.count] or 0 for i in members)
        low = None if at_least is None else min(at_least, total)
        high = None if known.at_most is None else max(known.at_most, total)
        if low is not None or high is not None:
            bounds.append(Bound(members, low, high))
    return bounds


def _equations(
    rows: list[dict], spec: TableSuppression, known_sums: Sequence[KnownSum] = ()
) -> tuple[list[Equation], list[Bound]]:
    """The sums a reader knows, as equations over row indices (a margin row minus the rows it
    totals is 0; each ``total_by`` group adds up to a total treated as known), and the sums
    ``known_sums`` bound."""
    equations: list[Equation] = []
    if spec.margin is not None:
        column, total_value = spec.margin
        others = [name for name in spec.key if name != column]
        groups: dict[tuple, list[int]] = defaultdict(list)
        for index, row in enumerate(rows):
            groups[tuple(row[name] for name in others)].append(index)
        for members in groups.values():
            margin = [i for i in members if rows[i][column] == total_value]
            if len(margin) == 1:
                equation = {i: -1 for i in members}
                equation[margin[0]] = 1
                equations.append(equation)
    if spec.total_by is not None:
        groups = defaultdict(list)
        for index, row in enumerate(rows):
            groups[tuple(row[name] for name in spec.total_by)].append(index)
        equations.extend({i: 1 for i in members} for members in groups.values())
    return equations, _window_bounds(rows, spec, known_sums)


def _protect(
    counts: list[object],
    hidden: list[bool],
    rows: list[dict],
    spec: TableSuppression,
    known_sums: Sequence[KnownSum] = (),
) -> int:
    """Secondary suppression: hide more cells until every hidden count's interval, as a reader
    works it out from all the sums (``suppression_audit``), is at least ``MIN_RANGE`` wide."""
    lines = _lines(rows, spec)
    equations, bounds = _equations(rows, spec, known_sums)
    values = [value if isinstance(value, int) else 0 for value in counts]
    added = 0
    sums = [*equations, *(bound.terms for bound in bounds)]
    cache: dict = {}
    while True:
        added += _secondary(counts, hidden, lines)
        narrow = hidden_ranges(
            values, hidden, equations, narrower_than=MIN_RANGE, cache=cache, bounds=bounds
        )
        if not narrow:
            return added
        before = added
        chosen: set[int] = set()
        for cell in sorted(narrow, key=lambda i: (narrow[i].width, i)):
            linked = {i for equation in sums if cell in equation for i in equation}
            if linked & chosen:  # one more cell around each narrow cell per round
                continue
            visible = [i for i in linked if not hidden[i] and values[i] > 0]
            if not visible:  # every count beside it is hidden or 0: look one sum further out
                further = {j for i in linked if hidden[i] for e in sums if i in e for j in e}
                visible = [i for i in further if not hidden[i] and values[i] > 0]
            if not visible:
                continue
            # a cell that can give up MIN_RANGE contacts and stay >= 1 widens the interval most
            # cheaply; else the largest there is
            enough = [i for i in visible if values[i] > MIN_RANGE]
            pick = (
                min(enough, key=lambda i: (values[i], i))
                if enough
                else max(visible, key=lambda i: (values[i], -i))
            )
            hidden[pick] = True
            chosen.add(pick)
            added += 1
        if added == before:
            log.warning(
                "suppression: %d hidden counts stay narrower than %d (nothing left to hide "
                "around them)",
                len(narrow),
                MIN_RANGE,
            )
            return added


def _previous_rows(rows: list[dict], spec: TableSuppression) -> list[list[int]]:
    """For each row, the rows of the same series in earlier periods, latest first."""
    by_series: dict[tuple, list[tuple[date, int]]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_series[tuple(row[name] for name in spec.series)].append((row[spec.period], index))
    earlier: list[list[int]] = [[] for _ in rows]
    for members in by_series.values():
        ordered = [index for _, index in sorted(members, key=lambda item: item[0])]
        for position, index in enumerate(ordered):
            earlier[index] = ordered[:position][::-1]
    return earlier


def suppress(
    frame: pl.DataFrame,
    spec: TableSuppression,
    threshold: int,
    known_sums: Sequence[KnownSum] = (),
) -> SuppressionResult:
    """Hide small counts, what derives from them, and enough other cells to protect them.

    ``known_sums``: sums of this table's counts that other public files give (for
    ``topic_weekly_trends``: ``candidate_windows`` of ``automation_candidates``).

    Adds ``suppressed_columns`` (comma-separated names of the row's hidden columns, null when
    none). A threshold of 0 hides nothing.
    """
    missing = sorted(spec.declared() - set(frame.columns))
    if missing:
        log.warning("suppression: columns %s are declared but not in the table", missing)
    undeclared = [name for name in frame.columns if name not in spec.declared()]
    if undeclared:
        log.warning(
            "suppression: columns %s are not declared in pipelines/publish/suppression.py: "
            "left out of public files",
            undeclared,
        )
    dropped = [name for name in frame.columns if name in spec.withheld or name in undeclared]
    rows = frame.drop(dropped).to_dicts()
    columns = [name for name in frame.columns if name not in dropped]
    counts = [row[spec.count] for row in rows]
    hidden = [_is_small(value, threshold) for value in counts]
    primary = sum(hidden)
    secondary = _protect(counts, hidden, rows, spec, known_sums) if primary else 0

    hide: list[set[str]] = [set() for _ in rows]
    earlier = _previous_rows(rows, spec) if spec.period else [[] for _ in rows]
    for index, row in enumerate(rows):
        if hidden[index]:
            hide[index] |= {spec.count, *spec.with_count}
        for other, derived in spec.other_counts.items():
            if hidden[index] or _is_small(row.get(other), threshold):
                hide[index] |= {other, *derived}
        before = earlier[index]
        if spec.previous_count:
            previous_hidden = (
                hidden[before[0]] if before else _is_small(row.get(spec.previous_count), threshold)
            )
            if previous_hidden:
                hide[index].add(spec.previous_count)
            if previous_hidden or hidden[index]:
                hide[index] |= set(spec.with_previous)
        window = before[: spec.window_periods]
        if hidden[index] or any(hidden[i] for i in window):
            hide[index] |= set(spec.with_window)
    for row, names in zip(rows, hide, strict=True):
        present = sorted(name for name in names if name in row)
        for name in present:
            row[name] = None
        row[SUPPRESSED_COLUMNS] = ",".join(present) or None
    schema = {name: frame.schema[name] for name in columns}
    schema[SUPPRESSED_COLUMNS] = pl.String
    result = pl.DataFrame(rows, schema=schema)
    return SuppressionResult(result, primary, secondary, dropped)
