"""Statbel sources of the foundation: the REFNIS code list and the population structure, each with the
Great Expectations value suite its deliveries must pass."""

import re

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.sources.base import LandingSource, LoadMode

NIS_CODE = r"^\d{5}$"
STATBEL_DATE = r"^\d{2}/\d{2}/\d{4}$"
NON_NEGATIVE_INTEGER = r"^\d+$"


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


REFNIS = LandingSource(
    name="tu_com_refnis",
    description="Statbel REFNIS code list: regions, provinces, arrondissements and municipalities with "
    "their validity windows.",
    file_pattern=re.compile(r"TU_COM_REFNIS(?:_[0-9A-Za-z-]+)?\.txt", re.IGNORECASE),
    columns=(
        "LVL_REFNIS",
        "CD_REFNIS",
        "CD_SUP_REFNIS",
        "TX_REFNIS_DE",
        "TX_REFNIS_FR",
        "TX_REFNIS_NL",
        "DT_VLDT_START",
        "DT_VLDT_END",
    ),
    delimiter="|",
    load_mode=LoadMode.SNAPSHOT,
    publisher_url="https://statbel.fgov.be/nl/over-statbel/methodologie/classificaties/geografie",
    value_suite=_refnis_values,
)

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
    value_suite=_population_values,
)
