"""Many large deliveries are judged in worker processes (landing/parallel.py). The verdicts, line numbers,
masked examples, hand-over records and pseudonyms must be exactly those of judging the files one by one in
the landing step's own process; a pool that breaks falls back to that."""

from __future__ import annotations

import shutil
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import duckdb
import pytest

from dagster_project.landing import parallel
from dagster_project.landing.deliveries import validate_deliveries
from dagster_project.sources.stad.meldingen import MELDINGEN
from tests.conftest import SEEDS


def _without_offset(line: str) -> str:
    return line.replace("+01:00", "", 1).replace("+02:00", "", 1)


@pytest.fixture
def deliveries(tmp_path) -> list[Path]:
    """A week of the sample's service requests, one of them damaged, and a copy under another name."""
    landing = tmp_path / "landing"
    landing.mkdir()
    files = sorted(SEEDS.glob("meldingen_*.csv"))[:7]
    for path in files:
        shutil.copy(path, landing / path.name)
    for index, line, damage in ((3, 3, lambda t: t.replace("@", " at ", 1)), (5, 3, _without_offset)):
        damaged = landing / files[index].name
        lines = damaged.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[line] = damage(lines[line])
        damaged.write_text("".join(lines), encoding="utf-8")
    shutil.copy(landing / files[0].name, landing / "meldingen_2099-01-01.csv")
    return sorted(landing.glob("meldingen_*.csv"))


def _judge(files: list[Path], handover: Path, monkeypatch, in_workers: bool):
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0 if in_workers else 1 << 62)
    monkeypatch.setattr(parallel, "PARALLEL_FROM_FILES", 2)
    judged = validate_deliveries(files, MELDINGEN, None, handover)
    handed_over = duckdb.sql(f"select * from read_parquet('{handover}/**/*.parquet') order by all").fetchall()
    return [(v.file.name, v.rows, v.expectations_run, [f.describe() for f in v.findings], s) for v, s in judged], (
        handed_over
    )


def test_workers_judge_exactly_as_one_process_does(deliveries, tmp_path, monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    monkeypatch.delenv("OBMI_PSEUDONYMISATION_KEY", raising=False)  # the throwaway key must be shared too
    one, one_records = _judge(deliveries, tmp_path / "one", monkeypatch, in_workers=False)
    pool, pool_records = _judge(deliveries, tmp_path / "pool", monkeypatch, in_workers=True)
    assert pool == one
    assert pool_records == one_records and len(one_records) > 150
    refused = {name: findings for name, _, _, findings, _ in one if findings}
    assert len(refused) == 3  # two damaged files and the copy
    damaged = [f for name, findings in refused.items() if name != "meldingen_2099-01-01.csv" for f in findings]
    assert any("line 4: column melder_email" in f for f in damaged)
    assert not any(" at " in f.split("(e.g.", 1)[-1] for f in damaged)  # masked, never the clear value
    assert any("line 4: column aangemaakt_op" in f for f in damaged)
    assert any("identical content" in f for f in refused["meldingen_2099-01-01.csv"])


def test_a_broken_pool_falls_back_to_one_process(deliveries, tmp_path, monkeypatch):
    class BrokenPool:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            raise BrokenProcessPool("a worker was killed")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", BrokenPool)
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    fallback, _ = _judge(deliveries, tmp_path / "fallback", monkeypatch, in_workers=True)
    one, _ = _judge(deliveries, tmp_path / "one", monkeypatch, in_workers=False)
    assert fallback == one


def test_small_folders_few_files_and_one_core_stay_in_process(tmp_path, monkeypatch):
    files = sorted(SEEDS.glob("meldingen_*"))  # the CSV exports and the JSON responses
    assert len(files) >= parallel.PARALLEL_FROM_FILES
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    assert parallel.worth_parallel(files) == 0  # the sample: a few MB, workers would cost more than they save
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0)
    assert parallel.worth_parallel(files) == 2
    # Few large files (population): DuckDB already uses every core on each of them.
    assert parallel.worth_parallel(files[: parallel.PARALLEL_FROM_FILES - 1]) == 0
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    assert parallel.worth_parallel(files) == 0


def test_a_worker_count_that_is_not_a_number_is_refused_by_name(monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_ENV, "two")
    with pytest.raises(ValueError, match="OBMI_LANDING_WORKERS must be a whole number"):
        parallel.landing_workers()
