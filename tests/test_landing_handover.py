"""The hand-over from landing to raw: raw loads exactly the records that were validated (even when the
file in the landing folder changes in between), deletes the hand-over once loaded, and loads a source's
deliveries of one run in one transaction."""

from __future__ import annotations

import shutil
import stat

import duckdb
import pytest

from dagster_project.landing.deliveries import validate_deliveries
from dagster_project.landing.discovery import sha256_of
from dagster_project.landing.handover import handover_path
from dagster_project.landing.raw_store import DuckDBRawStore
from dagster_project.sources.stad.meldingen import MELDINGEN
from tests.conftest import SEEDS

DAYS = ["meldingen_2025-03-30.csv", "meldingen_2025-03-31.csv"]


def lines_of(path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) - 1


@pytest.fixture
def landed(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    for name in DAYS:
        shutil.copy2(SEEDS / name, landing / name)
    files = [landing / name for name in DAYS]
    handover_dir = tmp_path / "build" / "handover"
    judged = validate_deliveries(files, MELDINGEN, None, handover_dir)
    assert all(v.passed for v, _ in judged)
    return tmp_path, files, handover_dir, [sha for _, sha in judged]


def test_raw_loads_the_validated_records_even_when_the_file_changes_in_between(landed):
    tmp_path, files, handover_dir, shas = landed
    handovers = [handover_path(handover_dir, MELDINGEN, sha) for sha in shas]
    assert all(h.is_file() and stat.S_IMODE(h.stat().st_mode) == 0o600 for h in handovers)
    expected = [lines_of(f) for f in files]
    files[0].write_text(files[0].read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")  # emptied
    with DuckDBRawStore(tmp_path / "build" / "obmi.duckdb") as store:
        outcomes = store.load_all(MELDINGEN, list(zip(files, shas, handovers, strict=True)))
        counts = dict(
            store.con.execute("select _source_file, count(*) from raw.meldingen group by 1 order by 1").fetchall()
        )
    assert [o.rows for o in outcomes] == expected and counts == dict(zip(DAYS, expected, strict=True))
    assert not any(h.exists() for h in handovers)


def test_a_failing_delivery_leaves_the_source_as_it_was(landed):
    tmp_path, files, handover_dir, shas = landed
    handovers = [handover_path(handover_dir, MELDINGEN, sha) for sha in shas]
    database = tmp_path / "build" / "obmi.duckdb"
    with DuckDBRawStore(database) as store:
        store.load_all(MELDINGEN, [(files[0], shas[0], handovers[0])])
    handovers[1].write_bytes(b"not parquet")  # a damaged hand-over: the second load fails
    with DuckDBRawStore(database) as store, pytest.raises(duckdb.Error):
        store.load_all(MELDINGEN, [(files[0], "another sha", None), (files[1], shas[1], handovers[1])])
    with DuckDBRawStore(database, read_only=True) as store:
        loads = store.current_loads(MELDINGEN)
        rows = store.row_count(MELDINGEN)
    assert loads == {DAYS[0]: (shas[0], lines_of(SEEDS / DAYS[0]))} and rows == lines_of(SEEDS / DAYS[0])


def test_without_a_hand_over_raw_stages_the_file_itself(landed):
    tmp_path, files, _handover_dir, shas = landed
    with DuckDBRawStore(tmp_path / "build" / "obmi.duckdb") as store:
        outcomes = store.load_all(MELDINGEN, [(f, sha_of, None) for f, sha_of in zip(files, shas, strict=True)])
    assert [o.rows for o in outcomes] == [lines_of(f) for f in files]
    assert shas == [sha256_of(f) for f in files]


RAW_ROWS = "select * exclude (_loaded_at) from raw.meldingen order by _source_file, _row_number"
LOAD_LOG_ROWS = "select source, source_file, file_sha256, row_count, is_current from raw._load_log order by 2"


def test_new_files_loaded_in_one_insert_equal_files_loaded_one_by_one(landed, tmp_path):
    _, files, handover_dir, shas = landed
    handovers = [handover_path(handover_dir, MELDINGEN, sha) for sha in shas]
    copies = [tmp_path / f"copy_{h.name}" for h in handovers]
    for handover, copy in zip(handovers, copies, strict=True):
        shutil.copy(handover, copy)
    with DuckDBRawStore(tmp_path / "batch.duckdb") as store:
        batched = store.load_all(MELDINGEN, list(zip(files, shas, handovers, strict=True)))
        batch_rows, batch_log = store.con.execute(RAW_ROWS).fetchall(), store.con.execute(LOAD_LOG_ROWS).fetchall()
    with DuckDBRawStore(tmp_path / "single.duckdb") as store:
        single = [store.load_all(MELDINGEN, [delivery])[0] for delivery in zip(files, shas, copies, strict=True)]
        single_rows, single_log = store.con.execute(RAW_ROWS).fetchall(), store.con.execute(LOAD_LOG_ROWS).fetchall()
    assert batched == single
    assert batch_rows == single_rows and len(batch_rows) == sum(lines_of(f) for f in files)
    assert batch_log == single_log


def test_a_damaged_hand_over_in_one_insert_loads_nothing(landed):
    tmp_path, files, handover_dir, shas = landed
    handovers = [handover_path(handover_dir, MELDINGEN, sha) for sha in shas]
    handovers[1].write_bytes(b"not parquet")
    database = tmp_path / "build" / "obmi.duckdb"
    with DuckDBRawStore(database) as store, pytest.raises(duckdb.Error):
        store.load_all(MELDINGEN, list(zip(files, shas, handovers, strict=True)))
    with DuckDBRawStore(database, read_only=True) as store:
        assert store.current_loads(MELDINGEN) == {} and store.row_count(MELDINGEN) == 0
    assert handovers[0].exists()  # kept for the next try
