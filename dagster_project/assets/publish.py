"""Publication: read-only copies of the marts for BI tools, replaced atomically.

DuckDB allows one writer per file. The pipeline writes only to the build database; readers (Power BI,
notebooks) open a published copy read-only. A copy is written to a temporary file next to the published
one and renamed over it in one step, so a reader never sees a half-written file and a failed build
leaves the previous publication untouched.

Two copies, for two audiences:
* `obmi.duckdb` (open): every mart except those marked `meta: {publication: internal}` in dbt. What is
  in it may leave the organisation: aggregates, with disclosure control on figures about persons.
* `obmi_intern.duckdb` (internal): every mart, the request-level service-request fact included, for
  staff with a documented purpose (see the handbook, chapter 9); protect the folder accordingly.

Both copies carry the dbt descriptions as table and column comments, so whoever opens the file in a
BI tool or DuckDB sees what a column means (`duckdb_columns()`, Power BI's field descriptions).

A republication writes only what changed: a table whose fingerprint equals the build's is kept, and the
table of an incremental dbt model is updated in place with the rows dbt wrote since (a daily file changes a
few thousand of the indicator mart's 447,000 rows), checked against the build table's fingerprint.
"""

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.handover.dbt_docs import ModelDoc, model_docs
from dagster_project.resources import WarehouseLocations
from dagster_project.settings import INTERNAL_DB_NAME, PUBLISHED_DB_NAME

PUBLISHED_SCHEMAS = ("marts",)
INTERNAL = "internal"


# The columns in which an incremental dbt model records when it wrote a row.
WRITE_STAMP_COLUMNS = ("_built_at", "_berekend_at")
# A table updated in place keeps the deleted rows' space until it is written whole again: after updates in
# place of more than this share of its rows, it is (bounds the growth of a file republished every day).
MAX_IN_PLACE_SHARE = 0.1


@dataclass(frozen=True)
class Increment:
    """How an incremental dbt model replaces rows: dbt deletes the rows whose `key` occurs among the new rows
    and inserts those (delete+insert or merge on unique_key); the new rows carry a newer `stamp`."""

    key: str
    stamp: str


def incremental_marts(manifest_path: Path) -> dict[str, Increment]:
    """Incremental models with a single-column unique_key and a write-time column (documented in dbt): a
    publication can update their copy in place, with the rows written since, as dbt updated the table."""
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"].values()
    found = {}
    for node in nodes:
        config = node.get("config", {})
        stamps = [c for c in WRITE_STAMP_COLUMNS if c in node.get("columns", {})]
        key = config.get("unique_key")
        incremental = node["resource_type"] == "model" and config.get("materialized") == "incremental"
        if incremental and stamps and isinstance(key, str) and key.isidentifier():
            found[node["alias"]] = Increment(key, stamps[0])
    return found


def internal_mart_names(manifest_path: Path) -> frozenset[str]:
    """Models whose dbt config says `meta: {publication: internal}`: kept out of the open copy."""
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"].values()
    return frozenset(
        node["alias"]
        for node in nodes
        if node["resource_type"] == "model" and node["config"].get("meta", {}).get("publication") == INTERNAL
    )


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comment_on(con: duckdb.DuckDBPyConnection, schema: str, table: str, doc: ModelDoc | None) -> None:
    """Write the dbt description of the table and of each of its columns as DuckDB comments."""
    if doc is None:
        return
    if doc.description:
        con.execute(f"comment on table {schema}.{table} is {_sql_text(doc.description)}")
    columns = {row[0] for row in con.execute(f"select column_name from (describe {schema}.{table})").fetchall()}
    for column, description in doc.columns.items():
        if column in columns and description:
            con.execute(f'comment on column {schema}.{table}."{column}" is {_sql_text(description)}')


@dataclass(frozen=True)
class PublishedTables:
    row_counts: dict[str, int]
    rewritten: tuple[str, ...]  # the tables written in this publication (all of them on a first one)
    from_previous: bool  # the candidate started as a copy of an earlier publication (the base)
    fingerprints: dict[str, tuple]  # schema.table -> fingerprint(), for the manifest and the next run
    # schema.table -> rows updated in place since the table was last written whole (only such tables)
    in_place_rows: dict[str, int] = field(default_factory=dict)


def _columns(con: duckdb.DuckDBPyConnection, database: str, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from duckdb_columns()"
        " where database_name = ? and schema_name = ? and table_name = ? order by column_index",
        [database, schema, table],
    ).fetchall()


def fingerprint(con: duckdb.DuckDBPyConnection, database: str, schema: str, table: str) -> tuple:
    """What a table holds, cheaply: its columns with their types, its row count and the sum of its rows'
    hashes (order-independent; a duplicated row counts twice). Reading a million rows for it costs about a
    tenth of what writing them costs."""
    count, total = con.execute(
        f"select count(*), coalesce(sum(hash(row_)::hugeint), 0) from {database}.{schema}.{table} as row_"
    ).fetchone()
    return (tuple(_columns(con, database, schema, table)), count, int(total))


def _file_identity(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns]


def _recorded(base: Path) -> tuple[dict[str, tuple], list[int] | None, dict[str, int]]:
    """The fingerprints the manifest of `base` recorded, when the manifest belongs to the file as it is now
    (same size and modification time); with the identity of the build database they were computed from and
    the rows each table had updated in place."""
    try:
        manifest = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
        if manifest.get("file") != _file_identity(base):
            return {}, None, {}
        recorded = {
            name: (tuple(tuple(column) for column in columns), count, total)
            for name, (columns, count, total) in manifest["fingerprints"].items()
        }
        return recorded, manifest.get("build"), dict(manifest.get("in_place_rows", {}))
    except (OSError, ValueError, KeyError, TypeError):
        return {}, None, {}


def _update_in_place(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, increment: Increment, in_place_before: int, rows: int
) -> int | None:
    """Apply to the copy what dbt's incremental run did to the build table: delete the rows whose key occurs
    among the rows written since the copy's newest one, insert those. Returns the rows updated in place
    since the table was last written whole, or None when the table is to be written whole instead (nothing
    newer, too much updated in place already, or an error: the caller then rewrites it, which also repairs
    a half-applied update). The caller checks the result against the build table's fingerprint."""
    target, source = f"{schema}.{table}", f"build.{schema}.{table}"
    key, stamp = f'"{increment.key}"', f'"{increment.stamp}"'
    try:
        con.execute(
            f"create or replace temp table publicatie_nieuw as select * from {source}"
            f" where {stamp} > (select max({stamp}) from {target})"
        )
        (new,) = con.execute("select count(*) from publicatie_nieuw").fetchone()
        if new == 0 or in_place_before + new > MAX_IN_PLACE_SHARE * rows:
            return None
        con.execute(f"delete from {target} where {key} in (select {key} from publicatie_nieuw)")
        con.execute(f"insert into {target} select * from publicatie_nieuw")
        return in_place_before + new
    except duckdb.Error:
        return None
    finally:
        con.execute("drop table if exists publicatie_nieuw")


def _start_from(base: Path | None, candidate: Path) -> bool:
    """Start the candidate from a copy of an earlier publication, so that tables whose content did not
    change are not written again (the daily path changes only the service-request marts). A base that DuckDB
    cannot open is not used: the candidate is then written from scratch."""
    if base is None or not base.exists():
        return False
    shutil.copyfile(base, candidate)
    try:
        duckdb.connect(str(candidate)).close()
    except duckdb.Error:
        candidate.unlink(missing_ok=True)
        return False
    return True


def publish_marts(
    build_db: Path,
    published_db: Path,
    excluded: frozenset[str] = frozenset(),
    docs: dict[str, ModelDoc] | None = None,
    base: Path | None = None,
    increments: dict[str, Increment] | None = None,
) -> PublishedTables:
    """Copy the published schemas' tables (but the excluded ones) from the build database into a candidate
    file, with the dbt descriptions as comments, then swap it in.

    The candidate starts as a copy of `base` (by default the previous publication itself); a table is written
    again only when its fingerprint (columns, rows, hash of the rows) differs from the build's, and tables
    not to be published are dropped, so the result equals a copy written from scratch whatever the base
    holds (tests/test_publication.py compares both). Fingerprints the base's manifest recorded for the file
    as it is are not computed again, nor the build's when the build database is unchanged since. A table of
    an incremental model (`increments`) is updated in place with the rows written since, as dbt updated it,
    when the result has the build's fingerprint (else, and after updates in place of more than a tenth of its
    rows, it is written whole). The previous publication stays untouched until the swap."""
    published_db.parent.mkdir(parents=True, exist_ok=True)
    base = published_db if base is None else base
    recorded, recorded_build, recorded_in_place = _recorded(base) if base.exists() else ({}, None, {})
    build_unchanged = recorded_build == _file_identity(build_db)
    candidate = published_db.with_name(f".{published_db.name}.candidate")
    candidate.unlink(missing_ok=True)
    reused = _start_from(base, candidate)
    row_counts: dict[str, int] = {}
    fingerprints: dict[str, tuple] = {}
    rewritten: list[str] = []
    in_place_rows: dict[str, int] = {}
    con = duckdb.connect(str(candidate))
    try:
        con.execute(f"attach '{build_db.as_posix()}' as build (read_only)")
        database = con.execute("select current_database()").fetchone()[0]
        wanted = [
            (schema, table)
            for schema, table in con.execute(
                "select schema_name, table_name from duckdb_tables()"
                " where database_name = 'build' and schema_name in ?"
                " order by schema_name, table_name",
                [list(PUBLISHED_SCHEMAS)],
            ).fetchall()
            if table not in excluded
        ]
        present = set(
            con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = ?", [database]
            ).fetchall()
        )
        for schema, table in sorted(present - set(wanted)):  # not to be published (or internal only)
            con.execute(f"drop table {schema}.{table}")
        for schema, table in wanted:
            name = f"{schema}.{table}"
            known = recorded.get(name)
            built = known if known is not None and build_unchanged else fingerprint(con, "build", schema, table)
            fingerprints[name], row_counts[name] = built, built[1]
            if (schema, table) in present:
                previous = known if known is not None else fingerprint(con, database, schema, table)
                if previous == built:
                    if name in recorded_in_place:
                        in_place_rows[name] = recorded_in_place[name]
                    continue
                increment = (increments or {}).get(table)
                if increment is not None:
                    updated = _update_in_place(con, schema, table, increment, recorded_in_place.get(name, 0), built[1])
                    if updated is not None and fingerprint(con, database, schema, table) == built:
                        in_place_rows[name] = updated
                        rewritten.append(name)
                        continue
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create or replace table {schema}.{table} as select * from build.{schema}.{table}")
            rewritten.append(name)
        # Comments on every table, rewritten or not: a description may change without the data.
        for schema, table in wanted:
            comment_on(con, schema, table, (docs or {}).get(table))
        con.execute("detach build")
        con.execute("checkpoint")
    finally:
        con.close()
    swap_in(candidate, published_db)
    return PublishedTables(row_counts, tuple(rewritten), reused, fingerprints, in_place_rows)


class PublishedFileInUse(RuntimeError):
    """The published file could not be replaced because another program holds it open."""


def swap_in(candidate: Path, published_db: Path, attempts: int = 5, wait_seconds: float = 2.0) -> None:
    """Rename the candidate over the published file in one step.

    On Windows a file that another program holds open (Power BI in DirectQuery, a notebook) cannot be
    replaced: retry for a while, then fail with a message that says what to do. The previous publication
    stays as it was; the candidate is rebuilt by the next run.
    """
    for attempt in range(1, attempts + 1):
        try:
            os.replace(candidate, published_db)
            return
        except PermissionError as error:
            if attempt == attempts:
                raise PublishedFileInUse(
                    f"{published_db} is open in another program (Power BI, a notebook?) and could not be "
                    f"replaced after {attempts} attempts: close it, or connect in import mode, and run the "
                    "build again. The previous publication is unchanged."
                ) from error
            time.sleep(wait_seconds)


def write_publication_manifest(published_db: Path, published: PublishedTables, build_db: Path) -> Path:
    """Beside the published file: when, the tables with their rows, and each table's fingerprint with the
    identity (size, modification time) of the file and of the build database they belong to, so that the
    next publication starting from this file need not compute them again."""
    manifest = published_db.with_suffix(".json")
    manifest.write_text(
        json.dumps(
            {
                "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "tables": published.row_counts,
                "file": _file_identity(published_db),
                "build": _file_identity(build_db),
                "fingerprints": {name: list(value) for name, value in published.fingerprints.items()},
                "in_place_rows": published.in_place_rows,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return manifest


@dataclass(frozen=True)
class Publication:
    name: str  # the asset key is published/<name>
    file_name: str
    audience: str
    # File mode: the open copy is readable by every user of the machine (BI); the internal copy by the
    # pipeline account and its group only (put the staff with a documented purpose in that group).
    mode: int


OPEN = Publication("obmi_duckdb", PUBLISHED_DB_NAME, "open: may leave the organisation", 0o644)
INTERNAL_COPY = Publication("obmi_intern_duckdb", INTERNAL_DB_NAME, "internal: staff with a documented purpose", 0o640)


def build_publish_asset(
    publication: Publication,
    mart_keys: list[dg.AssetKey],
    excluded: frozenset[str],
    start_from: Publication | None = None,
    increments: dict[str, Increment] | None = None,
) -> dg.AssetsDefinition:
    """The asset that publishes `mart_keys` (minus the excluded tables) once every one of them and its
    blocking checks succeeded. With `start_from`, it runs after that publication and starts from its file
    (the internal copy holds every table of the open one): only the tables the other lacks are written."""
    after = [dg.AssetKey(["published", start_from.name])] if start_from else []

    @dg.asset(
        key=dg.AssetKey(["published", publication.name]),
        deps=[*mart_keys, *after],
        group_name="published",
        kinds={"duckdb"},
        description=f"Read-only copy of the marts for BI (warehouse/published/{publication.file_name}; "
        f"{publication.audience}), swapped in atomically after every model and test upstream succeeded.",
    )
    def published_warehouse(context: dg.AssetExecutionContext, locations: WarehouseLocations):
        settings = locations.settings
        target = settings.published_dir / publication.file_name
        base = settings.published_dir / start_from.file_name if start_from else None
        if base is not None and not base.exists():
            base = None  # the other publication is not there: start from this one's previous file
        published = publish_marts(settings.build_db, target, excluded, model_docs(), base, increments)
        os.chmod(target, publication.mode)
        write_publication_manifest(target, published, settings.build_db)
        context.log.info(
            f"published {len(published.row_counts)} tables to {target}; "
            f"{len(published.rewritten)} written ({len(published.in_place_rows)} of them updated in place), "
            "the others unchanged since the previous publication"
        )
        return dg.MaterializeResult(
            metadata={
                "path": str(target),
                "tables": len(published.row_counts),
                "tables_written": len(published.rewritten),
                **published.row_counts,
            }
        )

    return published_warehouse
