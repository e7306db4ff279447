"""The catalogue of bad or awkward deliveries, each built from a clean sample file, across the source types:
Statbel text files (population, REFNIS, sectors, households), the Statbel income workbook, ABB's BBC-DR
pivot export, the city's service requests (CSV export and JSON API) and the multi-year plan export.

`reject` variants must be refused at landing with a message naming the file (and the line and column
where there is one). `accept` variants are legitimate real-world forms (no BOM, Windows-1252, LF line
ends, Excel padding, thousands separators, quoted fields, a service-request category the warehouse does
not know yet) and must load exactly like the clean file, or with exactly the change they make.

Decisions behind the beleid variants: a BBC-DR export re-saved by Excel in Windows-1252 or without BOM is
read like the Statbel files; amounts with a dot decimal (1267.10, an English-locale export) are refused,
because `1.267` is ambiguous between the two locales. A service request with a category the city's list
(dbt seed ref_melding_categorieen) lacks is loaded: the service desk adds categories before the warehouse
hears of them, and one new label must not stop the publication; its category code stays empty in
fct_melding (a warning test names it, tests/test_beleid_meldingen.py) and it counts in no indicator until
the seed lists it with its target.
"""

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook

from dagster_project.landing.context import DeliveryContext
from dagster_project.landing.discovery import take_inventory
from dagster_project.landing.readers import read_delivery
from dagster_project.landing.source import LandingSource
from dagster_project.sources import LANDING_SOURCES
from tests.conftest import SEEDS

POP = "TF_SOC_POP_STRUCT_2023.txt"
REFNIS = "TU_COM_REFNIS.txt"
SECTORS = "OPENDATA_SECTOREN_2023.txt"
HOUSEHOLDS = "TF_CAR_HH_SECTOR_2023.txt"
INCOME = "TF_PSNL_INC_TAX_MUNTY.xlsx"
BBC = "BBC-DR_beleidsvelden_origineel_exploitatie.csv"
MELDINGEN_CSV = "meldingen_2025-03-10.csv"
MELDINGEN_JSON = "meldingen_2025-04-01.json"
PLAN = "doelstellingen_MJP2020-2025_44021.csv"
BOM = "\ufeff"
# Every landing folder of the job-level test holds the required sources.
REQUIRED_FILES = (REFNIS, POP)


@dataclass(frozen=True)
class Variant:
    id: str
    description: str
    file_name: str  # the clean sample file it starts from
    mutate: Callable[[bytes], bytes]
    outcome: str  # "reject" or "accept"
    check: str | None = None  # the check that must name the problem
    column: str | None = None
    target_name: str | None = None  # the name it is delivered under, when not the clean file's
    # For an accept variant that changes a value: the change, applied to the clean file's frame in place.
    expected_change: Callable[[pd.DataFrame], None] | None = None
    with_original: bool = False  # the clean file is in the landing folder too (a copy under another name)

    @property
    def delivered_name(self) -> str:
        return self.target_name or self.file_name

    @property
    def source(self) -> LandingSource:
        return source_of(self.file_name)

    def write(self, landing_dir: Path) -> Path:
        path = landing_dir / self.delivered_name
        path.write_bytes(self.mutate((SEEDS / self.file_name).read_bytes()))
        return path

    def landing(self, folder: Path) -> Path:
        """A landing folder with the variant and the clean files it is checked against (the required
        sources, which give the REFNIS codes; for a copy under another name, the original). Returns the
        delivered file."""
        folder.mkdir(parents=True, exist_ok=True)
        for clean in set(REQUIRED_FILES) - {self.file_name}:
            shutil.copy(SEEDS / clean, folder / clean)
        if self.with_original:
            shutil.copy(SEEDS / self.file_name, folder / self.file_name)
        return self.write(folder)

    def context(self, landing_dir: Path) -> DeliveryContext:
        """What the landing asset would know on a warehouse loaded with the sample files: the previous row
        counts of the variant's source (the clean file's, and the 2025 population file's)."""
        names = {self.file_name, "TF_SOC_POP_STRUCT_2025.txt"}
        previous = {n: len(read_delivery(SEEDS / n, self.source)) for n in names if self.source.matches(Path(n))}
        inventory = take_inventory(landing_dir, LANDING_SOURCES, landing_dir.parent / "unpacked")
        return DeliveryContext(landing_dir=landing_dir, previous_rows=previous, deliveries=inventory.as_context_map())


def source_of(file_name: str) -> LandingSource:
    return next(s for s in LANDING_SOURCES if s.file_pattern.fullmatch(file_name))


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8-sig").split("\r\n")


def _join(lines: list[str], bom: bool = True, newline: str = "\r\n", encoding: str = "utf-8") -> bytes:
    return ((BOM if bom else "") + newline.join(lines)).encode(encoding)


def _edit_cell(data: bytes, line: int, column: str, value: str, sep: str = "|", header_line: int = 1) -> bytes:
    lines = _lines(data)
    header = lines[header_line - 1].split(sep)
    cells = lines[line - 1].split(sep)
    cells[header.index(column)] = value
    lines[line - 1] = sep.join(cells)
    return _join(lines)


def _map_column(data: bytes, column: str, change: Callable[[str], str], sep: str = "|") -> bytes:
    lines = _lines(data)
    index = lines[0].split(sep).index(column)
    out = [lines[0]]
    for line in lines[1:]:
        if line:
            cells = line.split(sep)
            cells[index] = change(cells[index])
            line = sep.join(cells)
        out.append(line)
    return _join(out)


def _rename_header(data: bytes, old: str, new: str) -> bytes:
    lines = _lines(data)
    lines[0] = "|".join(new if c == old else c for c in lines[0].split("|"))
    return _join(lines)


def _drop_column(data: bytes, column: str, sep: str = "|") -> bytes:
    lines = _lines(data)
    index = lines[0].split(sep).index(column)
    return _join([sep.join(v for i, v in enumerate(row.split(sep)) if i != index) if row else row for row in lines])


def _add_column(data: bytes) -> bytes:
    lines = _lines(data)
    return _join([lines[0] + "|MS_EXTRA"] + [row + "|0" if row else row for row in lines[1:]])


def _duplicate_line(data: bytes) -> bytes:
    lines = _lines(data)
    return _join([*lines[:3], lines[2], *lines[3:]])


def _truncate(data: bytes) -> bytes:
    cut = data.rfind(b"|", 0, len(data) - 40)  # in the middle of the last records
    return data[:cut]


def _header_only(data: bytes) -> bytes:
    return _join([_lines(data)[0], ""])


def _ten_times(data: bytes) -> bytes:
    lines = _lines(data)
    body = [row for row in lines[1:] if row]
    grown = [
        "|".join([*cells[:16], f"{copy}{cells[16]}", *cells[17:]])
        for copy in range(10)
        for cells in (row.split("|") for row in body)
    ]
    return _join([lines[0], *grown, ""])


def _old_layout(data: bytes) -> bytes:
    return _rename_header(data, "CD_REFNIS", "CD_MUNTY_REFNIS")


def _quote_names(data: bytes) -> bytes:
    return _map_column(data, "TX_DESCR_NL", lambda v: f'"{v}"')


def _excel_padding(data: bytes) -> bytes:
    return _map_column(_map_column(data, "CD_REFNIS", lambda v: f" {v} "), "MS_POPULATION", lambda v: f" {v}   ")


def _thousands(data: bytes) -> bytes:
    return _edit_cell(data, 2, "MS_POPULATION", "1.234")


def _set_first_population(frame: pd.DataFrame, value: str = "1234") -> None:
    frame.loc[frame.index[0], "MS_POPULATION"] = value


def _refnis_without_zeros(data: bytes) -> bytes:
    return _map_column(
        _map_column(data, "CD_REFNIS", lambda v: v.lstrip("0")), "CD_SUP_REFNIS", lambda v: v.lstrip("0")
    )


def _refnis_duplicate_key(data: bytes) -> bytes:
    lines = _lines(data)
    return _join([*lines[:5], lines[4], *lines[5:]])


def _undefined_byte(data: bytes) -> bytes:
    return data[:300] + b"\x81" + data[300:]  # undefined in Windows-1252, invalid in UTF-8


# Sectors and households (Statbel text files).


def _sector_codes_lost_dash(data: bytes) -> bytes:
    return _map_column(data, "CD_SECTOR", lambda v: v.rstrip("-"))


def _sectors_ten_times(data: bytes) -> bytes:
    """Ten copies of every sector, each copy with its own valid, unique sector code (Y<copy><number>)."""
    lines = _lines(data)
    index = lines[0].split("|").index("CD_SECTOR")
    body = [row.split("|") for row in lines[1:] if row]
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    grown = []
    for copy in range(10):
        for number, cells in enumerate(body):
            code = cells[index]
            if copy:
                code = f"{code[:5]}Y{copy}{digits[number // 36]}{digits[number % 36]}"
            grown.append("|".join([*cells[:index], code, *cells[index + 1 :]]))
    codes = [row.split("|")[index] for row in grown]
    assert len(set(codes)) == len(codes), "the grown sector codes must stay unique"
    return _join([lines[0], *grown, ""])


# Fiscal income (Statbel workbook).


def _workbook_rows(data: bytes) -> list[list]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _edit_workbook(data: bytes, row: int, column: str, value) -> bytes:
    """Row numbers as in Excel: the header is row 1."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=row, column=header.index(column) + 1).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _workbook_as_text(data: bytes) -> bytes:
    """The workbook's cells as the '|'-delimited text download, still named .xlsx."""
    rows = _workbook_rows(data)
    return _join(["|".join("" if v is None else str(v) for v in row) for row in rows] + [""])


# BBC-DR export (ABB, Power BI pivot; ';', Dutch amounts).


def _bbc_value_rows(data: bytes) -> tuple[list[str], int]:
    lines = _lines(data)
    return lines, next(i for i, line in enumerate(lines) if line.startswith("NIS-code;")) + 1


def _bbc_dot_decimals(data: bytes) -> bytes:
    """Every amount in the English form an export in another locale writes: 3562661.78, not 3.562.661,78."""
    lines, first = _bbc_value_rows(data)
    amount = re.compile(r"-?\d{1,3}(?:\.\d{3})*,\d{2}")

    def english(cell: str) -> str:
        return cell.replace(".", "").replace(",", ".") if amount.fullmatch(cell) else cell

    body = [";".join(english(cell) for cell in line.split(";")) for line in lines[first:]]
    return _join([*lines[:first], *body])


def _bbc_without_row(label: str) -> Callable[[bytes], bytes]:
    def drop(data: bytes) -> bytes:
        return _join([line for line in _lines(data) if not line.startswith(f"{label};")])

    return drop


def _bbc_duplicate_municipality(data: bytes) -> bytes:
    lines, first = _bbc_value_rows(data)
    return _join([*lines[: first + 1], lines[first], *lines[first + 1 :]])


def _bbc_as_workbook(data: bytes) -> bytes:
    """The export opened in Excel and saved as a workbook, keeping the .csv name."""
    workbook = Workbook()
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"):
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Service requests (the city's Opendatasoft extracts). No sector codes here: the sample's change.


def _meldingen_edit(line: int, column: str, value: Callable[[str], str]) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        lines = _lines(data)
        header = lines[0].split(";")
        cells = lines[line - 1].split(";")
        cells[header.index(column)] = value(cells[header.index(column)])
        lines[line - 1] = ";".join(cells)
        return _join(lines)

    return edit


def _meldingen_closed_before_created(data: bytes) -> bytes:
    lines = _lines(data)
    index = lines[0].split(";").index("afgesloten_op")
    line = next(n for n, row in enumerate(lines[1:], start=2) if row and row.split(";")[index])
    return _meldingen_edit(line, "afgesloten_op", lambda _: "2020-01-01T08:00:00+01:00")(data)


def _meldingen_json_page_missing(data: bytes) -> bytes:
    response = json.loads(data)
    response["results"] = response["results"][:-10]  # total_count still counts them
    return json.dumps(response, ensure_ascii=False).encode()


UNKNOWN_CATEGORY = "Graffiti op beschermd erfgoed"


def _set_first_category(frame: pd.DataFrame) -> None:
    frame.loc[frame.index[0], "categorie"] = UNKNOWN_CATEGORY


def _without_reporter(data: bytes) -> bytes:
    for column in ("melder_naam", "melder_email", "melder_telefoon"):
        data = _drop_column(data, column, sep=";")
    return data


def _no_reporter_pseudonym(frame: pd.DataFrame) -> None:
    frame["melder_pseudoniem"] = None


# Multi-year plan export (title row, header on line 2).


def _plan_edit(line: int, column: str, value: str) -> Callable[[bytes], bytes]:
    return lambda data: _edit_cell(data, line, column, value, sep=";", header_line=2)


VARIANTS: list[Variant] = [
    Variant("semicolon_delimiter", "';' instead of '|'", POP, lambda d: d.replace(b"|", b";"), "reject", "delimiter"),
    Variant(
        "utf16",
        "saved as UTF-16",
        POP,
        lambda d: d.decode("utf-8-sig").encode("utf-16"),
        "reject",
        "encoding",
    ),
    Variant(
        "nul_bytes", "binary content (NUL bytes)", POP, lambda d: d[:100] + b"\x00\x00" + d[100:], "reject", "encoding"
    ),
    Variant(
        "xlsx_as_txt",
        "an Excel workbook under the .txt name",
        POP,
        lambda d: b"PK\x03\x04" + d[:200],
        "reject",
        "file_type",
    ),
    Variant("empty_file", "0 bytes", POP, lambda d: b"", "reject", "non_empty"),
    Variant(
        "header_only", "header without records", POP, _header_only, "reject", "expect_table_row_count_to_be_between"
    ),
    Variant("truncated", "cut off in the middle of a record", POP, _truncate, "reject", "row_shape"),
    Variant(
        "missing_column",
        "TX_DESCR_FR left out",
        POP,
        lambda d: _drop_column(d, "TX_DESCR_FR"),
        "reject",
        "expect_column_to_exist",
        "TX_DESCR_FR",
    ),
    Variant(
        "renamed_column",
        "CD_AGE renamed AGE",
        POP,
        lambda d: _rename_header(d, "CD_AGE", "AGE"),
        "reject",
        "expect_column_to_exist",
        "CD_AGE",
    ),
    Variant(
        "extra_column",
        "an extra column MS_EXTRA",
        POP,
        _add_column,
        "reject",
        "expect_table_columns_to_match_ordered_list",
    ),
    Variant(
        "old_layout",
        "2016-2018 layout (CD_MUNTY_REFNIS)",
        POP,
        _old_layout,
        "reject",
        "expect_column_to_exist",
        "CD_REFNIS",
    ),
    Variant(
        "duplicate_rows",
        "a record delivered twice",
        POP,
        _duplicate_line,
        "reject",
        "expect_compound_columns_to_be_unique",
    ),
    Variant(
        "dutch_decimal_count",
        "a count written 12,5",
        POP,
        lambda d: _edit_cell(d, 5, "MS_POPULATION", "12,5"),
        "reject",
        "expect_column_values_to_match_regex",
        "MS_POPULATION",
    ),
    Variant(
        "negative_count",
        "a count of -3",
        POP,
        lambda d: _edit_cell(d, 6, "MS_POPULATION", "-3"),
        "reject",
        "expect_column_values_to_match_regex",
        "MS_POPULATION",
    ),
    Variant(
        "unknown_nis_code",
        "municipality 99999, not in REFNIS",
        POP,
        lambda d: _edit_cell(d, 7, "CD_REFNIS", "99999"),
        "reject",
        "expect_column_values_to_be_in_set",
        "CD_REFNIS",
    ),
    Variant(
        "merged_code_after_merger",
        "Kortessem 73040 in a 2025 file (merged into Hasselt)",
        "TF_SOC_POP_STRUCT_2025.txt",
        lambda d: _edit_cell(d, 2, "CD_REFNIS", "73040"),
        "reject",
        "expect_column_values_to_be_in_set",
        "CD_REFNIS",
    ),
    Variant(
        "bad_sex_code",
        "sex 'X'",
        POP,
        lambda d: _edit_cell(d, 8, "CD_SEX", "X"),
        "reject",
        "expect_column_values_to_be_in_set",
        "CD_SEX",
    ),
    Variant(
        "non_numeric_age",
        "age '100+'",
        POP,
        lambda d: _edit_cell(d, 9, "CD_AGE", "100+"),
        "reject",
        "expect_column_values_to_match_regex",
        "CD_AGE",
    ),
    Variant(
        "empty_required_value",
        "empty municipality code",
        POP,
        lambda d: _edit_cell(d, 10, "CD_REFNIS", ""),
        "reject",
        "expect_column_values_to_not_be_null",
        "CD_REFNIS",
    ),
    Variant(
        "ten_times_size",
        "ten times the usual number of records",
        POP,
        _ten_times,
        "reject",
        "expect_table_row_count_to_be_between",
    ),
    Variant(
        "year_out_of_range",
        "file name year 2099",
        POP,
        lambda d: d,
        "reject",
        "period",
        target_name="TF_SOC_POP_STRUCT_2099.txt",
    ),
    Variant(
        "year_before_layout",
        "file name year 2016 (older layout period)",
        POP,
        lambda d: d,
        "reject",
        "period",
        target_name="TF_SOC_POP_STRUCT_2016.txt",
    ),
    Variant(
        "same_content_other_name",
        "the 2023 file delivered again as 2024",
        POP,
        lambda d: d,
        "reject",
        "duplicate_delivery",
        target_name="TF_SOC_POP_STRUCT_2024.txt",
        with_original=True,
    ),
    Variant(
        "refnis_lost_leading_zeros",
        "REFNIS codes read as numbers (2000)",
        REFNIS,
        _refnis_without_zeros,
        "reject",
        "expect_column_values_to_match_regex",
        "CD_REFNIS",
    ),
    Variant(
        "refnis_impossible_date",
        "validity start 31/02/2025",
        REFNIS,
        lambda d: d.replace(b"|01/01/2025|", b"|31/02/2025|", 1),
        "reject",
        "expect_column_values_to_match_strftime_format",
        "DT_VLDT_START",
    ),
    Variant(
        "refnis_duplicate_key",
        "the same code version twice",
        REFNIS,
        _refnis_duplicate_key,
        "reject",
        "expect_compound_columns_to_be_unique",
    ),
    Variant(
        "refnis_unknown_level",
        "level 5",
        REFNIS,
        lambda d: _edit_cell(d, 3, "LVL_REFNIS", "5"),
        "reject",
        "expect_column_values_to_be_in_set",
        "LVL_REFNIS",
    ),
    Variant(
        "undefined_byte",
        "a byte neither UTF-8 nor Windows-1252 (0x81)",
        POP,
        _undefined_byte,
        "reject",
        "encoding",
    ),
    # Statistical sectors and households.
    Variant(
        "sector_code_lost_dash",
        "sector codes without their trailing '-' (11002A00)",
        SECTORS,
        _sector_codes_lost_dash,
        "reject",
        "expect_column_values_to_match_regex",
        "CD_SECTOR",
    ),
    Variant(
        "sectors_ten_times_size",
        "ten times the usual number of sectors",
        SECTORS,
        _sectors_ten_times,
        "reject",
        "expect_table_row_count_to_be_between",
    ),
    Variant(
        "households_unknown_nis_code",
        "households in municipality 99999, not in REFNIS",
        HOUSEHOLDS,
        lambda d: _edit_cell(d, 3, "CD_REFNIS", "99999", sep=";"),
        "reject",
        "expect_column_values_to_be_in_set",
        "CD_REFNIS",
    ),
    # Fiscal income workbook.
    Variant(
        "income_text_as_xlsx",
        "the '|'-delimited text under the .xlsx name",
        INCOME,
        _workbook_as_text,
        "reject",
        "file_type",
    ),
    Variant(
        "income_negative_count",
        "a count of declarations of -12",
        INCOME,
        lambda d: _edit_workbook(d, 3, "MS_NBR_ZERO_INC", -12),
        "reject",
        "expect_column_values_to_match_regex",
        "MS_NBR_ZERO_INC",
    ),
    Variant(
        "income_unknown_nis_code",
        "municipality 99999, not in REFNIS",
        INCOME,
        lambda d: _edit_workbook(d, 4, "CD_MUNTY_REFNIS", 99999),
        "reject",
        "expect_column_values_to_be_in_set",
        "CD_MUNTY_REFNIS",
    ),
    Variant(
        "income_nis_code_lost_digit",
        "44021 written 4021",
        INCOME,
        lambda d: _edit_workbook(d, 5, "CD_MUNTY_REFNIS", 4021),
        "reject",
        "expect_column_values_to_match_regex",
        "CD_MUNTY_REFNIS",
    ),
    # BBC-DR export.
    Variant(
        "bbc_comma_delimiter",
        "',' instead of ';'",
        BBC,
        lambda d: d.replace(b";", b","),
        "reject",
        "delimiter",
    ),
    Variant(
        "bbc_dot_decimals",
        "amounts in English form (3562661.78)",
        BBC,
        _bbc_dot_decimals,
        "reject",
        "expect_column_values_to_match_regex",
        "Waarde",
    ),
    Variant(
        "bbc_missing_header_row",
        "the Beleidsveld header row left out",
        BBC,
        _bbc_without_row("Beleidsveld"),
        "reject",
        "pivot_header",
    ),
    Variant(
        "bbc_duplicate_municipality",
        "a municipality's row twice",
        BBC,
        _bbc_duplicate_municipality,
        "reject",
        "expect_compound_columns_to_be_unique",
    ),
    Variant(
        "bbc_xlsx_as_csv",
        "saved as an Excel workbook under the .csv name",
        BBC,
        _bbc_as_workbook,
        "reject",
        "file_type",
    ),
    # Service requests.
    Variant(
        "meldingen_created_2099",
        "a request created in 2099",
        MELDINGEN_CSV,
        _meldingen_edit(2, "aangemaakt_op", lambda v: "2099" + v[4:]),
        "reject",
        "timestamp_range",
        "aangemaakt_op",
    ),
    Variant(
        "meldingen_timestamp_without_offset",
        "a creation time without its UTC offset (2025-03-10T10:44:25)",
        MELDINGEN_CSV,
        _meldingen_edit(2, "aangemaakt_op", lambda v: v[:19]),
        "reject",
        "expect_column_values_to_match_regex",
        "aangemaakt_op",
    ),
    Variant(
        "meldingen_closed_before_created",
        "closed in 2020, before it was created",
        MELDINGEN_CSV,
        _meldingen_closed_before_created,
        "reject",
        "timestamp_order",
        "afgesloten_op",
    ),
    Variant(
        "meldingen_duplicate_id",
        "a request twice in one day's extract",
        MELDINGEN_CSV,
        _duplicate_line,
        "reject",
        "expect_column_values_to_be_unique",
        "melding_id",
    ),
    Variant(
        "meldingen_missing_column",
        "the field kanaal left out",
        MELDINGEN_CSV,
        lambda d: _drop_column(d, "kanaal", sep=";"),
        "reject",
        "header",
        "kanaal",
    ),
    Variant(
        "meldingen_malformed_json",
        "the API response cut off",
        MELDINGEN_JSON,
        lambda d: d[:-60],
        "reject",
        "json",
    ),
    Variant(
        "meldingen_json_page_missing",
        "a page of results missing (total_count too high)",
        MELDINGEN_JSON,
        _meldingen_json_page_missing,
        "reject",
        "json_complete",
    ),
    # Multi-year plan export.
    Variant(
        "plan_unknown_parent",
        "an action under action plan AP09.9, which the export lacks",
        PLAN,
        _plan_edit(5, "Bovenliggende code", "AP09.9"),
        "reject",
        "parent_code",
        "Bovenliggende code",
    ),
    Variant(
        "plan_non_numeric_target",
        "a target written 'ca. 55'",
        PLAN,
        _plan_edit(3, "Streefwaarde 2020", "ca. 55"),
        "reject",
        "expect_column_values_to_match_regex",
        "Streefwaarde",
    ),
    # Legitimate real-world forms: loaded, not refused.
    Variant("no_bom", "UTF-8 without BOM", POP, lambda d: d.removeprefix(BOM.encode()), "accept"),
    Variant(
        "windows_1252",
        "Windows-1252 accents (Région, Célibataire)",
        POP,
        lambda d: d.decode("utf-8-sig").encode("cp1252"),
        "accept",
    ),
    Variant("lf_line_ends", "LF instead of CRLF", POP, lambda d: d.replace(b"\r\n", b"\n"), "accept"),
    Variant("quoted_fields", "names in double quotes", POP, _quote_names, "accept"),
    Variant("excel_padding", "codes and counts padded with spaces", POP, _excel_padding, "accept"),
    Variant(
        "thousands_separator",
        "a count written 1.234",
        POP,
        _thousands,
        "accept",
        expected_change=_set_first_population,
    ),
    Variant("bbc_no_bom", "BBC-DR export without BOM", BBC, lambda d: d.removeprefix(BOM.encode()), "accept"),
    Variant(
        "bbc_windows_1252",
        "BBC-DR export re-saved in Windows-1252 (Financiële)",
        BBC,
        lambda d: d.decode("utf-8-sig").encode("cp1252"),
        "accept",
    ),
    Variant(
        "meldingen_unknown_category",
        f"a category the city's list lacks ({UNKNOWN_CATEGORY})",
        MELDINGEN_CSV,
        _meldingen_edit(2, "categorie", lambda _: UNKNOWN_CATEGORY),
        "accept",
        expected_change=_set_first_category,
    ),
    Variant(
        "meldingen_without_reporter",
        "an export without the reporter's columns (data minimisation)",
        MELDINGEN_CSV,
        _without_reporter,
        "accept",
        expected_change=_no_reporter_pseudonym,
    ),
]

REJECTS = [v for v in VARIANTS if v.outcome == "reject"]
ACCEPTS = [v for v in VARIANTS if v.outcome == "accept"]
