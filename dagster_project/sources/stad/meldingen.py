"""Reading a city's Opendatasoft extract of service requests (meldingen), CSV export or JSON records API
response, and pseudonymising the reporter before anything reaches the warehouse.

Both forms of one day's extract hold the same records:

* the portal's CSV export: `;`-delimited, UTF-8 (a BOM is accepted), header = the dataset's field names,
  geo_point_2d written as "lat, lon";
* the records API response (/api/explore/v2.1/catalog/datasets/<id>/records): a JSON object
  {"total_count": n, "results": [{field: value, ...}, ...]}, null for an empty field, geo_point_2d as
  {"lon": .., "lat": ..}. An extract whose total_count differs from its number of results is incomplete
  (a page is missing) and is refused.

The reporter's name, e-mail and phone are replaced here, in the reader, by one keyed hash
(HMAC-SHA256, key from the environment variable OBMI_PSEUDONYMISATION_KEY): clear personal data never
reaches a validated frame, the raw tables or anything after them. The same reporter gets the same
pseudonym in every file read with the same key, so repeat reports stay countable without knowing who.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import logging
import os
import re
import secrets
from datetime import date, datetime
from pathlib import Path

import duckdb
import great_expectations.expectations as gxe
import pandas as pd
import pyarrow as pa
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.batch import StagedBatch
from dagster_project.landing.decoding import decode_utf8
from dagster_project.landing.encryption import THROWAWAY_KEYS_ENV, throwaway_keys_allowed
from dagster_project.landing.findings import Finding, LandingRejected, layout_findings
from dagster_project.landing.masking import mask_value
from dagster_project.landing.readers import scratch_connection
from dagster_project.landing.source import FreshnessPolicy, LandingSource, LoadMode, PersonalData

KEY_ENV = "OBMI_PSEUDONYMISATION_KEY"
# Internal: the throwaway key of one run, handed from the landing step to its worker processes.
RUN_THROWAWAY_KEY_ENV = "_OBMI_RUN_THROWAWAY_PSEUDONYMISATION_KEY"
MIN_KEY_LENGTH = 16

# The dataset's published fields, in the portal's order.
MELDINGEN_PUBLISHED_FIELDS = (
    "melding_id",
    "categorie",
    "status",
    "kanaal",
    "aangemaakt_op",
    "gewijzigd_op",
    "afgesloten_op",
    "straat",
    "huisnummer",
    "postcode",
    "gemeente",
    "statistische_sector",
    "geo_point_2d",
    "melder_naam",
    "melder_email",
    "melder_telefoon",
)
PERSONAL_FIELDS = ("melder_naam", "melder_email", "melder_telefoon")
# Where the request was made: kept in raw for the location retention only, then cleared (the sector stays).
LOCATION_FIELDS = ("straat", "huisnummer", "geo_point_2d")
PSEUDONYM_FIELD = "melder_pseudoniem"
# What the reader returns (and the raw table holds): the published fields without the personal ones,
# plus the pseudonym.
MELDINGEN_COLUMNS = (*(f for f in MELDINGEN_PUBLISHED_FIELDS if f not in PERSONAL_FIELDS), PSEUDONYM_FIELD)

log = logging.getLogger(__name__)
_throwaway_key: bytes | None = None


def pseudonymisation_key() -> bytes:
    """The HMAC key from OBMI_PSEUDONYMISATION_KEY. Without it, only where throwaway keys are allowed (the
    demo and the tests, OBMI_THROWAWAY_KEYS=1), a random key is made once per process: pseudonyms are then
    consistent within the run only, fine for invented sample persons but not for a real warehouse that loads
    a new file every day."""
    global _throwaway_key
    problem = key_problem()
    if problem:
        raise ValueError(problem)
    configured = os.environ.get(KEY_ENV)
    if configured:
        return configured.encode("utf-8")
    if _throwaway_key is None and os.environ.get(RUN_THROWAWAY_KEY_ENV):
        # A worker process of this run's landing (landing/parallel.py): the parent's key, so that one run
        # gives one person one pseudonym whichever process read the file.
        _throwaway_key = bytes.fromhex(os.environ[RUN_THROWAWAY_KEY_ENV])
    if _throwaway_key is None:
        _throwaway_key = secrets.token_bytes(32)
        log.warning(
            "%s is not set: reporters are pseudonymised with a throwaway key for this run only. "
            "Set it (and keep it outside the warehouse) before loading real data.",
            KEY_ENV,
        )
    return _throwaway_key


def share_throwaway_key() -> None:
    """Before deliveries are validated in worker processes: a throwaway key, where one is used, goes into
    the environment the workers inherit (only for this process tree; never written anywhere)."""
    if not os.environ.get(KEY_ENV) and not key_problem():
        os.environ[RUN_THROWAWAY_KEY_ENV] = pseudonymisation_key().hex()


def configuration_problems() -> list[str]:
    problem = key_problem()
    return [problem] if problem else []


def key_problem() -> str | None:
    """What keeps the reader from pseudonymising, or None: checked before any delivery is read."""
    configured = os.environ.get(KEY_ENV)
    if configured and len(configured) < MIN_KEY_LENGTH:
        return f"{KEY_ENV} must hold at least {MIN_KEY_LENGTH} characters"
    if not configured and not throwaway_keys_allowed():
        return (
            f"{KEY_ENV} is not set: set it to a secret of at least {MIN_KEY_LENGTH} characters, kept outside the "
            "warehouse and the repository, so a reporter keeps one pseudonym from day to day "
            f"({THROWAWAY_KEYS_ENV}=1 allows a throwaway key, for sample data only)"
        )
    return None


def reporter_identity(name: str | None, email: str | None, phone: str | None) -> str | None:
    """What identifies a reporter, normalised: the e-mail address, else the phone number (digits), else
    the name. None for an anonymous report."""
    if email and email.strip():
        return "email:" + email.strip().lower()
    if phone and re.sub(r"\D", "", phone):
        return "telefoon:" + re.sub(r"\D", "", phone)
    if name and name.strip():
        return "naam:" + " ".join(name.split()).casefold()
    return None


# What a reporter's contact details must look like before they are hashed: a value of another form is a
# shifted column or a typo, and its hash would not match the same reporter's next request.
EMAIL_FORM = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_FORM = re.compile(r"^\+?[0-9 ./()-]+$")
PHONE_DIGITS = range(8, 16)  # a Belgian number has 9 digits (10 with its leading 0), an international one up to 15


def reporter_findings(path: Path, records: list[dict[str, str | None]], lines: list[int]) -> list[Finding]:
    """The reporter's contact details checked in the reader, the only place they exist in clear; the examples
    are masked (l***@e***.org), never the values."""
    emails = [record.get("melder_email") for record in records]
    phones = [record.get("melder_telefoon") for record in records]
    return reporter_column_findings(path, emails, phones, lines)


def reporter_column_findings(
    path: Path, emails: list[str | None], phones: list[str | None], lines: list[int]
) -> list[Finding]:
    """reporter_findings on the columns of e-mail addresses and phone numbers, one value per record."""
    problems: dict[str, tuple[str, list[int], list[str]]] = {
        "melder_email": ("not an e-mail address (a shifted column or a typo in the request system)", [], []),
        "melder_telefoon": ("not a phone number (8 to 15 digits, with +, spaces, dots, slashes or dashes)", [], []),
    }
    for email, phone, line in zip(emails, phones, lines, strict=True):
        email, phone = (email or "").strip(), (phone or "").strip()
        if email and not EMAIL_FORM.match(email):
            problems["melder_email"][1].append(line)
            problems["melder_email"][2].append(mask_value(email))
        if phone and not (PHONE_FORM.match(phone) and len(re.sub(r"\D", "", phone)) in PHONE_DIGITS):
            problems["melder_telefoon"][1].append(line)
            problems["melder_telefoon"][2].append(mask_value(phone))
    return [
        Finding(
            file=path.name,
            check="reporter_contact",
            message=message,
            column=column,
            rows=tuple(rows),
            examples=tuple(examples[:3]),
        )
        for column, (message, rows, examples) in problems.items()
        if rows
    ]


def pseudonym(identity: str | None, key: bytes) -> str | None:
    if identity is None:
        return None
    # hmac.digest: the same HMAC-SHA256 as hmac.new(...).hexdigest(), in one call into OpenSSL.
    return hmac.digest(key, identity.encode("utf-8"), hashlib.sha256).hex()


def _header_findings(file_name: str, header: list[str]) -> list[Finding]:
    # The reporter's fields may be left out of the export altogether (data minimisation, handbook ch. 6).
    return layout_findings(
        file_name, header, MELDINGEN_PUBLISHED_FIELDS, optional=PERSONAL_FIELDS, layout="the dataset's layout"
    )


def _csv_records(path: Path, text: str, delimiter: str) -> tuple[list[dict[str, str | None]], list[int]]:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"'))
    if not rows:
        raise LandingRejected([Finding(file=path.name, check="non_empty", message="the file is empty")])
    header, body = rows[0], rows[1:]
    findings = _header_findings(path.name, header)
    if header != [f for f in MELDINGEN_PUBLISHED_FIELDS if f in header] and not findings:
        findings.append(
            Finding(file=path.name, check="header", message="fields are not in the dataset's order", rows=(1,))
        )
    ragged = tuple(index + 2 for index, row in enumerate(body) if len(row) != len(header) and any(row))
    if ragged:
        findings.append(
            Finding(file=path.name, check="row_shape", message=f"expected {len(header)} fields", rows=ragged)
        )
    if findings:
        raise LandingRejected(findings)
    records, lines = [], []
    absent = dict.fromkeys(f for f in PERSONAL_FIELDS if f not in header)  # left out: data minimisation
    for index, row in enumerate(body):
        if any(row):
            # `value or None`: an empty field is missing (a 2,500-record day reads in a few milliseconds).
            record = dict(zip(header, [value or None for value in row], strict=True))
            record.update(absent)
            records.append(record)
            lines.append(index + 2)
    return records, lines


def _json_value(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dict) and set(value) == {"lon", "lat"}:
        return f"{value['lat']:.5f}, {value['lon']:.5f}"  # as the CSV export writes a geo point
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)  # left for validation to refuse
    return str(value)


def _json_records(path: Path, text: str) -> list[dict[str, str | None]]:
    try:
        response = json.loads(text)
    except json.JSONDecodeError as error:
        raise LandingRejected(
            [
                Finding(
                    file=path.name,
                    check="json",
                    message=f"not valid JSON: {error.msg} (character {error.colno} of the line); "
                    "an interrupted download? Fetch the extract again",
                    rows=(error.lineno,),
                )
            ]
        ) from error
    if not isinstance(response, dict) or not isinstance(response.get("results"), list):
        raise LandingRejected(
            [Finding(file=path.name, check="json", message='expected a records response {"total_count", "results"}')]
        )
    results = response["results"]
    if response.get("total_count") != len(results):
        raise LandingRejected(
            [
                Finding(
                    file=path.name,
                    check="json_complete",
                    message=f"total_count is {response.get('total_count')} but the extract holds {len(results)} "
                    "results: a page of the API response is missing",
                )
            ]
        )
    records, findings = [], []
    for index, result in enumerate(results):
        if not isinstance(result, dict):
            findings.append(Finding(file=path.name, check="json", message=f"result {index} is not an object"))
            continue
        missing = [f for f in MELDINGEN_PUBLISHED_FIELDS if f not in result and f not in PERSONAL_FIELDS]
        extra = [f for f in result if f not in MELDINGEN_PUBLISHED_FIELDS]
        if missing or extra:
            findings.append(
                Finding(
                    file=path.name,
                    check="json_fields",
                    message=f"result {index}: missing fields {missing}, unexpected fields {extra}",
                )
            )
            continue
        records.append({field: _json_value(result.get(field)) for field in MELDINGEN_PUBLISHED_FIELDS})
    if findings:
        raise LandingRejected(findings[:20])
    return records


def _csv_header(path: Path, text: str | bytes, delimiter: str) -> list[str] | None:
    """The CSV export's header, when its records can go through DuckDB's reader with the same line numbers as
    the csv module gives them; None sends the file to the Python reader (which names every problem). `text`
    may be the file's bytes: a batch leaves the encoding to DuckDB, which rejects a line that is not UTF-8.
    Searches within the text, no copies of it: a batch looks at hundreds of files."""
    newline, carriage_return = ("\n", "\r") if isinstance(text, str) else (b"\n", b"\r")
    end = len(text)
    while end and text[end - 1 : end] in (newline, carriage_return):
        end -= 1
    end_of_header = text.find(newline, 0, end)
    # DuckDB skips blank lines, which would shift the line numbers of every later record.
    if end_of_header < 0 or any(
        text.find(blank, end_of_header + 1, end) >= 0
        for blank in (newline + newline, newline + carriage_return + newline)
    ):
        return None
    first_line = text[:end_of_header]
    if isinstance(first_line, bytes):
        try:
            first_line = first_line.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    if '"' in first_line:
        return None
    header = first_line.rstrip("\r").split(delimiter)
    if _header_findings(path.name, header) or header != [f for f in MELDINGEN_PUBLISHED_FIELDS if f in header]:
        return None
    return header


def stage_opendatasoft_meldingen(
    con: duckdb.DuckDBPyConnection, path: Path, source: LandingSource, table: str
) -> list[str] | None:
    """The CSV export staged with DuckDB's own reader: only the reporter's three fields pass through Python,
    to be checked and replaced by their pseudonym. The staged table is the reader's (MELDINGEN_COLUMNS, with
    _rid and _idx as stage_frame gives them). Returns its header, or None when the file needs the Python
    reader: a JSON response, blank lines, a damaged header or records DuckDB does not read cleanly (ragged,
    stray quotes); that reader then finds exactly what is wrong."""
    if path.suffix.lower() != ".csv":
        return None
    header = _csv_header(path, decode_utf8(path), source.delimiter)
    if header is None:
        return None
    # Read on a scratch connection: the clear reporter fields never reach `con`, and a file DuckDB refuses
    # leaves the caller's transaction (the raw load's) intact.
    scratch = scratch_connection()
    try:
        staged = _pseudonymised_records(scratch, path, source, header)
    finally:
        scratch.close()
    if staged is None:
        return None
    con.register("_meldingen_staged", staged)
    con.execute(f"create or replace temp table {table} as select * from _meldingen_staged")
    con.unregister("_meldingen_staged")
    return list(MELDINGEN_COLUMNS)


# A stricter, ASCII-only form of the contact checks above, run in DuckDB over the whole file: a value that
# passes it passes EMAIL_FORM and PHONE_FORM too, so only a file with a value it flags goes through the
# exact check in Python (which names the lines and masks the examples).
EMAIL_SCREEN = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z0-9-]+$"
# PHONE_FORM with its count of digits (PHONE_DIGITS) in one expression: counting the digits apart
# (regexp_replace, then length) took most of the screen's time on a million requests.
PHONE_SCREEN = rf"^\+?[ ./()-]*(?:[0-9][ ./()-]*){{{PHONE_DIGITS.start},{PHONE_DIGITS.stop - 1}}}$"


def _reporter_screen_condition(header: list[str]) -> tuple[str, list] | None:
    """The screen's condition on one record and its parameters; None when the file has no contact columns."""
    conditions, parameters = [], []
    if "melder_email" in header:
        conditions.append("(melder_email is not null and not regexp_full_match(melder_email, ?))")
        parameters.append(EMAIL_SCREEN)
    if "melder_telefoon" in header:
        conditions.append("(melder_telefoon is not null and not regexp_full_match(melder_telefoon, ?))")
        parameters.append(PHONE_SCREEN)
    return (" or ".join(conditions), parameters) if conditions else None


def _reporter_screen_flags(con: duckdb.DuckDBPyConnection, table: str, header: list[str]) -> bool:
    screen = _reporter_screen_condition(header)
    if screen is None:
        return False
    condition, parameters = screen
    return con.execute(f"select exists (select 1 from {table} where {condition})", parameters).fetchone()[0]


def _pseudonymised_records(
    scratch: duckdb.DuckDBPyConnection, path: Path, source: LandingSource, header: list[str]
) -> pa.Table | None:
    """The records as the Python reader gives them (empty fields missing, reporter replaced by the pseudonym),
    as an Arrow table; None when DuckDB's strict reader refuses the file."""
    positional = {f"c{i}": "VARCHAR" for i in range(len(header))}
    try:
        scratch.execute(
            f"""create temp table delivered as
            select * from read_csv(?, delim = ?, header = false, skip = 1, quote = '"', escape = '"',
                columns = {positional!r}, auto_detect = false, strict_mode = true, null_padding = false)""",
            [str(path), source.delimiter],
        )
    except duckdb.Error:
        return None
    # An empty field is missing, as in the Python reader; a record of only empty fields is no record.
    value = {name: f"nullif(c{i}, '')" for i, name in enumerate(header)}
    present = " or ".join(f"{v} is not null" for v in value.values())
    empty_records = scratch.execute(f"select count(*) from delivered where not ({present})").fetchone()[0]
    # _rid numbers the records kept; without empty ones that is the row's own position (no window to compute).
    rid = "rowid" if empty_records == 0 else "row_number() over (order by rowid) - 1"
    scratch.execute(
        f"""create temp table records as
        select {rid} as _rid, rowid as _idx, {", ".join(f'{v} as "{name}"' for name, v in value.items())}
        from delivered where {present}"""
    )
    personal = [f'"{f}"' if f in header else "null" for f in PERSONAL_FIELDS]
    reporters = scratch.execute(f"select _idx, {', '.join(personal)} from records order by _rid").fetchall()
    if _reporter_screen_flags(scratch, "records", header):
        lines = [row[0] + 2 for row in reporters]
        findings = reporter_column_findings(path, [r[2] for r in reporters], [r[3] for r in reporters], lines)
        if findings:
            raise LandingRejected(findings)
    key = pseudonymisation_key()
    pseudonyms = pa.table(
        {PSEUDONYM_FIELD: pa.array([pseudonym(reporter_identity(*r[1:]), key) for r in reporters], pa.string())}
    )
    scratch.register("pseudonyms", pseudonyms)
    kept = ", ".join(f'r."{f}"' for f in MELDINGEN_COLUMNS[:-1])
    return scratch.execute(
        f"""select r._rid, r._idx, {kept}, p.{PSEUDONYM_FIELD}
        from (select * from records order by _rid) as r positional join pseudonyms as p"""
    ).to_arrow_table()


def stage_meldingen_batch(
    con: duckdb.DuckDBPyConnection, paths: list[Path], source: LandingSource, table: str
) -> tuple[list[StagedBatch], list[Path]]:
    """Many CSV exports staged as one table per header (landing/batch.py), each file's records exactly as
    stage_opendatasoft_meldingen stages the file alone. Left out, to be judged one by one: what that stager
    also leaves to the Python reader (a JSON response, blank lines, a damaged header, records DuckDB does
    not read cleanly), a file with a record of only empty fields, and a file the contact or timestamp
    screens flag."""
    by_header: dict[tuple[str, ...], list[Path]] = {}
    left: list[Path] = []
    for path in paths:
        header = None
        if path.suffix.lower() == ".csv":
            header = _csv_header(path, path.read_bytes(), source.delimiter)
        if header is None:
            left.append(path)
        else:
            by_header.setdefault(tuple(header), []).append(path)
    batches = []
    for number, (header, group) in enumerate(by_header.items()):
        batch, rest = _stage_header_group(con, group, source, list(header), f"{table}_{number}")
        batches.append(batch)
        left += rest
    return batches, left


def _stage_header_group(
    con: duckdb.DuckDBPyConnection, paths: list[Path], source: LandingSource, header: list[str], table: str
) -> tuple[StagedBatch, list[Path]]:
    positional = {f"c{i}": "VARCHAR" for i in range(len(header))}
    # The records as a single file's stager sees them (empty fields missing), read and named in one pass:
    # a million-record batch is materialised once more only as the staged table itself. Rejected lines are
    # stored, not raised: one ragged file must not stop the read of the others.
    values = ", ".join(f"nullif(c{i}, '') as \"{name}\"" for i, name in enumerate(header))
    con.execute(
        f"""create or replace temp table {table}_read as
        select {values}, _filename from read_csv(?, delim = ?, header = false, skip = 1, quote = '"',
            escape = '"', columns = {positional!r}, auto_detect = false, strict_mode = true,
            null_padding = false, filename = '_filename', store_rejects = true,
            rejects_table = '{table}_rejects', rejects_scan = '{table}_scan')""",
        [[str(p) for p in paths], source.delimiter],
    )
    days = [MELDINGEN.period_of(p) for p in paths]
    files = pa.table(
        {
            "_file": pa.array(range(len(paths)), pa.int64()),
            "_filename": pa.array([str(p) for p in paths], pa.string()),
            "_extract_day": pa.array([date.fromisoformat(d) if d else None for d in days], pa.date32()),
        }
    )
    con.register(f"{table}_files", files)
    # Each record's number within its file: the read keeps the order of the files and of their lines, so it
    # is the row's position less that of its file's first row (a grouping, cheaper than a window).
    con.execute(
        f"""create or replace temp table {table}_first as
        select f._file, f._filename, f._extract_day, m._first
        from {table}_files as f inner join (
            select _filename, min(rowid) as _first from {table}_read group by all) as m using (_filename)"""
    )
    records = f"{table}_read as r inner join {table}_first as f on r._filename = f._filename"
    present = " or ".join(f'r."{name}" is not null' for name in header)
    timestamps, timestamp_parameters = _timestamp_screen_condition("f._extract_day")
    # A file is left to be judged alone when DuckDB rejected a line of it, or when a record of it is empty or
    # flagged by the timestamp or contact screen: the record screens in one scan of the batch.
    flagged, parameters = [f"not ({present})", timestamps], list(timestamp_parameters)
    reporter = _reporter_screen_condition(header)
    if reporter is not None:
        flagged.append(reporter[0])
        parameters += reporter[1]
    rejected = (
        f"select distinct f._file from {table}_rejects as j inner join {table}_scan as s using (scan_id, file_id) "
        f"inner join {table}_first as f on s.file_path = f._filename"
    )
    left = {row[0] for row in con.execute(rejected).fetchall()}
    screen = " or ".join(f"coalesce({condition}, false)" for condition in flagged)
    left.update(
        row[0] for row in con.execute(f"select distinct f._file from {records} where {screen}", parameters).fetchall()
    )
    # One pseudonym per distinct reporter (a reporter who asks often is hashed once).
    personal = [f'r."{f}"' if f in header else "cast(null as varchar)" for f in PERSONAL_FIELDS]
    reporters = con.execute(
        f"""select distinct {", ".join(personal)} from {records}
        where f._file not in (select unnest(?::bigint[]))""",
        [sorted(left)],
    ).fetchall()
    key = pseudonymisation_key()
    pseudonyms = pa.table(
        {
            **{f"p{i}": pa.array([r[i] for r in reporters], pa.string()) for i in range(len(PERSONAL_FIELDS))},
            PSEUDONYM_FIELD: pa.array([pseudonym(reporter_identity(*r), key) for r in reporters], pa.string()),
        }
    )
    con.register(f"{table}_pseudonyms", pseudonyms)
    matches = " and ".join(f"{column} is not distinct from p.p{i}" for i, column in enumerate(personal))
    kept = ", ".join(f'r."{f}"' if f in header else f'cast(null as varchar) as "{f}"' for f in MELDINGEN_COLUMNS[:-1])
    con.execute(
        f"""create or replace temp table {table} as
        select f._file, r.rowid - f._first as _rid, r.rowid - f._first as _idx, {kept}, p.{PSEUDONYM_FIELD}
        from {records} left join {table}_pseudonyms as p on {matches}
        where f._file not in (select unnest(?::bigint[]))""",
        [sorted(left)],
    )
    con.unregister(f"{table}_pseudonyms")
    con.execute(f"drop table {table}_read")
    con.execute(f"drop table {table}_first")
    con.unregister(f"{table}_files")
    staged = {n: path for n, path in enumerate(paths) if n not in left}
    return StagedBatch(table=table, header=list(MELDINGEN_COLUMNS), files=staged), [paths[n] for n in sorted(left)]


def read_opendatasoft_meldingen(path: Path, source: LandingSource) -> pd.DataFrame:
    """Read one day's extract (.csv or .json) into text values, reporter pseudonymised (MELDINGEN_COLUMNS)."""
    text = decode_utf8(path)
    if path.suffix.lower() == ".json":
        records, index = _json_records(path, text), None
        lines = [i + 2 for i in range(len(records))]  # a result's position, as findings of a JSON file give it
    else:
        records, lines = _csv_records(path, text, source.delimiter)
        index = [line - 2 for line in lines]  # findings then name the CSV line
    findings = reporter_findings(path, records, lines)
    if findings:
        raise LandingRejected(findings)
    key = pseudonymisation_key()
    columns = {field: [record[field] for record in records] for field in MELDINGEN_COLUMNS[:-1]}
    columns[PSEUDONYM_FIELD] = [
        pseudonym(reporter_identity(*(record[f] for f in PERSONAL_FIELDS)), key) for record in records
    ]
    frame = pd.DataFrame(columns, columns=list(MELDINGEN_COLUMNS), dtype="object")
    if index is not None:
        frame.index = pd.Index(index)
    return frame


# A service request created before this day is a conversion error (an epoch or blank default such as
# 1970-01-01 or 1900-01-01), not an old request: the cities' request systems started long after.
EARLIEST_REQUEST_DAY = date(2000, 1, 1)


TIMESTAMP_COLUMNS = ("aangemaakt_op", "gewijzigd_op", "afgesloten_op")


def _moment(value: str | None) -> datetime | None:
    """A timestamp as an aware datetime; None where empty, not ISO 8601 or without its offset (the regex
    reports those). Kept out of pandas: there a missing moment would become NaT, which cannot be compared
    with a date."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def _timestamp_finding(
    path: Path, lines: list[int], values: list[str | None], column: str, check: str, message: str, bad: list[bool]
) -> list[Finding]:
    positions = [i for i, flagged in enumerate(bad) if flagged]
    if not positions:
        return []
    return [
        Finding(
            file=path.name,
            check=check,
            message=message,
            column=column,
            rows=tuple(lines[i] for i in positions),
            examples=tuple(str(values[i]) for i in positions[:3]),
        )
    ]


def _timestamp_screen_condition(extract_day: str | None) -> tuple[str, list]:
    """The condition of the screen below on one record, and its parameters; `extract_day` is SQL giving the
    day of the record's extract (a parameter, or a column when many files are screened at once)."""
    # Every reader stages all MELDINGEN_COLUMNS (a column left out of the export is staged empty).
    columns = TIMESTAMP_COLUMNS
    other_form = " or ".join(f"({c} is not null and not regexp_full_match({c}, ?))" for c in columns)
    last_day = "" if extract_day is None else f" or try_cast(substr(aangemaakt_op, 1, 10) as date) > {extract_day}"
    condition = f"""{other_form}
        or (try_cast(aangemaakt_op as timestamptz) is not null and (
            try_cast(substr(aangemaakt_op, 1, 10) as date) < ?{last_day}))
        or try_cast(gewijzigd_op as timestamptz) < try_cast(aangemaakt_op as timestamptz)
        or try_cast(afgesloten_op as timestamptz) < try_cast(aangemaakt_op as timestamptz)"""
    return condition, [LOCAL_TIMESTAMP] * len(columns) + [EARLIEST_REQUEST_DAY]


def _timestamp_screen_flags(con: duckdb.DuckDBPyConnection, table: str, extract_day: date | None) -> bool:
    """Whether a timestamp of the staged file may fail the checks below. Where every timestamp has the
    portal's form (LOCAL_TIMESTAMP), DuckDB reads the same moments as Python does, so a file with none out
    of range or out of order passes both. A timestamp of another form (which the regex expectation refuses
    anyway) sends the file to the exact check, as Python may read forms DuckDB does not."""
    condition, parameters = _timestamp_screen_condition(None if extract_day is None else "?")
    query = f"select exists (select 1 from {table} where {condition})"
    return con.execute(query, parameters + ([extract_day] if extract_day else [])).fetchone()[0]


def meldingen_timestamp_findings(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> list[Finding]:
    """Dates a regex cannot judge: a request is created on or before the day of its extract and not before
    2000, and it is changed and closed on or after it was created (compared as moments, so the hour that
    repeats when summer time ends compares right). DuckDB screens the file first; only a file the screen
    flags has its three timestamp columns judged in Python."""
    period = MELDINGEN.period_of(path)
    extract_day = date.fromisoformat(period) if period else None
    if not _timestamp_screen_flags(con, table, extract_day):
        return []
    records = con.execute(f"select _idx, {', '.join(TIMESTAMP_COLUMNS)} from {table} order by _rid").fetchall()
    lines = [int(record[0]) + 2 for record in records]
    values = {column: [record[i + 1] for record in records] for i, column in enumerate(TIMESTAMP_COLUMNS)}
    created = [_moment(value) for value in values["aangemaakt_op"]]
    out_of_range = [
        m is not None and (m.date() < EARLIEST_REQUEST_DAY or (extract_day is not None and m.date() > extract_day))
        for m in created
    ]
    findings = _timestamp_finding(
        path,
        lines,
        values["aangemaakt_op"],
        "aangemaakt_op",
        "timestamp_range",
        f"created outside {EARLIEST_REQUEST_DAY.isoformat()} .. {extract_day or 'the extract day'} "
        "(a request cannot be created after the day of its extract)",
        out_of_range,
    )
    for column, verb in (("gewijzigd_op", "changed"), ("afgesloten_op", "closed")):
        later = [_moment(value) for value in values[column]]
        before = [c is not None and m is not None and m < c for c, m in zip(created, later, strict=True)]
        findings += _timestamp_finding(
            path,
            lines,
            values[column],
            column,
            "timestamp_order",
            f"{verb} before the request was created (aangemaakt_op)",
            before,
        )
    return findings


# ISO 8601 with the Europe/Brussels offset, as the portal writes datetimes: 2025-03-10T08:15:00+01:00.
LOCAL_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:00$"
SECTOR_CODE = r"^\d{5}[A-Z][0-9A-Z]{2}[0-9A-Z-]$"  # Statbel statistical sector, e.g. 44021A00-


def _meldingen_values() -> list[Expectation]:
    required = ["melding_id", "categorie", "status", "kanaal", "aangemaakt_op", "gewijzigd_op", "statistische_sector"]
    return [
        *(gxe.ExpectColumnValuesToNotBeNull(column=column) for column in required),
        gxe.ExpectColumnValuesToBeUnique(column="melding_id"),  # one record per request in a day's extract
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=["Nieuw", "In behandeling", "Afgesloten"]),
        gxe.ExpectColumnValuesToBeInSet(column="kanaal", value_set=["App", "Website", "Telefoon", "E-mail", "Balie"]),
        gxe.ExpectColumnValuesToMatchRegex(column="aangemaakt_op", regex=LOCAL_TIMESTAMP),
        gxe.ExpectColumnValuesToMatchRegex(column="gewijzigd_op", regex=LOCAL_TIMESTAMP),
        gxe.ExpectColumnValuesToMatchRegex(column="afgesloten_op", regex=LOCAL_TIMESTAMP),
        gxe.ExpectColumnValuesToMatchRegex(column="statistische_sector", regex=SECTOR_CODE),
        gxe.ExpectColumnValuesToMatchRegex(column="postcode", regex=r"^\d{4}$"),
        # The reader leaves nothing but a keyed hash of the reporter: 64 hexadecimal characters.
        gxe.ExpectColumnValuesToMatchRegex(column="melder_pseudoniem", regex=r"^[0-9a-f]{64}$"),
    ]


MELDINGEN = LandingSource(
    name="meldingen",
    description="Service requests (meldingen) from the city's open data portal (Opendatasoft): one extract per "
    "day of the requests created or changed that day, as the portal's CSV export or the records API's JSON "
    "response. The reporter is pseudonymised by the reader (HMAC-SHA256, key OBMI_PSEUDONYMISATION_KEY).",
    # meldingen_2025-03-10.csv as the export names it, or meldingen_20250310.csv (the handbook's example).
    file_pattern=re.compile(r"meldingen_(?P<period>\d{4}-\d{2}-\d{2}|\d{8})\.(?:csv|json)", re.IGNORECASE),
    columns=MELDINGEN_COLUMNS,
    delimiter=";",
    load_mode=LoadMode.PER_FILE,
    publisher_url="https://data.stad.gent/explore/",
    value_suite=_meldingen_values,
    reader=read_opendatasoft_meldingen,
    stager=stage_opendatasoft_meldingen,
    batch_stager=stage_meldingen_batch,
    table_checks=meldingen_timestamp_findings,
    freshness=FreshnessPolicy(
        3, None, rhythm="the city's daily extract; 3 days allow a weekend or a one-day outage of the export"
    ),
    name_hint="meldingen",
    personal_data=PersonalData(
        columns=PERSONAL_FIELDS,
        location_columns=LOCATION_FIELDS,
        # The template's default; the city's DPO confirms it in the register of processing activities.
        legal_ground="AVG art. 6.1.e (taak van algemeen belang: meldingen behandelen); verdere verwerking voor "
        "statistiek en beleid met waarborgen (art. 89: pseudonimisering, minimale gegevens)",
        # A quarter: long enough to reload after a fault found at the monthly review, then the raw rows remain.
        archive_retention_days=90,
        # A year: the yearly report on requests per street section may still need it; the sector stays after.
        location_retention_days=365,
    ),
    configuration_problems=configuration_problems,
    worker_setup=share_throwaway_key,
)
