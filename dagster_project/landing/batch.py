"""Clearing many small deliveries of one source in one pass. Two years of daily service-request extracts are
730 files; judged one by one, each costs about 0.1 s, mostly DuckDB's fixed cost of a dozen statements per
file, while one read of all of them costs a few seconds.

A source that can stage many files as one table (its batch_stager) does so; the engine then runs the
source's structure and value suites on that table once, a uniqueness within each file, and hands each clean
file's records over to raw as a Parquet file of its own: exactly what judging the file alone hands over.
The batch only decides faster that a file passes. Every file it cannot clear - one the stager cannot read
cleanly, one with a failing record, one with expectations of its own (its row count against an earlier
load) - is left to the one-by-one path (validation.validate_file), which names the file, line, column and
examples as always.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.landing.handover import write_handover_parts
from dagster_project.landing.permissions import private_dir
from dagster_project.landing.readers import scratch_connection
from dagster_project.landing.source import LandingSource
from dagster_project.landing.sql_expectations import failing_records_query, failing_records_scan, record_condition
from dagster_project.landing.validation import (
    ROW_COUNT,
    FileValidation,
    Job,
    context_expectations,
    declared_structure_suite,
    declared_value_suite,
    period_findings,
    row_count_fails,
    uses_missing_column,
)

# From this many files to judge, a source with a batch stager stages them together (fewer gain nothing).
BATCH_FROM_FILES = 8
# Bytes of delivered files staged at once (two to three months of a large city's daily extracts).
BATCH_BYTES = 64 * 1024 * 1024
# The column of a batch table that numbers each record's file (its position in StagedBatch.files).
PART = "_file"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StagedBatch:
    """Files staged as one table: _file (the file's number in `files`), then what a single file's staged
    table holds (_rid, _idx and the columns of `header`), each file's records numbered as if staged alone."""

    table: str
    header: list[str]
    files: dict[int, Path]


def clear_in_batches(jobs: list[Job], source: LandingSource) -> tuple[list[FileValidation], list[Job]]:
    """The validations of the files a batch clears (each handed over, where it has a hand-over path), and the
    jobs left to judge one by one."""
    stager = source.batch_stager
    if stager is None or len(jobs) < BATCH_FROM_FILES:
        return [], jobs
    # A file with expectations of its own, or outside the source's years, is judged alone.
    candidates = {
        job[0]: job
        for job in jobs
        if not context_expectations(job[0], source, job[2]) and not period_findings(job[0], source)
    }
    if len(candidates) < BATCH_FROM_FILES:
        return [], jobs
    cleared: list[FileValidation] = []
    for chunk in _chunks(list(candidates)):
        con = scratch_connection()
        try:
            batches, _ = stager(con, chunk, source, "batch")
            for batch in batches:
                cleared += _clear_batch(con, batch, source, {p: candidates[p][3] for p in batch.files.values()})
        except duckdb.Error as error:
            # Whatever DuckDB could not do for the chunk, each file of it is judged alone (and any problem of
            # a file then named as a finding): the batch never decides against a file.
            log.warning("%s: a batch of %d files could not be cleared together (%s)", source.name, len(chunk), error)
        finally:
            con.close()  # the chunk's tables go with it
    done = {v.file for v in cleared}
    return cleared, [job for job in jobs if job[0] not in done]


def _chunks(paths: list[Path]) -> list[list[Path]]:
    """The files in runs of at most BATCH_BYTES: memory stays bounded (a chunk's records, staged as text,
    take about ten times the file size) while the fixed cost per statement is shared by a hundred files."""
    chunks: list[list[Path]] = [[]]
    size = 0
    for path in paths:
        length = path.stat().st_size
        if chunks[-1] and size + length > BATCH_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(path)
        size += length
    return chunks


def _clear_batch(
    con: duckdb.DuckDBPyConnection, batch: StagedBatch, source: LandingSource, handovers: dict[Path, Path | None]
) -> list[FileValidation]:
    structure = declared_structure_suite(source, tuple(batch.header))
    expected = next(d for d in structure if d.config.type == "expect_table_columns_to_match_ordered_list")
    if batch.header != list(expected.config.kwargs["column_list"]):
        return []  # a header the structure suite refuses: each file gets its findings alone
    suite = [d for d in declared_value_suite(source) if not uses_missing_column(d, batch.header)]
    counts = [d for d in [*structure, *suite] if d.config.type == ROW_COUNT]
    rows = dict.fromkeys(batch.files, 0)
    rows.update(con.execute(f"select {PART}, count(*) from {batch.table} group by all").fetchall())
    flagged = {n for n, count in rows.items() if any(row_count_fails(d, count) for d in counts)}
    conditions = []
    for declared in suite:
        if declared.config.type == ROW_COUNT:
            continue
        condition = record_condition(declared.expectation, declared.config)
        if condition is not None:
            conditions.append(condition)
            continue
        query = failing_records_query(declared.expectation, batch.table, declared.config, part=PART)
        if query is None:
            return []  # GX itself must judge this expectation: file by file
        flagged.update(row[0] for row in con.execute(*query).fetchall())
    if conditions:
        flagged.update(row[0] for row in con.execute(*failing_records_scan(conditions, batch.table, PART)).fetchall())
    clean = [n for n in rows if n not in flagged]
    _hand_over(con, batch, clean, handovers)
    run = len(structure) + len(suite) + (1 if source.table_checks or source.frame_checks else 0)
    return [FileValidation(batch.files[n], rows[n], run, [], in_batch=True) for n in clean]


def _hand_over(
    con: duckdb.DuckDBPyConnection, batch: StagedBatch, clean: list[int], handovers: dict[Path, Path | None]
) -> None:
    """Each clean file's records as its own hand-over file, written in one statement for the whole batch."""
    targets = {n: handovers[batch.files[n]] for n in clean if handovers[batch.files[n]] is not None}
    if not targets:
        return
    folder = private_dir(next(iter(targets.values())).parent)
    workdir = Path(tempfile.mkdtemp(prefix=".batch-", dir=folder))
    try:
        write_handover_parts(con, batch.table, PART, targets, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
