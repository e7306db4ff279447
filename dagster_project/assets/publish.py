"""Publication: a read-only copy of the marts for BI tools, replaced atomically.

DuckDB allows one writer per file. The pipeline writes only to the build database; readers (Power BI,
notebooks) open the published copy read-only. The copy is written to a temporary file next to the
published one and renamed over it in one step, so a reader never sees a half-written file and a
failed build leaves the previous publication untouched.
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project.resources import WarehouseLocations

PUBLISHED_SCHEMAS = ("marts",)


def publish_marts(build_db: Path, published_db: Path) -> dict[str, int]:
    """Copy the published schemas' tables from the build database into a new file, then swap it in."""
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
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create table {schema}.{table} as select * from build.{schema}.{table}")
            row_counts[f"{schema}.{table}"] = con.execute(f"select count(*) from {schema}.{table}").fetchone()[0]
        con.execute("detach build")
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(candidate, published_db)
    return row_counts


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


def build_publish_asset(mart_keys: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["published", "obmi_duckdb"]),
        deps=mart_keys,
        group_name="published",
        kinds={"duckdb"},
        description="Read-only copy of the marts for BI (warehouse/published/obmi.duckdb), swapped in "
        "atomically after every model and test upstream succeeded.",
    )
    def published_warehouse(context: dg.AssetExecutionContext, locations: WarehouseLocations):
        settings = locations.settings
        row_counts = publish_marts(settings.build_db, settings.published_db)
        write_publication_manifest(settings.published_db, row_counts)
        context.log.info(f"published {len(row_counts)} tables to {settings.published_db}")
        return dg.MaterializeResult(
            metadata={"path": str(settings.published_db), "tables": len(row_counts), **row_counts}
        )

    return published_warehouse
