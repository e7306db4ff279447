"""One way in for every delivery: staged as a DuckDB table of text values, whatever its format. Delimited
text goes straight through DuckDB's CSV reader; a source with a reader of its own (a workbook, a pivot to
unpivot, a JSON API response, a reporter to pseudonymise) gives a frame that DuckDB then scans. Validation
and the raw load both read the staged table, so they see exactly the same values."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dagster_project.landing.delimited import read_delimited, stage_delimited
from dagster_project.landing.findings import Finding, LandingRejected
from dagster_project.landing.source import LandingSource


@cache
def _scratch_database() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def scratch_connection() -> duckdb.DuckDBPyConnection:
    """A connection of its own to one in-memory database per process (opening a database costs 10-20 ms a
    file): its temporary tables are its own and go when it closes, and a statement that fails there leaves
    the caller's transaction (the raw load's) untouched."""
    return _scratch_database().cursor()


@dataclass(frozen=True)
class Staged:
    table: str
    header: list[str]
    rows: int
    frame: pd.DataFrame | None  # the reader's frame, when the source has a reader of its own


def _text_array(column: pd.Series) -> pa.Array:
    """A frame column as Arrow text: str() of each value, null where pandas sees a missing one (None, NaN,
    NA). DuckDB must not guess a type from a pandas object column. A column of text and missing values only
    (what the readers give) converts in Arrow itself; any other value is converted in Python, one by one."""
    try:
        return pa.array(column.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    present = column.notna().tolist()
    values = column.tolist()
    return pa.array([str(v) if keep else None for v, keep in zip(values, present, strict=True)], type=pa.string())


def _unique_names(names: list[str]) -> list[str]:
    """A header that repeats a column (a broken delivery, refused by the structure check) still stages: the
    repeat becomes name_1, as DuckDB names it."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        unique.append(name if count == 0 else f"{name}_{count}")
    return unique


def stage_frame(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, table: str) -> None:
    """A reader's frame as a staged table: _rid is the record's position, _idx the frame's index (the line
    minus 2; a reader that unpivots gives several records the index of their line). Handed to DuckDB as an
    Arrow table of text columns (a tenth of the time of scanning pandas object columns)."""
    arrays = [
        pa.array(range(len(frame)), type=pa.int64()),
        pa.array([int(i) for i in frame.index], type=pa.int64()),
        *(_text_array(frame.iloc[:, position]) for position in range(frame.shape[1])),
    ]
    names = _unique_names(["_rid", "_idx", *(str(c) for c in frame.columns)])
    con.register("_frame", pa.Table.from_arrays(arrays, names=names))
    con.execute(f"create or replace temp table {table} as select * from _frame")
    con.unregister("_frame")


def stage_delivery(con: duckdb.DuckDBPyConnection, path: Path, source: LandingSource, table: str) -> Staged:
    """Stage one delivery in `con`. Raises LandingRejected when the file cannot be read as the source's
    format; any other error of a reader becomes a finding too, so no delivery crashes the run."""
    try:
        header = source.stager(con, path, source, table) if source.stager is not None else None
        frame = None
        if header is None and source.reader is None:
            header = stage_delimited(con, path, source, table)
        elif header is None:
            frame = source.reader(path, source)
            stage_frame(con, frame, table)
            header = [str(c) for c in frame.columns]
    except LandingRejected:
        raise
    except (csv.Error, duckdb.Error, ValueError, TypeError, KeyError, IndexError, UnicodeError, OSError) as error:
        # csv.Error: an unbalanced quote can make one field swallow the rest of the file (a reader of its own).
        raise LandingRejected(
            [Finding(file=path.name, check="read", message=f"could not be read as {source.name}: {error}")]
        ) from error
    rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    return Staged(table=table, header=header, rows=rows, frame=frame)


def read_delivery(path: Path, source: LandingSource) -> pd.DataFrame:
    """The delivery as a pandas frame of text values (index: line minus 2), for tests and small lookups."""
    if source.reader is None:
        return read_delimited(path, source)
    return source.reader(path, source)
