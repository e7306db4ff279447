"""The beleid and management indicators hold exactly the values recomputed from the sample files, in the
long form and catalogue columns the indicator mart expects."""

from __future__ import annotations

import csv
from decimal import Decimal

import duckdb
import pytest

from tests.beleid_sample_files import bbc_cells, expected_fin_indicators, expected_meld_indicators
from tests.conftest import REPO_ROOT, SEEDS
from tests.sample_files import totals_by

INDICATOR_COLUMNS = [
    "indicator_code",
    "geografie_niveau",
    "geografie_code",
    "period",
    "value",
    "numerator",
    "denominator",
    "unit",
    "status",
]
CATALOGUE = REPO_ROOT / "dbt" / "seeds" / "ref_indicatoren_beleid_management.csv"


@pytest.fixture(scope="module")
def indicators(built_warehouse) -> dict[tuple, tuple]:
    con = duckdb.connect(str(built_warehouse.build_db), read_only=True)
    try:
        columns = [r[0] for r in con.execute("describe intermediate.int_indicatoren__beleid_management").fetchall()]
        assert columns == INDICATOR_COLUMNS
        rows = con.execute("select * from intermediate.int_indicatoren__beleid_management").fetchall()
    finally:
        con.close()
    assert all(r[1] == "gemeente" for r in rows)
    return {(r[0], r[2], r[3]): (r[4], r[5], r[6], r[7], r[8]) for r in rows}


def test_expenditure_per_inhabitant_per_domain(indicators):
    population = totals_by(SEEDS, harmonise=True)["total"]
    expected = expected_fin_indicators(bbc_cells(SEEDS), population)
    actual = {
        (code, geo, int(period)): (value, numerator, denominator, status)
        for (code, geo, period), (value, numerator, denominator, unit, status) in indicators.items()
        if code.startswith("FIN_")
    }
    assert actual == expected
    assert len(actual) == 10 * 13 * 5  # 10 domains, 13 centrumsteden, accounts 2020-2024
    assert {s for (_, _, year), (*_, s) in actual.items() if year == 2024} == {"voorlopig"}
    assert actual[("FIN_EXPL_UITG_INW_D7", "44021", 2023)][0] == Decimal("129.31")
    assert {indicators[k][3] for k in indicators if k[0].startswith("FIN_")} == {"EUR per inwoner"}


def test_service_level_share_and_median_lead_times(indicators):
    expected = expected_meld_indicators(SEEDS, REPO_ROOT / "dbt" / "seeds" / "ref_melding_categorieen.csv")
    actual = {key: (v, n, d, s) for key, (v, n, d, unit, s) in indicators.items() if key[0].startswith("MELD_")}
    assert actual == expected
    assert sorted(p for (c, _, p) in actual if c == "MELD_SLA_AANDEEL") == ["2025", "2025-03", "2025-04"]
    assert actual[("MELD_SLA_AANDEEL", "44021", "2025")] == (Decimal("75.1"), 593, 790, "voorlopig")
    assert len([k for k in actual if k[0].startswith("MELD_MED_")]) == 8 * 3
    units = {key[0].split("_")[1]: unit for key, (_, _, _, unit, _) in indicators.items() if key[0].startswith("MELD_")}
    assert units == {"SLA": "%", "MED": "uur"}


def test_every_indicator_is_in_the_catalogue_and_the_catalogue_has_the_shared_columns(indicators):
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [
            "indicator_code",
            "name_nl",
            "definition_nl",
            "unit",
            "formula",
            "source",
            "licence",
        ]
        catalogue = {row["indicator_code"]: row for row in reader}
    assert {code for code, _, _ in indicators} == set(catalogue)
    assert len(catalogue) == 20
    for (code, _, _), (_, _, _, unit, _) in indicators.items():
        assert catalogue[code]["unit"] == unit, code
    assert all(
        row["name_nl"] and row["definition_nl"] and row["formula"] and row["source"] for row in catalogue.values()
    )
