"""The handbook's recipe for adding a source (chapter 12, "Een bron toevoegen"), followed to the letter on a
copy of the project: one dataset module, one line in the catalogue, one dbt staging folder. Nothing else is
touched, and the new source is validated, loaded, staged and checked for freshness like the others."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow

# 1. The dataset module, in a new publisher package (the city's front-office queueing system).
DATASET_MODULE = '''
"""Front-office contacts from the city's queueing system: one export per day."""

import re

import great_expectations.expectations as gxe

from dagster_project.landing.source import FreshnessPolicy, LandingSource, LoadMode


def _values():
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="contact_id"),
        gxe.ExpectColumnValuesToBeUnique(column="contact_id"),
        gxe.ExpectColumnValuesToBeInSet(column="kanaal", value_set=["Balie", "Telefoon"]),
        gxe.ExpectColumnValuesToMatchRegex(column="wachttijd_minuten", regex=r"^\\d+$"),
    ]


LOKETCONTACTEN = LandingSource(
    name="loketcontacten",
    description="Front-office contacts, one export per day.",
    file_pattern=re.compile(r"loketcontacten_(?P<period>\\d{4}-\\d{2}-\\d{2})\\.csv", re.IGNORECASE),
    columns=("contact_id", "dienst", "kanaal", "wachttijd_minuten"),
    delimiter=";",
    load_mode=LoadMode.PER_FILE,
    publisher_url="https://www.example.org/loketsysteem",
    value_suite=_values,
    freshness=FreshnessPolicy(3, None, rhythm="a daily export"),
    name_hint="loketcontacten",
)
'''

# 3. The dbt staging folder: the source (named after the publisher, schema raw) and its staging model.
SOURCES_YML = """
version: 2

sources:
  - name: loketsysteem
    description: Deliveries of the city's queueing system, loaded by Dagster.
    schema: raw
    tables:
      - name: loketcontacten
        description: Front-office contacts, one export per day.
"""
MODELS_YML = """
version: 2

models:
  - name: stg_loketsysteem__contacten
    description: One row per front-office contact, renamed and cast.
    columns:
      - name: contact_id
        description: The queueing system's identifier.
        data_tests: [unique, not_null]
      - name: dienst_name_nl
        description: The service visited.
      - name: kanaal_name_nl
        description: Balie or Telefoon.
      - name: wachttijd_minutes
        description: Waiting time in minutes.
      - name: extract_date
        description: The day of the export.
"""
STAGING_SQL = """
with source as (
    select * from {{ source('loketsysteem', 'loketcontacten') }}
),

renamed as (
    select
        contact_id,
        dienst as dienst_name_nl,
        kanaal as kanaal_name_nl,
        cast(wachttijd_minuten as {{ dbt.type_int() }}) as wachttijd_minutes,
        cast(_file_period as date) as extract_date
    from source
)

select * from renamed
"""

DELIVERY = "contact_id;dienst;kanaal;wachttijd_minuten\r\nC1;Burgerzaken;Balie;12\r\nC2;Burgerzaken;Telefoon;3\r\n"

RUN = textwrap.dedent(
    """
    import json, os, sys
    import dagster as dg
    from dagster_project.dbt_manifest import ensure_manifest
    ensure_manifest()
    from dagster_project.definitions import BUILD_JOB_NAME, build_definitions
    defs = build_definitions()
    graph = defs.resolve_asset_graph()
    staging = dg.AssetKey(["staging", "stg_loketsysteem__contacten"])
    selection = [dg.AssetKey(["landing", "loketcontacten"]), dg.AssetKey(["raw", "loketcontacten"]), staging]
    result = defs.resolve_job_def(BUILD_JOB_NAME).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False, asset_selection=selection
    )
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys
                    if "loketcontacten" in k.asset_key.to_user_string())
    print(json.dumps({
        "success": result.success,
        "parents": sorted(k.to_user_string() for k in graph.get(staging).parent_keys),
        "checks": checks,
    }))
    """
)


def test_a_new_source_is_one_module_one_catalogue_line_and_one_staging_folder(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(
        REPO_ROOT / "dagster_project", project / "dagster_project", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(REPO_ROOT / "dbt", project / "dbt", ignore=shutil.ignore_patterns("target", "logs"))
    # 1. One module.
    package = project / "dagster_project" / "sources" / "loketsysteem"
    package.mkdir()
    (package / "__init__.py").write_text('"""The city\'s queueing system (dbt staging folder loketsysteem)."""\n')
    (package / "contacten.py").write_text(DATASET_MODULE)
    # 2. One line in the catalogue (and its import).
    catalogue = project / "dagster_project" / "sources" / "__init__.py"
    text = catalogue.read_text()
    text = text.replace(
        "from dagster_project.sources.planningstool",
        "from dagster_project.sources.loketsysteem.contacten import LOKETCONTACTEN\n"
        "from dagster_project.sources.planningstool",
        1,
    )
    text = text.replace(
        "    MEERJARENPLAN_DOELSTELLINGEN,\n)", "    MEERJARENPLAN_DOELSTELLINGEN,\n    LOKETCONTACTEN,\n)", 1
    )
    catalogue.write_text(text)
    # 3. One staging folder.
    staging = project / "dbt" / "models" / "staging" / "loketsysteem"
    staging.mkdir()
    (staging / "_loketsysteem__sources.yml").write_text(SOURCES_YML)
    (staging / "_loketsysteem__models.yml").write_text(MODELS_YML)
    (staging / "stg_loketsysteem__contacten.sql").write_text(STAGING_SQL)
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "loketcontacten_2025-03-10.csv").write_bytes(DELIVERY.encode("utf-8"))
    warehouse = tmp_path / "warehouse"

    env = {
        "PATH": f"{REPO_ROOT / '.venv' / 'bin'}:/usr/bin:/bin",
        "PYTHONPATH": str(project),
        "OBMI_LANDING_DIR": str(landing),
        "OBMI_WAREHOUSE_DIR": str(warehouse),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "False",
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", RUN], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["success"], done.stdout[-3000:]
    assert outcome["parents"] == ["raw/loketcontacten"]  # lineage from landing file to the model
    assert outcome["checks"] == [
        "landing/loketcontacten:great_expectations_suite",
        "raw/loketcontacten:freshness",
    ]

    import duckdb

    con = duckdb.connect(str(warehouse / "build" / "obmi.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "select contact_id, wachttijd_minutes, extract_date::varchar from staging.stg_loketsysteem__contacten "
            "order by contact_id"
        ).fetchall()
    finally:
        con.close()
    assert rows == [("C1", 12, "2025-03-10"), ("C2", 3, "2025-03-10")]
