"""Reading an ABB BBC-DR export (Power BI "export data" of a matrix) into long rows.

The export is a wide pivot, not a table:

    "Toegepaste filters:\\nBestuurstype is Gemeente\\nRapportstatus is origineel\\nSoort is Exploitatie";;...
    Type rapport;;JR;JR;...            six header rows, one per column level
    Rapportjaar;;2021;2021;...
    Boekjaar;;2020;2020;...
    BV_domein;;0 Algemene financiering;...;Total
    BV_subdomein;;00 Algemene financiering;...;Total;
    Beleidsveld;;0010 Algemene overdrachten ...;...;;
    NIS-code;Bestuur;Uitgave;Uitgave per inwoner;Ontvangst;Ontvangst per inwoner;...   the value type row
    11002;Antwerpen;3.562.661,78;6,77;...                                                 one row per municipality
    Total;;8.763.739,04;5,22;...                                                          the export's own totals

The filter text sits in the first cell of the first row or of the last row. Subtotal columns carry
"Total" in the BV_domein (book-year total) or BV_subdomein (domain total) header cell.

The reader checks this frame and unpivots every non-empty value cell into one record with its six
header cells, the value type, the municipality, the value as published (text, Dutch number format) and
where it stood in the file (line and column), so every amount in the warehouse points back at a cell.
Nothing is summed, dropped or converted here: Total rows and subtotal columns are kept (marked by their
labels) so the warehouse can reconcile against them.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.decoding import decode_delivery
from dagster_project.landing.findings import Finding, LandingRejected
from dagster_project.landing.source import YEARLY_DAYS, FreshnessPolicy, LandingSource, LoadMode

FILTER_HEADING = "Toegepaste filters"
HEADER_ROW_LABELS = ("Type rapport", "Rapportjaar", "Boekjaar", "BV_domein", "BV_subdomein", "Beleidsveld")
VALUE_TYPE_ROW = ("NIS-code", "Bestuur")

# The long layout the reader returns (the raw table's columns, lower-cased).
BBC_DR_COLUMNS = (
    "Filters",
    *HEADER_ROW_LABELS,
    "Waardetype",
    "NIS-code",
    "Bestuur",
    "Waarde",
    "Regel",
    "Kolom",
)


def _rows_with_lines(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """CSV records with the physical line each starts on (a quoted filter cell spans several lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    records = []
    line = 1
    for row in reader:
        records.append((line, row))
        line = reader.line_num + 1
    return records


def _delimiter_finding(name: str, text: str, source: LandingSource) -> Finding:
    header = next((line for line in text.splitlines() if line.startswith(HEADER_ROW_LABELS[0])), text[:60])
    found = next((d for d in (",", "\t", "|") if d in header), None)
    message = f"no row is split by {source.delimiter!r}"
    if found:
        message += f"; the header rows use {found!r}: export again with {source.delimiter!r} (the BBC-DR export's)"
    return Finding(file=name, check="delimiter", message=message, examples=(header[:60],))


def _pivot_findings(name: str, records: list[tuple[int, list[str]]]) -> list[Finding]:
    """Structure of the pivot: filter text first or last, the six header rows in order, the value type row."""
    findings = []
    non_empty = [(line, row) for line, row in records if any(cell.strip() for cell in row)]
    if not non_empty:
        return [Finding(file=name, check="non_empty", message="the file is empty")]
    filter_rows = [(line, row) for line, row in non_empty if row[0].startswith(FILTER_HEADING)]
    if len(filter_rows) != 1 or filter_rows[0] not in (non_empty[0], non_empty[-1]):
        findings.append(
            Finding(
                file=name,
                check="pivot_filters",
                message=f"expected the export's filter text ('{FILTER_HEADING}: ...') once, in the first or last row",
                rows=tuple(line for line, _ in filter_rows),
            )
        )
    labels = [row[0] for _, row in non_empty]
    expected = [*HEADER_ROW_LABELS, VALUE_TYPE_ROW[0]]
    missing = [label for label in expected if label not in labels]
    for label in missing:
        findings.append(Finding(file=name, check="pivot_header", message=f"header row '{label}' is missing", rows=()))
    if not missing:
        start = labels.index(expected[0])
        if labels[start : start + len(expected)] != expected:
            findings.append(
                Finding(
                    file=name,
                    check="pivot_header",
                    message=f"header rows are not {expected} in this order",
                    rows=(non_empty[start][0],),
                )
            )
        else:
            line, value_type_row = non_empty[start + len(HEADER_ROW_LABELS)]
            if tuple(value_type_row[:2]) != VALUE_TYPE_ROW:
                findings.append(
                    Finding(
                        file=name,
                        check="pivot_header",
                        message=f"the value type row must start with {list(VALUE_TYPE_ROW)}",
                        rows=(line,),
                    )
                )
    return findings


def read_bbc_dr_pivot(path: Path, source: LandingSource) -> pd.DataFrame:
    """Unpivot a BBC-DR export into one record per non-empty value cell (columns BBC_DR_COLUMNS)."""
    text, _encoding = decode_delivery(path)  # UTF-8 with or without BOM, or Windows-1252 (Excel re-save)
    records = _rows_with_lines(text, source.delimiter)
    if records and not any(len(row) > 1 for _, row in records):
        # Not one record split by the delimiter: an export (or an Excel re-save) with another delimiter.
        raise LandingRejected([_delimiter_finding(path.name, text, source)])
    findings = _pivot_findings(path.name, records)
    if findings:
        raise LandingRejected(findings)
    rows = [(line, row) for line, row in records if any(cell.strip() for cell in row)]
    filter_index = 0 if rows[0][1][0].startswith(FILTER_HEADING) else len(rows) - 1
    filter_text = rows[filter_index][1][0]
    labels = [row[0] for _, row in rows]
    first_header = labels.index(HEADER_ROW_LABELS[0])
    header_rows = rows[first_header : first_header + len(HEADER_ROW_LABELS)]
    value_type_line, value_types = rows[first_header + len(HEADER_ROW_LABELS)]
    width = len(value_types)
    body = [pair for index, pair in enumerate(rows) if index > first_header + len(HEADER_ROW_LABELS)]
    body = [pair for pair in body if pair is not rows[filter_index]]
    ragged = tuple(line for line, row in [*header_rows, *body] if len(row) != width)
    if ragged:
        raise LandingRejected(
            [
                Finding(
                    file=path.name,
                    check="row_shape",
                    message=f"expected {width} fields like the value type row (line {value_type_line})",
                    rows=ragged,
                )
            ]
        )

    # What a value cell repeats from its column (the filter, the header rows, the value type, the column
    # number), built once per column rather than once per cell: a whole-country export has millions.
    columns = range(len(VALUE_TYPE_ROW), width)
    column_parts = {
        column: (filter_text, *(header[column] for _, header in header_rows), value_types[column]) for column in columns
    }
    column_numbers = {column: str(column + 1) for column in columns}
    out = []
    for line, row in body:
        line_text = str(line)
        for column in columns:
            value = row[column].strip()
            if not value:
                continue  # an empty cell: the municipality has no amount in this column
            out.append((*column_parts[column], row[0], row[1], value, line_text, column_numbers[column]))
    frame = pd.DataFrame(out, columns=list(BBC_DR_COLUMNS), dtype="object")
    # Index each record by its line in the file minus 2, the convention of the delimited reader, so a
    # validation finding names the real line of the cell (its column number is in "Kolom").
    frame.index = pd.Index([int(line) - 2 for line in frame["Regel"]])
    return frame.replace("", None)


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
    freshness=FreshnessPolicy(
        YEARLY_DAYS, None, rhythm="ABB BBC-DR, exported after each yearly report (budget or annual accounts)"
    ),
    name_hint="BBC-DR",
)
