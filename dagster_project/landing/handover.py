"""The hand-over from landing to raw: the staged records of each accepted delivery, written as a Parquet file
when validation passes, so the raw step loads exactly what was validated without reading, decoding or
pseudonymising the file a second time. A hand-over lives in the build folder (owner-only) and is deleted
once raw has loaded it; a delivery without one (a step run on its own) is staged again from its file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from dagster_project.landing.permissions import PRIVATE_FILE, private_dir
from dagster_project.landing.source import LandingSource


def handover_path(handover_dir: Path, source: LandingSource, sha256: str) -> Path:
    return handover_dir / source.name / f"{sha256}.parquet"


def clear_handovers(handover_dir: Path, source: LandingSource) -> None:
    """Before a landing run: hand-overs of an earlier run that raw never loaded are stale."""
    shutil.rmtree(handover_dir / source.name, ignore_errors=True)


def write_handover(con: duckdb.DuckDBPyConnection, table: str, target: Path) -> None:
    private_dir(target.parent)
    partial = target.with_name(f".{target.name}.partial")
    literal = "'" + str(partial).replace("'", "''") + "'"
    con.execute(f"copy (select * from {table} order by _rid) to {literal} (format parquet)")
    os.chmod(partial, PRIVATE_FILE)
    partial.replace(target)
