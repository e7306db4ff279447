"""The dbt project as Dagster assets: every seed, model and snapshot is an asset, every dbt test an
asset check, and dbt sources resolve to the raw assets so the lineage runs from landing file to mart."""

import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from dagster_project.settings import DBT_PROJECT_DIR

obmi_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def _dbt_executable() -> str:
    """dbt installed next to this interpreter (the project's venv), even when the venv is not activated,
    as when a Windows user starts `.venv\\Scripts\\python run.py demo`."""
    beside = Path(sys.executable).parent / ("dbt.exe" if sys.platform == "win32" else "dbt")
    return str(beside) if beside.exists() else shutil.which("dbt") or "dbt"


DBT_EXECUTABLE = _dbt_executable()


DBT_SOURCE_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md"}


def manifest_is_stale() -> bool:
    """True when the manifest is missing or older than any file of the dbt project."""
    manifest = obmi_dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    target = obmi_dbt_project.project_dir / obmi_dbt_project.target_path
    return any(
        path.stat().st_mtime > built
        for path in obmi_dbt_project.project_dir.rglob("*")
        if path.suffix in DBT_SOURCE_SUFFIXES and target not in path.parents
    )


def ensure_manifest(force: bool = False) -> None:
    """dagster-dbt reads dbt's manifest to build the asset graph: parse the project when the manifest is
    missing or older than the models, so the graph always matches what the models say."""
    if force or manifest_is_stale():
        DbtCliResource(project_dir=obmi_dbt_project, dbt_executable=DBT_EXECUTABLE).cli(
            ["parse", "--quiet"], target_path=obmi_dbt_project.target_path
        ).wait()


class ObmiDbtTranslator(DagsterDbtTranslator):
    """Groups follow the dbt folders (staging, intermediate, marts, reference seeds). dbt sources are named
    by publisher (statbel, abb, stad, planningstool) and all live in the schema raw: each maps to the
    Dagster asset raw/<table> that loads it, which joins the lineage from landing file to mart."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


translator = ObmiDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

ensure_manifest()


@dbt_assets(manifest=obmi_dbt_project.manifest_path, dagster_dbt_translator=translator)
def obmi_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    # `dbt build` runs seeds, models, tests and unit tests in dependency order and skips whatever sits
    # downstream of a failing test, so nothing built on a bad model is published.
    yield from dbt.cli(["build"], context=context).stream()
