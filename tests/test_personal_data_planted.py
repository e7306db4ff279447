"""No personal value in any report, log or run history (issue 14, item 4).

Known personal values are planted in service-request deliveries: a valid daily file, a zipped one, and a
malformed one (an e-mail address in the phone column, a broken e-mail address, a name shifted under
`postcode`) that is refused. `run.py build` then runs the whole job from a plain process with real keys and
its own Dagster home, verbose. Every file the warehouse, the Dagster home and dbt's logs hold, and the build's
console output, are scanned for the values (also lower-cased, JSON-escaped and as digits only; inside zip
members, Parquet files and every text column of every DuckDB file): zero hits. The controls show the scan
would find them: they are in the landing folder, and the encrypted archive restores them with the key.

A second run of the service-request steps with a retention of 0 days then purges the archive and quarantine
copies and clears the precise locations, logged in the purge log."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from dagster_project.archive_cli import encrypted_copies, restore
from dagster_project.landing.encryption import ARCHIVE_KEY_ENV, ARCHIVE_KEY_FILE_ENV, THROWAWAY_KEYS_ENV, new_key
from dagster_project.settings import Settings
from dagster_project.sources.stad.meldingen import KEY_ENV, MELDINGEN
from tests.conftest import REPO_ROOT, SEEDS, run_build_job

TEMPLATE = SEEDS / "meldingen_2025-03-31.csv"
# (name, e-mail, phone) of invented reporters, each value unlike anything in the sample.
VALID = [
    ("Zoë Plantaardig", "zoe.plantaardig@voorbeeld-melder.be", "+32 470 98 76 54"),
    ("Quirijn Zaadbak", "", "0479/11.22.33"),
    ("Wendelijn Stekje", "WENDELIJN.STEKJE@Voorbeeld-Melder.be", ""),
]
ZIPPED = [("Ylva Kiemplant", "ylva.kiemplant@voorbeeld-melder.be", "+32 468 55 44 33")]
MALFORMED_EMAIL = "plantaardig(at)voorbeeld-melder"
EMAIL_AS_PHONE = "telefoon.als.mail@voorbeeld-melder.be"
SHIFTED_NAME = "Xaveria Plantenga"


def planted_values() -> set[str]:
    values = {v for reporter in VALID + ZIPPED for v in reporter if v}
    return values | {MALFORMED_EMAIL, EMAIL_AS_PHONE, SHIFTED_NAME}


def forms(value: str) -> set[bytes]:
    """The ways a value could be written down: as is, lower-cased, JSON-escaped, digits only (phones)."""
    texts = {value, value.lower(), json.dumps(value)[1:-1], json.dumps(value.lower())[1:-1]}
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) >= 8 and not any(c.isalpha() for c in value):
        texts.add(digits)
    return {t.encode("utf-8") for t in texts}


def daily_file(path: Path, day: str, reporters: list[tuple[str, str, str]], first_id: int) -> Path:
    header, *rows = TEMPLATE.read_text(encoding="utf-8").splitlines()
    lines = [header]
    for number, (reporter, row) in enumerate(zip(reporters, rows, strict=False)):
        fields = row.split(";")
        fields[0] = f"M25-{first_id + number:06d}"
        fields[5] = fields[6] = f"{day}T09:00:00+02:00" if fields[6] else ""
        fields[5] = fields[5] or f"{day}T09:00:00+02:00"
        fields[13:16] = reporter
        lines.append(";".join(fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def shifted_file(path: Path) -> Path:
    """Valid contact details, but a name under postcode on line 3, as a shifted export row would have it."""
    daily_file(path, "2025-04-24", [("Ada Perk", "", ""), ("Bo Perk", "", "")], 9_960)
    lines = path.read_text(encoding="utf-8").splitlines()
    fields = lines[2].split(";")
    fields[9] = SHIFTED_NAME
    lines[2] = ";".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def hits_in_file(path: Path, needles: dict[bytes, str]) -> list[str]:
    content = path.read_bytes()
    found = [f"{path}: {label}" for needle, label in needles.items() if needle in content]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as bundle:
            for member in bundle.namelist():
                data = bundle.read(member)
                found += [f"{path}!{member}: {label}" for needle, label in needles.items() if needle in data]
    if path.suffix == ".parquet":
        text = pq.read_table(path).to_pandas().astype(str).to_csv().encode("utf-8")
        found += [f"{path} (rows): {label}" for needle, label in needles.items() if needle in text]
    if path.suffix == ".duckdb" or b"DUCK" in content[:16]:
        found += hits_in_duckdb(path, needles)
    return found


def hits_in_duckdb(path: Path, needles: dict[bytes, str]) -> list[str]:
    """Every text column of every table and view: DuckDB compresses strings, a byte scan alone could miss."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return []
    found = []
    try:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
            " where data_type = 'VARCHAR' and table_schema not in ('information_schema', 'pg_catalog')"
        ).fetchall()
        for schema, table, column in columns:
            values = con.execute(f'select distinct "{column}" from "{schema}"."{table}"').fetchall()
            text = "\n".join(str(v) for (v,) in values if v is not None).encode("utf-8")
            found += [
                f"{path} {schema}.{table}.{column}: {label}" for needle, label in needles.items() if needle in text
            ]
    finally:
        con.close()
    return found


def scan(roots: list[Path], needles: dict[bytes, str]) -> list[str]:
    found = []
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file():
                found += hits_in_file(path, needles)
    return found


def test_the_scan_reads_inside_compressed_files(tmp_path):
    """A control for the scanner itself: a value in a compressed DuckDB column, a Parquet file and a zip."""
    value = "Zoë Plantaardig"
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    con.execute("create table t as select ? || (i % 3)::varchar as v from range(100000) t(i)", [value])
    con.close()
    con = duckdb.connect()
    con.execute(f"copy (select ? as v from range(1000)) to '{tmp_path / 'x.parquet'}'", [value])
    con.close()
    with zipfile.ZipFile(tmp_path / "x.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("a.json", json.dumps({"naam": value}) * 50)
    found = scan([tmp_path], {form: value for form in forms(value)})
    assert {f.split(":")[0].split("!")[0].split(" ")[0].rsplit("/", 1)[-1] for f in found} == {
        "x.duckdb",
        "x.parquet",
        "x.zip",
    }


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    root = tmp_path_factory.mktemp("planted")
    landing = root / "landing"
    shutil.copytree(SEEDS, landing)
    daily_file(landing / "meldingen_2025-04-21.csv", "2025-04-21", VALID, 9_900)
    daily_file(
        landing / "meldingen_2025-04-22.csv", "2025-04-22", [("Cas Perk", MALFORMED_EMAIL, EMAIL_AS_PHONE)], 9_920
    )
    shifted_file(landing / "meldingen_2025-04-24.csv")
    zipped_member = daily_file(root / "meldingen_2025-04-23.csv", "2025-04-23", ZIPPED, 9_940)
    with zipfile.ZipFile(landing / "meldingen_2025-04-23.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(zipped_member, zipped_member.name)
    zipped_member.unlink()
    keys = root / "keys"
    keys.mkdir(mode=0o700)
    key_file = keys / "archive.key"
    key_file.write_text(new_key() + "\n")
    key_file.chmod(0o600)
    dagster_home = root / "dagster_home"
    dagster_home.mkdir()
    (dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    warehouse = root / "warehouse"
    env = {k: v for k, v in os.environ.items() if k not in {THROWAWAY_KEYS_ENV, ARCHIVE_KEY_ENV}}
    env.update(
        {
            "OBMI_LANDING_DIR": str(landing),
            "OBMI_WAREHOUSE_DIR": str(warehouse),
            "DAGSTER_HOME": str(dagster_home),
            ARCHIVE_KEY_FILE_ENV: str(key_file),
            KEY_ENV: "a-test-pseudonymisation-secret",
        }
    )
    dbt_logs = REPO_ROOT / "dbt" / "logs" / "dbt.log"
    dbt_log_start = dbt_logs.stat().st_size if dbt_logs.exists() else 0
    build = subprocess.run(
        [sys.executable, "-m", "dagster_project.handover.build", "--verbose"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        timeout=1800,
    )
    dbt_log = dbt_logs.read_bytes()[dbt_log_start:] if dbt_logs.exists() else b""
    return {
        "root": root,
        "landing": landing,
        "warehouse": warehouse,
        "dagster_home": dagster_home,
        "key_file": key_file,
        "env": env,
        "build": build,
        "dbt_log": dbt_log,
    }


def needles() -> dict[bytes, str]:
    return {form: value for value in planted_values() for form in forms(value)}


@pytest.mark.slow
def test_the_build_loads_the_valid_files_and_refuses_the_malformed_one(planted):
    build = planted["build"]
    assert build.returncode == 3, build.stderr.decode()[-3000:]  # published, with a refused delivery
    settings = Settings(landing_dir=planted["landing"], warehouse_dir=planted["warehouse"])
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        loaded = dict(
            con.execute(
                "select _source_file, count(melder_pseudoniem) from raw.meldingen"
                " where _source_file in ('meldingen_2025-04-21.csv', 'meldingen_2025-04-23.csv') group by 1"
            ).fetchall()
        )
        refused = con.execute(
            "select count(*) from raw.meldingen"
            " where _source_file in ('meldingen_2025-04-22.csv', 'meldingen_2025-04-24.csv')"
        )
        assert refused.fetchone()[0] == 0
    finally:
        con.close()
    assert loaded == {"meldingen_2025-04-21.csv": len(VALID), "meldingen_2025-04-23.csv": len(ZIPPED)}

    def findings_of(file_name: str) -> set[tuple]:
        [report] = settings.quarantine_dir.glob(f"{file_name}__*/report.json")
        findings = json.loads(report.read_text())["findings"]
        return {(f["column"], tuple(f["rows"]), f["check"], tuple(f["examples"])) for f in findings}

    assert findings_of("meldingen_2025-04-22.csv") == {
        ("melder_email", (2,), "reporter_contact", ("p***r",)),
        ("melder_telefoon", (2,), "reporter_contact", ("t***@v***.be",)),
    }
    assert findings_of("meldingen_2025-04-24.csv") == {
        ("postcode", (3,), "expect_column_values_to_match_regex", ("X***a",))
    }


@pytest.mark.slow
def test_no_planted_value_outside_the_encrypted_archive_and_quarantine(planted):
    roots = [planted["warehouse"], planted["dagster_home"]]
    found = scan(roots, needles())
    console = planted["build"].stdout + planted["build"].stderr
    found += [f"console: {label}" for needle, label in needles().items() if needle in console]
    found += [f"dbt.log: {label}" for needle, label in needles().items() if needle in planted["dbt_log"]]
    assert found == []
    # What the scan covered: the build, archive, quarantine, logs, published copies, exports and run history.
    scanned = {p.relative_to(planted["warehouse"]).parts[0] for p in planted["warehouse"].rglob("*") if p.is_file()}
    assert {"archive", "build", "quarantine", "logs", "published", "exports", "reports"} <= scanned
    assert any(planted["dagster_home"].rglob("*.db"))  # Dagster's event log and run storage
    assert b"meldingen_2025-04-22.csv" in console  # the console did report the refusal


@pytest.mark.slow
def test_raw_and_archived_data_are_owner_only_and_the_open_copy_readable(planted):
    warehouse = planted["warehouse"]
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in warehouse.iterdir()}
    assert {name: modes[name] for name in ("build", "archive", "quarantine", "logs", "unpacked")} == dict.fromkeys(
        ("build", "archive", "quarantine", "logs", "unpacked"), 0o700
    )
    assert modes["published"] == 0o755
    assert stat.S_IMODE((warehouse / "published" / "obmi.duckdb").stat().st_mode) == 0o644
    assert stat.S_IMODE((warehouse / "published" / "obmi_intern.duckdb").stat().st_mode) == 0o640
    encrypted = list(warehouse.rglob("*.fernet"))
    deliveries = [p for p in planted["landing"].iterdir() if MELDINGEN.matches(p) or p.suffix == ".zip"]
    assert len(deliveries) == 46  # the sample's 42 days, three planted files and the zip
    assert len(encrypted) == len(deliveries) + 2  # each archived, and the two refused ones quarantined
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in encrypted)


@pytest.mark.slow
def test_the_scan_finds_the_values_where_they_are_in_clear(planted):
    """Controls: the landing folder holds them (the city's copy), and the archive restores them with the key."""
    found = scan([planted["landing"]], needles())
    assert {label for label in (f.rsplit(": ", 1)[1] for f in found)} == planted_values()
    os.environ[ARCHIVE_KEY_FILE_ENV] = str(planted["key_file"])
    try:
        settings = Settings(landing_dir=planted["landing"], warehouse_dir=planted["warehouse"])
        restored = restore(settings, "meldingen_2025-04-21.csv", planted["root"] / "restored")
        restored_zip = restore(settings, "meldingen_2025-04-23.zip", planted["root"] / "restored")
    finally:
        os.environ.pop(ARCHIVE_KEY_FILE_ENV)
    assert restored[0].read_bytes() == (planted["landing"] / "meldingen_2025-04-21.csv").read_bytes()
    assert restored_zip[0].read_bytes() == (planted["landing"] / "meldingen_2025-04-23.zip").read_bytes()


@pytest.mark.slow
def test_after_retention_the_build_purges_the_copies_and_clears_the_locations(planted, monkeypatch):
    settings = Settings(landing_dir=planted["landing"], warehouse_dir=planted["warehouse"])
    before = {kind for kind, _path, record in encrypted_copies(settings) if record.get("source") == "meldingen"}
    assert before == {"archive", "quarantine"}
    monkeypatch.delenv(THROWAWAY_KEYS_ENV, raising=False)
    monkeypatch.setenv(ARCHIVE_KEY_FILE_ENV, str(planted["key_file"]))
    monkeypatch.setenv(KEY_ENV, planted["env"][KEY_ENV])
    monkeypatch.setenv("OBMI_MELDINGEN_ARCHIVE_RETENTION_DAYS", "0")
    monkeypatch.setenv("OBMI_MELDINGEN_LOCATION_RETENTION_DAYS", "0")
    selection = [dg.AssetKey(["landing", "meldingen"]), dg.AssetKey(["raw", "meldingen"])]
    result = run_build_job(planted["landing"], planted["warehouse"], selection)
    assert result.success
    assert [c for c in encrypted_copies(settings) if c[2].get("source") == "meldingen"] == []
    con = duckdb.connect(str(settings.build_db), read_only=True)
    try:
        located, sectors = con.execute(
            "select count(straat) + count(huisnummer) + count(geo_point_2d), count(statistische_sector)"
            " from raw.meldingen"
        ).fetchone()
        rows = con.execute("select count(*) from raw.meldingen").fetchone()[0]
    finally:
        con.close()
    assert located == 0 and sectors == rows > 2000
    log = [json.loads(line) for line in settings.purge_log.read_text().splitlines()]
    assert {e["what"].split("/")[0] for e in log} == {
        "archive",
        "quarantine",
        "raw.meldingen: straat, huisnummer, geo_point_2d",
    }
    assert all(e["why"] and e["purged_at"] for e in log)
    # The files still in the landing folder are past their retention: not archived again (that would restart it).
    assert not list(settings.archive_dir.glob("*/meldingen_*"))
