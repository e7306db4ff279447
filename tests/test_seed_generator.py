"""The committed sample files in seeds/ must be exactly what scripts/generate_seeds.py writes,
and must keep the layout of the real Statbel publications."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GENERATOR = REPO / "scripts" / "generate_seeds.py"

BOM = b"\xef\xbb\xbf"
REFNIS_HEADER = "LVL_REFNIS|CD_REFNIS|CD_SUP_REFNIS|TX_REFNIS_DE|TX_REFNIS_FR|TX_REFNIS_NL|DT_VLDT_START|DT_VLDT_END"
POP_HEADER = (
    "CD_REFNIS|TX_DESCR_NL|TX_DESCR_FR|CD_DSTR_REFNIS|TX_ADM_DSTR_DESCR_NL|TX_ADM_DSTR_DESCR_FR|"
    "CD_PROV_REFNIS|TX_PROV_DESCR_NL|TX_PROV_DESCR_FR|CD_RGN_REFNIS|TX_RGN_DESCR_NL|TX_RGN_DESCR_FR|"
    "CD_SEX|CD_NATLTY|TX_NATLTY_NL|TX_NATLTY_FR|CD_CIV_STS|TX_CIV_STS_NL|TX_CIV_STS_FR|CD_AGE|MS_POPULATION"
)
POP_YEARS = range(2019, 2026)
POP_FILES = [f"TF_SOC_POP_STRUCT_{year}.txt" for year in POP_YEARS]
DATA_FILES = ["TU_COM_REFNIS.txt", *POP_FILES]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """Run the generator as a user would, into a fresh folder."""
    out = tmp_path_factory.mktemp("seeds")
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, capture_output=True)
    return out


def _lines(path: Path) -> list[str]:
    """Decode a Statbel-style file after checking BOM and CRLF; returns lines without line ends."""
    raw = path.read_bytes()
    assert raw.startswith(BOM), f"{path.name}: no UTF-8 BOM"
    assert raw.endswith(b"\r\n"), f"{path.name}: last line not ended by CRLF"
    body = raw[len(BOM) :].decode("utf-8")
    assert "\n" not in body.replace("\r\n", ""), f"{path.name}: bare LF or CR line end"
    return body.split("\r\n")[:-1]


def test_generator_writes_exactly_the_committed_files(generated: Path):
    # Only the foundation's files: other generators (scripts/generate_*_seeds.py) check their own files,
    # and tests/test_beleid_seed_generator.py checks that seeds/ holds nothing no generator writes.
    assert sorted(p.name for p in generated.iterdir()) == sorted(DATA_FILES)
    committed = sorted(p.name for p in SEEDS.iterdir() if p.name in DATA_FILES)
    assert committed == sorted(DATA_FILES), "seeds/ lacks files the generator writes"
    for name in DATA_FILES:
        assert (generated / name).read_bytes() == (SEEDS / name).read_bytes(), (
            f"seeds/{name} differs from the generator output: run python scripts/generate_seeds.py"
        )


def test_refnis_layout():
    lines = _lines(SEEDS / "TU_COM_REFNIS.txt")
    assert lines[0] == REFNIS_HEADER
    rows = [line.split("|") for line in lines[1:]]
    assert all(len(row) == 8 for row in rows)
    for level, code, parent, *_names, start, end in rows:
        assert level in {"1", "2", "3", "4"}
        assert len(code) == 5 and code.isdigit()
        assert parent == "-" if level == "1" else (len(parent) == 5 and parent.isdigit())
        for date in (start, end):
            day, month, year = date.split("/")
            assert (len(day), len(month), len(year)) == (2, 2, 4)
    assert rows == sorted(rows, key=lambda r: (int(r[0]), r[1])), "rows not ordered by level, then code"
    by_code = {row[1]: row for row in rows}
    assert by_code["02000"][5] == "Vlaams Gewest"
    assert by_code["21000"][2] == "04000", "Brussels arrondissement hangs directly under the region"
    assert by_code["71022"][7] == "31/12/2024"
    assert by_code["71072"][6:] == ["01/01/2025", "31/12/9999"]


@pytest.mark.parametrize("name", POP_FILES)
def test_population_layout(name: str):
    lines = _lines(SEEDS / name)
    assert lines[0] == POP_HEADER
    rows = [line.split("|") for line in lines[1:]]
    assert 10_000 < len(rows) < 25_000
    assert (SEEDS / name).stat().st_size < 4_200_000
    for row in rows:
        assert len(row) == 21
        code, district, province, region = row[0], row[3], row[6], row[9]
        for value in (code, district, region):
            assert len(value) == 5 and value.isdigit()
        if region == "04000":
            assert row[6:9] == ["", "", ""], "Brussels has no province"
        else:
            assert len(province) == 5 and province.isdigit()
        assert row[12] in {"F", "M"}
        assert row[13:16] in (["BEL", "Belgen", "Belges"], ["ETR", "niet-Belgen", "non-Belges"])
        assert row[16] in {"1", "2", "3", "4"}
        age = row[19]
        assert age.isdigit() and str(int(age)) == age and 0 <= int(age) <= 105
        if int(age) < 18:
            assert row[16] == "1", "children are all single"
        population = row[20]
        assert population.isdigit() and int(population) > 0
    keys = [tuple(row[i] for i in (0, 12, 13, 16, 19)) for row in rows]
    assert len(keys) == len(set(keys)), "one row per combination"
    assert keys != sorted(keys), "rows are unsorted, as in the real file"


def _totals(name: str) -> dict[str, int]:
    totals: dict[str, int] = {}
    for line in _lines(SEEDS / name)[1:]:
        row = line.split("|")
        totals[row[0]] = totals.get(row[0], 0) + int(row[20])
    return totals


def test_2025_mergers():
    before, after = _totals("TF_SOC_POP_STRUCT_2024.txt"), _totals("TF_SOC_POP_STRUCT_2025.txt")
    assert {"11007", "71022", "73040"} <= set(before) and "71072" not in before
    assert not {"11007", "71022", "73040"} & set(after) and "71072" in after
    assert 1.0 <= after["11002"] / (before["11002"] + before["11007"]) <= 1.015
    assert 1.0 <= after["71072"] / (before["71022"] + before["73040"]) <= 1.015


def test_generator_is_stdlib_only():
    import ast

    tree = ast.parse(GENERATOR.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)
