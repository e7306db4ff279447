"""The multi-year plan's goal tree and its targets against actual values: the hierarchy, the targets and
the actual values (the warehouse's own where the plan names one of its indicators) recomputed from the
planning tool's export and the other sample files."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from tests.beleid_sample_files import (
    bbc_cells,
    expected_fin_indicators,
    expected_meld_indicators,
    half_up,
    plan_rows,
)
from tests.conftest import REPO_ROOT, SEEDS
from tests.sample_files import totals_by


def dutch(text: str) -> Decimal | None:
    return Decimal(text.replace(".", "").replace(",", ".")) if text else None


@pytest.fixture(scope="module")
def built(built_warehouse):
    con = duckdb.connect(str(built_warehouse.build_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def warehouse_values() -> dict[tuple, tuple]:
    """The warehouse indicators recomputed independently, keyed (code, NIS code, year as int)."""
    population = totals_by(SEEDS, harmonise=True)["total"]
    values = {
        (c, g, y): (v, s) for (c, g, y), (v, _, _, s) in expected_fin_indicators(bbc_cells(SEEDS), population).items()
    }
    # The service requests cover 10 March - 20 April 2025 only: a target is judged only on a complete
    # period, so their yearly figures are no actual values (the planning tool's own figure fills in).
    categories = REPO_ROOT / "dbt" / "seeds" / "ref_melding_categorieen.csv"
    for (code, geo, period), (value, _, _, status) in expected_meld_indicators(SEEDS, categories).items():
        if len(period) == 4 and period_is_covered(period):
            values[(code, geo, int(period))] = (value, status)
    return values


def period_is_covered(year: str) -> bool:
    days = sorted(p.name[len("meldingen_") : len("meldingen_") + 10] for p in SEEDS.glob("meldingen_*"))
    return days[0] <= f"{year}-01-01" and days[-1] >= f"{year}-12-31"


def test_goal_tree_hierarchy(built):
    rows = plan_rows(SEEDS)
    parent = {r["Code"]: r["Bovenliggende code"] for r in rows}
    level = {r["Code"]: r["Niveau"].lower() for r in rows}

    def ancestor(code: str, wanted: str) -> str | None:
        while code:
            if level[code] == wanted:
                return code
            code = parent[code]
        return None

    expected = {
        code: (level[code], ancestor(code, "beleidsdoelstelling"), ancestor(code, "actieplan")) for code in level
    }
    actual = built.execute(
        "select doelstelling_code, doelstelling_niveau, beleidsdoelstelling_code, actieplan_code"
        " from marts.dim_doelstelling"
    ).fetchall()
    assert {r[0]: r[1:] for r in actual} == expected
    assert len(expected) == 17
    assert expected["AC01.1.1"] == ("actie", "BD01", "AP01.1")


def expected_targets(warehouse_values: dict) -> dict[tuple, tuple]:
    """(element, indicator, year) -> (target, actual, source, met, warehouse status) from the export."""
    expected = {}
    for row in plan_rows(SEEDS):
        if not row["Indicator"]:
            continue
        for year in range(2020, 2026):
            target, tool = dutch(row[f"Streefwaarde {year}"]), dutch(row[f"Realisatie {year}"])
            if target is None and tool is None:
                continue
            ours = warehouse_values.get((row["Indicatorcode"], "44021", year)) if row["Indicatorcode"] else None
            if ours:
                actual, source, status = ours[0], "warehouse", ours[1]
            else:
                actual, source, status = tool, ("planningstool" if tool is not None else None), None
            met = None
            if target is not None and actual is not None:
                met = actual <= target if row["Gewenste evolutie"] == "dalen" else actual >= target
            expected[(row["Code"], row["Indicator"], year)] = (target, actual, source, met, status)
    return expected


def test_targets_against_actual_values(built, warehouse_values):
    expected = expected_targets(warehouse_values)
    rows = built.execute(
        "select doelstelling_code, indicator_name_nl, jaar, streefwaarde, realisatie, realisatie_bron,"
        " is_streefwaarde_gehaald, realisatie_status from marts.fct_doelstelling_indicator"
    ).fetchall()
    assert {r[:3]: r[3:] for r in rows} == expected
    assert len(expected) == 41
    # The warehouse's own figure wins over a figure typed into the tool; the tool fills the other years.
    sources = {year: source for (code, _, year), (_, _, source, _, _) in expected.items() if code == "AC01.1.1"}
    assert sources[2023] == sources[2024] == "planningstool"
    assert sources.get(2025) != "warehouse"  # six weeks of requests are not the year 2025


def test_goal_attainment_indicator(built, warehouse_values):
    expected_rows = expected_targets(warehouse_values)
    expected = {}
    for year in sorted({year for (_, _, year) in expected_rows}):
        assessed = [v for (_, _, y), v in expected_rows.items() if y == year and v[3] is not None]
        if not assessed:
            continue
        hits = sum(1 for v in assessed if v[3])
        status = "voorlopig" if any(v[4] == "voorlopig" for v in assessed) else "definitief"
        value = (Decimal(100 * hits) / len(assessed)).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
        expected[str(year)] = (value, hits, len(assessed), status)
    rows = built.execute(
        "select period, value, numerator, denominator, is_voorlopig from marts.fct_indicator_waarde"
        " where indicator_code = 'doel_streefwaarde_gehaald_aandeel' and geografie_code = '44021'"
    ).fetchall()
    published = {
        period: (half_up(value, "0.1"), numerator, Decimal(denominator), "voorlopig" if provisional else "definitief")
        for period, value, numerator, denominator, provisional in rows
    }
    assert published == expected
    assert expected["2023"] == (Decimal("37.5"), 3, 8, "definitief")
