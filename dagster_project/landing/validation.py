"""Running a source's Great Expectations suites on one delivered file and turning GX's results into
findings that name the file, the line and the column.

The delivery is staged in an in-memory DuckDB database (readers.py); each expectation runs there as one
query (sql_expectations.py), and GX runs on the records those queries flag, so the findings are GX's own
while a 470,000-record file is judged in about a second instead of a minute.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from dagster_project.landing.context import (
    ACCEPT_ROW_COUNT_CHANGE_ENV,
    PLAUSIBLE_ROW_FACTOR,
    PLAUSIBLE_ROW_MINIMUM,
    DeliveryContext,
)
from dagster_project.landing.findings import Finding, LandingRejected
from dagster_project.landing.handover import write_handover
from dagster_project.landing.masking import mask_finding
from dagster_project.landing.readers import Staged, scratch_connection, stage_delivery
from dagster_project.landing.source import LandingSource
from dagster_project.landing.sql_expectations import failing_records_query, failing_records_scan, record_condition
from dagster_project.landing.suites import structure_suite

HEADER_LINES = 1  # data row i (0-based) is on line i + 2 of the file
# Findings of the structure suite: with one of them the values (and the frame checks) are not judged.
STRUCTURE_CHECKS = ("expect_column_to_exist", "expect_table_columns_to_match_ordered_list")
ROW_COUNT = "expect_table_row_count_to_be_between"


# A file to judge: its path, its source, the delivery context and where a passing file hands over its records.
Job = tuple[Path, LandingSource, DeliveryContext | None, Path | None]


@dataclass(frozen=True)
class FileValidation:
    file: Path
    rows: int
    expectations_run: int
    findings: list[Finding]
    # Cleared together with other files of the source in one batch (batch.py) rather than judged alone.
    in_batch: bool = False

    @property
    def passed(self) -> bool:
        return not self.findings


@cache
def _batch_definition():
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("landing").add_dataframe_asset(name="delivery")
    return asset.add_batch_definition_whole_dataframe("whole_file")


def _run_suite(frame: pd.DataFrame, name: str, expectations: list) -> list:
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(name=name, expectations=expectations)
    return batch.validate(suite, result_format="COMPLETE").results


def _finding_from(result, file_name: str) -> Finding:
    config = result.expectation_config
    kwargs = config.kwargs
    detail = result.result or {}
    column = kwargs.get("column")
    # Once per line: a reader that unpivots (BBC-DR) gives several records the line of their row.
    rows = tuple(dict.fromkeys(int(i) + HEADER_LINES + 1 for i in detail.get("unexpected_index_list") or []))
    examples = tuple("(empty)" if v is None else str(v) for v in (detail.get("partial_unexpected_list") or [])[:3])
    if config.type == "expect_column_to_exist":
        message = "column is missing"
    elif config.type == "expect_table_columns_to_match_ordered_list":
        found = detail.get("observed_value") or []
        expected = kwargs["column_list"]
        missing = [c for c in expected if c not in found]
        extra = [c for c in found if c not in expected]
        message = f"columns differ from the published layout (missing: {missing}, unexpected: {extra})"
    elif config.type == "expect_table_row_count_to_be_between" and (config.meta or {}).get("plausibility"):
        message = (
            f"has {detail.get('observed_value')} records, implausible against the previous delivery "
            f"({config.meta['plausibility']} records; accepted between {kwargs.get('min_value')} and "
            f"{kwargs.get('max_value')}). If the change is intended (e.g. the whole country instead of one "
            f"city), run once with {ACCEPT_ROW_COUNT_CHANGE_ENV}=1"
        )
    elif config.type == "expect_table_row_count_to_be_between":
        message = f"has {detail.get('observed_value')} records, expected at least {kwargs.get('min_value')}"
    elif config.type == "expect_column_values_to_match_strftime_format":
        message = f"not a valid date in the form {kwargs['strftime_format']}"
    elif config.type == "expect_compound_columns_to_be_unique":
        column = ", ".join(kwargs["column_list"])
        message = "duplicate records for the same key"
    elif config.type == "expect_column_values_to_be_unique":
        message = "the same value on more than one record"
    elif config.type == "expect_column_values_to_not_be_null":
        message = "required value is empty"
    elif config.type == "expect_column_values_to_be_in_set":
        allowed = sorted(kwargs["value_set"])
        shown = allowed if len(allowed) <= 8 else [*allowed[:8], f"... {len(allowed)} values"]
        message = f"value outside the allowed set {shown}"
        if (config.meta or {}).get("hint"):
            message += f": {config.meta['hint']}"
    elif config.type == "expect_column_values_to_match_regex" and (config.meta or {}).get("form"):
        message = f"value is not {config.meta['form']} (expected form {kwargs['regex']})"
    elif config.type == "expect_column_values_to_match_regex":
        message = f"value does not match the expected form {kwargs['regex']}"
    else:
        message = "expectation not met"
    return Finding(file=file_name, check=config.type, message=message, column=column, rows=rows, examples=examples)


def _text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Text values with None for missing, as the readers deliver them (DuckDB and pandas 3 would give a
    string dtype with NaN, which GX's regex and set checks judge differently)."""
    return frame.astype(object).where(frame.notna(), None)


def _staged_frame(con: duckdb.DuckDBPyConnection, staged: Staged, rids: list[int] | None = None) -> pd.DataFrame:
    """Records of the staged table (all, or those with the given positions) indexed like the reader's frame."""
    where = "" if rids is None else "where _rid in (select unnest(?::bigint[]))"
    frame = con.execute(
        f"select * exclude (_rid) from {staged.table} {where} order by _rid", [] if rids is None else [rids]
    ).df()
    frame = frame.set_index("_idx")
    frame.index.name = None
    return _text_frame(frame)


class Declared:
    """An expectation with its configuration read once: GX rebuilds the configuration on every access, and a
    day's service-request file would otherwise pay for that a hundred times."""

    __slots__ = ("config", "expectation")

    def __init__(self, expectation) -> None:
        self.expectation = expectation
        self.config = expectation.configuration


@cache
def declared_value_suite(source: LandingSource) -> tuple[Declared, ...]:
    # Built once per process: the suites are declarations, the same for every file of the source.
    return tuple(Declared(e) for e in source.value_suite())


@cache
def declared_structure_suite(source: LandingSource, header: tuple[str, ...]) -> tuple[Declared, ...]:
    return tuple(Declared(e) for e in structure_suite(source, list(header)))


def uses_missing_column(declared: Declared, header: list[str]) -> bool:
    kwargs = declared.config.kwargs
    columns = [kwargs["column"]] if "column" in kwargs else list(kwargs.get("column_list") or [])
    return any(c not in header for c in columns)


def row_count_fails(declared: Declared, rows: int) -> bool:
    kwargs = declared.config.kwargs
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    return (low is not None and rows < low) or (high is not None and rows > high)


def validate_staged(
    con: duckdb.DuckDBPyConnection, staged: Staged, source: LandingSource, file_name: str, extra: list | None = None
) -> tuple[int, list[Finding]]:
    """Structure first; values only when the structure is right. Returns (expectations run, findings)."""
    # The structure suite judges the header and the record count: a frame of the header and at most one
    # record is enough for GX (the count itself is checked apart, below).
    structure = declared_structure_suite(source, tuple(staged.header))
    shape = [d for d in structure if d.config.type != ROW_COUNT]
    expected = next(d for d in shape if d.config.type == "expect_table_columns_to_match_ordered_list")
    findings: list[Finding] = []
    if staged.header != list(expected.config.kwargs["column_list"]):
        # GX only where the header is not the published one: a passing file costs no GX call at all.
        header_frame = pd.DataFrame([[None] * len(staged.header)] * min(staged.rows, 1), columns=staged.header)
        results = _run_suite(header_frame, f"{source.name}.structure", [d.expectation for d in shape])
        findings = [_finding_from(r, file_name) for r in results if not r.success]
    declared = [*declared_value_suite(source), *(Declared(e) for e in extra or [])]
    suite = [d for d in declared if not uses_missing_column(d, staged.header)]
    counts = [d for d in [*structure, *suite] if d.config.type == ROW_COUNT]
    values = [d for d in suite if d.config.type != ROW_COUNT]
    failing_counts = [d.expectation for d in counts if row_count_fails(d, staged.rows)]
    if failing_counts:
        count_results = _run_suite(
            pd.DataFrame(index=pd.RangeIndex(staged.rows)), f"{source.name}.rows", failing_counts
        )
        findings += [_finding_from(r, file_name) for r in count_results if not r.success]
    if any(f.check in STRUCTURE_CHECKS for f in findings):
        return len(structure), findings

    flagged: list = []
    rids: set[int] = set()
    untranslated = []
    by_record = []
    for item in values:
        condition = record_condition(item.expectation, item.config)
        if condition is not None:
            by_record.append((item, condition))
            continue
        query = failing_records_query(item.expectation, staged.table, item.config)
        if query is None:
            untranslated.append(item.expectation)
            continue
        failing = [row[0] for row in con.execute(*query).fetchall()]
        if failing:
            flagged.append(item.expectation)
            rids.update(failing)
    if by_record:
        # The expectations that judge one record at a time, all in one scan of the file.
        failing_records = con.execute(*failing_records_scan([c for _, c in by_record], staged.table)).fetchall()
        for position, (item, _) in enumerate(by_record, start=1):
            failing = [row[0] for row in failing_records if row[position]]
            if failing:
                flagged.append(item.expectation)
                rids.update(failing)
    if flagged or untranslated:
        frame = _staged_frame(con, staged, None if untranslated else sorted(rids))
        results = _run_suite(frame, f"{source.name}.values", [*flagged, *untranslated])
        findings += [_finding_from(r, file_name) for r in results if not r.success]
    return len(structure) + len(suite), findings


def _frame_check_findings(
    con: duckdb.DuckDBPyConnection, staged: Staged, source: LandingSource, path: Path
) -> list[Finding]:
    if source.table_checks:
        return source.table_checks(con, staged.table, path)
    if not source.frame_checks:
        return []
    frame = staged.frame if staged.frame is not None else _staged_frame(con, staged)
    return source.frame_checks(frame, path)


def period_findings(path: Path, source: LandingSource) -> list[Finding]:
    period = source.period_of(path)
    if period is None or source.first_period is None:
        return []
    last = date.today().year + 1
    if source.first_period <= int(period) <= last:
        return []
    return [
        Finding(
            file=path.name,
            check="period",
            message=f"the year {period} in the file name lies outside {source.first_period}-{last} "
            f"(files before {source.first_period} use another layout)",
        )
    ]


def context_expectations(path: Path, source: LandingSource, context: DeliveryContext | None) -> list:
    if context is None:
        return []
    expectations = list(source.context_suite(context, path)) if source.context_suite else []
    expected = context.expected_rows(path.name)
    minimum = PLAUSIBLE_ROW_MINIMUM if source.plausible_rows_from is None else source.plausible_rows_from
    if expected and expected >= minimum and not os.environ.get(ACCEPT_ROW_COUNT_CHANGE_ENV):
        expectations.append(
            gxe.ExpectTableRowCountToBeBetween(
                min_value=expected // PLAUSIBLE_ROW_FACTOR,
                max_value=expected * PLAUSIBLE_ROW_FACTOR,
                meta={"plausibility": expected},
            )
        )
    return expectations


def validate_file(
    path: Path, source: LandingSource, context: DeliveryContext | None = None, handover_to: Path | None = None
) -> FileValidation:
    """Validate one delivery. With a context, also against the landing folder and earlier loads; with
    handover_to, a file that passes leaves its staged records there for raw (handover.py). The findings of a
    source with personal data quote no value, only a masked form."""
    validation = _validate_file(path, source, context, handover_to)
    if source.personal_data is None or not validation.findings:
        return validation
    known = source.column_names()
    return replace(validation, findings=[mask_finding(f, known) for f in validation.findings])


def _validate_file(
    path: Path, source: LandingSource, context: DeliveryContext | None, handover_to: Path | None
) -> FileValidation:
    outside_period = period_findings(path, source)
    if outside_period:
        return FileValidation(file=path, rows=0, expectations_run=0, findings=outside_period)
    con = scratch_connection()  # closed after the file: nothing of a refused file outlives its validation
    try:
        try:
            staged = stage_delivery(con, path, source, "delivery")
        except LandingRejected as rejected:
            return FileValidation(file=path, rows=0, expectations_run=0, findings=rejected.findings)
        run, findings = validate_staged(con, staged, source, path.name, context_expectations(path, source, context))
        if not any(f.check in STRUCTURE_CHECKS for f in findings):
            findings += _frame_check_findings(con, staged, source, path)
            run += 1 if source.frame_checks or source.table_checks else 0
        if not findings and handover_to is not None:
            write_handover(con, staged.table, handover_to)
        return FileValidation(file=path, rows=staged.rows, expectations_run=run, findings=findings)
    finally:
        con.close()
