"""Reading a multi-year plan as a planning tool exports it: goals, action plans and actions with their
indicators, a target and an actual value per year.

The export (`;`-delimited, UTF-8 with BOM, Dutch numbers) has a title row, a header row and one row per
plan element and indicator:

    Meerjarenplan 2020-2025 - Stad Gent (NIS 44021) - export van 15/05/2025;;;...
    Niveau;Code;Titel;Bovenliggende code;Beleidsveld;Verantwoordelijke dienst;Prioritair;Indicator;
        Indicatorcode;Eenheid;Gewenste evolutie;Basisjaar;Basiswaarde;Streefwaarde 2020;...;Realisatie 2025
    Actie;AC01.1.1;Meldingen van sluikstort ...;AP01.1;0300 Ophalen ...;Milieudienst;Ja;Mediane ...;...

The year columns depend on the plan (2020-2025, then 2026-2031), so the reader turns them into rows: one
record per element, indicator and year with a target or an actual value, and one record without a year
for an element or indicator without any. The title row gives the plan, the bestuur and its NIS code.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.decoding import decode_utf8
from dagster_project.landing.findings import Finding, LandingRejected, layout_findings
from dagster_project.landing.source import YEARLY_DAYS, FreshnessPolicy, LandingSource, LoadMode

TITLE = re.compile(
    r"^Meerjarenplan (?P<plan>\d{4}-\d{4}) - (?P<bestuur>.+) \(NIS (?P<nis>\d{5})\)"
    r" - export van (?P<export>\d{2}/\d{2}/\d{4})$"
)
ELEMENT_COLUMNS = (
    "Niveau",
    "Code",
    "Titel",
    "Bovenliggende code",
    "Beleidsveld",
    "Verantwoordelijke dienst",
    "Prioritair",
    "Indicator",
    "Indicatorcode",
    "Eenheid",
    "Gewenste evolutie",
    "Basisjaar",
    "Basiswaarde",
)
YEAR_COLUMN = re.compile(r"^(?P<kind>Streefwaarde|Realisatie) (?P<year>\d{4})$")
PLAN_COLUMNS = (
    "Plan",
    "NIS-code",
    "Bestuur",
    "Exportdatum",
    *ELEMENT_COLUMNS,
    "Jaar",
    "Streefwaarde",
    "Realisatie",
    "Regel",
)


def read_planning_export(path: Path, source: LandingSource) -> pd.DataFrame:
    """Title row -> plan columns; year columns -> one record per year (columns PLAN_COLUMNS)."""
    text = decode_utf8(path)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=source.delimiter, quotechar='"'))
    if len(rows) < 2:
        raise LandingRejected([Finding(file=path.name, check="non_empty", message="no title and header row")])
    title = TITLE.match(rows[0][0].strip()) if rows[0] else None
    findings = []
    if not title:
        findings.append(
            Finding(
                file=path.name,
                check="plan_title",
                message="the first row must read 'Meerjarenplan <yyyy-yyyy> - <bestuur> (NIS <code>) - export van "
                "<dd/mm/yyyy>'",
                rows=(1,),
            )
        )
    header = rows[1]
    findings += layout_findings(
        path.name, header, ELEMENT_COLUMNS, line=2, also_allowed=YEAR_COLUMN.match, layout="the export's layout"
    )
    ragged = tuple(i + 1 for i, row in enumerate(rows) if i > 0 and any(row) and len(row) != len(header))
    if ragged:
        findings.append(
            Finding(file=path.name, check="row_shape", message=f"expected {len(header)} fields", rows=ragged)
        )
    if findings:
        raise LandingRejected(findings)

    plan = (title["plan"], title["nis"], title["bestuur"], title["export"])
    years = sorted({int(m["year"]) for c in header if (m := YEAR_COLUMN.match(c))})
    out, lines = [], []
    for index, row in enumerate(rows[2:], start=3):
        if not any(row):
            continue
        cells = dict(zip(header, row, strict=True))
        element = [cells[c] for c in ELEMENT_COLUMNS]
        yearly = [
            (str(year), cells.get(f"Streefwaarde {year}", ""), cells.get(f"Realisatie {year}", ""))
            for year in years
            if cells.get(f"Streefwaarde {year}", "") or cells.get(f"Realisatie {year}", "")
        ]
        for year_values in yearly or [("", "", "")]:
            out.append([*plan, *element, *year_values, str(index)])
            lines.append(index)
    frame = pd.DataFrame(out, columns=list(PLAN_COLUMNS), dtype="object").replace("", None)
    frame.index = pd.Index([line - 2 for line in lines])  # findings name the line in the export
    return frame


# The level an element's parent must have: an action plan hangs under a policy goal, an action under an
# action plan; a policy goal has no parent.
PARENT_LEVEL = {"Actieplan": "Beleidsdoelstelling", "Actie": "Actieplan"}


def parent_code_findings(frame: pd.DataFrame, path: Path) -> list[Finding]:
    """Every 'Bovenliggende code' names an element of the same export, one level up: a parent that does not
    exist would leave the goal tree (dim_doelstelling) with an orphan."""
    levels = dict(zip(frame["Code"], frame["Niveau"], strict=True))
    problems: dict[str, list[tuple[int, str]]] = {}
    for line, level, parent in zip(frame["Regel"], frame["Niveau"], frame["Bovenliggende code"], strict=True):
        expected = PARENT_LEVEL.get(level)
        if parent is None and expected is None:
            continue
        if parent is None:
            problems.setdefault(f"a {level} needs a parent ({expected})", []).append((int(line), "(empty)"))
        elif parent not in levels:
            problems.setdefault("parent code is not an element of this export", []).append((int(line), parent))
        elif levels[parent] != expected:
            message = f"parent has level {levels[parent]}, expected {expected or 'no parent'} for a {level}"
            problems.setdefault(message, []).append((int(line), parent))
    findings = []
    for message, cases in problems.items():
        lines = tuple(sorted({line for line, _ in cases}))
        examples = tuple(dict.fromkeys(value for _, value in cases))[:3]
        findings.append(
            Finding(
                file=path.name,
                check="parent_code",
                message=message,
                column="Bovenliggende code",
                rows=lines,
                examples=examples,
            )
        )
    return findings


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
    freshness=FreshnessPolicy(
        YEARLY_DAYS, None, rhythm="the planning tool's export, at least at each yearly plan adjustment"
    ),
    name_hint="doelstellingen",
)
