"""Statbel fiscal statistics of income per municipality (TF_PSNL_INC_TAX_MUNTY.xlsx, or the ``|``-delimited
.txt of the same download): 49 columns, all years in one workbook, suppressed cells as a literal ``*``. A new
delivery replaces the previous one."""

from __future__ import annotations

import re
from pathlib import Path

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.context import DeliveryContext
from dagster_project.landing.source import YEARLY_DAYS, FreshnessPolicy, LandingSource, LoadMode
from dagster_project.landing.xlsx import read_xlsx_or_delimited
from dagster_project.sources.statbel.formats import NIS_CODE, YEAR
from dagster_project.sources.statbel.refnis import municipality_codes_expectation

# Income measures: a number, or '*' where Statbel suppressed the cell. Amounts may be negative (a net
# loss from a profession); counts of declarations (MS_NBR_*) and residents may not.
MEASURE_OR_SUPPRESSED = r"^(?:-?\d+(?:\.\d+)?|\*)$"
COUNT_OR_SUPPRESSED = r"^(?:\d+|\*)$"

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


def _is_count(measure: str) -> bool:
    return measure.startswith("MS_NBR_") or measure == "MS_TOT_RESIDENTS"


def _context(context: DeliveryContext, path: Path) -> list[Expectation]:
    # All years in one workbook, each on the municipalities of its time: any municipality REFNIS knows.
    return municipality_codes_expectation(context, "CD_MUNTY_REFNIS", None)


def _values() -> list[Expectation]:
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
    value_suite=_values,
    context_suite=_context,
    reader=read_xlsx_or_delimited,
    freshness=FreshnessPolicy(
        YEARLY_DAYS, 3, period_column="cd_year", rhythm="Statbel, yearly; income year Y published in Y+2"
    ),
    name_hint="TF_PSNL_INC_TAX_MUNTY",
)
