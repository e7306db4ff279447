"""The beleid and management indicators reach the one indicator mart (fct_indicator_waarde) and the one
catalogue (ref_indicatoren) with exactly the values recomputed from the sample files."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import duckdb
import pytest

from tests.beleid_sample_files import bbc_cells, expected_fin_indicators, expected_meld_indicators, half_up
from tests.conftest import REPO_ROOT, SEEDS
from tests.sample_files import totals_by

CATALOGUE = REPO_ROOT / "dbt" / "seeds" / "ref_indicatoren.csv"
CENTRUMSTEDEN = REPO_ROOT / "dbt" / "seeds" / "ref_centrumsteden.csv"


@pytest.fixture(scope="module")
def indicators(built_warehouse) -> dict[tuple, dict]:
    """(code, geography code, period) -> the published row, for the beleid and management indicators."""
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    try:
        cursor = con.execute(
            "select f.*, d.obmi_domein from marts.fct_indicator_waarde as f"
            " inner join marts.dim_indicator as d using (indicator_code)"
            " where d.obmi_domein in ('beleid', 'management')"
        )
        names = [c[0] for c in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    finally:
        con.close()
    return {(r["indicator_code"], r["geografie_code"], r["period"]): r for r in rows}


def _state(row: dict) -> str:
    return "voorlopig" if row["is_voorlopig"] else "definitief"


def test_expenditure_per_inhabitant_per_domain(indicators):
    population = totals_by(SEEDS, harmonise=True)["total"]
    expected = expected_fin_indicators(bbc_cells(SEEDS), population)
    municipal = {k: r for k, r in indicators.items() if k[0].startswith("fin_") and r["geografie_niveau"] == "gemeente"}
    actual = {
        (code, geo, int(period)): (half_up(r["value"], "0.01"), r["numerator"], Decimal(r["denominator"]), _state(r))
        for (code, geo, period), r in municipal.items()
    }
    assert actual == expected
    assert len(actual) == 10 * 13 * 5  # 10 domains, 13 centrumsteden, accounts 2020-2024
    assert {s for (_, _, year), (*_, s) in actual.items() if year == 2024} == {"voorlopig"}
    assert actual[("fin_expl_uitg_inw_d7", "44021", 2023)][0] == Decimal("129.31")
    assert {r["unit"] for r in municipal.values()} == {"euro per inwoner"}
    # Amounts of the administration are not about persons: no disclosure count, nothing suppressed.
    assert {(r["status"], r["eenheden_count"]) for r in municipal.values()} == {("gepubliceerd", None)}


def test_centrumsteden_expenditure_is_the_sum_of_amounts_over_the_sum_of_inhabitants(indicators):
    population = totals_by(SEEDS, harmonise=True)["total"]
    expected = expected_fin_indicators(bbc_cells(SEEDS), population)
    with CENTRUMSTEDEN.open(encoding="utf-8", newline="") as handle:
        cities = {row["gemeente_nis_code"] for row in csv.DictReader(handle)}
    for code, year in {(code, year) for code, _, year in expected}:
        parts = [v for (c, geo, y), v in expected.items() if c == code and y == year and geo in cities]
        assert len(parts) == 13
        amount, inhabitants = sum(p[1] for p in parts), sum(p[2] for p in parts)
        row = indicators[(code, "centrumsteden", str(year))]
        assert row["numerator"] == amount
        assert abs(row["value"] - amount / inhabitants) <= Decimal("0.000001")  # 6 places, computed in SQL
        assert row["is_voorlopig"] == any(p[3] == "voorlopig" for p in parts)
        city = indicators[(code, "44021", str(year))]
        assert city["centrumsteden_value"] == row["value"]
    # Spending per inhabitant is neutral (more is not better): no rank.
    ranks = {
        r["centrumsteden_rang"]
        for (code, geo, period), r in indicators.items()
        if code == "fin_expl_uitg_inw_d7" and period == "2023" and geo in cities
    }
    assert ranks == {None}


def test_service_level_share_and_median_lead_times(indicators):
    expected = expected_meld_indicators(SEEDS, REPO_ROOT / "dbt" / "seeds" / "ref_melding_categorieen.csv")
    municipal = {
        k: r for k, r in indicators.items() if k[0].startswith("meld_") and r["geografie_niveau"] == "gemeente"
    }
    # The requests cover 10 March - 20 April 2025: a year or a quarter the data do not cover is never
    # published as one.
    years = {k: r for k, r in municipal.items() if len(k[2]) == 4}
    quarters = {k: r for k, r in municipal.items() if k[2][5:6] == "Q"}
    assert {k[2] for k in quarters} == {"2025-Q1", "2025-Q2"}
    assert all(r["period_type"] == "kwartaal" for r in quarters.values())
    assert {(r["period_start"], r["period_end"]) for k, r in quarters.items() if k[2] == "2025-Q2"} == {
        (date(2025, 4, 1), date(2025, 6, 30))
    }
    assert years and all(
        (r["status"], r["status_reden"], r["value"]) == ("ontbrekend", "onvolledige_periode", None)
        for r in [*years.values(), *quarters.values()]
    )
    months = {k: r for k, r in municipal.items() if len(k[2]) == 7 and k not in quarters}
    assert all(r["period_type"] == "maand" and r["is_volledig"] is False for r in months.values())
    actual = {}
    for key, r in months.items():
        places = "0.1" if key[0] == "meld_sla_aandeel" else "0.01"
        denominator = None if r["denominator"] is None else Decimal(r["denominator"])
        actual[key] = (half_up(r["value"], places), r["numerator"], denominator, _state(r))
    assert actual == {k: v for k, v in expected.items() if len(k[2]) == 7}
    assert sorted(p for (c, _, p) in actual if c == "meld_sla_aandeel") == ["2025-03", "2025-04"]
    assert len([k for k in actual if k[0].startswith("meld_med_")]) == len(
        [k for k in expected if k[0].startswith("meld_med_") and len(k[2]) == 7]
    )
    assert {k[0].split("_")[1]: r["unit"] for k, r in municipal.items()} == {"sla": "procent", "med": "uur"}
    # Requests come from persons: the disclosure count is the number of requests behind the value.
    march = expected[("meld_sla_aandeel", "44021", "2025-03")]
    assert municipal[("meld_sla_aandeel", "44021", "2025-03")]["eenheden_count"] == march[2]
    # A median of medians means nothing: the medians get no centrumsteden value.
    assert not [k for k in indicators if k[0].startswith("meld_med_") and k[1] == "centrumsteden"]


def test_one_catalogue_describes_every_indicator_of_the_mart(built_warehouse):
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames
        catalogue = {row["indicator_code"]: row for row in reader}
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    try:
        in_mart = {
            r[0] for r in con.execute("select distinct indicator_code from marts.fct_indicator_waarde").fetchall()
        }
    finally:
        con.close()
    assert columns[:8] == [
        "indicator_code",
        "obmi_domein",
        "name_nl",
        "definition_nl",
        "unit",
        "formula",
        "source",
        "licence",
    ]
    assert {"bron_openbaarheid", "richting", "benchmarkgroep", "is_kernindicator"} <= set(columns)
    assert in_mart == set(catalogue)
    assert all(code == code.lower() for code in catalogue)
    assert all(all(row[c] for c in columns) for row in catalogue.values())
