"""The catalogue of bad or awkward deliveries, each built from a clean sample file.

`reject` variants must be refused at landing with a message naming the file (and the line and column
where there is one). `accept` variants are legitimate real-world forms (no BOM, Windows-1252, LF line
ends, Excel padding, thousands separators, quoted fields) and must load exactly like the clean file.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import SEEDS

POP = "TF_SOC_POP_STRUCT_2023.txt"
REFNIS = "TU_COM_REFNIS.txt"
BOM = "\ufeff"


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

    @property
    def delivered_name(self) -> str:
        return self.target_name or self.file_name

    def write(self, landing_dir: Path) -> Path:
        path = landing_dir / self.delivered_name
        path.write_bytes(self.mutate((SEEDS / self.file_name).read_bytes()))
        return path


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8-sig").split("\r\n")


def _join(lines: list[str], bom: bool = True, newline: str = "\r\n", encoding: str = "utf-8") -> bytes:
    return ((BOM if bom else "") + newline.join(lines)).encode(encoding)


def _edit_cell(data: bytes, line: int, column: str, value: str) -> bytes:
    lines = _lines(data)
    header = lines[0].split("|")
    cells = lines[line - 1].split("|")
    cells[header.index(column)] = value
    lines[line - 1] = "|".join(cells)
    return _join(lines)


def _map_column(data: bytes, column: str, change: Callable[[str], str]) -> bytes:
    lines = _lines(data)
    index = lines[0].split("|").index(column)
    out = [lines[0]]
    for line in lines[1:]:
        if line:
            cells = line.split("|")
            cells[index] = change(cells[index])
            line = "|".join(cells)
        out.append(line)
    return _join(out)


def _rename_header(data: bytes, old: str, new: str) -> bytes:
    lines = _lines(data)
    lines[0] = "|".join(new if c == old else c for c in lines[0].split("|"))
    return _join(lines)


def _drop_column(data: bytes, column: str) -> bytes:
    lines = _lines(data)
    index = lines[0].split("|").index(column)
    return _join(["|".join(v for i, v in enumerate(row.split("|")) if i != index) if row else row for row in lines])


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


def _refnis_without_zeros(data: bytes) -> bytes:
    return _map_column(
        _map_column(data, "CD_REFNIS", lambda v: v.lstrip("0")), "CD_SUP_REFNIS", lambda v: v.lstrip("0")
    )


def _refnis_duplicate_key(data: bytes) -> bytes:
    lines = _lines(data)
    return _join([*lines[:5], lines[4], *lines[5:]])


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
        "file name year 2035",
        POP,
        lambda d: d,
        "reject",
        "period",
        target_name="TF_SOC_POP_STRUCT_2035.txt",
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
        "validity start 31/02/2019",
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
    Variant("thousands_separator", "a count written 1.234", POP, _thousands, "accept"),
]

REJECTS = [v for v in VARIANTS if v.outcome == "reject"]
ACCEPTS = [v for v in VARIANTS if v.outcome == "accept"]
