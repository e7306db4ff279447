"""How the exports look in a spreadsheet on a Belgian computer: LibreOffice Calc, headless, with its locale set
to Dutch (Belgium), prints the management workbook or a CSV export to PDF with row and column headings and
grid lines; poppler's pdftoppm turns the page into a PNG cropped to the cells.

The CSV is opened the way the exports are meant to be read: `;` between fields, UTF-8, decimal comma
(nl-BE), and text in quotes kept as text, so a NIS code or a sector code stays a code.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from .png import ink_box

WORKBOOK = "indicatoren_centrumsteden.xlsx"
WORKBOOK_SHEET = "Vergelijking"
CSV_EXPORT = "fct_indicator_waarde"
WORKBOOK_ROWS = 29  # the header and the centrumsteden of the first two indicators
CSV_ROWS = 22  # the header and 21 data rows
CSV_COLUMNS = 12  # the first columns, as a window of Calc or Excel shows them
TARGET_WIDTH = 1600  # pixels of the cropped image
MARGIN = 6  # pixels of paper kept around the cells
# LibreOffice's CSV filter options: separator `;` (59), text delimiter `"` (34), UTF-8 (76), from line 1, standard
# column types, language nl-BE (2067: decimal comma), quoted fields as text, detect dates.
CSV_FILTER = "CSV:59,34,76,1,,2067,true,true"
# The profile's locale decides how numbers are shown: Dutch (Belgium), whatever the machine's own locale.
LOCALE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>nl-BE</value>
</prop></item>
</oor:items>
"""


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class Calc:
    """One temporary LibreOffice profile (Dutch, Belgium) in a scratch folder."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        profile = scratch / "libreoffice-profile"
        (profile / "user").mkdir(parents=True, exist_ok=True)
        (profile / "user" / "registrymodifications.xcu").write_text(LOCALE_SETTINGS, encoding="utf-8")
        self.profile_url = profile.resolve().as_uri()

    def convert(self, source: Path, to: str, infilter: str | None = None) -> Path:
        out = self.scratch / f"{source.stem}-{to}"
        command = [soffice_binary(), "--headless", f"-env:UserInstallation={self.profile_url}"]
        command += [f"--infilter={infilter}"] if infilter else []
        command += ["--convert-to", to, "--outdir", str(out), str(source)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        converted = out / f"{source.stem}.{to}"
        if not converted.exists():
            raise RuntimeError(f"LibreOffice did not convert {source.name} to {to}: {result.stdout}{result.stderr}")
        return converted


def _print_setup(workbook: Path, sheet: str, rows: int, columns: int | None, target: Path) -> Path:
    """A copy holding only `sheet`, its first `rows` rows (and `columns` columns) as the print area on one landscape
    page, with headings and grid lines printed as a spreadsheet window shows them."""
    book = load_workbook(workbook)
    for other in [s for s in book.worksheets if s.title != sheet]:
        book.remove(other)
    page = book[sheet]
    last_column = get_column_letter(min(columns or page.max_column, page.max_column))
    page.print_area = f"A1:{last_column}{min(rows, page.max_row)}"
    page.print_options.gridLines = True
    page.print_options.headings = True
    page.page_setup.orientation = "landscape"
    page.page_setup.paperSize = page.PAPERSIZE_A3
    page.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    page.page_setup.fitToWidth = 1
    page.page_setup.fitToHeight = 1
    page.oddHeader.center.text = page.oddFooter.center.text = None
    book.save(target)
    return target


def _pdftoppm(pdf: Path, out: Path, *options: str) -> None:
    """The first page of `pdf` as an image, written to `out` plus the format's suffix."""
    subprocess.run(["pdftoppm", *options, "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)], check=True)


def _page_to_png(pdf: Path, scratch: Path) -> bytes:
    """The first page at a resolution that makes the cells TARGET_WIDTH pixels wide, cropped to the cells."""
    probe = scratch / f"{pdf.stem}-probe"
    _pdftoppm(pdf, probe, "-gray", "-r", "72")
    box = ink_box(probe.with_suffix(".pgm"))
    if box is None:
        raise RuntimeError(f"{pdf.name}: the page is blank")
    left, top, right, bottom = box
    dpi = round(72 * TARGET_WIDTH / (right - left))
    scale = dpi / 72
    x, y = max(round(left * scale) - MARGIN, 0), max(round(top * scale) - MARGIN, 0)
    width, height = round((right - left) * scale) + 2 * MARGIN, round((bottom - top) * scale) + 2 * MARGIN
    shot = scratch / f"{pdf.stem}-shot"
    _pdftoppm(pdf, shot, "-png", "-r", str(dpi), "-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height))
    return shot.with_suffix(".png").read_bytes()


def workbook_png(exports_dir: Path) -> bytes:
    """The sheet Vergelijking of the management workbook."""
    with tempfile.TemporaryDirectory(prefix="obmi-calc-") as folder:
        scratch = Path(folder)
        calc = Calc(scratch)
        prepared = _print_setup(exports_dir / WORKBOOK, WORKBOOK_SHEET, WORKBOOK_ROWS, None, scratch / "werkmap.xlsx")
        return _page_to_png(calc.convert(prepared, "pdf"), scratch)


def csv_png(exports_dir: Path) -> bytes:
    """The indicator values' CSV export, read with the Belgian conventions."""
    with tempfile.TemporaryDirectory(prefix="obmi-calc-") as folder:
        scratch = Path(folder)
        calc = Calc(scratch)
        opened = calc.convert(exports_dir / "csv" / f"{CSV_EXPORT}.csv", "xlsx", infilter=CSV_FILTER)
        sheet = load_workbook(opened, read_only=True).sheetnames[0]
        prepared = _print_setup(opened, sheet, CSV_ROWS, CSV_COLUMNS, scratch / "csv.xlsx")
        return _page_to_png(calc.convert(prepared, "pdf"), scratch)
