"""What cities really drop in a landing folder: a Statbel download still zipped, files that belong to no
source, a name that almost matches, an old REFNIS vintage, and archives that must be refused (a member that
is no source's, a path that leaves the folder, a zip bomb). Each gets its message; nothing is ignored."""

from __future__ import annotations

import shutil
import zipfile

import dagster as dg
import duckdb

from dagster_project.landing.discovery import take_inventory
from dagster_project.sources import LANDING_SOURCES
from tests.conftest import SEEDS, run_build_job

POPULATION_2024 = "TF_SOC_POP_STRUCT_2024.txt"


def _old_refnis_vintage(path) -> None:
    """The REFNIS list as it was before the 2025 mergers: no 2025 codes, nothing ends on 31/12/2024."""
    lines = (SEEDS / "TU_COM_REFNIS.txt").read_bytes().decode("utf-8-sig").split("\r\n")
    kept = [line.replace("|31/12/2024", "|31/12/9999") for line in lines if "|01/01/2025|" not in line]
    path.write_text("\r\n".join(kept), encoding="utf-8-sig", newline="")


def _landing_and_raw_selection() -> list[dg.AssetKey]:
    keys = [dg.AssetKey([layer, s.name]) for s in LANDING_SOURCES for layer in ("landing", "raw")]
    return [*keys, dg.AssetKey(["landing", "inventory"])]


def _evaluations(result) -> dict[str, dg.AssetCheckEvaluation]:
    return {
        e.asset_check_evaluation_data.asset_key.to_user_string(): e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION and "freshness" not in e.step_key
    }


def test_zipped_download_unknown_files_and_an_old_refnis_vintage_get_their_messages(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(SEEDS, landing)
    with zipfile.ZipFile(landing / "TF_SOC_POP_STRUCT_2024.zip", "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(landing / POPULATION_2024, POPULATION_2024)
    (landing / POPULATION_2024).unlink()  # delivered only zipped, as Statbel publishes it
    _old_refnis_vintage(landing / "TU_COM_REFNIS.txt")
    (landing / "begroting_notities.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    shutil.copy(SEEDS / "meldingen_2025-03-10.csv", landing / "meldingen_10-03-2025.csv")
    (landing / "meldingen_2025-04-20.json").rename(landing / "meldingen_20250420.json")  # the handbook's form

    result = run_build_job(landing, tmp_path / "warehouse", _landing_and_raw_selection())

    evaluations = _evaluations(result)
    population = evaluations["landing/tf_soc_pop_struct"]
    assert not population.passed
    assert "TF_SOC_POP_STRUCT_2025.txt" in population.description
    assert "column CD_REFNIS" in population.description
    assert "deliver the current TU_COM_REFNIS.txt" in population.description
    assert "TF_SOC_POP_STRUCT_2024.txt" not in population.description  # the zipped year passed
    inventory = evaluations["landing/inventory"]
    assert not inventory.passed and inventory.severity == dg.AssetCheckSeverity.WARN
    assert "begroting_notities.csv: not a source of this warehouse; known sources: tu_com_refnis" in (
        inventory.description
    )
    assert "meldingen_10-03-2025.csv: not a source of this warehouse (the name looks like meldingen" in (
        inventory.description
    )
    assert "meldingen_20250420.json" not in inventory.description
    assert evaluations["landing/meldingen"].passed
    con = duckdb.connect(str(tmp_path / "warehouse" / "build" / "obmi.duckdb"), read_only=True)
    try:
        zipped_rows = con.execute(
            "select count(*), min(_file_period) from raw.tf_soc_pop_struct where _source_file = ?", [POPULATION_2024]
        ).fetchone()
        compact = con.execute(
            "select count(*), min(_file_period) from raw.meldingen where _source_file = 'meldingen_20250420.json'"
        ).fetchone()
    finally:
        con.close()
    expected = sum(1 for line in (SEEDS / POPULATION_2024).read_bytes().split(b"\r\n")[1:] if line)
    assert zipped_rows == (expected, "2024")  # the member loaded under its own name
    assert compact[0] > 0 and compact[1] == "2025-04-20"
    # The archive is kept as delivered; the refused 2025 file is quarantined.
    archived = {p.name for p in (tmp_path / "warehouse" / "archive").rglob("*") if p.is_file()}
    assert "TF_SOC_POP_STRUCT_2024.zip" in archived
    quarantined = [p.name for p in (tmp_path / "warehouse" / "quarantine").iterdir()]
    assert any(name.startswith("TF_SOC_POP_STRUCT_2025.txt__") for name in quarantined)


def _zip(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)


def test_archives_with_a_stray_member_a_path_outside_or_a_bomb_are_refused(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    population = (SEEDS / POPULATION_2024).read_bytes()
    _zip(landing / "a_stray_member.zip", {POPULATION_2024: population, "leesmij.pdf": b"%PDF-1.4"})
    _zip(landing / "b_leaves_folder.zip", {f"../{POPULATION_2024}": population})
    _zip(landing / "c_bomb.zip", {POPULATION_2024: b"0" * (64 * 1024**2)})

    inventory = take_inventory(landing, LANDING_SOURCES, tmp_path / "unpacked")

    refused = {r.path.name: [f.describe() for f in r.findings] for r in inventory.refused_archives}
    assert sorted(refused) == ["a_stray_member.zip", "b_leaves_folder.zip", "c_bomb.zip"]
    assert "member 'leesmij.pdf' is not a file of a known source" in refused["a_stray_member.zip"][0]
    assert "would leave the folder" in refused["b_leaves_folder.zip"][0]
    assert "not a publication; refused unread" in refused["c_bomb.zip"][-1]
    assert inventory.deliveries == {}  # nothing of a refused archive is unpacked or loaded
    assert not (tmp_path / "unpacked").exists()
