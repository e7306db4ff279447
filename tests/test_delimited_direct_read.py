"""A large delivery goes to DuckDB's CSV reader without being decoded in Python first (landing/delimited.py,
DIRECT_READ_FROM_BYTES). Whatever the size, a file must be staged exactly alike or refused with the same
findings: each variant below is staged once through the direct read and once decoded first."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagster_project.landing import delimited
from dagster_project.landing.findings import LandingRejected
from dagster_project.landing.readers import scratch_connection
from dagster_project.sources import POPULATION_STRUCTURE
from tests.conftest import SEEDS

SAMPLE = SEEDS / "TF_SOC_POP_STRUCT_2024.txt"


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


VARIANTS = {
    "utf-8": _utf8,
    "utf-8 with BOM and CRLF": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    # Excel on a Belgian PC: an accented name makes it differ from UTF-8.
    "windows-1252": lambda text: text.replace("Brussel", "Bruxellès", 1).encode("cp1252"),
    # 0x81 is undefined in Windows-1252: neither encoding, refused with the byte and line.
    "neither encoding": lambda text: _utf8(text).replace(b"Antwerpen", b"Antw\x81rpen", 1),
    "ragged record": lambda text: _utf8(text.replace("\n", "|extra\n", 5)),
    "header only": lambda text: _utf8(text.splitlines()[0] + "\n"),
    "zip archive": lambda text: b"PK\x03\x04" + _utf8(text),
    "semicolons": lambda text: _utf8(text.replace("|", ";")),
}


def _stage(path: Path, threshold: int, monkeypatch) -> tuple[list[str], list[tuple]] | list[tuple]:
    monkeypatch.setattr(delimited, "DIRECT_READ_FROM_BYTES", threshold)
    con = scratch_connection()
    try:
        header = delimited.stage_delimited(con, path, POPULATION_STRUCTURE, "delivery")
        return header, con.execute("select * from delivery order by _rid").fetchall()
    except LandingRejected as rejected:
        return [(f.check, f.message, f.rows, f.examples) for f in rejected.findings]
    finally:
        con.close()


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_file_read_directly_is_staged_or_refused_as_when_decoded_first(variant, tmp_path, monkeypatch):
    path = tmp_path / SAMPLE.name
    path.write_bytes(VARIANTS[variant](SAMPLE.read_text(encoding="utf-8-sig")))
    decoded_first = _stage(path, 1 << 40, monkeypatch)
    read_directly = _stage(path, 0, monkeypatch)
    assert read_directly == decoded_first
    if variant in ("utf-8", "utf-8 with BOM and CRLF", "windows-1252"):
        header, rows = read_directly
        assert header == SAMPLE.read_text(encoding="utf-8-sig").splitlines()[0].split("|")
        expected = SAMPLE.read_text(encoding="utf-8-sig").count("\n") - 1
        assert len(rows) == expected and rows[-1][-2:] == (expected - 1, expected - 1)
    else:
        assert read_directly, "a damaged file must be refused"
