"""The one Definitions object of the project: `dagster dev` loads it, the headless demo runs its job."""

from __future__ import annotations

import dagster as dg

from dagster_project.assets.dbt import ObmiDbtCliResource, obmi_dbt_models, obmi_dbt_project
from dagster_project.assets.freshness_checks import freshness_checks
from dagster_project.assets.landing import landing_assets, landing_inventory, raw_assets
from dagster_project.assets.publish import (
    INTERNAL_COPY,
    OPEN,
    build_publish_asset,
    incremental_marts,
    internal_mart_names,
)
from dagster_project.dbt_manifest import DBT_EXECUTABLE
from dagster_project.handover.assets import handover_assets
from dagster_project.resources import WarehouseLocations
from dagster_project.sensors import quality_report_on_failure, quality_report_on_success

BUILD_JOB_NAME = "build_warehouse"


def mart_asset_keys() -> list[dg.AssetKey]:
    return [key for key in obmi_dbt_models.keys if obmi_dbt_models.group_names_by_key.get(key) == "marts"]


def build_definitions() -> dg.Definitions:
    """Build the definitions with locations read from the environment at call time."""
    marts = mart_asset_keys()
    internal = internal_mart_names(obmi_dbt_project.manifest_path)
    increments = incremental_marts(obmi_dbt_project.manifest_path)
    publications = [
        build_publish_asset(OPEN, [key for key in marts if key.path[-1] not in internal], internal, None, increments),
        build_publish_asset(INTERNAL_COPY, marts, frozenset(), start_from=OPEN, increments=increments),
    ]
    # In-process: DuckDB takes one writer at a time, so the steps must not run in parallel processes.
    build_job = dg.define_asset_job(
        BUILD_JOB_NAME,
        selection=dg.AssetSelection.all(),
        executor_def=dg.in_process_executor,
        description="Validate the landing files, load raw, run dbt build, publish the open and the internal copy.",
    )
    return dg.Definitions(
        assets=[landing_inventory, *landing_assets, *raw_assets, obmi_dbt_models, *publications, *handover_assets],
        asset_checks=freshness_checks,
        jobs=[build_job],
        schedules=[
            dg.ScheduleDefinition(
                name="build_warehouse_daily",
                job=build_job,
                cron_schedule="0 6 * * *",
                execution_timezone="Europe/Brussels",
                default_status=dg.DefaultScheduleStatus.STOPPED,
            )
        ],
        sensors=[quality_report_on_success, quality_report_on_failure],
        resources={
            "dbt": ObmiDbtCliResource(project_dir=obmi_dbt_project, dbt_executable=DBT_EXECUTABLE),
            "locations": WarehouseLocations.from_environment(),
        },
    )


defs = build_definitions()
