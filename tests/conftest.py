"""Shared fixtures. The full pipeline (landing -> raw -> dbt build -> publish) runs once per test session
on a temporary warehouse; tests that need a warehouse to change get a copy of it."""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT / "seeds"
SHARED_REFERENCE_DATA = REPO_ROOT.parent / "shared" / "reference-data"


def pytest_configure(config):
    # The sample files hold invented persons: the tests, like the demo, may use throwaway keys. Tests of the
    # refusal without keys remove this setting.
    os.environ.setdefault("OBMI_THROWAWAY_KEYS", "1")
    # dagster-dbt reads dbt's manifest when the definitions are imported; prepare it once, up front.
    from dagster_project.dbt_manifest import ensure_manifest

    ensure_manifest()


FULL_BUILD_FIXTURES = {"built_warehouse", "warehouse_copy", "shared_copy"}


def pytest_collection_modifyitems(config, items):
    # The fast tier (-m "not slow") skips every test that needs a full build of the demo warehouse.
    for item in items:
        if FULL_BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@dataclass
class BuiltWarehouse:
    landing_dir: Path
    warehouse_dir: Path
    result: dg.ExecuteInProcessResult

    @property
    def published_db(self) -> Path:
        return self.warehouse_dir / "published" / "obmi.duckdb"

    @property
    def internal_db(self) -> Path:
        return self.warehouse_dir / "published" / "obmi_intern.duckdb"

    @property
    def build_db(self) -> Path:
        return self.warehouse_dir / "build" / "obmi.duckdb"


def run_build_job(landing_dir: Path, warehouse_dir: Path, selection: list[dg.AssetKey] | None = None):
    """Run the project's build job (or a selection of it) against the given folders."""
    os.environ["OBMI_LANDING_DIR"] = str(landing_dir)
    os.environ["OBMI_WAREHOUSE_DIR"] = str(warehouse_dir)  # dbt's profile reads it too
    from dagster_project.definitions import BUILD_JOB_NAME, build_definitions

    defs = build_definitions()
    job = defs.resolve_job_def(BUILD_JOB_NAME)
    return job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False, asset_selection=selection
    )


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> BuiltWarehouse:
    root = tmp_path_factory.mktemp("pipeline")
    landing = root / "landing"
    shutil.copytree(SEEDS, landing)
    warehouse = root / "warehouse"
    result = run_build_job(landing, warehouse)
    assert result.success, "the demo build failed; see the captured log"
    return BuiltWarehouse(landing_dir=landing, warehouse_dir=warehouse, result=result)


@pytest.fixture
def warehouse_copy(built_warehouse, tmp_path) -> BuiltWarehouse:
    """A private copy of the built landing folder and warehouse, for tests that run the job again."""
    landing = tmp_path / "landing"
    warehouse = tmp_path / "warehouse"
    shutil.copytree(built_warehouse.landing_dir, landing)
    shutil.copytree(built_warehouse.warehouse_dir, warehouse)
    return BuiltWarehouse(landing_dir=landing, warehouse_dir=warehouse, result=built_warehouse.result)
