"""Personal data at rest (AVG art. 5.1.e and 32), without a full build: the archive of a delivery with personal
data is encrypted and restores the original bytes with the key, it is purged after its retention and the purge
is logged, precise locations are cleared from raw (and from the database file's bytes), findings quote only
masked values, keys are refused where they protect nothing, and the folders are owner-only."""

from __future__ import annotations

import json
import os
import shutil
import stat
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest
from cryptography.fernet import Fernet, MultiFernet

from dagster_project.archive_cli import restore, rotate
from dagster_project.assets.landing import build_landing_asset
from dagster_project.handover.build import refusal
from dagster_project.landing.archive import archive_delivery, encrypt_clear_copies, quarantine_delivery
from dagster_project.landing.discovery import sha256_of, take_inventory
from dagster_project.landing.encryption import (
    ARCHIVE_KEY_ENV,
    ARCHIVE_KEY_FILE_ENV,
    THROWAWAY_KEYS_ENV,
    ArchiveCipher,
    KeyNotConfigured,
    archive_cipher,
    new_key,
)
from dagster_project.landing.findings import Finding
from dagster_project.landing.masking import mask_finding, mask_value
from dagster_project.landing.raw_store import DuckDBRawStore
from dagster_project.landing.retention import PurgeLog, RetentionPolicy, purge_expired
from dagster_project.landing.validation import validate_file
from dagster_project.resources import WarehouseLocations
from dagster_project.settings import Settings
from dagster_project.sources import LANDING_SOURCES
from dagster_project.sources.stad.meldingen import KEY_ENV, MELDINGEN
from tests.conftest import REPO_ROOT, SEEDS

SAMPLE = SEEDS / "meldingen_2025-03-31.csv"


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch) -> Path:
    """A key file outside the warehouse and the repository, owner-only, as a city keeps it."""
    path = tmp_path / "keys" / "obmi-archive.key"
    path.parent.mkdir()
    path.write_text(new_key() + "\n", encoding="ascii")
    path.chmod(0o600)
    monkeypatch.setenv(ARCHIVE_KEY_FILE_ENV, str(path))
    monkeypatch.delenv(ARCHIVE_KEY_ENV, raising=False)
    monkeypatch.delenv(THROWAWAY_KEYS_ENV, raising=False)
    return path


def settings_in(tmp_path: Path) -> Settings:
    return Settings(landing_dir=tmp_path / "landing", warehouse_dir=tmp_path / "warehouse")


def cipher_for(settings: Settings):
    return archive_cipher({"the warehouse": settings.warehouse_dir})


def test_the_encrypted_archive_restores_the_original_bytes_with_the_key(tmp_path, key_file):
    settings = settings_in(tmp_path)
    sha256 = sha256_of(SAMPLE)
    stored = archive_delivery(SAMPLE, sha256, settings.archive_dir, cipher_for(settings), "meldingen")
    original = SAMPLE.read_bytes()
    assert stored.name == "meldingen_2025-03-31.csv.fernet"
    # Not the clear file: no reporter's phone number, no header, in the stored bytes.
    assert b"+32 492 19 07 55" in original and b"+32 492 19 07 55" not in stored.read_bytes()
    assert b"melder_naam" not in stored.read_bytes()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    restored = restore(settings, "meldingen_2025-03-31.csv", tmp_path / "restored")
    assert [p.read_bytes() for p in restored] == [original]
    assert restore(settings, sha256[:10], tmp_path / "by_sha")[0].read_bytes() == original


def test_a_rotated_key_still_restores_and_the_old_key_alone_no_longer_does(tmp_path, key_file):
    settings = settings_in(tmp_path)
    archive_delivery(SAMPLE, sha256_of(SAMPLE), settings.archive_dir, cipher_for(settings), "meldingen")
    old = key_file.read_text().strip()
    key_file.write_text(f"{new_key()}\n{old}\n")  # the new key first, the old one kept until the rotation ran
    assert rotate(settings) == (1, [])
    key_file.write_text(key_file.read_text().splitlines()[0] + "\n")  # the old key removed
    assert restore(settings, SAMPLE.name, tmp_path / "restored")[0].read_bytes() == SAMPLE.read_bytes()
    key_file.write_text(old + "\n")
    with pytest.raises(KeyNotConfigured, match="encrypted with another key"):
        restore(settings, SAMPLE.name, tmp_path / "again")


def test_no_key_refuses_and_a_key_next_to_the_data_or_readable_by_others_is_refused(tmp_path, monkeypatch):
    settings = settings_in(tmp_path)
    for name in (ARCHIVE_KEY_ENV, ARCHIVE_KEY_FILE_ENV, THROWAWAY_KEYS_ENV):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(KeyNotConfigured, match="no archive key"):
        cipher_for(settings)
    inside = settings.warehouse_dir / "archive.key"
    inside.parent.mkdir(parents=True)
    inside.write_text(new_key())
    inside.chmod(0o600)
    monkeypatch.setenv(ARCHIVE_KEY_FILE_ENV, str(inside))
    with pytest.raises(KeyNotConfigured, match="points into the warehouse"):
        cipher_for(settings)
    readable = tmp_path / "archive.key"
    readable.write_text(new_key())
    readable.chmod(0o644)
    monkeypatch.setenv(ARCHIVE_KEY_FILE_ENV, str(readable))
    with pytest.raises(KeyNotConfigured, match="chmod 600"):
        cipher_for(settings)
    monkeypatch.delenv(ARCHIVE_KEY_FILE_ENV)
    monkeypatch.setenv(ARCHIVE_KEY_ENV, "not-a-key")
    with pytest.raises(KeyNotConfigured, match="not a key"):
        cipher_for(settings)
    monkeypatch.setenv(THROWAWAY_KEYS_ENV, "1")
    monkeypatch.delenv(ARCHIVE_KEY_ENV)
    assert cipher_for(settings).throwaway


def test_the_pseudonymisation_key_is_required_outside_the_demo(monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(THROWAWAY_KEYS_ENV, raising=False)
    problems = MELDINGEN.configuration_problems()
    assert len(problems) == 1 and KEY_ENV in problems[0]
    monkeypatch.setenv(THROWAWAY_KEYS_ENV, "1")
    assert MELDINGEN.configuration_problems() == []


def test_archive_and_quarantine_copies_are_purged_after_retention_and_the_purge_is_logged(tmp_path, key_file):
    settings = settings_in(tmp_path)
    cipher = cipher_for(settings)
    sha256 = sha256_of(SAMPLE)
    archive_delivery(SAMPLE, sha256, settings.archive_dir, cipher, "meldingen")
    finding = Finding(file=SAMPLE.name, check="row_shape", message="expected 16 fields", rows=(3,))
    quarantine_delivery(SAMPLE, sha256, [finding], settings.quarantine_dir, cipher, "meldingen")
    # A statistics file in the archive (no personal data, not encrypted) is never purged.
    statbel = SEEDS / "TU_COM_REFNIS.txt"
    archive_delivery(statbel, sha256_of(statbel), settings.archive_dir)
    policy = RetentionPolicy.of(MELDINGEN)
    assert policy.archive_retention_days == 90
    day_89 = datetime.now(UTC) + timedelta(days=89)
    assert purge_expired(settings.archive_dir, settings.quarantine_dir, policy, day_89) == []
    day_90 = datetime.now(UTC) + timedelta(days=90, minutes=1)
    purged = purge_expired(settings.archive_dir, settings.quarantine_dir, policy, day_90)
    assert sorted(r.what.split("/")[0] for r in purged) == ["archive", "quarantine"]
    assert not (settings.archive_dir / sha256).exists()
    assert list(settings.quarantine_dir.iterdir()) == []
    assert (settings.archive_dir / sha256_of(statbel) / statbel.name).is_file()
    log = PurgeLog(settings.purge_log)
    log.append(purged)
    entries = log.entries()
    assert {e["file"] for e in entries} == {SAMPLE.name}
    assert all("retention of 90 days" in e["why"] and e["purged_at"] for e in entries)
    assert log.purged_archives("meldingen") == {sha256: entries[0]["purged_at"]}


def test_a_city_sets_its_own_retention_and_legal_ground(monkeypatch):
    monkeypatch.setenv("OBMI_MELDINGEN_ARCHIVE_RETENTION_DAYS", "30")
    monkeypatch.setenv("OBMI_MELDINGEN_LOCATION_RETENTION_DAYS", "0")
    monkeypatch.setenv("OBMI_MELDINGEN_LEGAL_GROUND", "AVG art. 6.1.c")
    policy = RetentionPolicy.of(MELDINGEN)
    assert (policy.archive_retention_days, policy.location_retention_days) == (30, 0)
    assert policy.legal_ground == "AVG art. 6.1.c"
    monkeypatch.setenv("OBMI_MELDINGEN_ARCHIVE_RETENTION_DAYS", "a quarter")
    with pytest.raises(ValueError, match="whole number of days"):
        RetentionPolicy.of(MELDINGEN)


def test_precise_locations_are_cleared_from_raw_and_from_the_file_bytes(tmp_path):
    database = tmp_path / "build" / "obmi.duckdb"
    with DuckDBRawStore(database) as store:
        store.load(MELDINGEN, SAMPLE, sha256_of(SAMPLE))
        store.con.execute("create schema staging")
        store.con.execute("create view staging.v as select statistische_sector from raw.meldingen")
        streets = {r[0] for r in store.con.execute("select straat from raw.meldingen").fetchall()}
    assert b"Antwerpsesteenweg" in database.read_bytes() or "Antwerpsesteenweg" in streets
    with DuckDBRawStore(database) as store:
        cleared = store.clear_locations(
            MELDINGEN, MELDINGEN.personal_data.location_columns, datetime.now(UTC) + timedelta(seconds=1)
        )
        rows = store.con.execute(
            "select count(*), count(straat), count(huisnummer), count(geo_point_2d), count(statistische_sector)"
            " from raw.meldingen"
        ).fetchone()
        view_rows = store.con.execute("select count(*) from staging.v").fetchone()[0]
    sample_rows = len(SAMPLE.read_text(encoding="utf-8").splitlines()) - 1
    assert cleared == sample_rows and rows == (sample_rows, 0, 0, 0, sample_rows)
    assert view_rows == sample_rows  # the rewritten file keeps everything else, views included
    content = database.read_bytes()
    assert all(street.encode() not in content for street in streets)
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_masked_values_keep_the_form_not_the_value():
    assert mask_value("lena.peeters@example.org") == "l***@e***.org"
    assert mask_value("+32 492 19 07 55") == "+***5"
    assert mask_value("Jan") == "***"
    assert mask_value("(empty)") == "(empty)"
    known = frozenset({"postcode", "melder_email"})
    finding = Finding(
        file="meldingen_2025-03-31.csv",
        check="header",
        message="columns differ (missing: ['postcode'], unexpected: ['Lotte Pauwels'])",
        column="Lotte Pauwels",
        rows=(1,),
        examples=("lotte@example.org",),
    )
    masked = mask_finding(finding, known)
    assert "Lotte" not in masked.describe() and "lotte@" not in masked.describe()
    assert "'postcode'" in masked.message and masked.column == "L***s" and masked.examples == ("l***@e***.org",)


def test_a_malformed_contact_is_refused_with_a_masked_example_naming_line_and_column(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("+32 492 19 07 55", "zoe.plant@example.org")  # an e-mail in the phone column
    lines[3] = lines[3].replace(";Sofie Pauwels;;", ";Sofie Pauwels;sofie.pauwels(at)example.org;")
    bad = tmp_path / SAMPLE.name
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings = validate_file(bad, MELDINGEN).findings
    described = "\n".join(f.describe() for f in findings)
    assert {(f.column, f.rows) for f in findings} == {("melder_telefoon", (3,)), ("melder_email", (4,))}
    assert "z***@e***.org" in described and "s***g" in described
    assert "zoe.plant" not in described and "sofie.pauwels" not in described


def test_a_shifted_value_is_masked_whatever_its_column(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    fields = lines[2].split(";")
    fields[9] = "Lotte Pauwels"  # the reporter's name under postcode
    lines[2] = ";".join(fields)
    bad = tmp_path / SAMPLE.name
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings = validate_file(bad, MELDINGEN).findings
    assert [(f.column, f.rows, f.examples) for f in findings] == [("postcode", (3,), ("L***s",))]


def landing_with_mixed_zip(tmp_path: Path) -> Path:
    """A landing folder with one zip holding a service-request file and the REFNIS list."""
    landing = tmp_path / "landing"
    landing.mkdir()
    with zipfile.ZipFile(landing / "levering.zip", "w") as bundle:
        bundle.write(SAMPLE, SAMPLE.name)
        bundle.write(SEEDS / "TU_COM_REFNIS.txt", "TU_COM_REFNIS.txt")
    return landing


def test_a_zip_mixing_personal_data_with_other_sources_is_refused(tmp_path):
    landing = landing_with_mixed_zip(tmp_path)
    inventory = take_inventory(landing, LANDING_SOURCES, tmp_path / "unpacked")
    [refused] = inventory.refused_archives
    assert [f.check for f in refused.findings] == ["zip_personal_data"]
    assert not (tmp_path / "unpacked").exists()


def test_zipped_personal_data_is_never_unpacked_into_the_warehouse(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    with zipfile.ZipFile(landing / "meldingen.zip", "w") as bundle:
        bundle.write(SAMPLE, SAMPLE.name)
    inventory = take_inventory(landing, LANDING_SOURCES, tmp_path / "warehouse" / "unpacked")
    [member] = inventory.files_of(MELDINGEN)
    assert tmp_path not in member.parents and member.read_bytes() == SAMPLE.read_bytes()
    assert stat.S_IMODE(member.parent.parent.stat().st_mode) == 0o700
    assert not (tmp_path / "warehouse").exists()


def test_folders_with_raw_or_archived_data_are_owner_only_and_the_open_copy_readable(tmp_path):
    settings = settings_in(tmp_path)
    settings.archive_dir.mkdir(parents=True)
    (settings.archive_dir / "old.csv").write_text("x")
    os.chmod(settings.archive_dir, 0o755)
    settings.secure_folders()
    for folder in settings.private_dirs():
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((settings.archive_dir / "old.csv").stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.published_dir.stat().st_mode) == 0o755


def test_every_source_with_personal_data_names_its_columns_ground_and_retention():
    personal = {s.name: s.personal_data for s in LANDING_SOURCES if s.personal_data}
    assert set(personal) == {"meldingen"}
    meldingen = personal["meldingen"]
    assert meldingen.columns == ("melder_naam", "melder_email", "melder_telefoon")
    assert set(meldingen.location_columns) == {"straat", "huisnummer", "geo_point_2d"}
    assert "AVG art. 6.1.e" in meldingen.legal_ground
    # The raw table never holds the reporter's columns (the reader replaces them by a pseudonym).
    assert not set(meldingen.columns) & set(MELDINGEN.columns)
    assert json.dumps(RetentionPolicy.of(MELDINGEN).describe())  # shown in the landing asset's metadata


def test_clear_copies_of_an_earlier_version_are_encrypted_and_their_reports_masked(tmp_path, key_file):
    settings = settings_in(tmp_path)
    sha256 = sha256_of(SAMPLE)
    archive_delivery(SAMPLE, sha256, settings.archive_dir)  # as the earlier version did: a clear copy
    leaky = Finding(file=SAMPLE.name, check="x", message="m", column="melder_email", examples=("lotte@example.org",))
    quarantine_delivery(SAMPLE, sha256, [leaky], settings.quarantine_dir)
    cipher = cipher_for(settings)
    done = encrypt_clear_copies(
        settings.archive_dir, settings.quarantine_dir, MELDINGEN, cipher, MELDINGEN.column_names()
    )
    assert len(done) == 2
    stored = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert SAMPLE.name not in stored and stored.count(SAMPLE.name + ".fernet") == 2
    texts = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("report.*"))
    assert "lotte@example.org" not in texts and "l***@e***.org" in texts
    assert restore(settings, SAMPLE.name, tmp_path / "restored")[0].read_bytes() == SAMPLE.read_bytes()


def test_without_keys_the_deliveries_are_refused_unread_and_left_where_they_are(tmp_path, monkeypatch):
    for name in (ARCHIVE_KEY_ENV, ARCHIVE_KEY_FILE_ENV, THROWAWAY_KEYS_ENV, KEY_ENV):
        monkeypatch.delenv(name, raising=False)
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy2(SAMPLE, landing / SAMPLE.name)
    before = (landing / SAMPLE.name).read_bytes()
    locations = WarehouseLocations(landing_dir=str(landing), warehouse_dir=str(tmp_path / "warehouse"))
    result = dg.materialize([build_landing_asset(MELDINGEN)], resources={"locations": locations}, raise_on_error=False)
    [evaluation] = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert KEY_ENV in evaluation.description and "no archive key" in evaluation.description
    assert f"{SAMPLE.name}: " in evaluation.description and "left in the landing folder" in evaluation.description
    [materialization] = result.get_asset_materialization_events()
    assert materialization.materialization.metadata["accepted"].value == []
    assert not any((tmp_path / "warehouse" / "archive").rglob("*.*"))
    assert not (tmp_path / "warehouse" / "quarantine").exists() or not any(
        (tmp_path / "warehouse" / "quarantine").iterdir()
    )
    assert (landing / SAMPLE.name).read_bytes() == before


def test_rotation_names_a_copy_no_key_opens_and_rotates_the_rest(tmp_path, key_file):
    settings = settings_in(tmp_path)
    archive_delivery(SAMPLE, sha256_of(SAMPLE), settings.archive_dir, cipher_for(settings), "meldingen")
    other = SEEDS / "meldingen_2025-03-30.csv"
    foreign = ArchiveCipher(MultiFernet([Fernet(new_key())]), throwaway=True, origin="a demo run")
    archive_delivery(other, sha256_of(other), settings.archive_dir, foreign, "meldingen")
    rotated, unreadable = rotate(settings)
    assert rotated == 1 and [p.name for p in unreadable] == [other.name + ".fernet"]


def test_a_restore_is_logged_and_never_lands_in_the_warehouse_or_the_repository(tmp_path, key_file):
    settings = settings_in(tmp_path)
    archive_delivery(SAMPLE, sha256_of(SAMPLE), settings.archive_dir, cipher_for(settings), "meldingen")
    for inside in (settings.warehouse_dir / "restored", REPO_ROOT / "restored"):
        with pytest.raises(KeyNotConfigured, match="refused"):
            restore(settings, SAMPLE.name, inside)
    assert not (REPO_ROOT / "restored").exists()
    existing = tmp_path / "mine"
    existing.mkdir(mode=0o750)
    existing.chmod(0o750)
    [restored] = restore(settings, SAMPLE.name, existing)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o750 and stat.S_IMODE(restored.stat().st_mode) == 0o600
    [entry] = [json.loads(line) for line in (settings.logs_dir / "restore_log.jsonl").read_text().splitlines()]
    assert entry["file"] == SAMPLE.name and entry["to"] == str(restored) and entry["by"] and entry["restored_at"]


@pytest.mark.parametrize("encoding", ["ascii", "utf-8-sig", "utf-16"])
def test_a_key_file_written_by_powershell_is_read(tmp_path, key_file, encoding):
    key = key_file.read_text().strip()
    key_file.write_bytes(f"{key}\r\n".encode(encoding))
    settings = settings_in(tmp_path)
    archive_delivery(SAMPLE, sha256_of(SAMPLE), settings.archive_dir, cipher_for(settings), "meldingen")
    key_file.write_bytes(b"\x81\x00\xfe garbage")
    with pytest.raises(KeyNotConfigured, match="not a text file of keys"):
        cipher_for(settings)


def test_the_build_command_refuses_zipped_personal_data_without_keys(tmp_path, monkeypatch):
    for name in (ARCHIVE_KEY_ENV, ARCHIVE_KEY_FILE_ENV, THROWAWAY_KEYS_ENV, KEY_ENV):
        monkeypatch.delenv(name, raising=False)
    landing = tmp_path / "landing"
    landing.mkdir()
    with zipfile.ZipFile(landing / "export.zip", "w") as bundle:
        bundle.write(SAMPLE, SAMPLE.name)
    monkeypatch.setenv("OBMI_LANDING_DIR", str(landing))
    monkeypatch.setenv("OBMI_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    reason = refusal()
    assert reason and "export.zip" in reason and KEY_ENV in reason and "no archive key" in reason


def test_an_upgrade_encrypts_old_zips_and_deletes_old_unpacked_members(tmp_path, key_file):
    settings = settings_in(tmp_path)
    bundle_path = tmp_path / "meldingen_maart.zip"
    with zipfile.ZipFile(bundle_path, "w") as bundle:
        bundle.write(SAMPLE, SAMPLE.name)
    archive_delivery(bundle_path, sha256_of(bundle_path), settings.archive_dir)  # an earlier version's copies
    old_member = settings.unpacked_dir / sha256_of(bundle_path) / SAMPLE.name
    old_member.parent.mkdir(parents=True)
    shutil.copy2(SAMPLE, old_member)
    done = encrypt_clear_copies(
        settings.archive_dir,
        settings.quarantine_dir,
        MELDINGEN,
        cipher_for(settings),
        MELDINGEN.column_names(),
        settings.unpacked_dir,
    )
    assert len(done) == 2 and not old_member.exists()
    assert [p.name for p in settings.archive_dir.rglob("*.zip*")] == ["meldingen_maart.zip.fernet"]


def test_a_refused_zip_with_personal_data_is_copied_only_encrypted(tmp_path):
    """The mixed zip is refused for both sources; only the service requests' step keeps (encrypted) copies."""
    landing = landing_with_mixed_zip(tmp_path)
    refnis = next(s for s in LANDING_SOURCES if s.name == "tu_com_refnis")
    locations = WarehouseLocations(landing_dir=str(landing), warehouse_dir=str(tmp_path / "warehouse"))
    assets = [build_landing_asset(refnis), build_landing_asset(MELDINGEN)]
    result = dg.materialize(assets, resources={"locations": locations}, raise_on_error=False)
    assert all(not e.passed for e in result.get_asset_check_evaluations())
    stored = sorted(p.name for p in (tmp_path / "warehouse").rglob("levering.zip*") if p.is_file())
    assert stored == ["levering.zip.fernet", "levering.zip.fernet"]  # archive and quarantine, both encrypted
    [report] = (tmp_path / "warehouse" / "quarantine").rglob("report.json")
    assert json.loads(report.read_text())["encrypted"] is True
