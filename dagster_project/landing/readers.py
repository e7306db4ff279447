"""Reading a delimited publication exactly as published: every value as text, so codes keep their
leading zeros (02000 stays 02000) and nothing is guessed before validation."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from dagster_project.landing.decoding import decode_delivery
from dagster_project.landing.findings import Finding, LandingRejected
from dagster_project.sources.base import LandingSource


def read_delimited(path: Path, source: LandingSource) -> pd.DataFrame:
    """Read the file into a DataFrame of strings with the header as published.

    Values are trimmed (Excel pads cells; Statbel writes a single space for Brussels' missing province)
    and empty cells become missing values. Integer columns declared by the source lose thousands
    separators (`1.234`, ` 64.094 `), the legitimate Belgian Excel form. Raises LandingRejected with the
    file, line and column when the file cannot be read as the source's format.
    """
    text, _encoding = decode_delivery(path)
    first_line = text.split("\n", 1)[0]
    if source.delimiter not in first_line:
        # The header reads as one column: say which delimiter it uses, and which columns are then missing.
        missing = [f for f in _header_findings(path.name, [first_line.strip()], source) if f.check == "header"]
        missing = [f for f in missing if f.message == "column is missing from the header"]
        raise LandingRejected([_delimiter_finding(path.name, first_line, source), *missing])

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=source.delimiter, quotechar='"')
    rows = list(reader)
    if not rows:
        raise LandingRejected([Finding(file=path.name, check="non_empty", message="the file is empty")])
    header, body = [name.strip() for name in rows[0]], rows[1:]
    header_findings = _header_findings(path.name, header, source)
    ragged = [(index + 2, len(row)) for index, row in enumerate(body) if len(row) != len(header) and any(row)]
    if ragged:
        lines = tuple(line for line, _ in ragged)
        raise LandingRejected(
            [
                *header_findings,
                Finding(
                    file=path.name,
                    check="row_shape",
                    message=f"expected {len(header)} fields like the header, found {ragged[0][1]}",
                    rows=lines,
                ),
            ]
        )
    body = [row for row in body if any(row)]  # a trailing empty line is not a record
    frame = pd.DataFrame([[value.strip() for value in row] for row in body], columns=header, dtype="object")
    for column in source.integer_columns:
        if column in frame.columns:
            frame[column] = frame[column].map(_plain_integer)
    return frame.replace("", None)


def _header_findings(file_name: str, header: list[str], source: LandingSource) -> list[Finding]:
    """Name the columns the header lacks or adds, so a broken file is explained by its header even when
    its rows cannot be read (the full structure check runs in Great Expectations on readable files)."""
    missing = [c for c in source.columns if c not in header]
    extra = [c for c in header if c not in source.columns]
    findings = [
        Finding(file=file_name, check="header", message="column is missing from the header", column=c, rows=(1,))
        for c in missing
    ]
    findings += [
        Finding(file=file_name, check="header", message="column is not in the published layout", column=c, rows=(1,))
        for c in extra
    ]
    return findings


def read_delivery(path: Path, source: LandingSource) -> pd.DataFrame:
    """Read a delivery with the source's own reader, or as delimited text."""
    reader = source.reader or read_delimited
    return reader(path, source)


THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+")


def _plain_integer(value: str) -> str:
    """`1.234` -> `1234` (Dutch thousands separator); anything else is left for validation to judge."""
    return value.replace(".", "") if THOUSANDS.fullmatch(value) else value


def _delimiter_finding(file_name: str, first_line: str, source: LandingSource) -> Finding:
    found = next((d for d in (";", ",", "\t", "|") if d != source.delimiter and d in first_line), None)
    message = f"the header is not split by {source.delimiter!r}"
    if found:
        message += f"; it uses {found!r}: this is not the publication's layout"
    return Finding(file=file_name, check="delimiter", message=message, rows=(1,), examples=(first_line[:60],))
