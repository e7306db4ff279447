"""Reading a workbook publication (xlsx) exactly as published: the first worksheet, its first row as the
header, every cell as text, so the delimited and the workbook downloads land in raw the same way.

Cells become text without interpretation beyond what the workbook stores: a number stored as an integer
(or a float with no fractional part) is written without decimals (``9086274846``), another float with
Python's shortest round-trip form (``1234.5``), a text cell as is (Statbel's suppression marker ``*``
stays ``*``), an empty cell as a missing value. Codes stored as numbers lose their leading zeros in the
workbook itself (``02000`` is the number 2000); staging restores them where a model needs them.
"""

from __future__ import annotations

import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

import pandas as pd

from dagster_project.landing.decoding import ZIP_SIGNATURE
from dagster_project.landing.delimited import header_findings as _header_findings
from dagster_project.landing.delimited import read_delimited
from dagster_project.landing.findings import Finding, LandingRejected
from dagster_project.landing.source import LandingSource


def cell_text(value: object) -> str | None:
    """One cell as the text a delimited download would hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return text if text != "" else None


def read_xlsx(path: Path, source: LandingSource) -> pd.DataFrame:
    """Read the first worksheet into a DataFrame of strings with the header as published.

    Raises LandingRejected naming the file when it is not a readable workbook, when its header lacks
    or adds columns (with their names), or when a row holds more values than the header.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    head = path.read_bytes()[:4096]
    if head.strip() and not head.startswith(ZIP_SIGNATURE):
        # Not a workbook at all: most often the text download (or a CSV from Excel) renamed to .xlsx.
        kind = "text (a CSV or the .txt download)" if b"\x00" not in head else "neither an xlsx workbook nor text"
        raise LandingRejected(
            [
                Finding(
                    file=path.name,
                    check="file_type",
                    message=f"this is {kind} under the .xlsx name: deliver the workbook, or the text download "
                    "under its own .txt name",
                    examples=(head[:60].decode("utf-8-sig", errors="replace").splitlines()[0],),
                )
            ]
        )
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise LandingRejected(
            [Finding(file=path.name, check="xlsx", message=f"not a readable xlsx workbook ({error})")]
        ) from error
    try:
        rows = [tuple(cell_text(v) for v in row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    except (ParseError, zlib.error, zipfile.BadZipFile, EOFError, KeyError, ValueError, OSError) as error:
        # A damaged workbook: the zip container opens but a sheet's compressed XML does not.
        raise LandingRejected(
            [Finding(file=path.name, check="xlsx", message=f"the workbook is damaged and cannot be read ({error})")]
        ) from error
    finally:
        workbook.close()

    numbered = [(line, row) for line, row in enumerate(rows, start=1) if any(v is not None for v in row)]
    if not numbered:  # empty rows are not records
        raise LandingRejected([Finding(file=path.name, check="non_empty", message="the workbook is empty")])
    header = list(numbered[0][1])
    while header and header[-1] is None:  # formatting can stretch a sheet beyond its last column
        header.pop()
    header = [name or "" for name in header]
    width = len(header)
    findings = _header_findings(path.name, header, source)
    ragged = [line for line, row in numbered[1:] if any(v is not None for v in row[width:])]
    if ragged:
        raise LandingRejected(
            [
                *findings,
                Finding(
                    file=path.name,
                    check="row_shape",
                    message=f"holds values beyond the {width} columns of the header",
                    rows=tuple(ragged),
                ),
            ]
        )
    body = [list(row[:width]) + [None] * (width - len(row)) for _, row in numbered[1:]]
    return pd.DataFrame(body, columns=header, dtype="object")


def read_xlsx_or_delimited(path: Path, source: LandingSource) -> pd.DataFrame:
    """Statbel offers some datasets both as xlsx and as delimited text: read either by its suffix."""
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path, source)
    return read_delimited(path, source)
