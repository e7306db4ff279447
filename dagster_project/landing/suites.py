"""Great Expectations suites per landing source: what a delivery must satisfy before it may reach the
warehouse. Structure comes first (a missing column makes every other check meaningless), then values."""

from __future__ import annotations

from collections.abc import Callable

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.sources import POPULATION_STRUCTURE, REFNIS, LandingSource

NIS_CODE = r"^\d{5}$"
STATBEL_DATE = r"^\d{2}/\d{2}/\d{4}$"
NON_NEGATIVE_INTEGER = r"^\d+$"


def structure_suite(source: LandingSource) -> list[Expectation]:
    """Every published column present, in the published order, and at least one record."""
    expectations: list[Expectation] = [gxe.ExpectColumnToExist(column=column) for column in source.columns]
    expectations.append(gxe.ExpectTableColumnsToMatchOrderedList(column_list=list(source.columns)))
    expectations.append(gxe.ExpectTableRowCountToBeBetween(min_value=1))
    return expectations


def _refnis_values() -> list[Expectation]:
    return [
        gxe.ExpectColumnValuesToBeInSet(column="LVL_REFNIS", value_set=["1", "2", "3", "4"]),
        gxe.ExpectColumnValuesToNotBeNull(column="CD_REFNIS"),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_REFNIS", regex=NIS_CODE),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_SUP_REFNIS", regex=r"^(?:\d{5}|-)$"),
        gxe.ExpectColumnValuesToNotBeNull(column="TX_REFNIS_NL"),
        gxe.ExpectColumnValuesToNotBeNull(column="DT_VLDT_START"),
        gxe.ExpectColumnValuesToMatchRegex(column="DT_VLDT_START", regex=STATBEL_DATE),
        gxe.ExpectColumnValuesToNotBeNull(column="DT_VLDT_END"),
        gxe.ExpectColumnValuesToMatchRegex(column="DT_VLDT_END", regex=STATBEL_DATE),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["CD_REFNIS", "DT_VLDT_START"]),
    ]


def _population_values() -> list[Expectation]:
    required = ["CD_REFNIS", "CD_DSTR_REFNIS", "CD_RGN_REFNIS", "CD_SEX", "CD_NATLTY", "CD_AGE"]
    return [
        *(gxe.ExpectColumnValuesToNotBeNull(column=column) for column in required),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_REFNIS", regex=NIS_CODE),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_DSTR_REFNIS", regex=NIS_CODE),
        # Empty for Brussels (no province), a single space in some vintages.
        gxe.ExpectColumnValuesToMatchRegex(column="CD_PROV_REFNIS", regex=r"^(?:\d{5}| )$"),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_RGN_REFNIS", regex=NIS_CODE),
        gxe.ExpectColumnValuesToBeInSet(column="CD_SEX", value_set=["F", "M"]),
        gxe.ExpectColumnValuesToBeInSet(column="CD_NATLTY", value_set=["BEL", "ETR"]),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_AGE", regex=r"^\d{1,3}$"),
        gxe.ExpectColumnValuesToNotBeNull(column="MS_POPULATION"),
        gxe.ExpectColumnValuesToMatchRegex(column="MS_POPULATION", regex=NON_NEGATIVE_INTEGER),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["CD_REFNIS", "CD_SEX", "CD_NATLTY", "CD_CIV_STS", "CD_AGE"]),
    ]


VALUE_SUITES: dict[str, Callable[[], list[Expectation]]] = {
    REFNIS.name: _refnis_values,
    POPULATION_STRUCTURE.name: _population_values,
}


def value_suite(source: LandingSource) -> list[Expectation]:
    return VALUE_SUITES[source.name]()
