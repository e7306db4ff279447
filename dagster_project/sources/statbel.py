"""Statbel sources of the foundation: the REFNIS code list and the population structure, each with the
Great Expectations value suite its deliveries must pass."""

import re
from datetime import date, datetime
from pathlib import Path

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.context import DeliveryContext
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
        gxe.ExpectColumnValuesToMatchStrftimeFormat(column="DT_VLDT_START", strftime_format="%d/%m/%Y"),
        gxe.ExpectColumnValuesToNotBeNull(column="DT_VLDT_END"),
        gxe.ExpectColumnValuesToMatchStrftimeFormat(column="DT_VLDT_END", strftime_format="%d/%m/%Y"),
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
        gxe.ExpectColumnValuesToMatchRegex(column="CD_AGE", regex=r"^(?:\d{1,2}|1[01]\d|120)$"),  # 0-120
        gxe.ExpectColumnValuesToNotBeNull(column="MS_POPULATION"),
        gxe.ExpectColumnValuesToMatchRegex(column="MS_POPULATION", regex=NON_NEGATIVE_INTEGER),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["CD_REFNIS", "CD_SEX", "CD_NATLTY", "CD_CIV_STS", "CD_AGE"]),
    ]


def refnis_municipalities_valid_on(landing_dir: Path, day: date | None) -> list[str] | None:
    """Municipality codes valid on `day` in the newest REFNIS file of the landing folder, or valid at any
    time when `day` is None (None when there is no such file, or it cannot be read: its own validation
    reports that)."""
    from dagster_project.landing.files import find_source_files
    from dagster_project.landing.findings import LandingRejected
    from dagster_project.landing.readers import read_delimited

    files = find_source_files(landing_dir, REFNIS)
    if not files:
        return None
    try:
        frame = read_delimited(files[-1], REFNIS)
    except LandingRejected:
        return None
    codes = set()
    for level, code, start, end in frame[["LVL_REFNIS", "CD_REFNIS", "DT_VLDT_START", "DT_VLDT_END"]].itertuples(
        index=False
    ):
        try:
            window = datetime.strptime(start, "%d/%m/%Y").date(), datetime.strptime(end, "%d/%m/%Y").date()
        except (TypeError, ValueError):
            continue
        valid = day is None or window[0] <= day <= window[1]
        if level == "4" and valid:
            codes.add(code)
    return sorted(codes)


def _population_context(context: DeliveryContext, path: Path) -> list[Expectation]:
    """Every municipality code must be one that REFNIS says existed on 1 January of the file's year."""
    period = POPULATION_STRUCTURE.period_of(path)
    if period is None:
        return []
    codes = refnis_municipalities_valid_on(context.landing_dir, date(int(period), 1, 1))
    if not codes:
        return []
    return [gxe.ExpectColumnValuesToBeInSet(column="CD_REFNIS", value_set=codes)]


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
    required=True,
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
    integer_columns=("MS_POPULATION",),
    context_suite=_population_context,
    first_period=2019,  # earlier vintages use another layout (CD_MUNTY_REFNIS, CD_YEAR)
    required=True,
)
