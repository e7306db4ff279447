"""The dbt project as Dagster assets: every seed, model and snapshot is an asset, every dbt test an
asset check, and dbt sources resolve to the raw assets so the lineage runs from landing file to mart."""

import importlib.metadata
import shutil
import sys
from collections.abc import Mapping, Sequence
from functools import cached_property
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
from packaging.version import Version

from dagster_project.dbt_manifest import require_manifest
from dagster_project.settings import DBT_PROJECT_DIR

obmi_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


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


class ObmiDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two costs this project does not need before each dbt command (about
    4 s together on 2 cores, more than many models take):

    * it starts a separate `dbt --version`: the dbt beside this interpreter is the dbt-core package installed
      here, so its version is read from the package metadata (any other dbt executable is still asked);
    * it loads dbt's profile and adapter into this process, used only to fetch row counts and column
      metadata for the materializations (`fetch_row_counts`, `fetch_column_metadata`), which this project
      does not ask for: the dbt process does the work, in its own connection."""

    @cached_property
    def _cli_version(self) -> Version:
        executable = Path(self.dbt_executable)
        if executable.parent == Path(sys.executable).parent:
            return Version(importlib.metadata.version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


# --no-write-json: dbt would write manifest.json and run_results.json into the run's own target folder and
# validate the manifest against its JSON schema first (about 0.4 s a run); Dagster takes the results from
# dbt's event stream, and the project's manifest comes from `python -m dagster_project.dbt_manifest`.
# dbt's partial-parse file is still written (keep_partial_parse).
PIPELINE_BUILD_ARGS = ("--exclude-resource-type", "unit_test", "--no-write-json")

translator = ObmiDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

# No dbt parse here, at import: the manifest is prepared before Dagster loads (run.py, the tests' set-up,
# `python -m dagster_project.dbt_manifest`); a missing one gets a message that says so.
require_manifest(obmi_dbt_project)


@dbt_assets(manifest=obmi_dbt_project.manifest_path, dagster_dbt_translator=translator)
def obmi_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    # `dbt build` runs seeds, models and data tests in dependency order and skips whatever sits downstream
    # of a failing test, so nothing built on a bad model is published. Unit tests check the models' code, not
    # the data: as dbt advises, they run in development and CI (the test suite, tests/test_dbt_unit_tests.py),
    # not in every production build (15 unit tests, about 4 s of each build).
    invocation = dbt.cli(["build", *PIPELINE_BUILD_ARGS], context=context)
    try:
        yield from invocation.stream()
    finally:
        keep_partial_parse(invocation.target_path)


def keep_partial_parse(run_target: Path) -> None:
    """Each dbt command of dagster-dbt runs in a target folder of its own, seeded with the project's
    partial_parse.msgpack. dbt discards that file when the environment differs from the one it was written
    in (OBMI_WAREHOUSE_DIR, as every city sets it), which costs a full parse (about 10 s) on every run. The
    run's own file, written in this environment, becomes the project's, so the next run parses only what
    changed."""
    written = run_target / "partial_parse.msgpack"
    if written.exists():
        shutil.copyfile(written, DBT_PROJECT_DIR / "target" / "partial_parse.msgpack")
