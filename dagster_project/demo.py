"""Headless build: runs the same Dagster job as the UI and its schedule, then says where the warehouse
is and how to open it. Usage: python -m dagster_project.demo"""

import os
import sys
import time

import dagster as dg

from dagster_project.console import headless_job, quiet_stdout
from dagster_project.dbt_explanations import explain_failed_test
from dagster_project.handover.summary import handover_summary
from dagster_project.landing.encryption import (
    ARCHIVE_KEY_ENV,
    ARCHIVE_KEY_FILE_ENV,
    THROWAWAY_KEYS_ENV,
    throwaway_keys_allowed,
)
from dagster_project.landing.permissions import private_dir
from dagster_project.quality_report import PUBLISHED_WITH_REFUSALS, build_outcome, write_quality_report
from dagster_project.settings import REPO_ROOT, load_settings

# Exit status of a build that published but refused one or more deliveries (schedulers can alert on it).
EXIT_PUBLISHED_WITH_REFUSALS = 3


def _instance() -> dg.DagsterInstance:
    # With DAGSTER_HOME set (run.py sets it), the run is stored and shows up later in `dagster dev`.
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def _failed_check_messages(result: dg.ExecuteInProcessResult, build_db) -> list[str]:
    messages = []
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.asset_check_evaluation_data
            if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                messages.append(f"{evaluation.check_name} on {evaluation.asset_key.to_user_string()}:")
                if evaluation.description:
                    messages.append(f"  {evaluation.description}")
                messages += [f"  {line}" for line in explain_failed_test(evaluation.check_name, build_db)]
    return messages


def _sources_refreshed(result: dg.ExecuteInProcessResult) -> str:
    """Which sources this build loaded new deliveries of (from the raw steps' materializations)."""
    refreshed, unchanged = [], []
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION and event.asset_key.path[0] == "raw":
            metadata = event.materialization.metadata
            files = getattr(metadata.get("files_loaded"), "value", 0) or 0
            rows = getattr(metadata.get("rows_loaded"), "value", 0) or 0
            name = event.asset_key.path[-1]
            if files:
                refreshed.append(f"{name} ({files} new file(s), {rows:,} rows)")
            else:
                unchanged.append(name)
    text = "Sources refreshed: " + (", ".join(refreshed) or "none")
    return text + (f"; unchanged: {', '.join(unchanged)}" if unchanged else "")


SAMPLE_LANDING_DIR = REPO_ROOT / "seeds"  # invented persons: throwaway keys are fine here, nowhere else
THROWAWAY_NOTE = (
    "Demo: the sample's invented reporters are pseudonymised and archived encrypted with throwaway keys made "
    "for this run (the archive of service requests cannot be read after it). Real data needs your own keys: "
    "see `run.py build`."
)


def main(argv: list[str] | None = None, throwaway_keys: bool = True) -> int:
    """The build. The demo (throwaway_keys) may make keys for the run on the sample files only; on a landing
    folder of the city's own, and in `run.py build`, keys are configured or the personal data is refused."""
    verbose = "--verbose" in (sys.argv[1:] if argv is None else argv)
    if throwaway_keys and load_settings().landing_dir == SAMPLE_LANDING_DIR.resolve():
        os.environ.setdefault(THROWAWAY_KEYS_ENV, "1")
    started = time.monotonic()
    from dagster_project.dbt_manifest import ensure_manifest

    ensure_manifest()  # before the definitions are imported: they read the manifest
    from dagster_project.definitions import BUILD_JOB_NAME, defs

    settings = load_settings()
    print(f"Landing folder: {settings.landing_dir}")
    if throwaway_keys_allowed() and not (os.environ.get(ARCHIVE_KEY_FILE_ENV) or os.environ.get(ARCHIVE_KEY_ENV)):
        print(THROWAWAY_NOTE)
    log_dir = private_dir(settings.logs_dir)
    log_file = log_dir / f"build_{time.strftime('%Y%m%dT%H%M%S')}.log"
    job = headless_job(defs.resolve_job_def(BUILD_JOB_NAME), verbose)
    run_config = {"loggers": {"progress": {}, "file": {"config": {"path": str(log_file)}}}}
    if verbose:
        run_config["loggers"]["console"] = {"config": {"log_level": "DEBUG"}}
    with quiet_stdout(log_file, verbose):
        result = job.execute_in_process(run_config=run_config, instance=_instance(), raise_on_error=False)
    elapsed = time.monotonic() - started
    report = write_quality_report(
        result.all_events, result.run_id, result.success, settings.reports_dir, settings.build_db
    )
    outcome = build_outcome(result.all_events, result.success)
    print(f"Full log: {log_file}")
    if not result.success:
        print(f"\nBuild FAILED after {elapsed:.0f} s; the published warehouse was not changed.", file=sys.stderr)
        for line in _failed_check_messages(result, settings.build_db):
            print(line, file=sys.stderr)
        print(f"Data-quality report: {report}", file=sys.stderr)
        for event in result.all_events:
            if event.event_type == dg.DagsterEventType.STEP_FAILURE:
                print(f"step {event.step_key} failed: {event.step_failure_data.error.message.strip()}", file=sys.stderr)
        return 1
    if outcome == PUBLISHED_WITH_REFUSALS:
        print(f"\nWarehouse {outcome}, in {elapsed:.0f} s:")
        for line in _failed_check_messages(result, settings.build_db):
            print(line)
    else:
        print(f"\nWarehouse built in {elapsed:.0f} s.")
    print(f"  Published (read-only, for BI): {settings.published_db}")
    print(f"  Internal copy (request-level data, restricted): {settings.internal_db}")
    print(f"  Build database (pipeline only): {settings.build_db}")
    print(f"  Data-quality report: {report}")
    print(handover_summary(settings))
    print(_sources_refreshed(result))
    return EXIT_PUBLISHED_WITH_REFUSALS if outcome == PUBLISHED_WITH_REFUSALS else 0


if __name__ == "__main__":
    sys.exit(main())
