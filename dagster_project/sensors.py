"""Sensors: after every run of the build job, from the UI or the schedule, write the data-quality report
(the headless command writes it itself, from the same function)."""

import dagster as dg

from dagster_project.quality_report import write_quality_report
from dagster_project.resources import WarehouseLocations

REPORTED_EVENTS = {dg.DagsterEventType.ASSET_CHECK_EVALUATION, dg.DagsterEventType.STEP_FAILURE}


def _report(context: dg.RunStatusSensorContext, locations: WarehouseLocations, succeeded: bool) -> None:
    records = context.instance.all_logs(context.dagster_run.run_id, of_type=REPORTED_EVENTS)
    events = [record.dagster_event for record in records if record.dagster_event]
    settings = locations.settings
    path = write_quality_report(events, context.dagster_run.run_id, succeeded, settings.reports_dir, settings.build_db)
    context.log.info(f"data-quality report written to {path}")


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    name="quality_report_on_success",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def quality_report_on_success(context: dg.RunStatusSensorContext, locations: WarehouseLocations):
    _report(context, locations, succeeded=True)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.FAILURE,
    name="quality_report_on_failure",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def quality_report_on_failure(context: dg.RunStatusSensorContext, locations: WarehouseLocations):
    _report(context, locations, succeeded=False)
