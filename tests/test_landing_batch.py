"""Many small deliveries are cleared together (landing/batch.py, the service requests' batch stager). The
verdicts, findings, hand-over records and pseudonyms must be exactly those of judging each file alone; a
file the batch cannot clear is judged alone, so each damage below is refused with its own finding."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import duckdb
import pytest

from dagster_project.landing import batch
from dagster_project.landing.deliveries import validate_deliveries
from dagster_project.sources.stad.meldingen import MELDINGEN, PERSONAL_FIELDS
from tests.conftest import SEEDS


def _edit_line(path: Path, line: int, change) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line] = change(lines[line])
    path.write_text("".join(lines), encoding="utf-8")


def _drop_reporter_columns(path: Path) -> None:
    """The export without the reporter's three fields (data minimisation): another header, still valid."""
    rows = [line.rstrip("\n").split(";") for line in path.read_text(encoding="utf-8").splitlines()]
    keep = [i for i, name in enumerate(rows[0]) if name not in PERSONAL_FIELDS]
    path.write_text("".join(";".join(row[i] for i in keep) + "\n" for row in rows), encoding="utf-8")


def _set_field(line: str, position: int, value: str) -> str:
    fields = line.split(";")
    fields[position] = value
    return ";".join(fields)


def _windows_1252(path: Path) -> None:
    """The export re-saved by Excel on a Belgian PC: one record's street with an accent, in Windows-1252."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = _set_field(lines[2], 7, "Café-straat")
    path.write_bytes("".join(lines).encode("cp1252"))


def _repeat_first_request(line: str) -> str:
    return line + line  # the same melding_id twice in one day's extract


# (day's position in the sample, what is done to it, whether the file must be refused)
DAMAGES = [
    (1, lambda p: _edit_line(p, 3, lambda t: t.replace("@", " at ", 1)), True),  # contact screen
    (2, lambda p: _edit_line(p, 2, lambda t: t.replace("+01:00", "", 1).replace("+02:00", "", 1)), True),
    (3, lambda p: _edit_line(p, 2, lambda t: t.rstrip("\n") + ";extra\n"), True),  # a ragged record
    (4, lambda p: _edit_line(p, 2, lambda t: t + ";" * 15 + "\n"), False),  # a record of only empty fields
    (5, lambda p: _edit_line(p, 1, _repeat_first_request), True),  # unique within the file
    (6, lambda p: _edit_line(p, 2, lambda t: _set_field(t, 2, "Gesloten")), True),  # status outside the set
    (7, _drop_reporter_columns, False),
    (8, lambda p: p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8"), True),
    (9, lambda p: _edit_line(p, 0, lambda t: t.replace("categorie", "category")), True),  # damaged header
    (10, _windows_1252, True),  # not UTF-8: the batch reads bytes, and DuckDB rejects the line
    (11, lambda p: _edit_line(p, 2, lambda t: t + "\n"), False),  # a blank line: read by the Python reader
]


@pytest.fixture
def deliveries(tmp_path) -> tuple[list[Path], dict[str, bool]]:
    """Three weeks of the sample's extracts with the damages above (name -> must be refused), a copy under
    another name and a JSON response."""
    landing = tmp_path / "landing"
    landing.mkdir()
    files = sorted(SEEDS.glob("meldingen_*.csv"))[:24]
    for path in files:
        shutil.copy(path, landing / path.name)
    for index, damage, _ in DAMAGES:
        damage(landing / files[index].name)
    shutil.copy(landing / files[0].name, landing / "meldingen_2099-01-01.csv")  # a copy under another name
    json_day = sorted(SEEDS.glob("meldingen_*.json"))[0]
    shutil.copy(json_day, landing / json_day.name)  # the records API's response: never batched
    return sorted(landing.glob("meldingen_*")), {files[index].name: refused for index, _, refused in DAMAGES}


def _judge(files: list[Path], handover: Path, monkeypatch, batched: bool):
    monkeypatch.setattr(batch, "BATCH_FROM_FILES", 2 if batched else 1 << 30)
    cleared = []
    real = batch.clear_in_batches

    def spy(jobs, source):
        done, rest = real(jobs, source)
        cleared.extend(v.file.name for v in done)
        return done, rest

    monkeypatch.setattr("dagster_project.landing.deliveries.clear_in_batches", spy)
    judged = validate_deliveries(files, MELDINGEN, None, handover)
    records = duckdb.sql(
        f"select * replace (parse_filename(filename) as filename) "
        f"from read_parquet('{handover}/**/*.parquet', filename = true) order by all"
    ).fetchall()
    verdicts = [(v.file.name, v.rows, v.expectations_run, [f.describe() for f in v.findings], s) for v, s in judged]
    return verdicts, records, cleared


def test_a_batch_judges_exactly_as_one_file_at_a_time(deliveries, tmp_path, monkeypatch):
    files, damaged = deliveries
    monkeypatch.delenv("OBMI_PSEUDONYMISATION_KEY", raising=False)  # one throwaway key for both runs
    alone, alone_records, none_cleared = _judge(files, tmp_path / "alone", monkeypatch, batched=False)
    together, together_records, cleared = _judge(files, tmp_path / "together", monkeypatch, batched=True)
    assert none_cleared == []
    assert together == alone
    assert together_records == alone_records
    # Every accepted file handed over its records (the copy of the first day none: it is refused).
    assert len(alone_records) == sum(rows for _, rows, _, findings, _ in alone if not findings) > 500
    # The batch cleared every undamaged CSV day and the one without the reporter's columns (another header,
    # its own batch); the damaged days, the copy and the JSON response were judged alone.
    names = [p.name for p in files]
    without_reporter = [name for name, refused in damaged.items() if not refused][1]
    undamaged = {n for n in names if n.endswith(".csv") and n not in damaged and n != "meldingen_2099-01-01.csv"}
    assert set(cleared) == undamaged | {without_reporter, "meldingen_2099-01-01.csv"}
    refused = {name for name, _, _, findings, _ in alone if findings}
    assert refused == {name for name, must in damaged.items() if must} | {"meldingen_2099-01-01.csv"}
    # Only the pseudonym of the reporter reached a hand-over, never a clear contact field.
    assert not any("@" in str(value) for record in together_records for value in record)


def test_few_files_are_judged_one_at_a_time():
    files = sorted(SEEDS.glob("meldingen_*.csv"))[: batch.BATCH_FROM_FILES - 1]
    jobs = [(p, MELDINGEN, None, None) for p in files]
    assert batch.clear_in_batches(jobs, MELDINGEN) == ([], jobs)
    more = [(p, MELDINGEN, None, None) for p in sorted(SEEDS.glob("meldingen_*.csv"))[: batch.BATCH_FROM_FILES]]
    done, rest = batch.clear_in_batches(more, MELDINGEN)
    assert len(done) == len(more) and rest == []


def test_a_batch_duckdb_cannot_read_leaves_every_file_to_be_judged_alone(caplog):
    def failing_stager(con, paths, source, table):
        raise duckdb.IOException(f"could not read {paths[0].name}")

    source = dataclasses.replace(MELDINGEN, batch_stager=failing_stager)
    jobs = [(p, source, None, None) for p in sorted(SEEDS.glob("meldingen_*.csv"))[: batch.BATCH_FROM_FILES]]
    assert batch.clear_in_batches(jobs, source) == ([], jobs)
    assert "could not be cleared together" in caplog.text
