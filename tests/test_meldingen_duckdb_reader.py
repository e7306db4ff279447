"""The service requests' CSV export goes through DuckDB's reader (stage_opendatasoft_meldingen); the Python
reader stays for JSON and for every file DuckDB would read differently. Both must stage exactly the same
records, line numbers and pseudonyms, and the staged table must hold no clear reporter field."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dagster_project.landing.findings import LandingRejected
from dagster_project.landing.readers import stage_delivery, stage_frame
from dagster_project.sources.stad.meldingen import (
    MELDINGEN,
    MELDINGEN_COLUMNS,
    MELDINGEN_PUBLISHED_FIELDS,
    PERSONAL_FIELDS,
    PHONE_DIGITS,
    PHONE_FORM,
    PHONE_SCREEN,
    read_opendatasoft_meldingen,
    stage_opendatasoft_meldingen,
)
from tests.conftest import SEEDS

KEY = "a-test-key-of-twenty-characters"
HEADER = ";".join(MELDINGEN_PUBLISHED_FIELDS)


def _record(melding_id: str, email: str = "an@example.org", name: str = "An Peeters") -> str:
    values = {
        "melding_id": melding_id,
        "categorie": "Sluikstort",
        "status": "Nieuw",
        "kanaal": "App",
        "aangemaakt_op": "2025-03-10T08:15:00+01:00",
        "gewijzigd_op": "2025-03-10T08:15:00+01:00",
        "afgesloten_op": "",
        "straat": "Veldstraat",
        "huisnummer": "1",
        "postcode": "9000",
        "gemeente": "Gent",
        "statistische_sector": "44021A00-",
        "geo_point_2d": "51.05000, 3.72000",
        "melder_naam": name,
        "melder_email": email,
        "melder_telefoon": "",
    }
    return ";".join(values[f] for f in MELDINGEN_PUBLISHED_FIELDS)


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("OBMI_PSEUDONYMISATION_KEY", KEY)


def _both(path: Path):
    """(DuckDB stager's table or its findings or None, Python reader's table or its findings)."""
    con = duckdb.connect()
    try:
        header = stage_opendatasoft_meldingen(con, path, MELDINGEN, "fast")
        fast = con.execute("select * from fast order by _rid").fetchall() if header is not None else None
    except LandingRejected as rejected:
        fast = [f.describe() for f in rejected.findings]
    try:
        stage_frame(con, read_opendatasoft_meldingen(path, MELDINGEN), "slow")
        slow = con.execute("select * from slow order by _rid").fetchall()
    except LandingRejected as rejected:
        slow = [f.describe() for f in rejected.findings]
    con.close()
    return fast, slow


@pytest.mark.parametrize("path", sorted(SEEDS.glob("meldingen_*.csv")), ids=lambda p: p.name)
def test_duckdb_stager_stages_the_sample_exactly_as_the_python_reader(path):
    fast, slow = _both(path)
    assert fast is not None, f"{path.name} should go through DuckDB's reader"
    assert fast == slow
    assert len(fast) > 0


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "meldingen_2025-03-10.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_records_of_only_empty_fields_are_skipped_and_lines_keep_their_number(tmp_path):
    empty = ";" * (len(MELDINGEN_PUBLISHED_FIELDS) - 1)
    path = _write(tmp_path, "\r\n".join([HEADER, _record("M1"), empty, _record("M2", email="bad-address")]) + "\r\n")
    fast, slow = _both(path)
    # The malformed e-mail is on line 4 (header, M1, the empty record, M2), named with a masked example.
    assert fast == slow
    assert fast == [
        "meldingen_2025-03-10.csv: line 4: column melder_email: not an e-mail address (a shifted column or a "
        "typo in the request system) (e.g. 'b***s') [reporter_contact]"
    ]


def test_empty_records_between_others_keep_positions(tmp_path):
    empty = ";" * (len(MELDINGEN_PUBLISHED_FIELDS) - 1)
    path = _write(tmp_path, "\n".join([HEADER, _record("M1"), empty, _record("M2")]) + "\n")
    fast, slow = _both(path)
    assert fast == slow
    assert [(row[0], row[1], row[2]) for row in fast] == [(0, 0, "M1"), (1, 2, "M2")]  # _rid, _idx, melding_id


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\n".join([HEADER, _record("M1"), "", _record("M2")]) + "\n", id="blank line"),
        pytest.param("\n".join([HEADER, _record("M1"), "M2;Sluikstort"]) + "\n", id="ragged record"),
        pytest.param("\n".join([HEADER.replace("status;kanaal", "kanaal;status"), _record("M1")]) + "\n", id="order"),
    ],
)
def test_files_duckdb_would_read_differently_go_to_the_python_reader(tmp_path, text):
    path = _write(tmp_path, text)
    con = duckdb.connect()
    assert stage_opendatasoft_meldingen(con, path, MELDINGEN, "fast") is None
    con.close()


def test_a_quote_inside_an_unquoted_field_is_read_alike(tmp_path):
    path = _write(tmp_path, "\n".join([HEADER, _record("M1").replace("Veldstraat", 'Veld"straat')]) + "\n")
    fast, slow = _both(path)
    assert fast == slow
    assert fast[0][9] == 'Veld"straat'  # _rid, _idx, then straat is the 8th published field


def test_an_export_without_the_reporters_columns_is_staged_by_duckdb(tmp_path):
    keep = [i for i, f in enumerate(MELDINGEN_PUBLISHED_FIELDS) if f not in PERSONAL_FIELDS]
    header = ";".join(MELDINGEN_PUBLISHED_FIELDS[i] for i in keep)
    record = ";".join(_record("M1").split(";")[i] for i in keep)
    path = _write(tmp_path, f"{header}\n{record}\n")
    fast, slow = _both(path)
    assert fast is not None and fast == slow
    assert fast[0][-1] is None  # an anonymous request has no pseudonym


def test_the_staged_table_holds_the_pseudonym_and_no_clear_reporter_field(tmp_path):
    path = _write(tmp_path, "\n".join([HEADER, _record("M1"), _record("M2", name="Jan Jansen")]) + "\n")
    con = duckdb.connect()
    staged = stage_delivery(con, path, MELDINGEN, "delivery")
    columns = [row[0] for row in con.execute("describe delivery").fetchall()]
    assert columns == ["_rid", "_idx", *MELDINGEN_COLUMNS]
    assert staged.frame is None  # DuckDB's reader, not the Python one
    values = {str(v) for row in con.execute("select * from delivery").fetchall() for v in row}
    assert not {"An Peeters", "an@example.org", "Jan Jansen"} & values
    tables = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert tables == {"delivery"}  # the scratch tables with the clear fields are not in this connection
    con.close()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="+0123456789 ./()-x", max_size=24))
def test_the_phone_screen_passes_exactly_the_numbers_the_python_check_accepts(phone):
    """DuckDB's screen (one expression for the form and the count of digits) must flag what the exact check in
    Python refuses, and, so that the screen sends no good file the slow way, nothing more."""
    accepted = bool(PHONE_FORM.fullmatch(phone)) and len(re.sub(r"\D", "", phone)) in PHONE_DIGITS
    screened = duckdb.execute("select regexp_full_match(?, ?)", [phone, PHONE_SCREEN]).fetchone()[0]
    assert screened == accepted
