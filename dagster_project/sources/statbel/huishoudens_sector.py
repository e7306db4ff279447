"""Statbel households and cars per statistical sector (TF_CAR_HH_SECTOR[_<year>].txt): ``;``, UTF-8 with BOM,
CRLF; counts with a thousands dot (``1.030``) and zero cars as ``-00``. The real 2019 file passes this suite
unchanged (tests/test_statbel_sector_landing.py). Statbel names every vintage TF_CAR_HH_SECTOR.txt; add the
year (TF_CAR_HH_SECTOR_2019.txt) to keep several in one landing folder. The year in the data is CD_YEAR."""

import re
from pathlib import Path

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.context import DeliveryContext
from dagster_project.landing.source import YEARLY_DAYS, FreshnessPolicy, LandingSource, LoadMode
from dagster_project.sources.statbel.formats import NIS_CODE, SECTOR_CODE, SECTOR_FILE_PLAUSIBLE_ROWS_FROM, YEAR
from dagster_project.sources.statbel.refnis import municipality_codes_expectation

# Counts in the households file: thousands separated by a dot; a zero written as '-00'.
DUTCH_COUNT = r"^(?:\d{1,3}(?:\.\d{3})*|-00)$"


def _context(context: DeliveryContext, path: Path) -> list[Expectation]:
    return municipality_codes_expectation(context, "CD_REFNIS", HOUSEHOLDS_CARS.period_of(path))


def _values() -> list[Expectation]:
    required = ["CD_YEAR", "CD_REFNIS", "CD_STAT_SECTOR", "MS_NUM_HH", "MS_NUM_CAR"]
    return [
        *(gxe.ExpectColumnValuesToNotBeNull(column=c) for c in required),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_YEAR", regex=YEAR),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_REFNIS", regex=NIS_CODE),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_STAT_SECTOR", regex=SECTOR_CODE),
        gxe.ExpectColumnValuesToMatchRegex(column="MS_NUM_HH", regex=DUTCH_COUNT),
        gxe.ExpectColumnValuesToMatchRegex(column="MS_NUM_CAR", regex=DUTCH_COUNT),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["CD_YEAR", "CD_STAT_SECTOR"]),
    ]


HOUSEHOLDS_CARS = LandingSource(
    name="tf_car_hh_sector",
    description="Statbel number of households and cars per statistical sector (one file per year; the "
    "year is in CD_YEAR).",
    file_pattern=re.compile(r"TF_CAR_HH_SECTOR(?:_(?P<period>(?:19|20)\d{2}))?\.txt", re.IGNORECASE),
    columns=(
        "CD_YEAR",
        "CD_REFNIS",
        "TX_REFNIS_DESCR_FR",
        "TX_REFNIS_DESCR_NL",
        "CD_STAT_SECTOR",
        "MS_NUM_HH",
        "MS_NUM_CAR",
    ),
    delimiter=";",
    load_mode=LoadMode.PER_FILE,
    publisher_url="https://statbel.fgov.be/en/open-data/number-cars-statistical-sector",
    value_suite=_values,
    context_suite=_context,
    plausible_rows_from=SECTOR_FILE_PLAUSIBLE_ROWS_FROM,
    freshness=FreshnessPolicy(
        YEARLY_DAYS, 2, period_column="cd_year", rhythm="Statbel, yearly; the year is CD_YEAR, not always in the name"
    ),
    name_hint="TF_CAR_HH_SECTOR",
)
