"""The dbt documentation as data: model and column descriptions, and the star's relationships.

dbt's manifest (dbt/target/manifest.json) already holds every description written in the models' yml
files and every `relationships` test. Reading them from there keeps one source for the documentation: the
comments in the published DuckDB copies, the data dictionary and the Power BI route cannot drift from
the dbt docs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from dagster_project.settings import DBT_PROJECT_DIR

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


@dataclass(frozen=True)
class ModelDoc:
    name: str
    description: str
    columns: dict[str, str]  # column name -> description, in the yml's order
    folder: str  # the marts sub-folder (domain), e.g. bevolking


@dataclass(frozen=True)
class Relationship:
    """A foreign key the dbt project tests: from_table.from_column refers to to_table.to_column."""

    from_table: str
    from_column: str
    to_table: str
    to_column: str
    condition: str  # dbt's `where` when the key only holds for some rows, else empty


def _manifest(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _clean(text: str | None) -> str:
    # yml folded blocks keep line breaks and double spaces; a comment reads best as one paragraph.
    return re.sub(r"\s+", " ", text or "").strip()


def model_docs(manifest_path: Path = MANIFEST) -> dict[str, ModelDoc]:
    """Every dbt model by its table name (alias)."""
    docs = {}
    for node in _manifest(manifest_path)["nodes"].values():
        if node["resource_type"] != "model":
            continue
        fqn = node.get("fqn", [])
        docs[node["alias"]] = ModelDoc(
            name=node["alias"],
            description=_clean(node.get("description")),
            columns={name: _clean(col.get("description")) for name, col in node.get("columns", {}).items()},
            folder=fqn[-2] if len(fqn) > 2 else "",
        )
    return docs


def _ref_name(expression: str) -> str:
    match = re.search(r"ref\(\s*['\"]([^'\"]+)['\"]", expression)
    return match.group(1) if match else expression


def relationships(manifest_path: Path = MANIFEST) -> list[Relationship]:
    """The `relationships` tests between models, deduplicated and sorted."""
    manifest = _manifest(manifest_path)
    nodes = manifest["nodes"]
    found = set()
    for node in nodes.values():
        meta = node.get("test_metadata") or {}
        if node["resource_type"] != "test" or meta.get("name") != "relationships":
            continue
        kwargs = meta.get("kwargs", {})
        parent = nodes.get(node.get("attached_node") or "", {})
        if parent.get("resource_type") != "model":
            continue
        found.add(
            Relationship(
                from_table=parent["alias"],
                from_column=kwargs.get("column_name") or node.get("column_name") or "",
                to_table=_ref_name(kwargs.get("to", "")),
                to_column=kwargs.get("field", ""),
                condition=_clean(node.get("config", {}).get("where") or ""),
            )
        )
    return sorted(found, key=lambda r: (r.from_table, r.from_column, r.to_table, r.condition))
