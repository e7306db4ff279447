"""A dbt test that blocks publication, explained in a city analyst's words: what it guards (its
description), what to do (its `meta.advice` in dbt), and the first rows it found (dbt keeps every test's
failing rows as a view in schema audit of the build database: which file, year and municipality)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import duckdb

from dagster_project.dbt_manifest import MANIFEST

SHOWN_ROWS = 5


@lru_cache(maxsize=1)
def _tests_by_name(manifest_path: str, mtime: float) -> dict[str, dict]:
    nodes = json.loads(Path(manifest_path).read_text(encoding="utf-8"))["nodes"].values()
    return {node["name"]: node for node in nodes if node["resource_type"] == "test"}


def _test(check_name: str) -> dict | None:
    if not MANIFEST.exists():
        return None
    return _tests_by_name(str(MANIFEST), MANIFEST.stat().st_mtime).get(check_name)


def _failing_rows(build_db: Path, node: dict) -> list[str]:
    relation = node.get("relation_name")
    if not relation or not build_db.exists():
        return []
    try:
        con = duckdb.connect(str(build_db), read_only=True)
    except duckdb.Error:
        return []
    try:
        cursor = con.execute(f"select * from {relation} limit {SHOWN_ROWS}")
        names = [d[0] for d in cursor.description]
        return [", ".join(f"{n}={v}" for n, v in zip(names, row, strict=True)) for row in cursor.fetchall()]
    except duckdb.Error:
        return []
    finally:
        con.close()


def explain_failed_test(check_name: str, build_db: Path) -> list[str]:
    """Lines that explain a failed dbt test, or nothing when the check is not a dbt test."""
    node = _test(check_name)
    if node is None:
        return []
    lines = []
    if node.get("description"):
        lines.append(f"What it guards: {node['description'].strip()}")
    advice = (node.get("config", {}).get("meta") or {}).get("advice") or (node.get("meta") or {}).get("advice")
    if advice:
        lines.append(f"What to do: {advice.strip()}")
    rows = _failing_rows(build_db, node)
    if rows:
        lines.append(f"First rows it found (all of them: select * from {node['relation_name']} in the build database):")
        lines += [f"  {row}" for row in rows]
    return lines
