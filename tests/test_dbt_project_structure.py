"""The dbt project follows the layering, naming, testing and documentation rules of dbt-project-evaluator
(as dbt-bouncer checks on dbt's manifest), and the SQL passes sqlfluff."""

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO_ROOT

BIN = Path(sys.executable).parent
MANIFEST = REPO_ROOT / "dbt" / "target" / "manifest.json"


def _bouncer(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "dbt-bouncer"), "run", "--config-file", str(config)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )


def _config_for(artifacts_dir: Path, tmp_path: Path) -> Path:
    config = yaml.safe_load((REPO_ROOT / "dbt-bouncer.yml").read_text())
    config["dbt_artifacts_dir"] = str(artifacts_dir)
    path = tmp_path / "dbt-bouncer.yml"
    path.write_text(yaml.safe_dump(config))
    return path


def test_dbt_project_passes_the_structure_rules(built_warehouse, tmp_path):
    # built_warehouse guarantees a manifest parsed from the current models.
    result = _bouncer(_config_for(MANIFEST.parent, tmp_path))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "All checks passed" in result.stdout


def test_structure_rules_catch_an_undocumented_staging_model_reading_a_mart(built_warehouse, tmp_path):
    manifest = json.loads(MANIFEST.read_text())
    staging = manifest["nodes"]["model.obmi_warehouse.stg_statbel__refnis"]
    staging["description"] = ""
    staging["depends_on"]["nodes"].append("model.obmi_warehouse.dim_gemeente")
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    (artifacts / "manifest.json").write_text(json.dumps(manifest))

    result = _bouncer(_config_for(artifacts, tmp_path))

    assert result.returncode != 0
    assert "check_model_description_populated" in result.stdout
    assert "check_lineage_permitted_upstream_models" in result.stdout


def test_sql_passes_sqlfluff(tmp_path):
    # The dbt templater opens the profile's database: give it a scratch warehouse, never the real one.
    (tmp_path / "build").mkdir()
    result = subprocess.run(
        [str(BIN / "sqlfluff"), "lint", "dbt/models", "dbt/tests", "--nocolor"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        # Its own target folder too: the templater's dbt compile must not rewrite the manifest Dagster reads.
        env={**os.environ, "OBMI_WAREHOUSE_DIR": str(tmp_path), "DBT_TARGET_PATH": str(tmp_path / "target")},
    )
    assert result.returncode == 0, result.stdout[-4000:]


def test_python_passes_ruff():
    result = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]


def test_dbt_source_freshness_says_what_the_dagster_policy_says():
    """Freshness is defined once, in each dataset's definition; dbt's copy (which dbt-project-evaluator's
    rules ask for) must agree with it for every raw table."""
    from dagster_project.dbt_manifest import MANIFEST
    from dagster_project.sources import LANDING_SOURCES

    sources = {
        node["name"]: node
        for node in json.loads(MANIFEST.read_text(encoding="utf-8"))["sources"].values()
        if node["schema"] == "raw"
    }
    assert set(sources) == {s.name for s in LANDING_SOURCES}
    for source in LANDING_SOURCES:
        warn_after = sources[source.name]["freshness"]["warn_after"]
        assert (warn_after["count"], warn_after["period"]) == (source.freshness.max_days_since_delivery, "day"), (
            source.name
        )
