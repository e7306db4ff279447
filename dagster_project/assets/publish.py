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
"""

import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.handover.dbt_docs import ModelDoc, model_docs
from dagster_project.resources import WarehouseLocations
from dagster_project.settings import INTERNAL_DB_NAME, PUBLISHED_DB_NAME

PUBLISHED_SCHEMAS = ("marts",)
INTERNAL = "internal"


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


def publish_marts(
    build_db: Path,
    published_db: Path,
    excluded: frozenset[str] = frozenset(),
    docs: dict[str, ModelDoc] | None = None,
) -> dict[str, int]:
    """Copy the published schemas' tables (but the excluded ones) from the build database into a new file,
    with the dbt descriptions as comments, then swap it in."""
    published_db.parent.mkdir(parents=True, exist_ok=True)
    candidate = published_db.with_name(f".{published_db.name}.candidate")
    candidate.unlink(missing_ok=True)
    row_counts: dict[str, int] = {}
    con = duckdb.connect(str(candidate))
    try:
        con.execute(f"attach '{build_db.as_posix()}' as build (read_only)")
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables()"
            " where database_name = 'build' and schema_name in ?"
            " order by schema_name, table_name",
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        for schema, table in tables:
            if table in excluded:
                continue
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create table {schema}.{table} as select * from build.{schema}.{table}")
            row_counts[f"{schema}.{table}"] = con.execute(f"select count(*) from {schema}.{table}").fetchone()[0]
            comment_on(con, schema, table, (docs or {}).get(table))
        con.execute("detach build")
        con.execute("checkpoint")
    finally:
        con.close()
    swap_in(candidate, published_db)
    return row_counts


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


def write_publication_manifest(published_db: Path, row_counts: dict[str, int]) -> Path:
    manifest = published_db.with_suffix(".json")
    manifest.write_text(
        json.dumps(
            {"published_at": datetime.now(UTC).isoformat(timespec="seconds"), "tables": row_counts},
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
    publication: Publication, mart_keys: list[dg.AssetKey], excluded: frozenset[str]
) -> dg.AssetsDefinition:
    """The asset that publishes `mart_keys` (minus the excluded tables) once every one of them and its
    blocking checks succeeded."""

    @dg.asset(
        key=dg.AssetKey(["published", publication.name]),
        deps=mart_keys,
        group_name="published",
        kinds={"duckdb"},
        description=f"Read-only copy of the marts for BI (warehouse/published/{publication.file_name}; "
        f"{publication.audience}), swapped in atomically after every model and test upstream succeeded.",
    )
    def published_warehouse(context: dg.AssetExecutionContext, locations: WarehouseLocations):
        settings = locations.settings
        target = settings.published_dir / publication.file_name
        row_counts = publish_marts(settings.build_db, target, excluded, model_docs())
        os.chmod(target, publication.mode)
        write_publication_manifest(target, row_counts)
        context.log.info(f"published {len(row_counts)} tables to {target}")
        return dg.MaterializeResult(metadata={"path": str(target), "tables": len(row_counts), **row_counts})

    return published_warehouse
