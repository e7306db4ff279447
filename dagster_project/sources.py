"""The catalogue of landing sources: which files belong to a source, how they are read and where they
land in the raw schema. Adding a source starts here (then a GX suite in landing/suites.py, a dbt source
and a staging model)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class LoadMode(Enum):
    # A full code list: the newest delivery replaces the whole raw table (older ones stay in the archive).
    SNAPSHOT = "snapshot"
    # One file per period: a delivery replaces the rows of the same file name and leaves the others.
    PER_FILE = "per_file"


@dataclass(frozen=True)
class LandingSource:
    name: str  # also the raw table name and the last part of the Dagster asset key
    description: str
    file_pattern: re.Pattern[str]  # matched against the file name, case-insensitive
    columns: tuple[str, ...]  # the exact header of the real publication, in order
    delimiter: str
    load_mode: LoadMode
    publisher_url: str

    def matches(self, path: Path) -> bool:
        return self.file_pattern.fullmatch(path.name) is not None

    def period_of(self, path: Path) -> str | None:
        """The period a file covers, from its name (Statbel puts the year only in the file name)."""
        match = self.file_pattern.fullmatch(path.name)
        return match.groupdict().get("period") if match else None


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
)

LANDING_SOURCES: tuple[LandingSource, ...] = (REFNIS, POPULATION_STRUCTURE)


def raw_column_name(publication_column: str) -> str:
    """Raw columns are lower-case ASCII so the same dbt SQL runs on DuckDB, PostgreSQL and Spark
    without quoting (PostgreSQL folds unquoted names to lower case)."""
    name = publication_column.strip().lower().replace("²", "2")
    return re.sub(r"[^0-9a-z]+", "_", name).strip("_")
