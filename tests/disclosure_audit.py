"""The attacker audit of disclosure control: from everything the open copy publishes about a protected
source, derive with linear programming the interval each suppressed cell can lie in.

The attacker knows every published count, the structure of the table (which sector lies in which
municipality, which municipalities form the centrumsteden and each region: the open copy's dim_gemeente),
that a missing row is a true zero, that counts are non-negative and that the table is additive (sectors
add up to the municipality, categories to '_alle', municipalities to the centrumsteden and the region,
months to a published year). Published indicators that share a count (the service-level share's
denominator, the number of closed requests behind a median) add inequalities: such a count never exceeds
the requests of its municipality, category and month. A published ratio comes with its numerator and
denominator, so the audit uses those exact counts (stricter than treating the rounded ratio as an
interval). For every suppressed cell the audit solves min x and max x (scipy's HiGHS). The
rule holds when every upper bound is at least k: the attacker can never conclude that a cell holds fewer
than k requests. The linear program is split into independent components (cells linked by no relation
never share one). On whole-country tables (exact=False) one capped solve per component proves most upper
bounds at once, and only the cells it leaves open are maximised one by one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb
import numpy as np
from scipy import sparse
from scipy.optimize import linprog


@dataclass(frozen=True)
class Cell:
    level: str
    code: str
    municipality: str | None
    category: str
    period: str


@dataclass
class AuditResult:
    intervals: dict[Cell, tuple[float, float]] = field(default_factory=dict)
    primary: int = 0
    secondary: int = 0
    published: int = 0

    @property
    def suppressed(self) -> int:
        return self.primary + self.secondary

    def narrowest_upper_bound(self) -> tuple[Cell, float] | None:
        if not self.intervals:
            return None
        cell = min(self.intervals, key=lambda c: self.intervals[c][1])
        return cell, self.intervals[cell][1]

    def leaks(self, k: int) -> dict[Cell, tuple[float, float]]:
        return {cell: iv for cell, iv in self.intervals.items() if iv[1] < k - 1e-6}


def _equations(cells: dict[Cell, int | None], groups: dict[str, tuple[str, str]]):
    """Additive relations as (parent, [children]) over the cells that exist (missing = zero). Children are
    found through indexes, so the whole-country table (about 100,000 cells) takes seconds, not hours."""
    sectors_of = defaultdict(list)  # (municipality, category, period) -> sector cells
    members_of = defaultdict(list)  # (group level, group code, category, period) -> municipality cells
    categories_of = defaultdict(list)  # (level, code, period) -> cells of one category
    months_of = defaultdict(list)  # (level, code, category, year or quarter) -> month cells
    quarters_of = defaultdict(list)  # (level, code, category, year) -> quarter cells
    for cell in cells:
        if cell.level == "sector":
            sectors_of[(cell.municipality, cell.category, cell.period)].append(cell)
        if cell.level == "gemeente":
            for level in ("centrumsteden", "gewest"):
                group = groups.get(cell.code + "|" + level)
                if group:
                    members_of[(*group, cell.category, cell.period)].append(cell)
        if cell.category != "_alle":
            categories_of[(cell.level, cell.code, cell.period)].append(cell)
        if period_type(cell.period) == "maand":
            months_of[(cell.level, cell.code, cell.category, cell.period[:4])].append(cell)
            months_of[(cell.level, cell.code, cell.category, quarter_of(cell.period))].append(cell)
        if period_type(cell.period) == "kwartaal":
            quarters_of[(cell.level, cell.code, cell.category, cell.period[:4])].append(cell)
    relations: list[tuple[Cell, list[Cell]]] = []
    for cell in cells:
        if cell.level == "gemeente":
            children = sectors_of.get((cell.code, cell.category, cell.period))
            if children:
                relations.append((cell, children))
        if cell.level in ("centrumsteden", "gewest"):
            relations.append((cell, members_of.get((cell.level, cell.code, cell.category, cell.period), [])))
        if cell.category == "_alle":
            relations.append((cell, categories_of.get((cell.level, cell.code, cell.period), [])))
        if period_type(cell.period) in ("jaar", "kwartaal"):
            relations.append((cell, months_of.get((cell.level, cell.code, cell.category, cell.period), [])))
        if period_type(cell.period) == "jaar":
            relations.append((cell, quarters_of.get((cell.level, cell.code, cell.category, cell.period), [])))
    return relations


def period_type(period: str) -> str:
    """jaar ('2025'), kwartaal ('2025-Q1') or maand ('2025-03'), as the warehouse labels its periods."""
    if len(period) == 4:
        return "jaar"
    return "kwartaal" if period[5] == "Q" else "maand"


def quarter_of(month: str) -> str:
    """'2025-05' -> '2025-Q2'."""
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def audit_request_counts(con: duckdb.DuckDBPyConnection, k: int, exact: bool = True) -> AuditResult:
    """Play the attacker on the open copy's fct_melding_aantal (plus the indicators that share its counts).
    exact: the lower and upper bound of every suppressed cell (the sample); otherwise only proof that each
    upper bound reaches k, with the exact bound where it does not (whole-country tables)."""
    rows = con.execute(
        """
        select geografie_niveau, geografie_code, gemeente_nis_code, categorie_code, period, melding_count,
               status_reden
        from marts.fct_melding_aantal
        """
    ).fetchall()
    cells: dict[Cell, int | None] = {}
    result = AuditResult()
    for level, code, municipality, category, period, count, reason in rows:
        cells[Cell(level, code, municipality, category, period)] = count
        if reason == "kleine_cel":
            result.primary += 1
        elif reason == "secundair":
            result.secondary += 1
        else:
            result.published += 1
    # Group membership as the open copy's geography states it (today's municipalities).
    groups: dict[str, tuple[str, str]] = {}
    for code, region, is_centrumstad in con.execute(
        "select gemeente_nis_code, gewest_nis_code, is_centrumstad_today from marts.dim_gemeente where is_current"
    ).fetchall():
        groups[code + "|gewest"] = ("gewest", region)
        if is_centrumstad:
            groups[code + "|centrumsteden"] = ("centrumsteden", "centrumsteden")
    relations = _equations(cells, groups)
    # Shared counts published elsewhere: a lower bound on the municipality's cell of that category and month.
    lower: dict[Cell, float] = defaultdict(float)
    for indicator, code, period, denominator, units in con.execute(
        """
        select indicator_code, geografie_code, period, denominator, eenheden_count
        from marts.fct_indicator_waarde
        where indicator_code like 'meld_%' and geografie_niveau = 'gemeente' and status = 'gepubliceerd'
        """
    ).fetchall():
        category = "_alle" if indicator == "meld_sla_aandeel" else indicator.removeprefix("meld_med_doorlooptijd_")
        cell = Cell("gemeente", code, code, category, period)
        for shared in (denominator, units):
            if shared is not None:
                lower[cell] = max(lower[cell], float(shared))

    unknown = [cell for cell, count in cells.items() if count is None]
    position = {cell: i for i, cell in enumerate(unknown)}
    # Split into independent components (cells linked through a relation), so each LP stays small.
    parent_of = {cell: cell for cell in unknown}

    def find(cell: Cell) -> Cell:
        while parent_of[cell] != cell:
            parent_of[cell] = parent_of[parent_of[cell]]
            cell = parent_of[cell]
        return cell

    equations = []
    for parent, children in relations:
        members = [parent, *children]
        variables = [c for c in members if c in position]
        if not variables:
            continue
        equations.append((parent, children))
        for other in variables[1:]:
            parent_of[find(other)] = find(variables[0])
    components: dict[Cell, list[Cell]] = defaultdict(list)
    for cell in unknown:
        components[find(cell)].append(cell)

    by_component: dict[Cell, list[tuple[Cell, list[Cell]]]] = defaultdict(list)
    for parent, children in equations:
        first = next(c for c in (parent, *children) if c in position)
        by_component[find(first)].append((parent, children))

    for root, component in components.items():
        local = {cell: i for i, cell in enumerate(component)}
        rows, columns, values, b_eq = [], [], [], []
        for parent, children in by_component[root]:
            constant = 0.0
            for sign, cell in [(1.0, parent)] + [(-1.0, c) for c in children]:
                if cell in local:
                    rows.append(len(b_eq))
                    columns.append(local[cell])
                    values.append(sign)
                else:
                    constant -= sign * float(cells[cell] or 0)
            b_eq.append(constant)
        system = _System(
            sparse.csr_array((values, (rows, columns)), shape=(len(b_eq), len(local))) if b_eq else None,
            np.array(b_eq) if b_eq else None,
            [(lower.get(cell, 0.0), None) for cell in component],
        )
        if exact:
            for cell, i in local.items():
                result.intervals[cell] = (system.minimum(i), system.maximum(i))
        else:
            _prove_upper_bounds(system, component, k, result)
    return result


@dataclass
class _System:
    """The equations of one component: a_eq x = b_eq, bounds per cell."""

    a_eq: sparse.csr_array | None
    b_eq: np.ndarray | None
    bounds: list[tuple[float, float | None]]

    def solve(self, objective: np.ndarray):
        solution = linprog(objective, A_eq=self.a_eq, b_eq=self.b_eq, bounds=self.bounds, method="highs")
        assert solution.status in (0, 3), solution.message
        return solution

    def minimum(self, i: int) -> float:
        objective = np.zeros(len(self.bounds))
        objective[i] = 1.0
        return float(self.solve(objective).fun)

    def maximum(self, i: int) -> float:
        objective = np.zeros(len(self.bounds))
        objective[i] = -1.0
        solution = self.solve(objective)
        return float("inf") if solution.status == 3 else -float(solution.fun)

    def largest_point_capped_at(self, k: float) -> np.ndarray:
        """A feasible point that maximises sum(min(x_i, k)): variables x and y with y_i <= x_i, y_i <= k,
        maximise sum(y). Every x_i >= k in it proves that cell's upper bound reaches k, in one solve."""
        n = len(self.bounds)
        eye = sparse.eye_array(n, format="csr")
        a_eq = None if self.a_eq is None else sparse.hstack([self.a_eq, sparse.csr_array(self.a_eq.shape)])
        a_ub = sparse.hstack([-eye, eye]).tocsr()  # y_i - x_i <= 0
        objective = np.concatenate([np.zeros(n), -np.ones(n)])
        solution = linprog(
            objective,
            A_ub=a_ub,
            b_ub=np.zeros(n),
            A_eq=a_eq,
            b_eq=self.b_eq,
            bounds=self.bounds + [(0.0, k)] * n,
            method="highs",
        )
        assert solution.status == 0, solution.message
        return solution.x[:n]


def _prove_upper_bounds(system: _System, component: list[Cell], k: int, result: AuditResult) -> None:
    """Fast mode for whole-country tables: one capped solve proves most cells at once (upper bound >= k is
    all the rule needs); each cell it leaves open gets its own maximisation, whose optimum may prove others."""
    point = system.largest_point_capped_at(k)
    open_cells = {i for i in range(len(component)) if point[i] < k - 1e-6}
    for i in range(len(component)):
        if i not in open_cells:
            result.intervals[component[i]] = (float("nan"), float(k))  # proven to reach k, not maximised
    while open_cells:
        i = open_cells.pop()
        objective = np.zeros(len(component))
        objective[i] = -1.0
        solution = system.solve(objective)
        if solution.status == 3:
            result.intervals[component[i]] = (float("nan"), float("inf"))
            continue
        result.intervals[component[i]] = (float("nan"), -float(solution.fun))
        for j in [j for j in open_cells if solution.x[j] >= k - 1e-6]:
            open_cells.discard(j)
            result.intervals[component[j]] = (float("nan"), float(k))


def total_minus_published_parts(con: duckdb.DuckDBPyConnection, k: int) -> tuple[int, list[tuple]]:
    """The issue's exact attack, kept as a regression test: a published total (a municipality, or all
    categories) minus its published parts. Returns the number of totals attacked and every one that gives
    a suppressed cell away: a single hidden part, or hidden parts that together hold fewer than k."""
    rows = con.execute(
        """
        select geografie_niveau, geografie_code, gemeente_nis_code, categorie_code, period, melding_count
        from marts.fct_melding_aantal
        """
    ).fetchall()
    cells = {Cell(r[0], r[1], r[2], r[3], r[4]): r[5] for r in rows}
    totals = {(c.level, c.code, c.category, c.period): n for c, n in cells.items()}
    parts: dict[tuple, list[Cell]] = defaultdict(list)
    for cell in cells:
        if cell.level == "sector":
            parts[("gemeente", cell.municipality, cell.category, cell.period)].append(cell)
        if cell.category != "_alle":
            parts[(cell.level, cell.code, "_alle", cell.period)].append(cell)
    attacked, leaks = 0, []
    for key, children in parts.items():
        total = totals.get(key)
        hidden = [c for c in children if cells[c] is None]
        if total is None or not hidden:
            continue
        attacked += 1
        residual = total - sum(cells[c] for c in children if cells[c] is not None)
        if len(hidden) < 2 or residual < k:
            leaks.append((*key, len(hidden), residual))
    return attacked, leaks


@dataclass
class PublishedAudit:
    """Both attacks on one published copy: the linear program (fast mode) and a total minus its parts."""

    audit: AuditResult
    regression_totals_attacked: int
    regression_leaks: list[tuple]

    def leaks(self, k: int) -> dict[Cell, tuple[float, float]]:
        return self.audit.leaks(k)


def audit_published_copy(database, k: int) -> PublishedAudit:
    """The audit as `run.py audit`, the benchmark and the whole-country test run it on an open copy."""
    with duckdb.connect(str(database), read_only=True) as con:
        audit = audit_request_counts(con, k, exact=False)
        attacked, regression_leaks = total_minus_published_parts(con, k)
    return PublishedAudit(audit, attacked, regression_leaks)


def main(argv: list[str] | None = None) -> int:
    """`python3 run.py audit [PUBLISHED_DB] [--k K]`: the audit on a published copy, before it goes public."""
    import argparse
    import os
    from pathlib import Path

    default = Path(os.environ.get("OBMI_WAREHOUSE_DIR", "warehouse")) / "published" / "obmi.duckdb"
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("database", nargs="?", type=Path, default=default, help=f"default {default}")
    parser.add_argument("--k", type=int, default=5, help="the small-cell threshold (dbt var disclosure_k)")
    args = parser.parse_args(argv)
    published = audit_published_copy(args.database, args.k)
    audit, regression_leaks = published.audit, published.regression_leaks
    attacked = published.regression_totals_attacked
    leaks = audit.leaks(args.k)
    print(
        f"{args.database}: fct_melding_aantal, k = {args.k}: {audit.primary} primary and {audit.secondary} "
        f"secondary suppressed cells, {audit.published} published"
    )
    print(f"regression attack (a total minus its published parts): {len(regression_leaks)} leaks in {attacked} totals")
    for cell, (_, upper) in sorted(leaks.items(), key=lambda item: item[1][1]):
        print(f"  narrowed below k: {cell.level} {cell.code} {cell.category} {cell.period}: at most {upper:g}")
    print("no suppressed cell can be narrowed below k" if not leaks and not regression_leaks else "NOT PROTECTED")
    return 1 if leaks or regression_leaks else 0


if __name__ == "__main__":
    raise SystemExit(main())
