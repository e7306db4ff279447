"""Statbel population on 1 January per statistical sector (OPENDATA_SECTOREN_<year>.txt): ``|``, UTF-8 with
BOM, the 2022 header (with the misspelled ``OPPERVLAKKTE IN HM²``). Older vintages with another header are
refused with the columns named."""

import re
from pathlib import Path

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.context import DeliveryContext
from dagster_project.landing.source import YEARLY_DAYS, FreshnessPolicy, LandingSource, LoadMode
from dagster_project.sources.statbel.formats import (
    DECIMAL,
    NIS_CODE,
    NON_NEGATIVE_INTEGER,
    SECTOR_CODE,
    SECTOR_FILE_PLAUSIBLE_ROWS_FROM,
    STATBEL_DATE,
)
from dagster_project.sources.statbel.refnis import municipality_codes_expectation


def _context(context: DeliveryContext, path: Path) -> list[Expectation]:
    return municipality_codes_expectation(context, "CD_REFNIS", SECTOR_POPULATION.period_of(path))


def _values() -> list[Expectation]:
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
    value_suite=_values,
    context_suite=_context,
    plausible_rows_from=SECTOR_FILE_PLAUSIBLE_ROWS_FROM,
    freshness=FreshnessPolicy(YEARLY_DAYS, 2, rhythm="Statbel, yearly; year Y published mid-Y"),
    name_hint="OPENDATA_SECTOREN",
)
