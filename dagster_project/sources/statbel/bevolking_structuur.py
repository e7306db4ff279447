"""Statbel population on 1 January by municipality, sex, nationality, civil status and age
(TF_SOC_POP_STRUCT_<year>.txt, the 2019 layout; about 470,000 records a year for the whole country)."""

import re
from datetime import date
from pathlib import Path

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.context import DeliveryContext
from dagster_project.landing.source import YEARLY_DAYS, FreshnessPolicy, LandingSource, LoadMode
from dagster_project.sources.statbel.formats import NIS_CODE, NON_NEGATIVE_INTEGER
from dagster_project.sources.statbel.refnis import municipalities_valid_on, unknown_code_hint


def _values() -> list[Expectation]:
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
        gxe.ExpectColumnValuesToMatchRegex(column="CD_AGE", regex=r"^(?:\d{1,2}|1[01]\d|120)$"),  # 0-120
        gxe.ExpectColumnValuesToNotBeNull(column="MS_POPULATION"),
        gxe.ExpectColumnValuesToMatchRegex(column="MS_POPULATION", regex=NON_NEGATIVE_INTEGER),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["CD_REFNIS", "CD_SEX", "CD_NATLTY", "CD_CIV_STS", "CD_AGE"]),
    ]


def _context(context: DeliveryContext, path: Path) -> list[Expectation]:
    """Every municipality code must be one that REFNIS says existed on 1 January of the file's year."""
    period = POPULATION_STRUCTURE.period_of(path)
    if period is None:
        return []
    codes = municipalities_valid_on(context, date(int(period), 1, 1))
    if not codes:
        return []
    return [gxe.ExpectColumnValuesToBeInSet(column="CD_REFNIS", value_set=codes, meta=unknown_code_hint(period))]


POPULATION_STRUCTURE = LandingSource(
    name="tf_soc_pop_struct",
    description="Statbel population on 1 January by municipality, sex, nationality, civil status and age "
    "(one file per year, 2019 layout).",
    file_pattern=re.compile(r"TF_SOC_POP_STRUCT_(?P<period>(?:19|20)\d{2})\.txt", re.IGNORECASE),
    columns=(
        "CD_REFNIS",
        "TX_DESCR_NL",
        "TX_DESCR_FR",
        "CD_DSTR_REFNIS",
        "TX_ADM_DSTR_DESCR_NL",
        "TX_ADM_DSTR_DESCR_FR",
        "CD_PROV_REFNIS",
        "TX_PROV_DESCR_NL",
        "TX_PROV_DESCR_FR",
        "CD_RGN_REFNIS",
        "TX_RGN_DESCR_NL",
        "TX_RGN_DESCR_FR",
        "CD_SEX",
        "CD_NATLTY",
        "TX_NATLTY_NL",
        "TX_NATLTY_FR",
        "CD_CIV_STS",
        "TX_CIV_STS_NL",
        "TX_CIV_STS_FR",
        "CD_AGE",
        "MS_POPULATION",
    ),
    delimiter="|",
    load_mode=LoadMode.PER_FILE,
    publisher_url="https://statbel.fgov.be/nl/open-data/bevolking-naar-woonplaats-nationaliteit-burgerlijke-staat-leeftijd-en-geslacht-10",
    value_suite=_values,
    freshness=FreshnessPolicy(YEARLY_DAYS, 2, rhythm="Statbel, yearly; year Y published mid-Y"),
    integer_columns=("MS_POPULATION",),
    context_suite=_context,
    first_period=2019,  # earlier vintages use another layout (CD_MUNTY_REFNIS, CD_YEAR)
    required=True,
    name_hint="TF_SOC_POP_STRUCT",
)
