"""One published mart as an Excel workbook, written by DuckDB at the engine's speed.

Why a workbook next to the CSV: Excel opens a CSV on a double-click with its own guesses, quotes or not,
so the NIS code `02000` becomes the number 2000 and a sector code like `11002E071` a number in scientific
notation. In a workbook every cell carries its type: codes are text cells, amounts are numbers (shown with
the decimal comma of the user's own Excel), dates are dates.

Why not openpyxl or pandas: they build every cell as a Python object, about 100,000 cells a second; a mart
of a million rows and a dozen columns would take minutes. Here DuckDB writes each row's XML itself (one SQL
expression per column type) and Python only streams those strings into the zip container. The format is
Office Open XML (ECMA-376): a sheet with inline strings, a styles part for dates, no formulas.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb

EXCEL_MAX_ROWS = 1_048_576  # per sheet, the header row included
EXCEL_MAX_COLUMNS = 16_384
EXCEL_SHEET_NAME_MAX = 31
EXCEL_MAX_EXACT_INTEGER = 999_999_999_999_999  # Excel keeps 15 significant digits; larger integers become text
FETCH_ROWS = 50_000

# Style indexes into cellXfs below: 0 plain, 1 date, 2 date and time, 3 the bold header.
DATE_STYLE, TIMESTAMP_STYLE, HEADER_STYLE = 1, 2, 3
INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")
FRACTION_TYPES = ("DOUBLE", "FLOAT", "DECIMAL", "REAL")

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
  ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
  ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml"
  ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
  Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
  Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
  Target="styles.xml"/>
</Relationships>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>
{defined_names}</workbook>"""

# ISO dates whatever the user's locale: a code list and a period table read the same in every Excel.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165"
  formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/>
  </font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
  </fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0"
  fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0"
  xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
  </cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="{dimension}"/>
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"
  state="frozen"/></sheetView></sheetViews>
<cols>{cols}</cols>
<sheetData>
"""
SHEET_END = '</sheetData>\n<autoFilter ref="{dimension}"/>\n</worksheet>'


def fits_in_excel(rows: int, columns: int) -> bool:
    return rows + 1 <= EXCEL_MAX_ROWS and columns <= EXCEL_MAX_COLUMNS


def column_letter(number: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _sql_xml_text(expression: str) -> str:
    # Control characters other than tab and newline are not allowed in XML 1.0: they are dropped.
    cleaned = f"regexp_replace({expression}, '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]', '', 'g')"
    return f"replace(replace(replace({cleaned}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


def _text_cell(expression: str) -> str:
    return f"""'<c t="inlineStr"><is><t xml:space="preserve">' || {_sql_xml_text(expression)} || '</t></is></c>'"""


def cell_sql(column: str, dtype: str) -> str:
    """The SQL expression that writes one cell of `column` as SpreadsheetML. A NULL is an empty cell `<c/>`:
    the cells carry no address, so an empty one must still be there to keep the next cells in place."""
    value = f'"{column}"'
    dtype = dtype.upper()
    if dtype.startswith(INTEGER_TYPES):
        cell = (
            f"case when abs({value}) <= {EXCEL_MAX_EXACT_INTEGER} then '<c><v>' || cast({value} as varchar) || "
            f"'</v></c>' else {_text_cell(f'cast({value} as varchar)')} end"
        )
    elif dtype.startswith(FRACTION_TYPES):
        number = f"cast({value} as double)"
        cell = (
            f"case when isfinite({number}) then '<c><v>' || cast({number} as varchar) || '</v></c>' "
            f"else {_text_cell(f'cast({value} as varchar)')} end"
        )
    elif dtype == "DATE":
        cell = (
            f"""'<c s="{DATE_STYLE}"><v>' || cast(date_diff('day', date '1899-12-30', {value}) as varchar) """
            "|| '</v></c>'"
        )
    elif dtype.startswith("TIMESTAMP"):
        # Excel has no time zones: a moment with one is written as its UTC time (epoch() of a plain
        # timestamp reads it as UTC too), whatever the time zone of the machine that exports.
        serial = f"(epoch({value}) / 86400.0 + 25569)"
        cell = f"""'<c s="{TIMESTAMP_STYLE}"><v>' || cast({serial} as varchar) || '</v></c>'"""
    elif dtype == "BOOLEAN":
        cell = f"""'<c t="b"><v>' || case when {value} then '1' when not {value} then '0' end || '</v></c>'"""
    else:
        cell = _text_cell(f"cast({value} as varchar)")
    return f"coalesce({cell}, '<c/>')"


def _column_widths(columns: list[tuple[str, str]]) -> str:
    # Wide enough for the header and the filter button; dates and timestamps for their ISO form.
    widths = []
    for index, (name, dtype) in enumerate(columns, start=1):
        width = max(len(name) + 4, 20 if dtype.upper().startswith("TIMESTAMP") else 12)
        widths.append(f'<col min="{index}" max="{index}" width="{min(width, 50)}" customWidth="1"/>')
    return "".join(widths)


def _header_row(columns: list[str]) -> str:
    cells = "".join(f'<c t="inlineStr" s="{HEADER_STYLE}"><is><t>{xml_text(name)}</t></is></c>' for name in columns)
    return f"<row>{cells}</row>\n"


def write_sheet_workbook(
    con: duckdb.DuckDBPyConnection, relation: str, columns: list[tuple[str, str]], sheet_name: str, path: Path
) -> int:
    """Write `relation` (its rows in the order of every column, as the Parquet and CSV exports) to an xlsx
    at `path`, with a bold, frozen header row and a filter on it. Returns the number of data rows."""
    names = [name for name, _ in columns]
    row_sql = " || ".join(cell_sql(name, dtype) for name, dtype in columns)
    order = ", ".join(f'"{name}"' for name in names)
    # The count first: the sheet's dimension and filter range come before its rows.
    (rows,) = con.execute(f"select count(*) from {relation}").fetchone()
    last_column = column_letter(len(names))
    dimension = f"A1:{last_column}{rows + 1}"
    result = con.execute(f"select '<row>' || {row_sql} || '</row>' from {relation} order by {order}")
    written = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", PACKAGE_RELS)
        filter_range = f"'{xml_text(sheet_name)}'!$A$1:${last_column}${rows + 1}"
        defined = (
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"{filter_range}</definedName></definedNames>\n"
        )
        book.writestr("xl/workbook.xml", WORKBOOK.format(name=xml_text(sheet_name), defined_names=defined))
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/styles.xml", STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.format(dimension=dimension, cols=_column_widths(columns)).encode())
            sheet.write(_header_row(names).encode())
            while batch := result.fetchmany(FETCH_ROWS):
                written += len(batch)
                sheet.write(("\n".join(row for (row,) in batch) + "\n").encode())
            sheet.write(SHEET_END.format(dimension=dimension).encode())
    if written != rows:  # the copy is read-only and does not change under us; this would be a bug here
        raise RuntimeError(f"{relation}: counted {rows} rows but wrote {written}")
    return rows
