"""What a person sees during a headless build: one line per stage that finished (files validated, rows
loaded, dbt models and tests, publication), and the full Dagster log in a file beside the reports. The
`--verbose` flag of the demo brings Dagster's own console output back."""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

import dagster as dg


def _event(record: logging.LogRecord) -> dg.DagsterEvent | None:
    meta = getattr(record, "dagster_meta", None) or {}
    return meta.get("dagster_event")


def _metadata_value(event: dg.DagsterEvent, name: str, default=0):
    entry = event.materialization.metadata.get(name)
    value = getattr(entry, "value", entry)
    return default if value is None else value


class ProgressHandler(logging.Handler):
    """Prints a compact line for each landing, raw and publication materialization, and a count of dbt's
    models and tests when its step ends."""

    def __init__(self, stream=None):
        super().__init__(level=logging.DEBUG)
        # The terminal itself: during a quiet build sys.stdout is the log file (dbt's own output goes there).
        self.stream = stream or sys.__stdout__
        self.dbt_models = 0
        self.dbt_checks = 0
        self.dbt_failed = 0

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._show(record)
        except Exception:  # a progress line must never fail the build it reports on
            self.handleError(record)

    def _show(self, record: logging.LogRecord) -> None:
        event = _event(record)
        if event is None:
            return
        kind = event.event_type
        if kind == dg.DagsterEventType.ASSET_MATERIALIZATION:
            key = event.asset_key.to_user_string()
            if key.startswith("landing/") and key != "landing/inventory":
                files = _metadata_value(event, "files") or []
                refused = _metadata_value(event, "quarantined") or []
                note = f", {len(refused)} REFUSED (see quarantine)" if refused else ""
                rows = _metadata_value(event, "rows")
                self._print(f"  validated  {key[8:]:<30} {len(files):>4} file(s), {rows:>9,} rows{note}")
            elif key.startswith("raw/"):
                self._print(
                    f"  loaded     {key[4:]:<30} {_metadata_value(event, 'files_loaded'):>4} new file(s), "
                    f"{_metadata_value(event, 'raw_rows'):>9,} rows in raw"
                )
            elif key.startswith("published/"):
                self._print(f"  published  {key[10:]:<30} {_metadata_value(event, 'tables'):>4} tables")
            else:
                self.dbt_models += 1
        elif kind == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.asset_check_evaluation_data
            key = evaluation.asset_key.to_user_string()
            if key == "landing/inventory" and not evaluation.passed:
                for line in (evaluation.description or "").splitlines():
                    self._print(f"  NOTE       {line}")
            elif not key.startswith(("landing/", "raw/")):
                self.dbt_checks += 1
                self.dbt_failed += 0 if evaluation.passed else 1
        elif kind == dg.DagsterEventType.STEP_START and event.step_key and "dbt" in event.step_key:
            self._print("  dbt build  running models and tests ...")
        elif kind == dg.DagsterEventType.STEP_SUCCESS and event.step_key and "dbt" in event.step_key:
            failed = f", {self.dbt_failed} failed or warned" if self.dbt_failed else ""
            self._print(f"  dbt build  {self.dbt_models} models and seeds, {self.dbt_checks} tests{failed}")
        elif kind == dg.DagsterEventType.STEP_FAILURE:
            self._print(f"  FAILED     step {event.step_key}")


@dg.logger(description="One line per finished stage of the build (files, rows, dbt, publication).")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("obmi.progress")
    logger.handlers = [ProgressHandler()]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return logger


@dg.logger(
    config_schema={"path": dg.Field(str)},
    description="The full Dagster log of the run, every level, in a file.",
)
def file_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger(f"obmi.file.{init_context.run_id or 'run'}")
    handler = logging.FileHandler(init_context.logger_config["path"], mode="a", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.handlers = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return logger


@contextlib.contextmanager
def quiet_stdout(log_file: Path, verbose: bool):
    """Send what dbt prints (dagster-dbt echoes every dbt event to stdout) to the log file, unless verbose."""
    if verbose:
        yield
        return
    with log_file.open("a", encoding="utf-8", buffering=1) as handle, contextlib.redirect_stdout(handle):
        yield


def headless_job(job: dg.JobDefinition, verbose: bool) -> dg.JobDefinition:
    loggers = {"progress": progress_logger, "file": file_logger}
    if verbose:
        loggers["console"] = dg.colored_console_logger
    return job.with_logger_defs(loggers)
