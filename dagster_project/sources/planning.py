"""The city's planning tool: the multi-year plan's goals, action plans and actions with their indicators
and target values per year (one export per plan). The reader turns the year columns into rows."""

import re

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.planning import PLAN_COLUMNS, parent_code_findings, read_planning_export
from dagster_project.sources.base import LandingSource, LoadMode

DUTCH_NUMBER = r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$"  # 9.800, 52,0, 74,2
NUMBER_FORM = {"form": "a number in Dutch notation, like 9.800 or 74,2"}


def _plan_values() -> list[Expectation]:
    required = ["Plan", "NIS-code", "Niveau", "Code", "Titel", "Regel"]
    return [
        *(gxe.ExpectColumnValuesToNotBeNull(column=column) for column in required),
        gxe.ExpectColumnValuesToMatchRegex(column="NIS-code", regex=r"^\d{5}$"),
        gxe.ExpectColumnValuesToBeInSet(column="Niveau", value_set=["Beleidsdoelstelling", "Actieplan", "Actie"]),
        gxe.ExpectColumnValuesToMatchRegex(column="Code", regex=r"^(?:BD\d{2}|AP\d{2}\.\d+|AC\d{2}\.\d+\.\d+)$"),
        gxe.ExpectColumnValuesToMatchRegex(column="Beleidsveld", regex=r"^\d{4} [^\d].*$"),
        gxe.ExpectColumnValuesToBeInSet(column="Prioritair", value_set=["Ja", "Nee"]),
        gxe.ExpectColumnValuesToBeInSet(column="Gewenste evolutie", value_set=["stijgen", "dalen"]),
        gxe.ExpectColumnValuesToMatchRegex(column="Indicatorcode", regex=r"^[a-z][a-z0-9_]+$"),
        gxe.ExpectColumnValuesToMatchRegex(column="Basisjaar", regex=r"^(?:19|20)\d{2}$"),
        gxe.ExpectColumnValuesToMatchRegex(column="Basiswaarde", regex=DUTCH_NUMBER, meta=NUMBER_FORM),
        gxe.ExpectColumnValuesToMatchRegex(column="Jaar", regex=r"^20\d{2}$"),
        gxe.ExpectColumnValuesToMatchRegex(column="Streefwaarde", regex=DUTCH_NUMBER, meta=NUMBER_FORM),
        gxe.ExpectColumnValuesToMatchRegex(column="Realisatie", regex=DUTCH_NUMBER, meta=NUMBER_FORM),
        # One target per element, indicator and year.
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["Code", "Indicator", "Jaar"], ignore_row_if="any_value_is_missing"
        ),
    ]


MEERJARENPLAN_DOELSTELLINGEN = LandingSource(
    name="meerjarenplan_doelstellingen",
    description="The city's multi-year plan as its planning tool exports it: beleidsdoelstellingen, actieplannen "
    "and acties with their indicators, target values and actual values per year.",
    file_pattern=re.compile(r"doelstellingen_[0-9A-Za-z_-]+\.csv", re.IGNORECASE),
    columns=PLAN_COLUMNS,
    delimiter=";",
    load_mode=LoadMode.PER_FILE,
    publisher_url="https://www.vlaanderen.be/lokaal-bestuur/beleids-en-beheerscyclus-bbc",
    value_suite=_plan_values,
    reader=read_planning_export,
    frame_checks=parent_code_findings,
)
