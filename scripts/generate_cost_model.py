"""Write the handbook's cost model for a warehouse shared by 1 to 14 cities as an .xlsx with live formulas.

    python scripts/generate_cost_model.py            writes guide/assets/downloads/kostenmodel-gedeeld-warehouse.xlsx

Every input sits on the sheet "Aannames" with its status: a sourced figure names its source, everything else
is marked "Aanname" so a city replaces it with its own figure. The sheet "Kost per stad" only holds formulas
that refer to those inputs, so changing one input recomputes the curve in Excel or LibreOffice. The file is
written byte-for-byte reproducibly (fixed timestamps), so tests/test_cost_model.py can check that the committed
file equals a fresh generation.
"""

import io
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "guide" / "assets" / "downloads" / "kostenmodel-gedeeld-warehouse.xlsx"
MAX_CITIES = 14  # the 13 centrumsteden and the VGC
FIXED_TIME = datetime(2026, 1, 1)
ASSUMPTION = "Aanname"


@dataclass(frozen=True)
class Input:
    code: str
    label: str
    value: float
    unit: str
    status: str
    note: str


INPUTS = [
    Input(
        "horizon", "Tijdshorizon", 5, "jaar", ASSUMPTION, "Dezelfde horizon als de kostenvergelijking in hoofdstuk 5."
    ),
    Input(
        "loonkost",
        "Volledige loonkost van 1 VTE",
        80000,
        "euro per jaar",
        ASSUMPTION,
        "Vervang door de loonkost van je eigen personeelsdienst; geen gepubliceerde bron gebruikt.",
    ),
    Input(
        "gedeeld_team",
        "Gedeeld kernteam (engineers) voor bouw en beheer van het gedeelde deel",
        1.5,
        "VTE per jaar",
        ASSUMPTION,
        "Bronconnectoren Statbel en BBC-DR, conforme dimensies, tests, releases.",
    ),
    Input(
        "coordinatie_per_stad",
        "Extra coördinatie in het gedeelde team per deelnemende stad",
        0.05,
        "VTE per stad per jaar",
        ASSUMPTION,
        "Overleg, vragen, afstemming van prioriteiten: groeit met het aantal steden.",
    ),
    Input(
        "infrastructuur",
        "Gedeelde infrastructuur (servers of cloud, back-up)",
        8000,
        "euro per jaar",
        ASSUMPTION,
        "Zelfde orde als scenario B (cloud) in hoofdstuk 5; vraag een offerte of je IT-dienst.",
    ),
    Input(
        "datalead",
        "Datalead in elke stad",
        0.3,
        "VTE per jaar",
        ASSUMPTION,
        "Blijft bij elke stad: prioriteiten, busmatrix, contact met het gedeelde team.",
    ),
    Input(
        "lokaal_team",
        "Lokale engineer of analist voor eigen bronnen en rapporten",
        0.3,
        "VTE per jaar",
        ASSUMPTION,
        "Eigen bronnen (meldingen, loket) en eigen marts blijven lokaal werk.",
    ),
    Input(
        "stewards",
        "Data-stewards, samen",
        0.2,
        "VTE per jaar",
        ASSUMPTION,
        "Bijvoorbeeld vier stewards die elk ongeveer 5% van hun tijd besteden.",
    ),
    Input(
        "dpo",
        "Functionaris voor gegevensbescherming (DPO)",
        0.05,
        "VTE per jaar",
        ASSUMPTION,
        "Advies, DPIA, register; elke stad houdt haar eigen DPO (AVG artikel 37).",
    ),
    Input(
        "archivaris",
        "Archivaris",
        0.02,
        "VTE per jaar",
        ASSUMPTION,
        "Selectieregels en bewaartermijnen voor bronbestanden en tabellen.",
    ),
    Input(
        "informatieveiligheid",
        "Informatieveiligheidsconsulent",
        0.03,
        "VTE per jaar",
        ASSUMPTION,
        "Toegangsbeheer, logging, herziening van rechten.",
    ),
    Input(
        "bi_gebruikers",
        "Gebruikers met een betalende BI-licentie per stad",
        20,
        "gebruikers",
        ASSUMPTION,
        "Alleen wie rapporten maakt of deelt; lezers kunnen soms met een capaciteitslicentie.",
    ),
    Input(
        "bi_prijs",
        "Prijs van één BI-licentie (Power BI Pro)",
        14,
        "euro per gebruiker per maand",
        ASSUMPTION,
        "Secundaire bronnen melden USD 14 per gebruiker per maand vanaf 1 april 2025 "
        "(thepricer.org/how-much-does-power-bi-cost; redresscompliance.com). De europrijs en de prijs onder "
        "een overheidscontract zijn niet geverifieerd: hier 14 euro als aanname.",
    ),
    Input(
        "instap",
        "Eenmalige instap per stad (installatie, eigen bronnen aansluiten, opleiding)",
        0.2,
        "VTE eenmalig",
        ASSUMPTION,
        "Komt bovenop de jaarlijkse kosten, één keer over de hele horizon.",
    ),
]

COLUMNS = [
    ("Aantal steden (n)", None),
    (
        "Gedeelde kost per jaar, alle steden samen",
        "({gedeeld_team}+{coordinatie_per_stad}*A{r})*{loonkost}+{infrastructuur}",
    ),
    ("Aandeel per stad in de gedeelde kost, per jaar", "B{r}/A{r}"),
    (
        "Eigen personeelskost per stad, per jaar",
        "({datalead}+{lokaal_team}+{stewards}+{dpo}+{archivaris}+{informatieveiligheid})*{loonkost}",
    ),
    ("BI-licenties per stad, per jaar", "{bi_gebruikers}*{bi_prijs}*12"),
    ("Kost per stad, per jaar", "C{r}+D{r}+E{r}"),
    ("Eenmalige instap per stad", "{instap}*{loonkost}"),
    ("Kost per stad over de horizon", "F{r}*{horizon}+G{r}"),
    ("Besparing per stad over de horizon tegenover alleen (n = 1)", "$H$2-H{r}"),
]


def _input_refs() -> dict[str, str]:
    return {inp.code: f"Aannames!$C${row}" for row, inp in enumerate(INPUTS, start=2)}


def build_workbook() -> Workbook:
    wb = Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    readme = wb.active
    readme.title = "Lees mij"
    lines = [
        "Kostenmodel voor een datawarehouse dat 1 tot 14 steden delen",
        "Bij hoofdstuk 16 van het handboek 'Datawarehouse voor lokale besturen'.",
        "Alle invoer staat op het blad Aannames. Status 'Aanname' betekent: geen gepubliceerde bron, vervang door "
        "een eigen cijfer. Het blad 'Kost per stad' bevat alleen formules.",
        "Verdeling: de gedeelde kost wordt in dit model gelijk over de steden verdeeld; een verdeelsleutel met een "
        "vast deel en een deel naar inwoners staat in hoofdstuk 16.",
        "Gegenereerd door scripts/generate_cost_model.py; pas de aannames daar aan om het model in de repository "
        "te wijzigen.",
    ]
    for i, line in enumerate(lines, start=1):
        readme.cell(row=i, column=1, value=line).font = bold if i == 1 else Font()
    readme.column_dimensions["A"].width = 120

    sheet = wb.create_sheet("Aannames")
    for col, title in enumerate(["Code", "Omschrijving", "Waarde", "Eenheid", "Status", "Bron of toelichting"], 1):
        sheet.cell(row=1, column=col, value=title).font = bold
    for row, inp in enumerate(INPUTS, start=2):
        for col, value in enumerate([inp.code, inp.label, inp.value, inp.unit, inp.status, inp.note], 1):
            cell = sheet.cell(row=row, column=col, value=value)
            cell.alignment = wrap
    for col, width in zip("ABCDEF", [22, 50, 12, 26, 12, 90], strict=True):
        sheet.column_dimensions[col].width = width

    costs = wb.create_sheet("Kost per stad")
    refs = _input_refs()
    for col, (title, _) in enumerate(COLUMNS, start=1):
        cell = costs.cell(row=1, column=col, value=title)
        cell.font = bold
        cell.alignment = wrap
        costs.column_dimensions[get_column_letter(col)].width = 20
    for n in range(1, MAX_CITIES + 1):
        r = n + 1
        costs.cell(row=r, column=1, value=n)
        for col, (_, template) in enumerate(COLUMNS[1:], start=2):
            cell = costs.cell(row=r, column=col, value="=" + template.format(r=r, **refs))
            cell.number_format = "#,##0"
    wb.properties.creator = "scripts/generate_cost_model.py"
    wb.properties.created = FIXED_TIME
    return wb


def _reproducible(raw: bytes) -> bytes:
    """Fixed zip timestamps and a fixed modification time, so the same inputs give the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "docProps/core.xml":
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\2", data)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()


def generate(path: Path = OUTPUT) -> Path:
    buffer = io.BytesIO()
    build_workbook().save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_reproducible(buffer.getvalue()))
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    print(generate(target))
