"""The hand-over from landing to raw: the staged records of each accepted delivery, written as a Parquet file
when validation passes, so the raw step loads exactly what was validated without reading, decoding or
pseudonymising the file a second time. A hand-over lives in the build folder (owner-only) and is deleted
once raw has loaded it; a delivery without one (a step run on its own) is staged again from its file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from dagster_project.landing.delimited import quote_literal
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
    # No order by: raw takes each record's line from _idx, and the staged table is in file order anyway.
    con.execute(f"copy (select * from {table}) to {quote_literal(partial)} (format parquet)")
    os.chmod(partial, PRIVATE_FILE)
    partial.replace(target)


def write_handover_parts(
    con: duckdb.DuckDBPyConnection, table: str, part: str, targets: dict[int, Path], workdir: Path
) -> None:
    """One hand-over per file of a table holding many files' records (column `part` numbers the file;
    landing/batch.py), written in one statement: each holds what write_handover gives for the file alone."""
    numbers = ", ".join(str(int(n)) for n in targets)
    con.execute(
        f"copy (select * from {table} where {part} in ({numbers})) "
        f"to {quote_literal(workdir)} (format parquet, partition_by ({part}), overwrite_or_ignore true)"
    )
    for number, target in targets.items():
        written = sorted((workdir / f"{part}={number}").glob("*.parquet"))
        if len(written) != 1:  # more than one part of a file: write that one alone
            partial = workdir / f"{number}.parquet"
            con.execute(
                f"copy (select * exclude ({part}) from {table} where {part} = {int(number)}) "
                f"to {quote_literal(partial)} (format parquet)"
            )
            written = [partial]
        private_dir(target.parent)
        os.chmod(written[0], PRIVATE_FILE)
        written[0].replace(target)
