"""Reading a delimited publication exactly as published: every value as text, so codes keep their
leading zeros (02000 stays 02000) and nothing is guessed before validation."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from dagster_project.landing.findings import Finding, LandingRejected
from dagster_project.sources.base import LandingSource


def read_delimited(path: Path, source: LandingSource) -> pd.DataFrame:
    """Read the file into a DataFrame of strings with the header as published.

    Empty cells become missing values; whitespace is kept (Statbel writes a single space for Brussels'
    province in some vintages, which staging handles). Raises LandingRejected with the file and line
    when the file cannot be read as the source's format.
    """
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LandingRejected(
            [
                Finding(
                    file=path.name,
                    check="encoding",
                    message=f"not valid UTF-8 at byte {error.start}",
                    rows=(line,),
                )
            ]
        ) from error

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=source.delimiter, quotechar='"')
    rows = list(reader)
    if not rows:
        raise LandingRejected([Finding(file=path.name, check="non_empty", message="the file is empty")])
    header, body = rows[0], rows[1:]
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
    frame = pd.DataFrame(body, columns=header, dtype="object")
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
