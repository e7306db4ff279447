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
than k requests. The linear program is split per municipality and month when the table is large.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb
import numpy as np
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
    """Additive relations as (parent, [children]) over the cells that exist (missing = zero)."""
    by_key = defaultdict(list)
    for cell in cells:
        by_key[(cell.level, cell.category, cell.period)].append(cell)
    relations: list[tuple[Cell, list[Cell]]] = []
    index = set(cells)
    for cell in cells:
        if cell.level == "gemeente":
            children = [c for c in by_key[("sector", cell.category, cell.period)] if c.municipality == cell.code]
            if children:
                relations.append((cell, children))
        if cell.level in ("centrumsteden", "gewest"):
            children = [
                c
                for c in by_key[("gemeente", cell.category, cell.period)]
                if (cell.level, cell.code) in {groups.get(c.code + "|" + cell.level)}
            ]
            relations.append((cell, children))
        if cell.category == "_alle":
            children = [
                c
                for c in index
                if c.level == cell.level and c.code == cell.code and c.period == cell.period and c.category != "_alle"
            ]
            relations.append((cell, children))
        if len(cell.period) == 4:
            children = [
                c
                for c in index
                if c.level == cell.level
                and c.code == cell.code
                and c.category == cell.category
                and c.period.startswith(cell.period + "-")
            ]
            relations.append((cell, children))
    return relations


def audit_request_counts(con: duckdb.DuckDBPyConnection, k: int) -> AuditResult:
    """Play the attacker on the open copy's fct_melding_aantal (plus the indicators that share its counts)."""
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

    for component in components.values():
        local = {cell: i for i, cell in enumerate(component)}
        a_eq, b_eq = [], []
        for parent, children in equations:
            members = [parent, *children]
            if not any(c in local for c in members):
                continue
            row = np.zeros(len(local))
            constant = 0.0
            for sign, cell in [(1.0, parent)] + [(-1.0, c) for c in children]:
                if cell in local:
                    row[local[cell]] += sign
                else:
                    constant -= sign * float(cells[cell] or 0)
            a_eq.append(row)
            b_eq.append(constant)
        bounds = [(lower.get(cell, 0.0), None) for cell in component]
        for cell, i in local.items():
            objective = np.zeros(len(local))
            objective[i] = 1.0
            low = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
            high = linprog(-objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
            assert low.status == 0, (cell, low.message)
            upper = float("inf") if high.status == 3 else -high.fun
            assert high.status in (0, 3), (cell, high.message)
            result.intervals[cell] = (low.fun, upper)
    return result
