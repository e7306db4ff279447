"""The structure suite every landing source shares: the published columns, in order, and at least one
record. A missing column makes every value check meaningless, so structure runs first; each source's value
suite lives with the source (dagster_project/sources/<publisher>/<dataset>.py)."""

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.source import LandingSource


def structure_suite(source: LandingSource, header: list[str] | None = None) -> list[Expectation]:
    """Every published column present, in the published order, and at least one record. A column the source
    declares optional (data minimisation) may be left out of the header, not reordered."""
    header = list(source.columns) if header is None else header
    expected = [c for c in source.columns if c in header or c not in source.optional_columns]
    expectations: list[Expectation] = [gxe.ExpectColumnToExist(column=column) for column in expected]
    expectations.append(gxe.ExpectTableColumnsToMatchOrderedList(column_list=expected))
    expectations.append(gxe.ExpectTableRowCountToBeBetween(min_value=1))
    return expectations
