"""The handbook's screenshots: which files, what each one shows and which tools it needs.

Kept free of heavy imports, so the test that checks the committed images reads this list without Dagster
or a browser. `scripts/take_screenshots.py` makes the images; the modules beside this one take one kind each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT_DIR = ROOT / "guide" / "assets" / "screenshots"


@dataclass(frozen=True)
class Shot:
    name: str
    file: str
    shows: str
    tools: tuple[str, ...]

    @property
    def path(self) -> Path:
        return OUTPUT_DIR / self.file


CHROMIUM = "chromium"
LIBREOFFICE = "soffice"
PDFTOPPM = "pdftoppm"
BROWSER = (CHROMIUM,)
CALC = (LIBREOFFICE, PDFTOPPM)

SHOTS = (
    Shot("lineage", "dagster-lineage.png", "the Dagster UI: one mart and its lineage from the landing files", BROWSER),
    Shot("quality", "kwaliteitsrapport.png", "the build's data-quality report, rendered from Markdown", BROWSER),
    Shot("report", "rapport-gemeente.png", "a centrumstad's page of the city report", BROWSER),
    Shot("workbook", "rekenblad-werkmap.png", "the management workbook in LibreOffice Calc (nl-BE)", CALC),
    Shot("csv", "rekenblad-csv.png", "a CSV export read the Belgian way, in LibreOffice Calc (nl-BE)", CALC),
)
