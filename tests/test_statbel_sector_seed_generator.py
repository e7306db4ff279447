"""The committed omgeving sample files (sectors, households, income) are exactly what
scripts/generate_statbel_sector_seeds.py writes, in the layouts of the real Statbel publications."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GENERATOR = REPO / "scripts" / "generate_statbel_sector_seeds.py"
YEARS = range(2019, 2026)
BOM = b"\xef\xbb\xbf"

SECTOR_HEADER = (
    "CD_REFNIS|CD_SECTOR|TOTAL|DT_STRT_SECTOR|DT_STOP_SECTOR|OPPERVLAKKTE IN HM²|"
    "TX_DESCR_SECTOR_NL|TX_DESCR_SECTOR_FR|TX_DESCR_NL|TX_DESCR_FR"
)
HOUSEHOLD_HEADER = "CD_YEAR;CD_REFNIS;TX_REFNIS_DESCR_FR;TX_REFNIS_DESCR_NL;CD_STAT_SECTOR;MS_NUM_HH;MS_NUM_CAR"
SECTOR_FILES = [f"OPENDATA_SECTOREN_{y}.txt" for y in YEARS]
HOUSEHOLD_FILES = [f"TF_CAR_HH_SECTOR_{y}.txt" for y in YEARS]
INCOME_FILE = "TF_PSNL_INC_TAX_MUNTY.xlsx"
OMGEVING_FILES = [*SECTOR_FILES, *HOUSEHOLD_FILES, INCOME_FILE]
SECTOR_CODE = re.compile(r"^\d{5}[0-9A-Z-]{4}$")
DUTCH_COUNT = re.compile(r"^(?:\d{1,3}(?:\.\d{3})*|-00)$")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("omgeving_seeds")
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, capture_output=True)
    return out


def _lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    assert raw.startswith(BOM), f"{path.name}: no UTF-8 BOM"
    assert raw.endswith(b"\r\n"), f"{path.name}: last line not ended by CRLF"
    body = raw[len(BOM) :].decode("utf-8")
    assert "\n" not in body.replace("\r\n", ""), f"{path.name}: bare LF or CR line end"
    return body.split("\r\n")[:-1]


def test_generator_writes_exactly_the_committed_files(generated: Path):
    assert sorted(p.name for p in generated.iterdir()) == sorted(OMGEVING_FILES)
    for name in OMGEVING_FILES:
        assert (generated / name).read_bytes() == (SEEDS / name).read_bytes(), (
            f"seeds/{name} differs from the generator output: run python scripts/generate_statbel_sector_seeds.py"
        )


def test_sample_files_stay_modest():
    total = sum((SEEDS / name).stat().st_size for name in OMGEVING_FILES)
    assert total < 1_500_000, total


@pytest.mark.parametrize("name", SECTOR_FILES)
def test_sector_population_layout(name: str):
    lines = _lines(SEEDS / name)
    assert lines[0] == SECTOR_HEADER  # with the misspelled, superscripted area column
    rows = [line.split("|") for line in lines[1:]]
    assert 700 < len(rows) < 1000
    for code, sector, total, start, stop, area, *names in rows:
        assert len(code) == 5 and code.isdigit()
        assert SECTOR_CODE.match(sector), sector
        assert total.isdigit()
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", start) and stop == "31/12/9999"
        assert (area == "") == sector.endswith("ZZZZ")  # the unknown sector has no territory
        assert area == "" or re.fullmatch(r"\d+\.\d{2}", area)
        assert all(names)
    assert len({row[1] for row in rows}) == len(rows)


def test_sector_codes_keep_their_prefix_after_the_2025_mergers():
    before = [line.split("|") for line in _lines(SEEDS / "OPENDATA_SECTOREN_2024.txt")[1:]]
    after = [line.split("|") for line in _lines(SEEDS / "OPENDATA_SECTOREN_2025.txt")[1:]]
    assert {r[0] for r in before if r[1].startswith("11007")} == {"11007"}
    assert {r[0] for r in after if r[1].startswith("11007") and not r[1].endswith("ZZZZ")} == {"11002"}
    assert {r[0] for r in after if r[1][:5] in ("71022", "73040")} == {"71072"}
    assert not [r for r in after if r[1] in ("11007ZZZZ", "71022ZZZZ", "73040ZZZZ")]


@pytest.mark.parametrize("year", YEARS)
def test_households_layout(year: int):
    lines = _lines(SEEDS / f"TF_CAR_HH_SECTOR_{year}.txt")
    assert lines[0] == HOUSEHOLD_HEADER
    rows = [line.split(";") for line in lines[1:]]
    for cd_year, code, _fr, _nl, sector, households, cars in rows:
        assert cd_year == str(year)
        assert len(code) == 5 and code.isdigit()
        assert SECTOR_CODE.match(sector)
        assert DUTCH_COUNT.match(households) and households != "-00"
        assert DUTCH_COUNT.match(cars)
    assert any("." in row[5] for row in rows), "thousands written with a dot, as in the real file"
    assert any(row[6] == "-00" for row in rows), "zero cars written as -00, as in the real file"


def test_income_workbook_layout():
    from openpyxl import load_workbook

    path = SEEDS / INCOME_FILE
    with zipfile.ZipFile(path) as archive:
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
    workbook = load_workbook(path, read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    header = rows[0]
    assert len(header) == 49
    assert header[:4] == ("CD_YEAR", "CD_MUNTY_REFNIS", "MS_NBR_NON_ZERO_INC", "MS_NBR_ZERO_INC")
    assert header[4] == "MS_TOT_NET_TAXABLE_INC"
    assert header[29] == "MS_TOT_RESIDENTS" and header[-1] == "TX_RGN_DESCR_DE"
    body = rows[1:]
    assert len(body) == 7 * 34  # every year on the 2019-2024 structure, like Statbel's fixed vintage
    assert {r[0] for r in body} == set(YEARS)
    stars = [(r[0], r[1], header[i]) for r in body for i, v in enumerate(r) if v == "*"]
    assert (2021, 73040, "MS_NBR_ZERO_INC") in stars
    assert all(isinstance(v, int) for r in body for v in r[2:30] if v != "*")
    # The old codes go on in 2025 with the residents of their own sectors: no jump at the merger.
    residents = {(r[0], r[1]): r[29] for r in body}
    for code in (11007, 71022, 73040):
        assert 0.98 < residents[(2025, code)] / residents[(2024, code)] < 1.02, code


def test_generator_is_stdlib_only():
    tree = ast.parse(GENERATOR.read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported - {"generate_seeds"} <= set(sys.stdlib_module_names)
