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
from scipy.sparse import csc_array, csr_array, vstack

# A linear relation a reader knows: sum of coefficient * count over the cells = a known value.
Equation = dict[int, int]


@dataclass(frozen=True)
class Bound:
    """A sum a reader knows only a bound of: ``low <= sum(coefficient * count) <= high`` over
    ``terms`` (None: no bound on that side). ``low`` and ``high`` are the values the reader
    knows (the visible cells' part is taken off in the linear programs)."""

    terms: Equation
    low: float | None = None
    high: float | None = None


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
    component: list[int],
    values: Sequence[int],
    equations: Sequence[Equation],
    bounds: Sequence[Bound] = (),
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """The equations (``A_eq x = b_eq``) and bounds (``A_ub x <= b_ub``) that hold the
    component's cells, over those cells only."""
    position = {cell: column for column, cell in enumerate(component)}

    def row_of(terms: Equation) -> list[float]:
        row = [0.0] * len(component)
        for cell, coefficient in terms.items():
            if cell in position:
                row[position[cell]] = coefficient
        return row

    rows: list[list[float]] = []
    rhs: list[float] = []
    for equation in equations:
        if not any(cell in position for cell in equation):
            continue
        rows.append(row_of(equation))
        # the reader knows the equation's value and the visible cells: the hidden part is what
        # remains, which equals the hidden cells' true weighted sum
        rhs.append(sum(c * values[cell] for cell, c in equation.items() if cell in position))
    upper_rows: list[list[float]] = []
    upper_rhs: list[float] = []
    for bound in bounds:
        if not any(cell in position for cell in bound.terms):
            continue
        row = row_of(bound.terms)
        visible = sum(c * values[cell] for cell, c in bound.terms.items() if cell not in position)
        if bound.high is not None:
            upper_rows.append(row)
            upper_rhs.append(bound.high - visible)
        if bound.low is not None:
            upper_rows.append([-c for c in row])
            upper_rhs.append(visible - bound.low)
    # sparse: each sum holds few of a component's cells
    a_eq = csr_array(np.array(rows)) if rows else None
    b_eq = np.array(rhs) if rows else None
    a_ub = csr_array(np.array(upper_rows)) if upper_rows else None
    b_ub = np.array(upper_rhs) if upper_rows else None
    return a_eq, b_eq, a_ub, b_ub


class _Program:
    """The linear programs over one system: the constraints are set up once and each
    objective re-solved from the last optimum's basis (HiGHS through the bindings SciPy
    ships; ``scipy.optimize.linprog``, which sets everything up for each objective, when they
    are missing)."""

    def __init__(self, system: tuple, size: int, lower: float) -> None:
        self.system = system
        self.size = size
        self.lower = lower
        self.calls = 0
        try:
            from scipy.optimize._highspy import _core
        except ImportError:  # pragma: no cover - SciPy without its HiGHS bindings
            self.highs = None
            return
        self.core = _core
        a_eq, b_eq, a_ub, b_ub = system
        blocks = [block for block in (a_eq, a_ub) if block is not None]
        infinity = _core.kHighsInf
        lp = _core.HighsLp()
        lp.num_col_ = size
        lp.col_cost_ = np.zeros(size)
        lp.col_lower_ = np.full(size, float(lower))
        lp.col_upper_ = np.full(size, infinity)
        if blocks:
            matrix = csc_array(vstack(blocks))
            lp.num_row_ = matrix.shape[0]
            row_lower = [b_eq] if b_eq is not None else []
            row_upper = [b_eq] if b_eq is not None else []
            if b_ub is not None:
                row_lower.append(np.full(len(b_ub), -infinity))
                row_upper.append(b_ub)
            lp.row_lower_ = np.concatenate(row_lower)
            lp.row_upper_ = np.concatenate(row_upper)
            columns = lp.a_matrix_
            columns.format_ = _core.MatrixFormat.kColwise
            columns.start_ = matrix.indptr
            columns.index_ = matrix.indices
            columns.value_ = matrix.data
            columns.num_col_ = size
            columns.num_row_ = matrix.shape[0]
            lp.a_matrix_ = columns
        self.highs = _core._Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")  # each re-solve starts from the last basis
        self.highs.passModel(lp)
        self.everything = np.arange(size, dtype=np.int32)

    def solve(self, objective: np.ndarray) -> np.ndarray | None:
        """The optimal point, or None when the objective is unbounded."""
        self.calls += 1
        if self.highs is None:  # pragma: no cover
            return _solve(objective, self.system, [(self.lower, None)] * self.size)
        self.highs.changeColsCost(self.size, self.everything, np.asarray(objective, float))
        self.highs.run()
        status = self.highs.getModelStatus()
        statuses = self.core.HighsModelStatus
        if status == statuses.kOptimal:
            return np.array(self.highs.getSolution().col_value)
        if status == statuses.kUnbounded:
            return None
        # anything else (the true table is feasible, so it should not happen): linprog decides
        return _solve(objective, self.system, [(self.lower, None)] * self.size)


def _solve(objective: np.ndarray, system: tuple, bounds) -> np.ndarray | None:
    """The optimal point, or None when the objective is unbounded."""
    a_eq, b_eq, a_ub, b_ub = system
    result = linprog(
        objective, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs"
    )
    if result.status == 3:
        return None
    if result.status != 0:  # the true table is always feasible: anything else is a bug
        raise RuntimeError(f"suppression audit: {result.message}")
    return result.x


def _component_ranges(
    component: list[int],
    values: Sequence[int],
    equations: Sequence[Equation],
    sums: Sequence[Bound],
    lower: float,
    narrower_than: float | None,
) -> dict[int, Range]:
    system = _system(component, values, equations, sums)
    size = len(component)
    program = _Program(system, size, lower)
    # every optimum found is a table a reader cannot rule out: keep the smallest and largest
    # value each cell takes in them (the true table is one)
    seen_low = np.array([float(values[cell]) for cell in component])
    seen_high = seen_low.copy()

    def witness(objective: np.ndarray) -> np.ndarray | None:
        nonlocal seen_low, seen_high
        point = program.solve(objective)
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
        scale = sum(float(np.abs(b).sum()) for b in (system[1], system[3]) if b is not None)
        weight = 2.0 * scale + size + 1.0
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
        low = program.solve(objective)
        high = program.solve(-objective)
        assert low is not None  # bounded below by ``lower``
        top = float("inf") if high is None else float(high[column])
        interval = Range(float(low[column]), top)
        if narrower_than is None or interval.width < narrower_than - 1e-9:
            found[component[column]] = interval
    return found


def _redundant(
    bound: Bound,
    values: Sequence[int],
    hidden: Sequence[bool],
    equations: Sequence[Equation],
    lower: float,
) -> bool:
    """Whether every table that agrees with the equations (and ``lower``) meets ``bound``
    anyway: it then tells a reader nothing more and is left out of the linear programs (which
    keeps the sums that link weeks from joining them into one large program)."""
    cells = [cell for cell in bound.terms if hidden[cell]]
    if not cells:
        return True
    # the hidden cells the equations tie to the bound's, and the equations over them
    linked = set(cells)
    grown = True
    while grown:
        grown = False
        for equation in equations:
            members = [cell for cell in equation if hidden[cell]]
            if linked.isdisjoint(members) or linked.issuperset(members):
                continue
            linked.update(members)
            grown = True
    component = sorted(linked)
    system = _system(component, values, equations)
    objective = np.zeros(len(component))
    for column, cell in enumerate(component):
        objective[column] = bound.terms.get(cell, 0)
    visible = sum(c * values[cell] for cell, c in bound.terms.items() if not hidden[cell])
    program = _Program(system, len(component), lower)
    if bound.low is not None:
        if (
            all(c > 0 for c in bound.terms.values())
            and visible + lower * sum(bound.terms[cell] for cell in cells) >= bound.low - 1e-9
        ):
            pass  # every hidden cell is at least ``lower``: the low side holds
        else:
            point = program.solve(objective)
            assert point is not None  # bounded below when the coefficients are positive
            if visible + float(objective @ point) < bound.low - 1e-9:
                return False
    if bound.high is not None:
        point = program.solve(-objective)
        if point is None or visible + float(objective @ point) > bound.high + 1e-9:
            return False
    return True


def hidden_ranges(
    values: Sequence[int],
    hidden: Sequence[bool],
    equations: Sequence[Equation],
    lower: float = 1.0,
    narrower_than: float | None = None,
    cache: dict[tuple, dict[int, Range]] | None = None,
    bounds: Sequence[Bound] = (),
) -> dict[int, Range]:
    """The interval a reader can narrow each hidden cell to.

    ``values`` are the true counts (the reader knows the visible ones); each equation says that
    sum(coefficient * count) over its cells is known to the reader; each of ``bounds`` that
    the reader knows a bound of such a sum. Hidden cells are at least ``lower``, with no upper
    bound (a cell with no upper limit gets ``inf``).

    With ``narrower_than``, only the cells whose interval is narrower than that are returned
    (a cell already seen that far apart in the optima found for other cells needs no linear
    programs of its own). ``cache`` keeps each component's answer between calls on the same
    table (a component's answer depends only on which cells it holds and which bounds
    matter).
    """
    cells = [index for index, is_hidden in enumerate(hidden) if is_hidden]
    active = [
        number
        for number, bound in enumerate(bounds)
        if not _redundant(bound, values, hidden, equations, lower)
    ]
    links = [*equations, *(bounds[number].terms for number in active)]
    ranges: dict[int, Range] = {}
    for component in _components(cells, links):
        inside = set(component)
        touching = tuple(n for n in active if not inside.isdisjoint(bounds[n].terms))
        key = (tuple(component), touching)
        if cache is not None and key in cache:
            ranges.update(cache[key])
            continue
        found = _component_ranges(
            component,
            values,
            equations,
            [bounds[n] for n in touching],
            lower,
            narrower_than,
        )
        if cache is not None:
            cache[key] = found
        ranges.update(found)
    return ranges
