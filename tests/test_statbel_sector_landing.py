"""Landing for the omgeving sources: the real 2019 households file (when present in ../shared) is accepted
unchanged, and deliveries in another layout are refused with the file, line and column named."""

from __future__ import annotations

from itertools import islice

import pytest

from dagster_project.landing.raw_store import DuckDBRawStore
from dagster_project.landing.readers import read_delivery
from dagster_project.landing.validation import validate_file
from dagster_project.sources import FISCAL_INCOME, HOUSEHOLDS_CARS, SECTOR_POPULATION
from tests.conftest import SEEDS, SHARED_REFERENCE_DATA

REAL_HOUSEHOLDS = SHARED_REFERENCE_DATA / "statbel_TF_CAR_HH_SECTOR_2019.txt"


@pytest.mark.skipif(
    not REAL_HOUSEHOLDS.exists(),
    reason=f"the real Statbel households file (2019) is not available at {REAL_HOUSEHOLDS}; "
    "the sample files in seeds/ imitate its layout",
)
def test_real_2019_households_file_passes_landing_and_loads_into_raw(tmp_path):
    landed = tmp_path / "TF_CAR_HH_SECTOR.txt"  # the name Statbel gives the download
    landed.write_bytes(REAL_HOUSEHOLDS.read_bytes())
    assert HOUSEHOLDS_CARS.matches(landed) and HOUSEHOLDS_CARS.period_of(landed) is None

    validation = validate_file(landed, HOUSEHOLDS_CARS)

    assert validation.passed, [f.describe() for f in validation.findings]
    assert validation.rows == 19_824
    with DuckDBRawStore(tmp_path / "landing_test.duckdb") as store:
        outcome = store.load(HOUSEHOLDS_CARS, landed, "sha")
        loaded = store.con.execute(
            "select count(*), count(distinct cd_refnis), count(*) filter (where ms_num_car = '-00'),"
            " count(*) filter (where ms_num_hh like '%.%'), min(cd_year), max(cd_year) from raw.tf_car_hh_sector"
        ).fetchone()
    assert outcome.loaded
    # 581 municipalities of the 2019 structure; '-00' (no car) and '1.030' (thousands dot) kept as published.
    assert loaded == (19_824, 581, 245, loaded[3], "2019", "2019")
    assert loaded[3] > 0


def _findings(path, source):
    validation = validate_file(path, source)
    assert not validation.passed
    return validation.findings


def test_households_file_with_the_wrong_delimiter_is_refused(tmp_path):
    good = (SEEDS / "TF_CAR_HH_SECTOR_2024.txt").read_bytes().decode("utf-8-sig")
    path = tmp_path / "TF_CAR_HH_SECTOR_2024.txt"
    path.write_text(good.replace(";", "|"), encoding="utf-8-sig", newline="")

    findings = _findings(path, HOUSEHOLDS_CARS)

    # The whole header reads as one column: every published column is reported missing.
    assert {f.column for f in findings} >= {"CD_YEAR", "MS_NUM_HH", "MS_NUM_CAR"}
    assert all(f.file == "TF_CAR_HH_SECTOR_2024.txt" for f in findings)


def test_sector_file_in_an_older_layout_is_refused_naming_the_columns(tmp_path):
    lines = (SEEDS / "OPENDATA_SECTOREN_2023.txt").read_bytes().decode("utf-8-sig").split("\r\n")
    lines[0] = lines[0].replace("TOTAL", "POPULATION").replace("OPPERVLAKKTE IN HM²", "OPPERVLAKTE IN HM²")
    path = tmp_path / "OPENDATA_SECTOREN_2023.txt"
    path.write_text("\r\n".join(lines), encoding="utf-8-sig", newline="")

    described = [f.describe() for f in _findings(path, SECTOR_POPULATION)]

    assert any("column TOTAL: column is missing" in d for d in described), described
    assert any("column OPPERVLAKKTE IN HM²: column is missing" in d for d in described), described


def _income_workbook(path, header, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def _sample_income_rows(limit: int = 3):
    from openpyxl import load_workbook

    workbook = load_workbook(SEEDS / "TF_PSNL_INC_TAX_MUNTY.xlsx", read_only=True)
    rows = [list(r) for r in islice(workbook.worksheets[0].iter_rows(values_only=True), limit + 1)]
    workbook.close()
    return rows[0], rows[1:]


def test_income_workbook_with_a_missing_column_is_refused(tmp_path):
    header, rows = _sample_income_rows()
    drop = header.index("MS_TOT_RESIDENTS")
    path = tmp_path / "TF_PSNL_INC_TAX_MUNTY.xlsx"
    _income_workbook(path, header[:drop] + header[drop + 1 :], [r[:drop] + r[drop + 1 :] for r in rows])

    described = [f.describe() for f in _findings(path, FISCAL_INCOME)]

    expected = "TF_PSNL_INC_TAX_MUNTY.xlsx: column MS_TOT_RESIDENTS: column is missing"
    assert any(d.startswith(expected) for d in described), described


def test_income_value_that_is_neither_a_number_nor_a_star_is_refused(tmp_path):
    header, rows = _sample_income_rows()
    column = header.index("MS_NBR_ZERO_INC")
    rows[1][column] = "n.b."  # line 3 of the sheet
    rows[2][column] = "*"  # the suppression marker is fine
    path = tmp_path / "TF_PSNL_INC_TAX_MUNTY.xlsx"
    _income_workbook(path, header, rows)

    [finding] = _findings(path, FISCAL_INCOME)

    assert (finding.column, finding.rows, finding.examples) == ("MS_NBR_ZERO_INC", (3,), ("n.b.",))


def test_unreadable_workbook_is_refused_with_the_file_named(tmp_path):
    path = tmp_path / "TF_PSNL_INC_TAX_MUNTY.xlsx"
    path.write_bytes(b"this is not a workbook")

    [finding] = _findings(path, FISCAL_INCOME)

    assert finding.file == "TF_PSNL_INC_TAX_MUNTY.xlsx" and finding.check == "file_type"
    assert "text" in finding.message

    path.write_bytes(b"PK\x03\x04 a damaged zip archive")
    [finding] = _findings(path, FISCAL_INCOME)

    assert finding.file == "TF_PSNL_INC_TAX_MUNTY.xlsx" and finding.check == "xlsx"


def test_income_workbook_cells_land_as_text_with_codes_and_stars_as_published():
    frame = read_delivery(SEEDS / "TF_PSNL_INC_TAX_MUNTY.xlsx", FISCAL_INCOME)
    assert list(frame.columns) == list(FISCAL_INCOME.columns)
    assert all(isinstance(v, str) for v in frame["MS_TOT_NET_TAXABLE_INC"])
    kortessem_2021 = frame[(frame["CD_YEAR"] == "2021") & (frame["CD_MUNTY_REFNIS"] == "73040")]
    assert kortessem_2021["MS_NBR_ZERO_INC"].tolist() == ["*"]
    assert set(frame.loc[frame["CD_MUNTY_REFNIS"].str.startswith("21"), "CD_PROV_REFNIS"]) == {None}
    assert set(frame["CD_RGN_REFNIS"]) == {"2000", "4000"}  # numbers in the workbook: leading zero gone


def test_raw_table_of_the_sector_file_uses_ascii_column_names(tmp_path):
    with DuckDBRawStore(tmp_path / "landing_test.duckdb") as store:
        store.ensure_tables(SECTOR_POPULATION)
        columns = [row[0] for row in store.con.execute("describe raw.opendata_sectoren").fetchall()]
    assert "oppervlakkte_in_hm2" in columns  # the published "OPPERVLAKKTE IN HM²"
