"""The handbook's reference pages are generated from the project and committed up to date."""

import importlib.util

import pytest

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


def test_the_service_request_specification_is_generated_from_the_source_definition():
    """No build needed: the page comes from the service requests' LandingSource and the category seed, so a
    field, pattern or value list changed in the code makes this fail until the page is generated again."""
    from dagster_project.sources.stad.meldingen import MELDINGEN_PUBLISHED_FIELDS, PERSONAL_FIELDS

    generated = _generator().meldingen_page()
    committed = REPO_ROOT / "guide" / "referentie" / "meldingen.md"
    assert committed.read_text(encoding="utf-8") == generated, (
        "guide/referentie/meldingen.md is out of date: run python scripts/generate_guide_reference.py"
    )
    rows = [line for line in generated.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(MELDINGEN_PUBLISHED_FIELDS)
    for row in rows:
        optional = "optioneel" in row
        assert optional == (row.split("`")[1] in PERSONAL_FIELDS), row


def test_the_generator_refuses_a_field_it_cannot_describe(monkeypatch):
    generator = _generator()
    meanings = dict(generator.MELDINGEN_MEANINGS)
    meanings.pop("kanaal")
    monkeypatch.setattr(generator, "MELDINGEN_MEANINGS", meanings)
    with pytest.raises(ValueError, match="published fields"):
        generator.meldingen_page()
