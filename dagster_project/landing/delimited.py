"""Reading a delimited publication exactly as published, with DuckDB's own CSV reader: every value as text,
so codes keep their leading zeros (02000 stays 02000) and nothing is guessed before validation.

Python only looks at the bytes (encoding, file type) and the header line; the records never pass through
Python, which is what makes a whole-country file of 470,000 records land in about a second.
"""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

import duckdb

from dagster_project.landing.decoding import decode_delivery, refuse_other_file_types
from dagster_project.landing.findings import Finding, LandingRejected, layout_findings
from dagster_project.landing.source import LandingSource

# A count written with a Dutch thousands separator (1.234, -12.345.678): the legitimate Excel form.
THOUSANDS = r"^-?\d{1,3}(?:\.\d{3})+$"
_NOT_SPACE = re.compile(r"\S")
# From this size a delivery goes to DuckDB's reader without being decoded in Python first (decoding a 100 MB
# whole-country file costs about 0.3 s): DuckDB checks the encoding as it reads, and only a file that is not
# UTF-8 is then decoded here. Smaller files are decoded first, which also finds a file of only a header.
DIRECT_READ_FROM_BYTES = 4 * 1024 * 1024
HEAD_BYTES = 64 * 1024


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def quote_literal(path: Path) -> str:
    """A path as an SQL string literal (a file DuckDB reads or writes)."""
    return "'" + str(path).replace("'", "''") + "'"


def header_findings(file_name: str, header: list[str], source: LandingSource) -> list[Finding]:
    """Name the columns the header lacks or adds, so a broken file is explained by its header even when
    its rows cannot be read (the full structure check runs in Great Expectations on readable files)."""
    return layout_findings(file_name, header, source.columns, optional=source.optional_columns)


def _delimiter_finding(file_name: str, first_line: str, source: LandingSource) -> Finding:
    found = next((d for d in (";", ",", "\t", "|") if d != source.delimiter and d in first_line), None)
    message = f"the header is not split by {source.delimiter!r}"
    if found:
        message += f"; it uses {found!r}: this is not the publication's layout"
    return Finding(file=file_name, check="delimiter", message=message, rows=(1,), examples=(first_line[:60],))


def _utf8_copy(path: Path, text: str, workdir: Path) -> Path:
    """DuckDB reads UTF-8: a Windows-1252 delivery (Excel on a Belgian PC) is read from a UTF-8 copy."""
    copy = workdir / f"{path.name}.utf8"
    copy.write_text(text, encoding="utf-8", newline="")
    return copy


def normalised_value(column_sql: str, integer: bool) -> str:
    """Trimmed text, empty as missing (Excel pads cells; Statbel writes one space for Brussels' missing
    province), and for integer columns without a thousands separator."""
    # trim() only where a value starts or ends with a space: the test costs a third of trimming every value.
    padded = f"{column_sql} like ' %' or {column_sql} like '% '"
    value = f"case when {padded} then nullif(trim({column_sql}), '') else nullif({column_sql}, '') end"
    if integer:
        value = f"case when regexp_full_match({value}, '{THOUSANDS}') then replace({value}, '.', '') else {value} end"
    return value


def stage_delimited(con: duckdb.DuckDBPyConnection, path: Path, source: LandingSource, table: str) -> list[str]:
    """Create `table` in `con` with one text column per header column (published names) plus _rid (the
    record's position) and _idx (its line in the file minus 2, as pandas would index it). Returns the
    header. Raises LandingRejected with the file, line and column when the file is not the source's format.
    """
    if path.stat().st_size >= DIRECT_READ_FROM_BYTES:
        header = _stage_utf8_directly(con, path, source, table)
        if header is not None:
            return header
    return _stage_decoded(con, path, source, table)


def _stage_utf8_directly(
    con: duckdb.DuckDBPyConnection, path: Path, source: LandingSource, table: str
) -> list[str] | None:
    """A large delivery read by DuckDB straight from its file, Python looking only at its first bytes.
    DuckDB checks the encoding as it reads: None (nothing staged) when the file is not UTF-8 or its header
    line is longer than the bytes looked at, and the file is then decoded in Python (_stage_decoded)."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    refuse_other_file_types(path, head)
    end_of_header = head.find(b"\n")
    if end_of_header < 0:
        return None
    try:
        first_line = head[:end_of_header].decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError:
        return None
    header = _header(path, first_line, source)
    _read_records(con, path, header, source, table)
    encoding_errors = con.execute(
        f"select count(*) from _rejects_{table} where error_type = 'INVALID ENCODING'"
    ).fetchone()[0]
    if encoding_errors:
        for created in (table, f"_rejects_{table}", f"_rejects_scan_{table}"):
            con.execute(f"drop table if exists {created}")
        return None
    _refuse_ragged_records(con, path, header, source, table)
    _number_records(con, table)
    return header


def _stage_decoded(con: duckdb.DuckDBPyConnection, path: Path, source: LandingSource, table: str) -> list[str]:
    """A delivery decoded in Python first: any size, UTF-8 or Windows-1252 (read by DuckDB from a UTF-8
    copy), with a refusal that names the byte and line of any other encoding."""
    text, encoding = decode_delivery(path)
    # Slices and searches, not split() or strip() on the whole text: each of those copies 100 MB.
    end_of_header = text.find("\n")
    first_line = (text if end_of_header < 0 else text[:end_of_header]).lstrip("\ufeff").rstrip("\r")
    header = _header(path, first_line, source)
    if end_of_header < 0 or _NOT_SPACE.search(text, end_of_header) is None:
        # Only a header: no records. The structure suite reports it (at least one record expected).
        columns = ", ".join(f"cast(null as varchar) as {quote(name)}" for name in header)
        con.execute(f"create or replace temp table {table} as select 0 as _rid, 0 as _idx, {columns} limit 0")
        return header
    with tempfile.TemporaryDirectory(prefix="obmi-landing-") as workdir:
        readable = path if encoding == "utf-8" else _utf8_copy(path, text, Path(workdir))
        del text  # a whole-country file is 100 MB: let it go before DuckDB reads it
        _read_records(con, readable, header, source, table)
    _refuse_ragged_records(con, path, header, source, table)
    _number_records(con, table)
    return header


def _header(path: Path, first_line: str, source: LandingSource) -> list[str]:
    if source.delimiter not in first_line:
        # The header reads as one column: say which delimiter it uses, and which columns are then missing.
        missing = [f for f in header_findings(path.name, [first_line.strip()], source) if f.message.endswith("header")]
        raise LandingRejected([_delimiter_finding(path.name, first_line, source), *missing])
    return [name.strip() for name in next(csv.reader([first_line], delimiter=source.delimiter, quotechar='"'))]


def _read_records(
    con: duckdb.DuckDBPyConnection, readable: Path, header: list[str], source: LandingSource, table: str
) -> None:
    positional = {f"c{i}": "VARCHAR" for i in range(len(header))}
    integer = set(source.integer_columns)
    columns = ", ".join(
        f"{normalised_value(f'c{i}', name in integer)} as {quote(name)}" for i, name in enumerate(header)
    )
    # Read and normalised in one pass; with insertion order preserved (DuckDB's default) the table's
    # rowid is then the record's position in the file, written into _rid and _idx below.
    con.execute(
        f"""create or replace temp table {table} as
        select {columns} from read_csv(?, delim = ?, header = false, skip = 1, quote = '"', escape = '"',
            columns = {positional!r}, auto_detect = false, strict_mode = true,
            store_rejects = true, rejects_table = '_rejects_{table}', rejects_scan = '_rejects_scan_{table}')""",
        [str(readable), source.delimiter],
    )


def _refuse_ragged_records(
    con: duckdb.DuckDBPyConnection, path: Path, header: list[str], source: LandingSource, table: str
) -> None:
    ragged = con.execute(f"select line, error_type, error_message from _rejects_{table} order by line").fetchall()
    if ragged:
        found = re.search(r"Found: (\d+)", ragged[0][2] or "")
        raise LandingRejected(
            [
                *header_findings(path.name, header, source),
                Finding(
                    file=path.name,
                    check="row_shape",
                    message=f"expected {len(header)} fields like the header, found {found.group(1) if found else '?'}",
                    rows=tuple(int(line) for line, _, _ in ragged),
                ),
            ]
        )


def _number_records(con: duckdb.DuckDBPyConnection, table: str) -> None:
    con.execute(f"alter table {table} add column _rid bigint")
    con.execute(f"alter table {table} add column _idx bigint")
    con.execute(f"update {table} set _rid = rowid, _idx = rowid")


def read_delimited(path: Path, source: LandingSource):
    """The delivery as a pandas frame of text (index: line minus 2), for readers that need one."""
    con = duckdb.connect()
    try:
        stage_delimited(con, path, source, "delivery")
        frame = con.execute("select * exclude (_rid) from delivery order by _rid").df().set_index("_idx")
    finally:
        con.close()
    frame.index.name = None
    return frame.astype(object).where(frame.notna(), None)
