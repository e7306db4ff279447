"""Statbel sources of the omgeving domain (issue 3): population per statistical sector, households and
cars per sector, fiscal income per municipality. Each with the Great Expectations value suite its
deliveries must pass; the shared structure suite checks the exact published header first.

Formats (see seeds/README.md for the evidence behind each):

* OPENDATA_SECTOREN_<year>.txt: ``|``, UTF-8 with BOM, the 2022 header (with the misspelled
  ``OPPERVLAKKTE IN HM²``). Older vintages with another header are refused with the columns named.
* TF_CAR_HH_SECTOR.txt: ``;``, UTF-8 with BOM, CRLF; counts with a thousands dot (``1.030``) and zero
  cars as ``-00``. The real 2019 file passes this suite unchanged (tests/test_omgeving_real_files.py).
  Statbel names every vintage TF_CAR_HH_SECTOR.txt; add the year (TF_CAR_HH_SECTOR_2019.txt) to keep
  several in one landing folder. The year in the data is CD_YEAR.
* TF_PSNL_INC_TAX_MUNTY.xlsx (or the ``|``-delimited .txt of the same download): 49 columns, all years
  in one workbook, suppressed cells as a literal ``*``. A new delivery replaces the previous one.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.sources.base import LandingSource, LoadMode
from dagster_project.sources.statbel import (
    NIS_CODE,
    NON_NEGATIVE_INTEGER,
    STATBEL_DATE,
    refnis_municipalities_valid_on,
)

if TYPE_CHECKING:
    import pandas as pd

    from dagster_project.landing.context import DeliveryContext

# 5-digit NIS code of the municipality the sector lay in when it was drawn, then 4 characters:
# usually a letter, 2 digits and a digit or '-' (44021A00-), also e.g. 11054A0AA or 2308810PQ, and
# <NIS>ZZZZ for residents whose sector is unknown.
SECTOR_CODE = r"^\d{5}[0-9A-Z-]{4}$"
# Counts in the households file: thousands separated by a dot; a zero written as '-00'.
DUTCH_COUNT = r"^(?:\d{1,3}(?:\.\d{3})*|-00)$"
YEAR = r"^\d{4}$"
DECIMAL = r"^\d+(?:\.\d+)?$"
# Income measures: a number, or '*' where Statbel suppressed the cell. Amounts may be negative (a net
# loss from a profession); counts of declarations (MS_NBR_*) and residents may not.
MEASURE_OR_SUPPRESSED = r"^(?:-?\d+(?:\.\d+)?|\*)$"
COUNT_OR_SUPPRESSED = r"^(?:\d+|\*)$"
# The number of statistical sectors of a city hardly changes between vintages, whatever the file's size, so
# their row count is judged against the previous delivery from this many rows on (not only from 1,000).
SECTOR_FILE_PLAUSIBLE_ROWS_FROM = 100

INCOME_MEASURES = (
    "MS_NBR_NON_ZERO_INC",
    "MS_NBR_ZERO_INC",
    "MS_TOT_NET_TAXABLE_INC",
    "MS_TOT_NET_INC",
    "MS_NBR_TOT_NET_INC",
    "MS_REAL_ESTATE_NET_INC",
    "MS_NBR_REAL_ESTATE_NET_INC",
    "MS_TOT_NET_MOV_ASS_INC",
    "MS_NBR_NET_MOV_ASS_INC",
    "MS_TOT_NET_VARIOUS_INC",
    "MS_NBR_NET_VARIOUS_INC",
    "MS_TOT_NET_PROF_INC",
    "MS_NBR_NET_PROF_INC",
    "MS_SEP_TAXABLE_INC",
    "MS_NBR_SEP_TAXABLE_INC",
    "MS_JOINT_TAXABLE_INC",
    "MS_NBR_JOINT_TAXABLE_INC",
    "MS_TOT_DEDUCT_SPEND",
    "MS_NBR_DEDUCT_SPEND",
    "MS_TOT_STATE_TAXES",
    "MS_NBR_STATE_TAXES",
    "MS_TOT_MUNICIP_TAXES",
    "MS_NBR_MUNICIP_TAXES",
    "MS_TOT_SUBURBS_TAXES",
    "MS_NBR_SUBURBS_TAXES",
    "MS_TOT_TAXES",
    "MS_NBR_TOT_TAXES",
    "MS_TOT_RESIDENTS",
)


def _read_income(path: Path, source: LandingSource) -> pd.DataFrame:
    # Imported here: dagster_project.landing imports this package, so a module-level import would be circular.
    from dagster_project.landing.xlsx import read_xlsx_or_delimited

    return read_xlsx_or_delimited(path, source)


def _is_count(measure: str) -> bool:
    return measure.startswith("MS_NBR_") or measure == "MS_TOT_RESIDENTS"


def _municipality_codes(context: DeliveryContext, column: str, year: str | None) -> list[Expectation]:
    """The column's codes must be municipalities REFNIS knows: valid on 1 January of the year when the
    file's name gives it, else valid at some time (a workbook holds many years)."""
    day = date(int(year), 1, 1) if year else None
    codes = refnis_municipalities_valid_on(context.landing_dir, day)
    return [gxe.ExpectColumnValuesToBeInSet(column=column, value_set=codes)] if codes else []


def _sector_population_context(context: DeliveryContext, path: Path) -> list[Expectation]:
    return _municipality_codes(context, "CD_REFNIS", SECTOR_POPULATION.period_of(path))


def _households_context(context: DeliveryContext, path: Path) -> list[Expectation]:
    return _municipality_codes(context, "CD_REFNIS", HOUSEHOLDS_CARS.period_of(path))


def _income_context(context: DeliveryContext, path: Path) -> list[Expectation]:
    # All years in one workbook, each on the municipalities of its time: any municipality REFNIS knows.
    return _municipality_codes(context, "CD_MUNTY_REFNIS", None)


def _sector_population_values() -> list[Expectation]:
    return [
        *(gxe.ExpectColumnValuesToNotBeNull(column=c) for c in ("CD_REFNIS", "CD_SECTOR", "TOTAL")),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_REFNIS", regex=NIS_CODE),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_SECTOR", regex=SECTOR_CODE),
        gxe.ExpectColumnValuesToBeUnique(column="CD_SECTOR"),
        gxe.ExpectColumnValuesToMatchRegex(column="TOTAL", regex=NON_NEGATIVE_INTEGER),
        gxe.ExpectColumnValuesToMatchRegex(column="DT_STRT_SECTOR", regex=STATBEL_DATE),
        gxe.ExpectColumnValuesToMatchRegex(column="DT_STOP_SECTOR", regex=STATBEL_DATE),
        # Empty for the unknown sector <NIS>ZZZZ, which has no territory.
        gxe.ExpectColumnValuesToMatchRegex(column="OPPERVLAKKTE IN HM²", regex=DECIMAL),
    ]


def _households_values() -> list[Expectation]:
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


def _income_values() -> list[Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="CD_YEAR"),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_YEAR", regex=YEAR),
        gxe.ExpectColumnValuesToNotBeNull(column="CD_MUNTY_REFNIS"),
        gxe.ExpectColumnValuesToMatchRegex(column="CD_MUNTY_REFNIS", regex=NIS_CODE),
        *(
            gxe.ExpectColumnValuesToMatchRegex(column=m, regex=COUNT_OR_SUPPRESSED, meta={"form": "a count or '*'"})
            if _is_count(m)
            else gxe.ExpectColumnValuesToMatchRegex(column=m, regex=MEASURE_OR_SUPPRESSED)
            for m in INCOME_MEASURES
        ),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["CD_YEAR", "CD_MUNTY_REFNIS"]),
    ]


SECTOR_POPULATION = LandingSource(
    name="opendata_sectoren",
    description="Statbel population on 1 January per statistical sector, with the sector's area and "
    "municipality (one file per year, 2022 layout).",
    file_pattern=re.compile(r"OPENDATA_SECTOREN_(?P<period>(?:19|20)\d{2})\.txt", re.IGNORECASE),
    columns=(
        "CD_REFNIS",
        "CD_SECTOR",
        "TOTAL",
        "DT_STRT_SECTOR",
        "DT_STOP_SECTOR",
        "OPPERVLAKKTE IN HM²",
        "TX_DESCR_SECTOR_NL",
        "TX_DESCR_SECTOR_FR",
        "TX_DESCR_NL",
        "TX_DESCR_FR",
    ),
    delimiter="|",
    load_mode=LoadMode.PER_FILE,
    publisher_url="https://statbel.fgov.be/en/open-data/population-statistical-sector-10",
    value_suite=_sector_population_values,
    context_suite=_sector_population_context,
    plausible_rows_from=SECTOR_FILE_PLAUSIBLE_ROWS_FROM,
)

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
    value_suite=_households_values,
    context_suite=_households_context,
    plausible_rows_from=SECTOR_FILE_PLAUSIBLE_ROWS_FROM,
)

FISCAL_INCOME = LandingSource(
    name="tf_psnl_inc_tax_munty",
    description="Statbel fiscal statistics of income per municipality (personal income tax), all years "
    "in one workbook; suppressed cells hold '*'.",
    file_pattern=re.compile(r"TF_PSNL_INC_TAX_MUNTY(?:_[0-9A-Za-z-]+)?\.(?:xlsx|txt)", re.IGNORECASE),
    columns=(
        "CD_YEAR",
        "CD_MUNTY_REFNIS",
        *INCOME_MEASURES,
        "TX_MUNTY_DESCR_NL",
        "TX_MUNTY_DESCR_FR",
        "TX_MUNTY_DESCR_EN",
        "TX_MUNTY_DESCR_DE",
        "CD_DSTR_REFNIS",
        "TX_DSTR_DESCR_NL",
        "TX_DSTR_DESCR_FR",
        "TX_DSTR_DESCR_EN",
        "TX_DSTR_DESCR_DE",
        "CD_PROV_REFNIS",
        "TX_PROV_DESCR_NL",
        "TX_PROV_DESCR_FR",
        "TX_PROV_DESCR_EN",
        "TX_PROV_DESCR_DE",
        "CD_RGN_REFNIS",
        "TX_RGN_DESCR_NL",
        "TX_RGN_DESCR_FR",
        "TX_RGN_DESCR_EN",
        "TX_RGN_DESCR_DE",
    ),
    delimiter="|",  # the .txt variant of the download; the .xlsx is read as a workbook
    load_mode=LoadMode.SNAPSHOT,
    publisher_url="https://statbel.fgov.be/en/open-data/fiscal-statistics-income",
    value_suite=_income_values,
    context_suite=_income_context,
    reader=_read_income,
)
