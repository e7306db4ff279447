"""The raw store: where validated deliveries land, behind one narrow interface (RawStore) so that loading
raw straight into PostgreSQL or Spark is one more implementation, not a change to the landing engine.

Raw tables hold the publication's columns as text (lower-cased names), plus audit columns:
_source_file, _file_sha256, _file_period, _row_number (line in the file) and _loaded_at.
raw._load_log records every load. Loading a file whose content was loaded before is a no-op.

DuckDBRawStore reads each delivery with DuckDB's own readers straight into the build database (the same
staging as validation, so raw holds exactly the values that were validated); no record passes through
Python for delimited sources.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import duckdb

from dagster_project.landing.delimited import quote, quote_literal
from dagster_project.landing.permissions import PRIVATE_FILE
from dagster_project.landing.readers import stage_delivery
from dagster_project.landing.source import LandingSource, LoadMode, raw_column_name

RAW_SCHEMA = "raw"
LOAD_LOG = f"{RAW_SCHEMA}._load_log"
AUDIT_COLUMNS = ("_source_file", "_file_sha256", "_file_period", "_row_number", "_loaded_at")


@dataclass(frozen=True)
class LoadOutcome:
    file: str
    sha256: str
    rows: int
    loaded: bool  # False when the same content was already loaded


class RawStore(Protocol):
    """What the landing engine needs from the place raw data lives."""

    def current_loads(self, source: LandingSource) -> dict[str, tuple[str, int]]:
        """(sha256, rows) of the current load of each file of the source, by file name (empty when none)."""

    def load(self, source: LandingSource, path: Path, sha256: str, handover: Path | None = None) -> LoadOutcome:
        """Replace what this delivery supersedes and insert it, in one transaction; a no-op when the same
        content is the current load. With a hand-over from landing, its validated records are loaded."""

    def load_all(self, source: LandingSource, deliveries: list[tuple[Path, str, Path | None]]) -> list[LoadOutcome]:
        """Load a run's accepted deliveries (path, sha256, hand-over) of one source in one transaction: the
        source's raw table changes as a whole or not at all."""

    def row_count(self, source: LandingSource) -> int: ...

    def freshness_facts(self, source: LandingSource, period_column: str | None) -> tuple[datetime | None, str | None]:
        """(when the newest delivery was first loaded, the newest period)."""

    def clear_locations(self, source: LandingSource, columns: tuple[str, ...], loaded_before: datetime) -> int:
        """Empty the precise-location columns of rows loaded before the moment, so that no trace of the values
        stays in the store's files; returns the rows cleared."""


class DuckDBRawStore:
    """The raw schema of the build database. Open it in a `with` block: DuckDB takes one writer per file,
    so the connection is released as soon as the loads are done, before dbt starts."""

    def __init__(self, database: Path, read_only: bool = False):
        self.database = database
        self.read_only = read_only
        self.con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> DuckDBRawStore:
        if not self.read_only:
            self.database.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.database), read_only=self.read_only)
        return self

    def __exit__(self, *exc) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def _has_table(self, name: str) -> bool:
        return bool(
            self.con.execute(
                "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", [RAW_SCHEMA, name]
            ).fetchone()[0]
        )

    def ensure_tables(self, source: LandingSource) -> None:
        self.con.execute(f"create schema if not exists {RAW_SCHEMA}")
        self.con.execute(
            f"""create table if not exists {LOAD_LOG} (
                source varchar, source_file varchar, file_sha256 varchar, row_count bigint,
                loaded_at timestamp, is_current boolean)"""
        )
        data_columns = ", ".join(f"{raw_column_name(c)} varchar" for c in source.columns)
        self.con.execute(
            f"""create table if not exists {RAW_SCHEMA}.{source.name} (
                {data_columns}, _source_file varchar, _file_sha256 varchar, _file_period varchar,
                _row_number bigint, _loaded_at timestamp)"""
        )

    def previous_row_counts(self, source: LandingSource) -> dict[str, int]:
        return {name: rows for name, (_sha256, rows) in self.current_loads(source).items()}

    def current_loads(self, source: LandingSource) -> dict[str, tuple[str, int]]:
        if not self._has_table("_load_log"):
            return {}
        rows = self.con.execute(
            f"select source_file, file_sha256, row_count from {LOAD_LOG} where source = ? and is_current", [source.name]
        ).fetchall()
        return {name: (sha256, count) for name, sha256, count in rows}

    def already_loaded(self, source: LandingSource, file: str, sha256: str) -> bool:
        found = self.con.execute(
            f"select count(*) from {LOAD_LOG} where source = ? and source_file = ? and file_sha256 = ? and is_current",
            [source.name, file, sha256],
        ).fetchone()
        return bool(found and found[0])

    def load(self, source: LandingSource, path: Path, sha256: str, handover: Path | None = None) -> LoadOutcome:
        return self.load_all(source, [(path, sha256, handover)])[0]

    def load_all(self, source: LandingSource, deliveries: list[tuple[Path, str, Path | None]]) -> list[LoadOutcome]:
        self.ensure_tables(source)
        con = self.con
        outcomes = []
        # The current loads, read once: which files are loaded already with these bytes, and which replace
        # an earlier load of the same name (only those need a delete, which scans the raw table).
        current = self.current_loads(source)
        batch = self._batchable(source, deliveries, current)
        con.execute("begin transaction")
        try:
            by_file = self._load_batch(source, batch, current) if batch else {}
            for path, sha256, handover in deliveries:
                if path.name in by_file:
                    outcomes.append(by_file[path.name])
                else:
                    outcomes.append(self._load_one(source, path, sha256, handover, current))
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        finally:
            con.execute("drop table if exists _delivery")
        for _path, _sha256, handover in deliveries:
            if handover is not None:
                handover.unlink(missing_ok=True)  # loaded (or loaded before): it has served its purpose
        return outcomes

    @staticmethod
    def _batchable(
        source: LandingSource, deliveries: list[tuple[Path, str, Path | None]], current: dict[str, tuple[str, int]]
    ) -> list[tuple[Path, str, Path]]:
        """New files of a per-file source with their hand-over (two years of daily extracts on a new
        warehouse): loaded with one insert, which costs a fraction of one insert per file."""
        if source.load_mode is not LoadMode.PER_FILE:
            return []
        names = [path.name for path, _, _ in deliveries]
        batch = [
            (path, sha256, handover)
            for path, sha256, handover in deliveries
            if handover is not None and handover.exists() and path.name not in current and names.count(path.name) == 1
        ]
        return batch if len(batch) >= 2 else []

    def _load_batch(
        self, source: LandingSource, batch: list[tuple[Path, str, Path]], current: dict[str, tuple[str, int]]
    ) -> dict[str, LoadOutcome]:
        con = self.con
        loaded_at = datetime.now(UTC).replace(tzinfo=None)
        con.execute(
            "create or replace temp table _batch_files "
            "(handover varchar, source_file varchar, sha256 varchar, period varchar)"
        )
        con.executemany(
            "insert into _batch_files values (?, ?, ?, ?)",
            [(str(h), p.name, sha, source.period_of(p)) for p, sha, h in batch],
        )
        scan = (
            f"read_parquet([{', '.join(quote_literal(h) for _, _, h in batch)}], "
            "filename = '_handover_file', union_by_name = true)"
        )
        header = [row[0] for row in con.execute(f"describe select * from {scan}").fetchall()]
        # No order by: _row_number carries each record's line, and sorting millions of rows costs memory.
        # A column the source allows a delivery to leave out (data minimisation) is loaded empty.
        values = [f"d.{quote(c)}" if c in header else "cast(null as varchar)" for c in source.columns]
        targets = [raw_column_name(c) for c in source.columns] + list(AUDIT_COLUMNS)
        con.execute(
            f"""insert into {RAW_SCHEMA}.{source.name} ({", ".join(targets)})
            select {", ".join(values)}, f.source_file, f.sha256, f.period, d._idx + 2, ?
            from {scan} as d inner join _batch_files as f on d._handover_file = f.handover""",
            [loaded_at],
        )
        # Each file's record count from the Parquet footers: exact, without reading the records a second time.
        counts = dict(
            con.execute(
                f"""select f.source_file, coalesce(sum(m.num_rows), 0) from _batch_files as f
                left join parquet_file_metadata([{", ".join(quote_literal(h) for _, _, h in batch)}]) as m
                    on m.file_name = f.handover
                group by f.source_file"""
            ).fetchall()
        )
        con.executemany(
            f"insert into {LOAD_LOG} values (?, ?, ?, ?, ?, true)",
            [(source.name, p.name, sha, counts[p.name], loaded_at) for p, sha, _ in batch],
        )
        con.execute("drop table _batch_files")
        outcomes = {}
        for path, sha256, _ in batch:
            current[path.name] = (sha256, counts[path.name])
            outcomes[path.name] = LoadOutcome(file=path.name, sha256=sha256, rows=counts[path.name], loaded=True)
        return outcomes

    def _load_one(
        self,
        source: LandingSource,
        path: Path,
        sha256: str,
        handover: Path | None,
        current: dict[str, tuple[str, int]],
    ) -> LoadOutcome:
        known = current.get(path.name)
        if known is not None and known[0] == sha256:
            return LoadOutcome(file=path.name, sha256=sha256, rows=known[1], loaded=False)
        con = self.con
        if handover is not None and handover.exists():
            # Straight from the hand-over's Parquet file: no staging table in between.
            delivery = f"read_parquet({quote_literal(handover)})"
            header = [row[0] for row in con.execute(f"describe select * from {delivery}").fetchall()]
        else:
            staged = stage_delivery(con, path, source, "_delivery")
            delivery, header = "_delivery", staged.header
        loaded_at = datetime.now(UTC).replace(tzinfo=None)
        # A column the source allows a delivery to leave out (data minimisation) is loaded empty.
        values = [quote(c) if c in header else "cast(null as varchar)" for c in source.columns]
        targets = [raw_column_name(c) for c in source.columns] + list(AUDIT_COLUMNS)
        if source.load_mode is LoadMode.SNAPSHOT:
            con.execute(f"delete from {RAW_SCHEMA}.{source.name}")
            con.execute(f"update {LOAD_LOG} set is_current = false where source = ?", [source.name])
        elif known is not None:
            con.execute(f"delete from {RAW_SCHEMA}.{source.name} where _source_file = ?", [path.name])
            con.execute(
                f"update {LOAD_LOG} set is_current = false where source = ? and source_file = ?",
                [source.name, path.name],
            )
        rows = con.execute(
            f"""insert into {RAW_SCHEMA}.{source.name} ({", ".join(targets)})
            select {", ".join(values)}, ?, ?, ?, _idx + 2, ? from {delivery} order by _rid""",
            [path.name, sha256, source.period_of(path), loaded_at],
        ).fetchone()[0]
        con.execute(
            f"insert into {LOAD_LOG} values (?, ?, ?, ?, ?, true)", [source.name, path.name, sha256, rows, loaded_at]
        )
        con.execute("drop table if exists _delivery")
        current[path.name] = (sha256, rows)  # a later delivery of the same name in this batch replaces it
        return LoadOutcome(file=path.name, sha256=sha256, rows=rows, loaded=True)

    def row_count(self, source: LandingSource) -> int:
        if not self._has_table(source.name):
            return 0
        return int(self.con.execute(f"select count(*) from {RAW_SCHEMA}.{source.name}").fetchone()[0])

    def freshness_facts(self, source: LandingSource, period_column: str | None) -> tuple[datetime | None, str | None]:
        if not self._has_table(source.name):
            return None, None
        period = period_column or "_file_period"
        return self.con.execute(f"select max(_loaded_at), max({period}) from {RAW_SCHEMA}.{source.name}").fetchone()

    def located_rows_loaded_before(self, source: LandingSource, columns: tuple[str, ...], moment: datetime) -> int:
        if not self._has_table(source.name):
            return 0
        located = " or ".join(f"{raw_column_name(c)} is not null" for c in columns)
        return int(
            self.con.execute(
                f"select count(*) from {RAW_SCHEMA}.{source.name} where _loaded_at < ? and ({located})",
                [moment.astimezone(UTC).replace(tzinfo=None)],
            ).fetchone()[0]
        )

    def clear_locations(self, source: LandingSource, columns: tuple[str, ...], loaded_before: datetime) -> int:
        """Set the columns to null on rows loaded before the moment, then rewrite the database file: DuckDB
        reuses the blocks an update frees but does not wipe them, so the old values would stay in the file."""
        moment = loaded_before.astimezone(UTC).replace(tzinfo=None)
        rows = self.located_rows_loaded_before(source, columns, loaded_before)
        if not rows:
            return 0
        assignments = ", ".join(f"{raw_column_name(c)} = null" for c in columns)
        self.con.execute(f"update {RAW_SCHEMA}.{source.name} set {assignments} where _loaded_at < ?", [moment])
        self.con.close()
        self.con = None
        compact_database(self.database)
        self.con = duckdb.connect(str(self.database))
        return rows


def compact_database(database: Path) -> None:
    """Rewrite the database file with its live data only (tables, views, everything in it), in a fresh file
    that replaces the old one in one step. Needs the file to be closed by every other connection."""
    fresh = database.with_name(f".{database.name}.compacting")
    fresh.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        # The file keeps its own catalog name (dbt's views name it), the fresh file gets another one.
        con.execute(f"attach {quote_literal(database)} as {quote(database.stem)} (read_only)")
        con.execute(f"attach {quote_literal(fresh)} as _compacting")
        con.execute(f"copy from database {quote(database.stem)} to _compacting")
        con.execute("detach _compacting")
        con.execute(f"detach {quote(database.stem)}")
    finally:
        con.close()
    os.chmod(fresh, PRIVATE_FILE)
    fresh.replace(database)
    database.with_name(database.name + ".wal").unlink(missing_ok=True)


def current_loads(build_db: Path, source: LandingSource) -> dict[str, tuple[str, int]]:
    """Read-only: (sha256, rows) of the current load per file, for the plausibility check at landing and to
    leave files alone that are loaded already."""
    if not build_db.exists():
        return {}
    with DuckDBRawStore(build_db, read_only=True) as store:
        return store.current_loads(source)
