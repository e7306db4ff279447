"""Statbel's REFNIS code list (TU_COM_REFNIS.txt): regions, provinces, arrondissements and municipalities
with their validity windows since 1970, and the lookup other Statbel datasets are checked against."""

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.context import DeliveryContext
from dagster_project.landing.findings import LandingRejected
from dagster_project.landing.readers import read_delivery
from dagster_project.landing.source import YEARLY_DAYS, FreshnessPolicy, LandingSource, LoadMode
from dagster_project.sources.statbel.formats import NIS_CODE


def _values() -> list[Expectation]:
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
    value_suite=_values,
    freshness=FreshnessPolicy(YEARLY_DAYS, None, rhythm="Statbel code list, republished yearly"),
    required=True,
    name_hint="TU_COM_REFNIS",
)


@lru_cache(maxsize=4)
def _municipality_windows(path: str, size: int, mtime_ns: int) -> tuple[tuple[str, date, date], ...]:
    """Every municipality version of a REFNIS file: (code, valid from, valid to). Cached by the file's
    identity, so a run reads the code list once however many files are checked against it."""
    try:
        frame = read_delivery(Path(path), REFNIS)
    except LandingRejected:
        return ()
    windows = []
    for level, code, start, end in frame[["LVL_REFNIS", "CD_REFNIS", "DT_VLDT_START", "DT_VLDT_END"]].itertuples(
        index=False
    ):
        try:
            window = datetime.strptime(start, "%d/%m/%Y").date(), datetime.strptime(end, "%d/%m/%Y").date()
        except (TypeError, ValueError):
            continue
        if level == "4":
            windows.append((code, *window))
    return tuple(windows)


def municipalities_valid_on(context: DeliveryContext, day: date | None) -> list[str] | None:
    """Municipality codes valid on `day` in the newest REFNIS delivery, or valid at any time when `day` is
    None (None when there is no REFNIS delivery, or it cannot be read: its own validation reports that)."""
    files = context.files_of(REFNIS.name)
    if not files:
        return None
    newest = files[-1]
    stat = newest.stat()
    windows = _municipality_windows(str(newest), stat.st_size, stat.st_mtime_ns)
    if not windows:
        return None
    return sorted({code for code, start, end in windows if day is None or start <= day <= end})


def municipality_codes_expectation(context: DeliveryContext, column: str, year: str | None) -> list[Expectation]:
    """The column's codes must be municipalities REFNIS knows: valid on 1 January of the year when the
    file's name gives it, else valid at some time (a workbook holds many years)."""
    day = date(int(year), 1, 1) if year else None
    codes = municipalities_valid_on(context, day)
    return (
        [gxe.ExpectColumnValuesToBeInSet(column=column, value_set=codes, meta=unknown_code_hint(year))] if codes else []
    )


def unknown_code_hint(year: str | None) -> dict:
    """What a data steward does about a municipality code REFNIS does not know on the file's date."""
    when = f"on 1 January {year}" if year else "at any time"
    return {
        "hint": f"the REFNIS list does not know this municipality {when}; if the list is older than that "
        "year's mergers (2019, 2025), deliver the current TU_COM_REFNIS.txt"
    }
