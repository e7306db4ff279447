"""The bus matrix in the dbt docs (dbt/models/overview.md) says which conformed dimensions each fact uses;
it must agree with the relationships tests in dbt's manifest, for every fact of the marts."""

from __future__ import annotations

import json

from tests.conftest import REPO_ROOT

OVERVIEW = REPO_ROOT / "dbt" / "models" / "overview.md"
MANIFEST = REPO_ROOT / "dbt" / "target" / "manifest.json"


def _documented() -> dict[str, set[str]]:
    lines = [line for line in OVERVIEW.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    dimensions = [(i, name) for i, name in enumerate(header) if name.startswith("dim_")]
    matrix = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        matrix[cells[0]] = {name for i, name in dimensions if cells[i] == "x"}
    return matrix


def _tested(manifest: dict) -> dict[str, set[str]]:
    facts = {
        node["name"]: set()
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"].startswith("fct_")
    }
    for node in manifest["nodes"].values():
        metadata = node.get("test_metadata") or {}
        if node["resource_type"] != "test" or metadata.get("name") != "relationships":
            continue
        model = manifest["nodes"][node["attached_node"]]["name"] if node.get("attached_node") else None
        target = metadata["kwargs"]["to"].split("'")[1]
        if model in facts and target.startswith("dim_"):
            facts[model].add(target)
    return facts


def test_bus_matrix_matches_the_relationships_tests(built_warehouse):
    documented = _documented()
    tested = _tested(json.loads(MANIFEST.read_text(encoding="utf-8")))
    assert documented == tested
    assert documented["fct_melding"] == {"dim_gemeente", "dim_melding_categorie"}
    assert documented["fct_financien_beleidsveld_versie"] == {"dim_gemeente", "dim_beleidsveld"}
