"""Agentschap Binnenlands Bestuur (ABB): BBC-DR exports of municipal budgets and accounts per beleidsveld.

The export is a wide Power BI pivot; its reader (landing/bbc_dr.py) checks the pivot's frame and unpivots
it into one record per value cell, and this suite then checks every record."""

import re

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.bbc_dr import BBC_DR_COLUMNS, read_bbc_dr_pivot
from dagster_project.sources.base import LandingSource, LoadMode

BBC_MEASURES = ["Uitgave", "Uitgave per inwoner", "Ontvangst", "Ontvangst per inwoner"]
DUTCH_AMOUNT = r"^-?\d{1,3}(?:\.\d{3})*,\d{2}$"  # 1.267,10 and -0,50; never 1267.10
YEAR = r"^20\d{2}$"


def _bbc_dr_values() -> list[Expectation]:
    required = ["Filters", "Type rapport", "Rapportjaar", "Boekjaar", "BV_domein", "Waardetype", "NIS-code", "Waarde"]
    return [
        *(gxe.ExpectColumnValuesToNotBeNull(column=column) for column in required),
        # Exactly one report status and one soort per export: a file mixing statuses cannot be read apart.
        gxe.ExpectColumnValuesToMatchRegex(
            column="Filters", regex=r"(?m)^Rapportstatus is (?:origineel|herziening|voorlopig)$"
        ),
        gxe.ExpectColumnValuesToMatchRegex(column="Filters", regex=r"(?m)^Soort is (?:Exploitatie|Investeringen)$"),
        gxe.ExpectColumnValuesToBeInSet(column="Type rapport", value_set=["MJP", "JR"]),
        gxe.ExpectColumnValuesToMatchRegex(column="Rapportjaar", regex=YEAR),
        gxe.ExpectColumnValuesToMatchRegex(column="Boekjaar", regex=YEAR),
        gxe.ExpectColumnValuesToMatchRegex(column="BV_domein", regex=r"^(?:\d [^\d].*|Total)$"),
        gxe.ExpectColumnValuesToMatchRegex(column="BV_subdomein", regex=r"^(?:\d{2,3}(?:/\d)? [^\d].*|Total)$"),
        gxe.ExpectColumnValuesToMatchRegex(column="Beleidsveld", regex=r"^\d{4} [^\d].*$"),
        gxe.ExpectColumnValuesToBeInSet(column="Waardetype", value_set=BBC_MEASURES),
        gxe.ExpectColumnValuesToMatchRegex(column="NIS-code", regex=r"^(?:\d{5}|Total)$"),
        # English-locale amounts (1267.10, 1,267.10) are refused, not converted: `1.267` reads either way.
        gxe.ExpectColumnValuesToMatchRegex(
            column="Waarde", regex=DUTCH_AMOUNT, meta={"form": "a Dutch amount with two decimals, like 1.267,10"}
        ),
        # A column's header cells identify it: the same combination twice would double an amount.
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["NIS-code", "Kolom"]),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["NIS-code", "Type rapport", "Rapportjaar", "Boekjaar", "Beleidsveld", "Waardetype"],
            ignore_row_if="any_value_is_missing",
        ),
    ]


BBC_DR_BELEIDSVELDEN = LandingSource(
    name="bbc_dr_beleidsvelden",
    description="ABB BBC-DR export (Power BI pivot) of expenditure and receipts per beleidsveld, per "
    "municipality, report (MJP multi-year plan, JR annual accounts), report year and book year; one export "
    "per report status and soort (exploitatie, investeringen).",
    file_pattern=re.compile(r"BBC-DR_beleidsvelden_[0-9A-Za-z_-]+\.csv", re.IGNORECASE),
    columns=BBC_DR_COLUMNS,
    delimiter=";",
    load_mode=LoadMode.PER_FILE,
    publisher_url="https://www.lokaalbestuur.vlaanderen.be/bbc-strategisch-en-financieel-beleid/basisgegevens/bbc-data-maak-je-eigen-rapport",
    value_suite=_bbc_dr_values,
    reader=read_bbc_dr_pivot,
)
