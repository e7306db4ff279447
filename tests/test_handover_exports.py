"""Exports that open where people work, read back with independent readers: pyarrow for Parquet, pandas
with the Belgian Excel conventions for CSV, openpyxl for the workbook; and the dbt descriptions as
comments on every published column."""

import datetime as dt
import math
import shutil
import subprocess

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from dagster_project.handover.dbt_docs import model_docs, relationships
from tests.chromium import running_in_ci


@pytest.fixture(scope="module")
def exports_dir(built_warehouse):
    return built_warehouse.warehouse_dir / "exports"


@pytest.fixture(scope="module")
def open_copy(built_warehouse):
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    yield con
    con.close()


def _tables(con) -> list[str]:
    return [r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()]


@pytest.mark.parametrize("copy", ["published_db", "internal_db"])
def test_every_published_table_and_column_carries_its_dbt_description(built_warehouse, copy):
    con = duckdb.connect(str(getattr(built_warehouse, copy)), read_only=True)
    try:
        tables = con.execute("select table_name from duckdb_tables() where coalesce(comment, '') = ''").fetchall()
        columns = con.execute(
            "select table_name || '.' || column_name from duckdb_columns()"
            " where schema_name = 'marts' and coalesce(comment, '') = ''"
        ).fetchall()
        described = con.execute(
            "select comment from duckdb_columns() where table_name = 'fct_indicator_waarde'"
            " and column_name = 'indicator_code'"
        ).fetchone()
    finally:
        con.close()
    assert tables == [] and columns == []
    assert described[0] == model_docs()["fct_indicator_waarde"].columns["indicator_code"]


def test_parquet_opens_with_pyarrow_and_holds_every_row(exports_dir, open_copy):
    tables = _tables(open_copy)
    assert sorted(p.stem for p in (exports_dir / "parquet").glob("*.parquet")) == sorted(tables)
    for table in tables:
        parquet = pq.read_table(exports_dir / "parquet" / f"{table}.parquet")
        assert parquet.num_rows == open_copy.execute(f"select count(*) from marts.{table}").fetchone()[0], table
        assert parquet.column_names == [c[0] for c in open_copy.execute(f"describe marts.{table}").fetchall()]


def test_the_internal_request_level_fact_is_not_exported(exports_dir):
    assert not list(exports_dir.rglob("fct_melding.*"))


def _text(value) -> str | None:
    # A CSV field holds no NULL: NULL and the empty string both read back as missing.
    return value if isinstance(value, str) and value else None


def _read_belgian_csv(path, text_columns):
    return pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={c: str for c in text_columns})


def test_csv_read_with_the_belgian_conventions_equals_the_table(exports_dir, open_copy):
    for table in _tables(open_copy):
        columns = open_copy.execute(f"describe marts.{table}").fetchall()
        text = [name for name, dtype, *_ in columns if dtype == "VARCHAR"]
        raw = (exports_dir / "csv" / f"{table}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{table}: UTF-8 without BOM"
        parsed = _read_belgian_csv(exports_dir / "csv" / f"{table}.csv", text)
        # The export writes its rows in a fixed order: every column, left to right.
        expected = open_copy.execute(f"select * from marts.{table} order by all").df()
        assert list(parsed.columns) == list(expected.columns) and len(parsed) == len(expected), table
        for name, dtype, *_ in columns:
            got, want = parsed[name].tolist(), expected[name].tolist()
            if dtype == "VARCHAR":
                assert [_text(g) for g in got] == [_text(w) for w in want], (table, name)
            elif dtype.startswith(("DOUBLE", "DECIMAL", "FLOAT", "BIGINT", "INTEGER", "HUGEINT")):
                for g, w in zip(got, want, strict=True):
                    if w is None or (isinstance(w, float) and math.isnan(w)) or pd.isna(w):
                        assert pd.isna(g), (table, name, g)
                    else:
                        assert math.isclose(float(g), float(w), rel_tol=1e-9, abs_tol=1e-6), (table, name, g, w)
            elif dtype == "DATE":
                assert [str(g) for g in got] == [str(w.date()) if hasattr(w, "date") else str(w) for w in want]
            elif dtype == "BOOLEAN":
                assert [bool(g) if not pd.isna(g) else None for g in got] == [
                    bool(w) if not pd.isna(w) else None for w in want
                ], (table, name)


def test_codes_keep_their_leading_zero_and_numbers_their_decimal_comma(exports_dir):
    gemeenten = (exports_dir / "csv" / "dim_gemeente.csv").read_text(encoding="utf-8-sig")
    assert ';"02000";"Vlaams Gewest";' in gemeenten
    indicators = (exports_dir / "csv" / "fct_indicator_waarde.csv").read_text(encoding="utf-8-sig")
    header, first = indicators.splitlines()[:2]
    assert header.startswith('"indicator_waarde_id";"indicator_code"')
    value = first.split(";")[header.split(";").index("value")]
    assert "," in value and "." not in value


def _cell(value, dtype):
    """A value of the mart as openpyxl reads its typed cell back."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if dtype == "DATE":
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)  # the workbook holds moments in UTC
    if dtype.startswith(("DECIMAL", "DOUBLE")):
        return float(value)
    return value


def test_every_mart_opens_in_excel_with_typed_cells(exports_dir, open_copy):
    """What a double-click opens: codes are text cells (02000 keeps its zero), amounts and counts numbers,
    dates dates; every row in the order of the other exports."""
    tables = _tables(open_copy)
    assert sorted(p.stem for p in (exports_dir / "xlsx").glob("*.xlsx")) == sorted(tables)  # all fit in the demo
    for table in tables:
        columns = open_copy.execute(f"describe marts.{table}").fetchall()
        expected = open_copy.execute(f"select * from marts.{table} order by all").fetchall()
        workbook = openpyxl.load_workbook(exports_dir / "xlsx" / f"{table}.xlsx", read_only=True)
        header, *rows = list(workbook[table[:31]].values)
        workbook.close()
        assert list(header) == [c[0] for c in columns] and len(rows) == len(expected), table
        for got, want in zip(rows, expected, strict=True):
            for (name, dtype, *_), g, w in zip(columns, got, want, strict=True):
                w = _cell(w, dtype)
                if dtype == "VARCHAR":
                    assert _text(g) == _text(w), (table, name, g, w)
                elif isinstance(w, float):
                    assert math.isclose(g, w, rel_tol=1e-12, abs_tol=1e-9), (table, name, g, w)
                elif dtype.startswith("TIMESTAMP"):  # a day number with a fraction: exact to the millisecond
                    assert abs(g - w) < dt.timedelta(milliseconds=1), (table, name, g, w)
                else:
                    assert g == w and type(g) is type(w), (table, name, g, w)
    workbook = openpyxl.load_workbook(exports_dir / "xlsx" / "dim_gemeente.xlsx", read_only=True)
    header, *rows = list(workbook["dim_gemeente"].values)
    assert {row[header.index("gewest_nis_code")] for row in rows} >= {"02000"}


needs_libreoffice = pytest.mark.skipif(
    not shutil.which("soffice") and not running_in_ci(), reason="no LibreOffice here (.ci/run installs it)"
)


@needs_libreoffice
def test_a_spreadsheet_application_opens_the_workbooks_with_codes_as_codes(exports_dir, open_copy, tmp_path):
    """LibreOffice Calc, an independent spreadsheet program, opens the workbooks and writes them out as text:
    the codes it read are the mart's codes, with leading zeros and letters (02000, 11002E071), not numbers."""
    books = [exports_dir / "xlsx" / f"{table}.xlsx" for table in ("dim_gemeente", "dim_sector")]
    # Field separator ';' (59), quote '"' (34), UTF-8 (76), from line 1; cells as shown, so a number
    # formatted from a code would show as one.
    csv_filter = "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false"
    profile = (tmp_path / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", csv_filter]
    subprocess.run(
        [*command, "--outdir", str(tmp_path), *map(str, books)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    gemeenten = pd.read_csv(tmp_path / "dim_gemeente.csv", sep=";", dtype=str, keep_default_na=False)
    sectoren = pd.read_csv(tmp_path / "dim_sector.csv", sep=";", dtype=str, keep_default_na=False)
    for frame, table, column in (
        (gemeenten, "dim_gemeente", "gewest_nis_code"),
        (sectoren, "dim_sector", "sector_code"),
    ):
        # In the rows' own order (every column, left to right), as the workbook holds them.
        expected = open_copy.execute(f"select * from marts.{table} order by all").df()[column].tolist()
        assert frame[column].tolist() == expected, (table, column)
    assert "02000" in set(gemeenten["gewest_nis_code"])
    assert any(code[5] == "E" and code[-1].isdigit() for code in sectoren["sector_code"])  # 11002E071, not 1.1E+76


def test_the_management_workbook_compares_the_centrumsteden(exports_dir):
    workbook = openpyxl.load_workbook(exports_dir / "indicatoren_centrumsteden.xlsx", read_only=True)
    assert workbook.sheetnames == ["Toelichting", "Vergelijking", "Reeksen", "Indicatoren"]
    rows = list(workbook["Vergelijking"].values)
    header = rows[0]
    places = {row[header.index("gemeente_nis_code")] for row in rows[1:]}
    assert len(places) == 14 and "centrumsteden" in places and "71072" in places  # text cells: codes stay codes
    indicators = {row[header.index("indicator_code")] for row in rows[1:]}
    assert {"bev_aandeel_65_plus", "ink_per_inwoner", "fin_expl_uitg_inw_d1"} <= indicators


def test_the_data_dictionary_describes_every_exported_column(exports_dir, open_copy):
    dictionary = pd.read_csv(exports_dir / "datadictionary.csv", sep=";", encoding="utf-8-sig", dtype=str)
    expected = {
        (r[0], r[1])
        for r in open_copy.execute(
            "select table_name, column_name from duckdb_columns() where schema_name = 'marts'"
        ).fetchall()
    }
    assert set(zip(dictionary["mart"], dictionary["kolom"], strict=True)) == expected
    assert dictionary["beschrijving"].notna().all()


def test_the_power_bi_route_spells_out_the_stars_relationships(exports_dir, open_copy):
    route = (exports_dir / "POWERBI.md").read_text(encoding="utf-8")
    published = set(_tables(open_copy))
    tested = [r for r in relationships() if r.from_table in published and r.to_table in published]
    assert len(tested) > 15
    for rel in tested:
        assert f"`{rel.from_table}.{rel.from_column}` | `{rel.to_table}.{rel.to_column}`" in route
    assert "`fct_indicator_waarde.indicator_code` | `dim_indicator.indicator_code`" in route
