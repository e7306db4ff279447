"""Running a source's Great Expectations suites on one delivered file and turning GX's results into
findings that name the file, the line and the column."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

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
from dagster_project.landing.readers import read_delivery
from dagster_project.landing.suites import structure_suite
from dagster_project.sources import LandingSource

HEADER_LINES = 1  # data row i (0-based) is on line i + 2 of the file
# Findings of the structure suite: with one of them the values (and the frame checks) are not judged.
STRUCTURE_CHECKS = ("expect_column_to_exist", "expect_table_columns_to_match_ordered_list")


@dataclass(frozen=True)
class FileValidation:
    file: Path
    rows: int
    expectations_run: int
    findings: list[Finding]

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
    elif config.type == "expect_column_values_to_match_regex" and (config.meta or {}).get("form"):
        message = f"value is not {config.meta['form']} (expected form {kwargs['regex']})"
    elif config.type == "expect_column_values_to_match_regex":
        message = f"value does not match the expected form {kwargs['regex']}"
    else:
        message = "expectation not met"
    return Finding(file=file_name, check=config.type, message=message, column=column, rows=rows, examples=examples)


def validate_frame(
    frame: pd.DataFrame, source: LandingSource, file_name: str, extra: list | None = None
) -> tuple[int, list[Finding]]:
    """Structure first; values only when the structure is right. Returns (expectations run, findings)."""
    structure = _run_suite(frame, f"{source.name}.structure", structure_suite(source))
    findings = [_finding_from(r, file_name) for r in structure if not r.success]
    if findings:
        return len(structure), findings
    values = _run_suite(frame, f"{source.name}.values", [*source.value_suite(), *(extra or [])])
    findings = [_finding_from(r, file_name) for r in values if not r.success]
    return len(structure) + len(values), findings


def _frame_check_findings(frame: pd.DataFrame, source: LandingSource, path: Path) -> list[Finding]:
    return source.frame_checks(frame, path) if source.frame_checks else []


def _period_findings(path: Path, source: LandingSource) -> list[Finding]:
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


def _context_expectations(path: Path, source: LandingSource, context: DeliveryContext | None) -> list:
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


def duplicate_delivery_finding(file_name: str, first_with_same_content: str) -> Finding:
    """Two files with one content in a landing folder: the later one is a copy under another name."""
    return Finding(
        file=file_name,
        check="duplicate_delivery",
        message=f"identical content to {first_with_same_content}: a copy under another name",
    )


def validate_file(path: Path, source: LandingSource, context: DeliveryContext | None = None) -> FileValidation:
    """Validate one delivery. With a context, also against the landing folder and earlier loads."""
    period_findings = _period_findings(path, source)
    if period_findings:
        return FileValidation(file=path, rows=0, expectations_run=0, findings=period_findings)
    try:
        frame = read_delivery(path, source)
    except LandingRejected as rejected:
        return FileValidation(file=path, rows=0, expectations_run=0, findings=rejected.findings)
    run, findings = validate_frame(frame, source, path.name, _context_expectations(path, source, context))
    if not any(f.check in STRUCTURE_CHECKS for f in findings):
        findings += _frame_check_findings(frame, source, path)
        run += 1 if source.frame_checks else 0
    return FileValidation(file=path, rows=len(frame), expectations_run=run, findings=findings)
