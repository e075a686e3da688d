"""What a reader can work out about hidden counts: the linear-programming audit.

A reader of a public table knows every published count (a published 0 included), every total
the table reveals, the sums the table is made of (a topic's ``all`` row is the sum of its
channel rows; sums other public files give) and the publishing rule: a hidden count is a whole
number of at least 1, because a zero is never hidden. Each hidden count then lies in an
interval: its smallest and largest value over every table that agrees with what was
published. ``hidden_ranges`` works the intervals out with ``scipy.optimize.linprog`` (HiGHS)
over the hidden cells linked to each other by some sum (a connected component): a pair of
linear programs per cell, or, when only the cells narrower than some width are wanted, first
a screening pass whose optima (tables a reader cannot rule out) clear most cells at once.

Within a week the sums are 0/1 row and column sums of a two-way table (topics by channels),
so the linear programs' corners are whole numbers and these intervals are exactly what a
reader who also uses whole numbers can get. A sum that links weeks (a topic over the
candidates' window) can break that: the intervals are then the linear programs' own, which
a reader working in whole numbers might narrow a little more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

# A linear relation a reader knows: sum of coefficient * count over the cells = a known value.
Equation = dict[int, int]


@dataclass(frozen=True)
class Range:
    """What a reader can work out about one hidden cell: low <= count <= high."""

    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


def _components(cells: Sequence[int], equations: Sequence[Equation]) -> list[list[int]]:
    """Hidden cells linked by an equation that holds two or more of them."""
    parent = {cell: cell for cell in cells}

    def find(cell: int) -> int:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for equation in equations:
        members = [cell for cell in equation if cell in parent]
        for other in members[1:]:
            parent[find(other)] = find(members[0])
    groups: dict[int, list[int]] = defaultdict(list)
    for cell in cells:
        groups[find(cell)].append(cell)
    return list(groups.values())


def _system(
    component: list[int], values: Sequence[int], equations: Sequence[Equation]
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The equations that hold the component's cells, over those cells only."""
    position = {cell: column for column, cell in enumerate(component)}
    rows: list[list[float]] = []
    rhs: list[float] = []
    for equation in equations:
        if not any(cell in position for cell in equation):
            continue
        row = [0.0] * len(component)
        for cell, coefficient in equation.items():
            if cell in position:
                row[position[cell]] = coefficient
        rows.append(row)
        # the reader knows the equation's value and the visible cells: the hidden part is what
        # remains, which equals the hidden cells' true weighted sum
        rhs.append(sum(c * values[cell] for cell, c in equation.items() if cell in position))
    if not rows:
        return None, None
    return np.array(rows), np.array(rhs)


def _solve(objective: np.ndarray, a_eq, b_eq, bounds) -> np.ndarray | None:
    """The optimal point, or None when the objective is unbounded."""
    result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if result.status == 3:
        return None
    if result.status != 0:  # the true table is always feasible: anything else is a bug
        raise RuntimeError(f"suppression audit: {result.message}")
    return result.x


def _component_ranges(
    component: list[int],
    values: Sequence[int],
    equations: Sequence[Equation],
    lower: float,
    narrower_than: float | None,
) -> dict[int, Range]:
    a_eq, b_eq = _system(component, values, equations)
    bounds = [(lower, None)] * len(component)
    size = len(component)
    # every optimum found is a table a reader cannot rule out: keep the smallest and largest
    # value each cell takes in them (the true table is one)
    seen_low = np.array([float(values[cell]) for cell in component])
    seen_high = seen_low.copy()

    def witness(objective: np.ndarray) -> np.ndarray | None:
        nonlocal seen_low, seen_high
        point = _solve(objective, a_eq, b_eq, bounds)
        if point is not None:
            seen_low = np.minimum(seen_low, point)
            seen_high = np.maximum(seen_high, point)
        return point

    def wide(column: int) -> bool:
        return narrower_than is not None and (
            seen_high[column] - seen_low[column] >= narrower_than - 1e-9
        )

    # Screening: the objective for one cell's optimum also pulls the other cells still in
    # doubt each to a random side, weighted less than the cell itself, so each optimum is a
    # table that settles many cells at once. Any optimum is a table a reader cannot rule out,
    # so a cell seen that far apart is wide enough whatever the weights.
    if narrower_than is not None:
        rng = np.random.default_rng(size)
        weight = 2.0 * float(np.abs(b_eq).sum() if b_eq is not None else 0.0) + size + 1.0
        for column in range(size):
            for side in (-1.0, 1.0):
                if wide(column):
                    break
                doubtful = np.array([0.0 if wide(i) else 1.0 for i in range(size)])
                objective = rng.choice([-1.0, 1.0], size) * doubtful
                objective[column] = side * weight
                witness(objective)
    # The exact interval of each cell left in doubt: one linear program for each end.
    found: dict[int, Range] = {}
    for column in range(size):
        if wide(column):
            continue
        objective = np.zeros(size)
        objective[column] = 1.0
        low = _solve(objective, a_eq, b_eq, bounds)
        high = _solve(-objective, a_eq, b_eq, bounds)
        assert low is not None  # bounded below by ``lower``
        top = float("inf") if high is None else float(high[column])
        interval = Range(float(low[column]), top)
        if narrower_than is None or interval.width < narrower_than - 1e-9:
            found[component[column]] = interval
    return found


def hidden_ranges(
    values: Sequence[int],
    hidden: Sequence[bool],
    equations: Sequence[Equation],
    lower: float = 1.0,
    narrower_than: float | None = None,
    cache: dict[tuple[int, ...], dict[int, Range]] | None = None,
) -> dict[int, Range]:
    """The interval a reader can narrow each hidden cell to.

    ``values`` are the true counts (the reader knows the visible ones); each equation says that
    sum(coefficient * count) over its cells is known to the reader. Hidden cells are at least
    ``lower``, with no upper bound (a cell with no upper limit gets ``inf``).

    With ``narrower_than``, only the cells whose interval is narrower than that are returned
    (a cell already seen that far apart in the optima found for other cells needs no linear
    programs of its own). ``cache`` keeps each component's answer between calls on the same
    table (a component's answer depends only on which cells it holds).
    """
    cells = [index for index, is_hidden in enumerate(hidden) if is_hidden]
    ranges: dict[int, Range] = {}
    for component in _components(cells, equations):
        key = tuple(component)
        if cache is not None and key in cache:
            ranges.update(cache[key])
            continue
        found = _component_ranges(component, values, equations, lower, narrower_than)
        if cache is not None:
            cache[key] = found
        ranges.update(found)
    return ranges
