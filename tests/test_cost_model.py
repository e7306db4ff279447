"""The cost model spreadsheet of chapter 16 opens, computes its own formulas, and matches the generator.

The formulas are computed by `formulas` (a PyPI Excel formula evaluator), not by openpyxl, which only stores
them; the expected cost per city is recomputed here from the assumptions, independently of the sheet's formulas.
"""

import importlib.util

import formulas
import pytest
from openpyxl import load_workbook

from tests.conftest import REPO_ROOT

GENERATOR = REPO_ROOT / "scripts" / "generate_cost_model.py"
COMMITTED = REPO_ROOT / "guide" / "assets" / "downloads" / "kostenmodel-gedeeld-warehouse.xlsx"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_cost_model", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _assumptions() -> dict[str, float]:
    sheet = load_workbook(COMMITTED)["Aannames"]
    return {row[0]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}


def _expected_cost_per_city_over_horizon(a: dict[str, float], n: int) -> float:
    shared_per_year = (a["gedeeld_team"] + a["coordinatie_per_stad"] * n) * a["loonkost"] + a["infrastructuur"]
    own_staff = a["datalead"] + a["lokaal_team"] + a["stewards"] + a["dpo"] + a["archivaris"]
    own_staff += a["informatieveiligheid"]
    per_year = shared_per_year / n + own_staff * a["loonkost"] + a["bi_gebruikers"] * a["bi_prijs"] * 12
    return per_year * a["horizon"] + a["instap"] * a["loonkost"]


@pytest.fixture(scope="module")
def computed() -> dict[str, float]:
    solution = formulas.ExcelModel().loads(str(COMMITTED)).finish().calculate()
    prefix = f"'[{COMMITTED.name}]KOST PER STAD'!"
    return {ref[len(prefix) :]: cell.value[0][0] for ref, cell in solution.items() if ref.startswith(prefix)}


def test_committed_file_equals_a_fresh_generation(tmp_path):
    fresh = _generator().generate(tmp_path / COMMITTED.name)
    assert fresh.read_bytes() == COMMITTED.read_bytes(), "run: python scripts/generate_cost_model.py"


@pytest.mark.parametrize("cities", [1, 14])
def test_cost_per_city_is_computed_by_the_sheet_formulas(computed, cities):
    expected = _expected_cost_per_city_over_horizon(_assumptions(), cities)
    assert computed[f"H{cities + 1}"] == pytest.approx(expected, rel=1e-9)


def test_cost_per_city_falls_as_cities_join(computed):
    curve = [computed[f"H{n + 1}"] for n in range(1, 15)]
    assert curve == sorted(curve, reverse=True)
    assert computed["I15"] == pytest.approx(curve[0] - curve[-1])


def test_every_input_is_sourced_or_marked_as_an_assumption():
    sheet = load_workbook(COMMITTED)["Aannames"]
    for code, _label, value, _unit, status, note in sheet.iter_rows(min_row=2, values_only=True):
        assert isinstance(value, int | float), code
        assert status in {"Aanname", "Bron"}, code
        assert note, f"{code} needs a source or an explanation"
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"bi_prijs", "bi_gebruikers", "dpo", "archivaris", "stewards"} <= codes
