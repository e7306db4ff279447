"""Loading validated deliveries into the raw schema of the build database.

Raw tables hold the publication's columns as text (lower-cased names), plus audit columns:
_source_file, _file_sha256, _file_period, _row_number (line in the file) and _loaded_at.
raw._load_log records every load. Loading a file whose content was loaded before is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.sources.base import LandingSource, LoadMode, raw_column_name

RAW_SCHEMA = "raw"
LOAD_LOG = f"{RAW_SCHEMA}._load_log"
AUDIT_COLUMNS = ("_source_file", "_file_sha256", "_file_period", "_row_number", "_loaded_at")


@dataclass(frozen=True)
class LoadOutcome:
    file: str
    sha256: str
    rows: int
    loaded: bool  # False when the same content was already loaded


def connect(database: Path) -> duckdb.DuckDBPyConnection:
    database.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(database))


def ensure_tables(con: duckdb.DuckDBPyConnection, source: LandingSource) -> None:
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(
        f"""create table if not exists {LOAD_LOG} (
            source varchar, source_file varchar, file_sha256 varchar, row_count bigint,
            loaded_at timestamp, is_current boolean)"""
    )
    data_columns = ", ".join(f"{raw_column_name(c)} varchar" for c in source.columns)
    con.execute(
        f"""create table if not exists {RAW_SCHEMA}.{source.name} (
            {data_columns}, _source_file varchar, _file_sha256 varchar, _file_period varchar,
            _row_number bigint, _loaded_at timestamp)"""
    )


def already_loaded(con: duckdb.DuckDBPyConnection, source: LandingSource, file: str, sha256: str) -> bool:
    found = con.execute(
        f"select count(*) from {LOAD_LOG} where source = ? and source_file = ? and file_sha256 = ? and is_current",
        [source.name, file, sha256],
    ).fetchone()
    return bool(found and found[0])


def load_frame(
    con: duckdb.DuckDBPyConnection,
    source: LandingSource,
    path: Path,
    sha256: str,
    frame: pd.DataFrame,
) -> LoadOutcome:
    """Replace what this delivery supersedes and insert it, in one transaction."""
    if already_loaded(con, source, path.name, sha256):
        return LoadOutcome(file=path.name, sha256=sha256, rows=len(frame), loaded=False)

    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    staged = frame.rename(columns={c: raw_column_name(c) for c in frame.columns}).copy()
    staged["_source_file"] = path.name
    staged["_file_sha256"] = sha256
    staged["_file_period"] = source.period_of(path)
    staged["_row_number"] = range(2, len(frame) + 2)
    staged["_loaded_at"] = loaded_at
    columns = [raw_column_name(c) for c in source.columns] + list(AUDIT_COLUMNS)
    column_list = ", ".join(columns)

    con.execute("begin transaction")
    try:
        if source.load_mode is LoadMode.SNAPSHOT:
            con.execute(f"delete from {RAW_SCHEMA}.{source.name}")
            con.execute(f"update {LOAD_LOG} set is_current = false where source = ?", [source.name])
        else:
            con.execute(f"delete from {RAW_SCHEMA}.{source.name} where _source_file = ?", [path.name])
            con.execute(
                f"update {LOAD_LOG} set is_current = false where source = ? and source_file = ?",
                [source.name, path.name],
            )
        con.register("delivery", staged[columns])
        con.execute(f"insert into {RAW_SCHEMA}.{source.name} ({column_list}) select {column_list} from delivery")
        con.unregister("delivery")
        con.execute(
            f"insert into {LOAD_LOG} values (?, ?, ?, ?, ?, true)",
            [source.name, path.name, sha256, len(frame), loaded_at],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return LoadOutcome(file=path.name, sha256=sha256, rows=len(frame), loaded=True)
