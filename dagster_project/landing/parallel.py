"""Validating a source's deliveries on every core: a whole-country landing folder holds two years of daily
service-request files and population files of 470,000 records, each judged on its own (readers, GX suites,
frame checks, hand-over). One process judges one file at a time; a pool of worker processes judges several.

Worth it only for many files: a worker starts a fresh interpreter (spawn: safe beside the threads of
Dagster and DuckDB, unlike fork) and imports GX, pandas and DuckDB, about 3 s. A file's own cost is mostly
Python (reader, checks, pseudonyms) when files are many and small, and DuckDB's (which already uses every
core) when they are few and large: measured on the whole-country folder with two cores, 730 daily
service-request files took 86 s in one process and 47 s in two workers, while the 7 population files of
470,000 records took 22 s in one process and 25 s in two. Below PARALLEL_FROM_FILES files or
PARALLEL_FROM_BYTES to judge, or on one core, the files are judged in the landing step's own process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from dagster_project.landing.readers import scratch_connection
from dagster_project.landing.validation import FileValidation, Job, validate_file

log = logging.getLogger(__name__)

WORKERS_ENV = "OBMI_LANDING_WORKERS"
# Files to judge in one step from which worker processes pay for their start: a count and a size.
PARALLEL_FROM_FILES = 32
PARALLEL_FROM_BYTES = 48 * 1024 * 1024


def landing_workers() -> int:
    """Worker processes for one landing step: OBMI_LANDING_WORKERS, by default one per core (at most 4,
    each holding one file's records in memory)."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured:
        if not configured.isdigit():
            raise ValueError(f"{WORKERS_ENV} must be a whole number of worker processes, not {configured!r}")
        return max(1, int(configured))
    return max(1, min(4, os.cpu_count() or 1))


def worth_parallel(paths: list[Path]) -> int:
    """How many worker processes these files justify: 0 means judge them in this process."""
    workers = min(landing_workers(), len(paths))
    if workers < 2 or len(paths) < PARALLEL_FROM_FILES:
        return 0
    if sum(p.stat().st_size for p in paths) < PARALLEL_FROM_BYTES:
        return 0
    return workers


def _worker_start() -> None:
    # One DuckDB thread per worker: the workers themselves use the cores.
    with scratch_connection() as con:
        con.execute("set threads = 1")


def _judge(job: Job) -> FileValidation:
    path, source, context, handover = job
    return validate_file(path, source, context, handover)


def validate_in_workers(jobs: list[Job], workers: int) -> list[FileValidation]:
    """validate_file for each (path, source, context, handover path), in order, in `workers` processes."""
    sources = {id(job[1]): job[1] for job in jobs}
    for source in sources.values():
        if source.worker_setup is not None:
            source.worker_setup()
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start) as pool:
            return list(pool.map(_judge, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    except BrokenProcessPool as broken:
        # A worker died: killed for memory, or started from a script without `if __name__ == "__main__":`
        # (spawn imports the main module again). Judge the files here instead: slower, never lost.
        log.warning("landing workers stopped (%s): the files are judged in this process instead", broken)
        return [_judge(job) for job in jobs]
