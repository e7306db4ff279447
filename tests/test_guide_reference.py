"""The handbook's reference pages are generated from the project and committed up to date."""

import importlib.util

from tests.conftest import REPO_ROOT

GENERATOR = REPO_ROOT / "scripts" / "generate_guide_reference.py"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_guide_reference", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_pages_match_the_current_manifest(built_warehouse, tmp_path):
    # built_warehouse guarantees dbt/target/manifest.json reflects the current models.
    generated = _generator().generate(tmp_path)
    for page in generated:
        committed = REPO_ROOT / "guide" / "referentie" / page.name
        assert committed.read_text(encoding="utf-8") == page.read_text(encoding="utf-8"), (
            f"guide/referentie/{page.name} is out of date: run python scripts/generate_guide_reference.py"
        )


def test_bus_matrix_marks_the_conformed_dimensions_of_each_fact(built_warehouse, tmp_path):
    page = next(p for p in _generator().generate(tmp_path) if p.name == "busmatrix.md").read_text(encoding="utf-8")
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in page.splitlines() if line.startswith("| ")]
    dims = [c.strip("`") for c in rows[0][1:]]
    marked = {row[0].strip("`"): {d for d, c in zip(dims, row[1:], strict=True) if c == "X"} for row in rows[1:]}
    assert marked["fct_bevolking"] == {"dim_gemeente", "dim_leeftijd", "dim_geslacht", "dim_nationaliteit"}
    assert marked["fct_bevolking_huidige_gemeente"] == {"dim_gemeente"}
