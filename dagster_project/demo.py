"""Headless build: runs the same Dagster job as the UI and its schedule, then says where the warehouse
is and how to open it. Usage: python -m dagster_project.demo"""

import os
import sys
import time

import dagster as dg

from dagster_project.handover.summary import handover_summary
from dagster_project.quality_report import write_quality_report
from dagster_project.settings import load_settings


def _instance() -> dg.DagsterInstance:
    # With DAGSTER_HOME set (run.py sets it), the run is stored and shows up later in `dagster dev`.
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def _failed_check_messages(result: dg.ExecuteInProcessResult) -> list[str]:
    messages = []
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.asset_check_evaluation_data
            if not evaluation.passed:
                messages.append(f"{evaluation.check_name} on {evaluation.asset_key.to_user_string()}:")
                messages.append(f"  {evaluation.description}")
    return messages


def main() -> int:
    started = time.monotonic()
    from dagster_project.assets.dbt import ensure_manifest

    ensure_manifest()
    from dagster_project.definitions import BUILD_JOB_NAME, defs

    settings = load_settings()
    print(f"Landing folder: {settings.landing_dir}")
    job = defs.resolve_job_def(BUILD_JOB_NAME)
    result = job.execute_in_process(instance=_instance(), raise_on_error=False)
    elapsed = time.monotonic() - started
    report = write_quality_report(result.all_events, result.run_id, result.success, settings.reports_dir)
    if not result.success:
        print(f"\nBuild FAILED after {elapsed:.0f} s; the published warehouse was not changed.", file=sys.stderr)
        for line in _failed_check_messages(result):
            print(line, file=sys.stderr)
        print(f"Data-quality report: {report}", file=sys.stderr)
        for event in result.all_events:
            if event.event_type == dg.DagsterEventType.STEP_FAILURE:
                print(f"step {event.step_key} failed: {event.step_failure_data.error.message.strip()}", file=sys.stderr)
        return 1
    print(f"\nWarehouse built in {elapsed:.0f} s.")
    print(f"  Published (read-only, for BI): {settings.published_db}")
    print(f"  Internal copy (request-level data, restricted): {settings.internal_db}")
    print(f"  Build database (pipeline only): {settings.build_db}")
    print(f"  Data-quality report: {report}")
    print(handover_summary(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
