"""The per-mart Excel workbook, written by DuckDB as SpreadsheetML, read back with openpyxl: every cell
keeps its type and its place, including the values a spreadsheet mangles (codes with a leading zero, text
with XML's special characters, NULLs between values, integers beyond Excel's 15 digits)."""

import datetime as dt
import math

import duckdb
import openpyxl
import pytest

from dagster_project.handover import xlsx_sheet

AWKWARD = """
    select * from (values
        ('02000', 12, 3.5::decimal(18, 2), date '2024-01-01', true, 'A & B <c> "d"',
         timestamp '2024-03-04 05:06:07', 12345678901234567::bigint, 'tab\there', 1.5::double),
        ('11002E071', null, null, null, null, null, null, null, null, 'nan'::double),
        ('0', -7, -0.25::decimal(18, 2), date '9999-12-31', false, 'bell' || chr(7) || 'end',
         null, -3::bigint, '', 'inf'::double)
    ) as t(code, aantal, bedrag, dag, vlag, tekst, moment, groot, leeg, getal)
"""


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    con = duckdb.connect()
    con.execute(f"create table t as {AWKWARD}")
    columns = [(r[0], r[1]) for r in con.execute("select column_name, column_type from (describe t)").fetchall()]
    path = tmp_path_factory.mktemp("xlsx") / "t.xlsx"
    rows = xlsx_sheet.write_sheet_workbook(con, "t", columns, "a & b", path)
    assert rows == 3
    return openpyxl.load_workbook(path)


def test_cells_keep_their_type_and_place(workbook):
    sheet = workbook["a & b"]
    header, *rows = list(sheet.values)
    assert header == ("code", "aantal", "bedrag", "dag", "vlag", "tekst", "moment", "groot", "leeg", "getal")
    # Rows in the order of every column, as the Parquet and CSV exports: '0' < '02000' < '11002E071'.
    first, second, third = rows
    assert first[:6] == ("0", -7, -0.25, dt.datetime(9999, 12, 31), False, "bellend")
    assert first[6] is None and first[7] == -3 and first[8] in ("", None) and first[9] == "inf"
    assert second[:6] == ("02000", 12, 3.5, dt.datetime(2024, 1, 1), True, 'A & B <c> "d"')
    assert second[6] == dt.datetime(2024, 3, 4, 5, 6, 7)
    assert second[7] == "12345678901234567"  # beyond 15 digits: text, not a rounded number
    assert second[8] == "tab\there" and math.isclose(second[9], 1.5)
    # NULLs are empty cells that keep the next value in its own column.
    assert third == ("11002E071", None, None, None, None, None, None, None, None, "nan")


def test_the_sheet_is_ready_for_filtering(workbook):
    sheet = workbook["a & b"]
    assert sheet.dimensions == "A1:J4"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J4"
    assert sheet["D2"].number_format == "yyyy\\-mm\\-dd"


def test_an_empty_table_is_a_header_only_sheet(tmp_path):
    con = duckdb.connect()
    con.execute("create table leeg (gemeente_nis_code varchar, waarde double)")
    path = tmp_path / "leeg.xlsx"
    assert (
        xlsx_sheet.write_sheet_workbook(
            con, "leeg", [("gemeente_nis_code", "VARCHAR"), ("waarde", "DOUBLE")], "leeg", path
        )
        == 0
    )
    assert list(openpyxl.load_workbook(path)["leeg"].values) == [("gemeente_nis_code", "waarde")]


@pytest.mark.parametrize(
    ("number", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (702, "ZZ"), (703, "AAA"), (16384, "XFD")]
)
def test_column_letters(number, letters):
    assert xlsx_sheet.column_letter(number) == letters


def test_what_fits_on_one_sheet():
    assert xlsx_sheet.fits_in_excel(1_048_575, 16_384)
    assert not xlsx_sheet.fits_in_excel(1_048_576, 3)
    assert not xlsx_sheet.fits_in_excel(10, 16_385)
