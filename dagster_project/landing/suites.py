"""The structure suite every landing source shares: the published columns, in order, and at least one
record. A missing column makes every value check meaningless, so structure runs first; each source's value
suite lives with the source (dagster_project/sources/)."""

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.sources.base import LandingSource


def structure_suite(source: LandingSource) -> list[Expectation]:
    """Every published column present, in the published order, and at least one record."""
    expectations: list[Expectation] = [gxe.ExpectColumnToExist(column=column) for column in source.columns]
    expectations.append(gxe.ExpectTableColumnsToMatchOrderedList(column_list=list(source.columns)))
    expectations.append(gxe.ExpectTableRowCountToBeBetween(min_value=1))
    return expectations
