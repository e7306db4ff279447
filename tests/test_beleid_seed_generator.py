"""The committed beleid and management sample files are exactly what scripts/generate_beleid_seeds.py
writes, in the layout of the real exports they stand in for."""

from __future__ import annotations

import ast
import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_seed_generator import DATA_FILES as FOUNDATION_FILES

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GENERATOR = REPO / "scripts" / "generate_beleid_seeds.py"
BOM = b"\xef\xbb\xbf"
DUTCH_AMOUNT = re.compile(r"^-?\d{1,3}(?:\.\d{3})*,\d{2}$")


def _generator_module():
    sys.path.insert(0, str(GENERATOR.parent))
    try:
        import generate_beleid_seeds

        return generate_beleid_seeds
    finally:
        sys.path.remove(str(GENERATOR.parent))


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("beleid_seeds")
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, capture_output=True)
    return out


def test_generator_writes_exactly_the_committed_files(generated: Path):
    names = sorted(_generator_module().generated_file_names())
    assert sorted(p.name for p in generated.iterdir()) == names
    for name in names:
        assert (generated / name).read_bytes() == (SEEDS / name).read_bytes(), (
            f"seeds/{name} differs from the generator output: run python scripts/generate_beleid_seeds.py"
        )


def test_seeds_hold_only_files_a_generator_writes():
    from tests.test_statbel_sector_seed_generator import OMGEVING_FILES

    known = {*FOUNDATION_FILES, *OMGEVING_FILES, *_generator_module().generated_file_names(), "README.md"}
    assert sorted(p.name for p in SEEDS.iterdir() if p.name not in known) == []


def test_generator_uses_the_standard_library_and_the_other_sample_generators_only():
    tree = ast.parse(GENERATOR.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    siblings = {"generate_seeds", "generate_statbel_sector_seeds"}  # municipalities, and Gent's statistical sectors
    assert imported - siblings <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)


BBC_FILES = sorted(SEEDS.glob("BBC-DR_beleidsvelden_*.csv"))


def test_bbc_sample_is_modest():
    assert len(BBC_FILES) == 6
    assert sum(p.stat().st_size for p in BBC_FILES) < 1_500_000


@pytest.mark.parametrize("path", BBC_FILES, ids=lambda p: p.name)
def test_bbc_export_layout(path: Path):
    raw = path.read_bytes()
    assert raw.startswith(BOM) and raw.endswith(b"\r\n")
    rows = list(csv.reader(raw[len(BOM) :].decode("utf-8").splitlines(keepends=True), delimiter=";"))
    widths = {len(row) for row in rows}
    assert len(widths) == 1, "every row of the pivot has the same number of fields"
    filter_row = rows[0] if rows[0][0].startswith("Toegepaste filters:") else rows[-1]
    assert filter_row[0].startswith("Toegepaste filters:\nBestuurstype is Gemeente\nRapportstatus is ")
    assert ("_exploitatie" in path.name) == (filter_row is rows[0]), "operating exports carry the filter on top"
    body = [row for row in rows if row is not filter_row]
    assert [row[0] for row in body[:7]] == [
        "Type rapport",
        "Rapportjaar",
        "Boekjaar",
        "BV_domein",
        "BV_subdomein",
        "Beleidsveld",
        "NIS-code",
    ]
    assert body[6][1] == "Bestuur"
    assert set(body[6][2:]) == {"Uitgave", "Uitgave per inwoner", "Ontvangst", "Ontvangst per inwoner"}
    assert body[-1][0] == "Total"
    codes = [row[0] for row in body[7:-1]]
    assert codes == sorted(codes) and all(len(c) == 5 and c.isdigit() for c in codes)
    assert "21004" not in codes, "Brussels municipalities are not in the BBC"
    for row in body[7:]:
        assert all(DUTCH_AMOUNT.match(cell) for cell in row[2:] if cell), row[0]
    assert "Total" in body[3] and "Total" in body[4], "book-year and domain subtotal columns"


MELDINGEN_FIELDS = [
    "melding_id",
    "categorie",
    "status",
    "kanaal",
    "aangemaakt_op",
    "gewijzigd_op",
    "afgesloten_op",
    "straat",
    "huisnummer",
    "postcode",
    "gemeente",
    "statistische_sector",
    "geo_point_2d",
    "melder_naam",
    "melder_email",
    "melder_telefoon",
]
ISO_LOCAL = re.compile(r"^2025-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$")


def test_meldingen_sample_is_one_extract_per_day_in_two_forms():
    import json
    from datetime import date, timedelta

    files = sorted(SEEDS.glob("meldingen_*"))
    days = [date.fromisoformat(p.stem.split("_")[1]) for p in files]
    assert days == [date(2025, 3, 10) + timedelta(days=n) for n in range(42)], "one file per day, none missing"
    assert {p.suffix for p in files if p.stem < "meldingen_2025-04-01"} == {".csv"}
    assert {p.suffix for p in files if p.stem >= "meldingen_2025-04-01"} == {".json"}
    assert sum(p.stat().st_size for p in files) < 1_000_000
    for path in files:
        if path.suffix == ".csv":
            raw = path.read_bytes()
            assert raw.endswith(b"\r\n") and not raw.startswith(BOM)
            rows = list(csv.reader(raw.decode("utf-8").splitlines(), delimiter=";"))
            assert rows[0] == MELDINGEN_FIELDS
            records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        else:
            response = json.loads(path.read_text(encoding="utf-8"))
            assert set(response) == {"total_count", "results"}
            assert response["total_count"] == len(response["results"])
            records = response["results"]
            assert all(list(r) == MELDINGEN_FIELDS for r in records)
            assert all(set(r["geo_point_2d"]) == {"lon", "lat"} for r in records)
        day = path.stem.split("_")[1]
        for record in records:
            assert ISO_LOCAL.match(record["aangemaakt_op"]) and record["gewijzigd_op"].startswith(day)
            assert (record["status"] == "Afgesloten") == bool(record["afgesloten_op"])
            # Summer time starts on 30 March 2025: the offset follows the wall clock.
            offset = "+02:00" if record["gewijzigd_op"] >= "2025-03-30T03" else "+01:00"
            assert record["gewijzigd_op"].endswith(offset)
