"""Generate the SYNTHETIC sample files of the beleid and management sources in ``seeds/``.

Every number in these files is made up (plausible magnitudes, not real figures): do not publish or quote
them. What is not made up is the layout: each file follows the form of the real publication or export it
stands in for, so a city can drop its own export into the landing folder and run the same pipeline.

Files written (layouts documented in seeds/README.md and in the dbt source docs):

* ``BBC-DR_beleidsvelden_<status>_<soort>.csv`` (6 files): ABB BBC-DR exports (Power BI "export data")
  of expenditure and receipts per beleidsveld, as a wide pivot: header rows Type rapport, Rapportjaar,
  Boekjaar, BV_domein, BV_subdomein, Beleidsveld, a row naming the value type (Uitgave, Uitgave per
  inwoner, Ontvangst, Ontvangst per inwoner), one row per municipality (NIS-code), a Total row, subtotal
  columns per beleidsdomein and per book year, the filter text in the first cell (exploitatie) or the last
  row (investeringen). One export per report status (origineel, herziening, voorlopig) and per soort
  (exploitatie, investeringen). ``;``-delimited, UTF-8 with BOM, CRLF, Dutch numbers ``1.267,10``.
  Municipalities: the 13 centrumsteden, with Borsbeek, Kortessem and the old Hasselt up to book year 2024
  and the new Hasselt 71072 from 2025; multi-year plans (MJP) and annual accounts (JR), book years
  2020-2025. Amounts per inhabitant use the population of the foundation's sample files.
* ``meldingen_<yyyy-mm-dd>.csv`` / ``.json`` (42 files, 10 March - 20 April 2025): a city's service requests
  (Gent) as its Opendatasoft portal publishes them, one extract per day of the requests created or changed
  that day: the portal's ``;`` CSV export for March, the records API response ``{total_count, results}``
  for April. Reporters (name, e-mail, phone) are made up and exist to prove the pseudonymisation.
* ``doelstellingen_MJP2020-2025_44021.csv``: the multi-year plan's goal tree (beleidsdoelstellingen,
  actieplannen, acties) with indicators, targets and actual values per year, as a planning tool exports it.

The output is deterministic (seeded ``random.Random`` per cell, integer cents, explicit ``\\r\\n``), so
the bytes are identical on every run and OS. Standard library only, plus the foundation generator
``generate_seeds.py`` (for the sample population). Usage:
``python scripts/generate_beleid_seeds.py [--out DIR]`` (default: the repository's ``seeds/``).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_seeds as foundation
import generate_statbel_sector_seeds as omgeving

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "seeds"
BELEIDSVELDEN_SEED = REPO / "dbt" / "seeds" / "ref_bbc_beleidsvelden.csv"

ENCODING = "utf-8-sig"
EOL = "\r\n"
SEED_PREFIX = "obmi-synthetic-beleid-v1"

# ------------------------------------------------------------------------------------------------------
# BBC-DR: municipalities, reports and amounts
# ------------------------------------------------------------------------------------------------------

BBC_DELIMITER = ";"
BBC_FILE = "BBC-DR_beleidsvelden_{status}_{soort}.csv"
BOOK_YEARS = range(2020, 2026)
MERGER_YEAR = foundation.MERGER_YEAR
ABOLISHED = foundation.ABOLISHED_IN_2025  # Borsbeek, old Hasselt, Kortessem: gone on 1 January 2025
NEW_HASSELT = "71072"

# Bestuur names as the export writes them (the short Dutch names, without REFNIS qualifiers).
BBC_NAMES = {
    "11002": "Antwerpen",
    "11007": "Borsbeek",
    "12025": "Mechelen",
    "13040": "Turnhout",
    "24062": "Leuven",
    "31005": "Brugge",
    "34022": "Kortrijk",
    "35013": "Oostende",
    "36015": "Roeselare",
    "41002": "Aalst",
    "44021": "Gent",
    "46021": "Sint-Niklaas",
    "71016": "Genk",
    "71022": "Hasselt",
    "71072": "Hasselt",
    "73040": "Kortessem",
}
BEFORE_MERGER = tuple(code for code in sorted(BBC_NAMES) if code != NEW_HASSELT)

# Spending level of each bestuur relative to an average centrumstad (per inhabitant). Small
# municipalities without a centre-city role spend and receive clearly less per inhabitant.
CITY_LEVEL = {
    "11002": 1.18,
    "11007": 0.62,
    "12025": 1.02,
    "13040": 0.96,
    "24062": 1.06,
    "31005": 1.04,
    "34022": 0.98,
    "35013": 1.08,
    "36015": 0.92,
    "41002": 0.90,
    "44021": 1.12,
    "46021": 0.91,
    "71016": 0.94,
    "71022": 1.00,
    "71072": 0.97,
    "73040": 0.58,
}
SMALL_MUNICIPALITIES = ("11007", "73040")

STATUSES = ("origineel", "herziening", "voorlopig")
SOORTEN = {"exploitatie": "Exploitatie", "investeringen": "Investeringen"}
MEASURES = ("Uitgave", "Uitgave per inwoner", "Ontvangst", "Ontvangst per inwoner")
FILTER_HEADING = "Toegepaste filters:"
ROW_LABELS = ("Type rapport", "Rapportjaar", "Boekjaar", "BV_domein", "BV_subdomein", "Beleidsveld")
TOTAL = "Total"


@dataclass(frozen=True)
class Report:
    """One report version: type (MJP multi-year plan, JR annual accounts), year of the report, status."""

    type_code: str
    report_year: int
    status: str
    book_years: tuple[int, ...]
    filers: tuple[str, ...]


REPORTS = (
    Report("MJP", 2020, "origineel", tuple(BOOK_YEARS), BEFORE_MERGER),
    Report("MJP", 2022, "herziening", (2022, 2023, 2024, 2025), BEFORE_MERGER),
    Report("MJP", 2024, "herziening", (2024, 2025), BEFORE_MERGER),
    # The merged municipalities adopted a new plan for their first year.
    Report("MJP", 2025, "origineel", (2025,), ("11002", NEW_HASSELT)),
    *(Report("JR", year + 1, "origineel", (year,), BEFORE_MERGER) for year in (2020, 2021, 2022, 2023)),
    # Draft annual accounts sent to ABB before adoption: 2023 was adopted later, 2024 not yet.
    Report("JR", 2024, "voorlopig", (2023,), BEFORE_MERGER),
    Report("JR", 2025, "voorlopig", (2024,), BEFORE_MERGER),
)

# Amount per inhabitant per year (EUR, 2020 level) of an average centrumstad, per beleidsveld:
# (expenditure, receipt) for exploitatie and for investeringen. Magnitudes of a centre city's
# consolidated budget (gemeente and OCMW); the split is made up.
EXPLOITATIE_RATES = {
    "0010": (5, 420),
    "0020": (3, 650),
    "0030": (2, 25),
    "0040": (45, 5),
    "0050": (8, 12),
    "0110": (60, 4),
    "0111": (25, 0),
    "0112": (30, 0),
    "0119": (80, 10),
    "0130": (40, 12),
    "0200": (55, 6),
    "0210": (15, 0),
    "0220": (20, 35),
    "0300": (75, 55),
    "0310": (30, 20),
    "0340": (25, 0),
    "0350": (10, 0),
    "0400": (190, 0),
    "0410": (70, 0),
    "0500": (12, 0),
    "0520": (18, 8),
    "0550": (22, 10),
    "0600": (20, 3),
    "0610": (15, 0),
    "0629": (18, 4),
    "0670": (9, 0),
    "0680": (28, 0),
    "0700": (25, 5),
    "0703": (30, 2),
    "0740": (12, 0),
    "0742": (30, 10),
    "0750": (20, 0),
    "0800": (40, 30),
    "0870": (6, 0),
    "0900": (260, 180),
    "0945": (35, 20),
    "0953": (90, 80),
    "0990": (12, 6),
}
INVESTERING_RATES = {
    "0050": (10, 25),
    "0119": (20, 0),
    "0200": (120, 15),
    "0210": (10, 0),
    "0300": (10, 0),
    "0310": (40, 10),
    "0340": (25, 5),
    "0350": (15, 5),
    "0410": (10, 0),
    "0610": (50, 20),
    "0670": (12, 0),
    "0680": (20, 0),
    "0703": (12, 0),
    "0742": (45, 8),
    "0800": (35, 15),
    "0953": (40, 0),
}
RATES = {"exploitatie": EXPLOITATIE_RATES, "investeringen": INVESTERING_RATES}
# Beleidsvelden a small municipality without a centre-city role does not have.
NOT_IN_SMALL_MUNICIPALITIES = ("0210", "0500", "0520", "0610", "0700", "0703", "0742", "0870", "0953")
PRICE_GROWTH = 0.025  # nominal growth of every budget line per book year
NEGATIVE_RECEIPT_FIELD = "0030"  # write-downs make this receipt negative in some annual accounts


def rng_for(*parts: object) -> random.Random:
    return random.Random("|".join([SEED_PREFIX, *(str(p) for p in parts)]))


def load_beleidsvelden() -> dict[str, dict[str, str]]:
    """The project's own BBC reference list (dbt seed), keyed by beleidsveld code."""
    with BELEIDSVELDEN_SEED.open(encoding="utf-8", newline="") as handle:
        return {row["beleidsveld_code"]: row for row in csv.DictReader(handle)}


def sample_population() -> dict[tuple[str, int], int]:
    """Residents on 1 January per published municipality code and year, from the foundation's sample."""
    totals: dict[tuple[str, int], int] = {}
    for year in BOOK_YEARS:
        for code in foundation.municipality_codes(year):
            if code in BBC_NAMES:
                totals[(code, year)] = sum(int(row[-1]) for row in foundation.population_rows(code, year))
    return totals


def exists_on_first_january(code: str, year: int) -> bool:
    if code == NEW_HASSELT:
        return year >= MERGER_YEAR
    if code in ABOLISHED:
        return year < MERGER_YEAR
    return True


def cents(value: float) -> int:
    """Round a euro amount to whole cents, half away from zero."""
    scaled = value * 100.0
    return int(scaled + 0.5) if scaled >= 0 else -int(-scaled + 0.5)


def per_inhabitant_cents(amount_cents: int, inhabitants: int) -> int:
    """amount / inhabitants in cents, rounded half away from zero with integer arithmetic only."""
    sign = -1 if amount_cents < 0 else 1
    return sign * ((2 * abs(amount_cents) + inhabitants) // (2 * inhabitants))


def dutch_number(amount_cents: int) -> str:
    """1267.10 EUR as the export writes it: 1.267,10 (thousands dots, decimal comma, two decimals)."""
    sign = "-" if amount_cents < 0 else ""
    units, hundredths = divmod(abs(amount_cents), 100)
    return f"{sign}{units:,}".replace(",", ".") + f",{hundredths:02d}"


class BbcAmounts:
    """Amounts in cents per (report, book year, municipality, soort, beleidsveld, measure)."""

    def __init__(self, population: dict[tuple[str, int], int]):
        self.population = population
        self.cache: dict[tuple, int | None] = {}

    def has_field(self, code: str, soort: str, field: str) -> bool:
        if code in SMALL_MUNICIPALITIES and field in NOT_IN_SMALL_MUNICIPALITIES:
            return False
        return rng_for("has", code, soort, field).random() >= 0.04

    def planned(self, code: str, year: int, soort: str, field: str, flow: int) -> float:
        """The level an average plan would put the line at, in euro."""
        rate = RATES[soort][field][flow]
        jitter = 0.8 + 0.4 * rng_for("level", code, soort, field, flow).random()
        level = rate * CITY_LEVEL[code] * jitter * self.population[(code, year)]
        return foundation.grown(level, PRICE_GROWTH, year - BOOK_YEARS[0])  # no pow(): same bytes on every OS

    def amount(self, report: Report, year: int, code: str, soort: str, field: str, flow: int) -> int | None:
        """Expenditure (flow 0) or receipt (flow 1) in cents, or None when the cell is empty."""
        key = (report, year, code, soort, field, flow)
        if key not in self.cache:
            self.cache[key] = self._amount(*key)
        return self.cache[key]

    def _amount(self, report: Report, year: int, code: str, soort: str, field: str, flow: int) -> int | None:
        if RATES[soort][field][flow] == 0 or not self.has_field(code, soort, field):
            return None
        rng = rng_for("amount", report.type_code, report.report_year, report.status, year, code, soort, field, flow)
        if report.type_code == "MJP":
            previous = [
                r
                for r in REPORTS
                if r.type_code == "MJP"
                and r.report_year < report.report_year
                and code in r.filers
                and year in r.book_years
            ]
            if not previous:
                return cents(self.planned(code, year, soort, field, flow) * (0.96 + 0.08 * rng.random()))
            basis = self.amount(previous[-1], year, code, soort, field, flow)
            return None if basis is None else cents(basis / 100 * (0.95 + 0.13 * rng.random()))
        # Annual accounts realise the newest plan adopted before the end of the book year.
        plan = [r for r in REPORTS if r.type_code == "MJP" and r.report_year <= year and code in r.filers]
        planned = self.amount(plan[-1], year, code, soort, field, flow)
        if planned is None:
            return None
        if report.status == "voorlopig" and year == 2023:
            adopted = next(
                r for r in REPORTS if r.type_code == "JR" and r.status == "origineel" and year in r.book_years
            )
            final = self.amount(adopted, year, code, soort, field, flow)
            if final is None or rng.random() < 0.7:
                return final
            return cents(final / 100 * (0.985 + 0.03 * rng.random()))
        if soort == "investeringen":
            realised = 0.45 + 0.45 * rng.random() if flow == 0 else 0.6 + 0.5 * rng.random()
        else:
            realised = 0.90 + 0.10 * rng.random() if flow == 0 else 0.95 + 0.10 * rng.random()
        if field == NEGATIVE_RECEIPT_FIELD and flow == 1 and rng.random() < 0.25:
            realised = -0.4 * rng.random() - 0.05
        return cents(planned / 100 * realised)


@dataclass(frozen=True)
class PivotColumn:
    """One value column of the pivot: its six header cells and what it holds."""

    report: Report
    year: int
    domain: str  # "" for the grand total column
    field: str  # "" for a subtotal column
    measure: str


def bbc_columns(report_list: list[Report], soort: str, beleidsvelden, amounts: BbcAmounts) -> list[PivotColumn]:
    """Column groups in Power BI's order: by type, report year, book year, then domain, subdomain, field,
    with a subtotal group after each domain and a total group after each book year. A beleidsveld only
    appears when some municipality has an amount for it."""
    groups = sorted(
        {(r, y) for r in report_list for y in r.book_years},
        key=lambda g: (g[0].type_code, g[0].report_year, g[1]),
    )
    columns = []
    for report, year in groups:
        filers = [c for c in report.filers if exists_on_first_january(c, year)]
        fields = sorted(
            f
            for f in RATES[soort]
            if any(amounts.amount(report, year, c, soort, f, flow) is not None for c in filers for flow in (0, 1))
        )
        for domain in sorted({beleidsvelden[f]["beleidsdomein_code"] for f in fields}):
            in_domain = [f for f in fields if beleidsvelden[f]["beleidsdomein_code"] == domain]
            for field in in_domain:
                columns += [PivotColumn(report, year, domain, field, m) for m in MEASURES]
            columns += [PivotColumn(report, year, domain, "", m) for m in MEASURES]
        columns += [PivotColumn(report, year, "", "", m) for m in MEASURES]
    return columns


def header_cells(column: PivotColumn, beleidsvelden) -> tuple[str, ...]:
    """The six header cells above a value column."""
    report, year = column.report, column.year
    if not column.domain:
        return (report.type_code, str(report.report_year), str(year), TOTAL, "", "")
    sample = next(bv for bv in beleidsvelden.values() if bv["beleidsdomein_code"] == column.domain)
    domain_label = f"{column.domain} {sample['beleidsdomein_name_nl']}"
    if not column.field:
        return (report.type_code, str(report.report_year), str(year), domain_label, TOTAL, "")
    bv = beleidsvelden[column.field]
    return (
        report.type_code,
        str(report.report_year),
        str(year),
        domain_label,
        f"{bv['beleidssubdomein_code']} {bv['beleidssubdomein_name_nl']}",
        f"{bv['beleidsveld_code']} {bv['beleidsveld_name_nl']}",
    )


def column_amount(column: PivotColumn, code: str, soort: str, amounts: BbcAmounts, beleidsvelden) -> int | None:
    """The amount (cents) of a municipality in a column's group, before dividing per inhabitant."""
    flow = 0 if column.measure.startswith("Uitgave") else 1
    if not exists_on_first_january(code, column.year) or code not in column.report.filers:
        return None
    if column.field:
        fields = [column.field]
    else:
        fields = [
            f for f in RATES[soort] if not column.domain or beleidsvelden[f]["beleidsdomein_code"] == column.domain
        ]
    values = [amounts.amount(column.report, column.year, code, soort, f, flow) for f in fields]
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def bbc_filter_text(status: str, soort: str) -> str:
    return "\n".join(
        [FILTER_HEADING, "Bestuurstype is Gemeente", f"Rapportstatus is {status}", f"Soort is {SOORTEN[soort]}"]
    )


def bbc_rows(status: str, soort: str, amounts: BbcAmounts, beleidsvelden) -> list[list[str]]:
    """All rows of one export, as lists of cells (the filter cell may hold line breaks)."""
    report_list = [r for r in REPORTS if r.status == status]
    columns = bbc_columns(report_list, soort, beleidsvelden, amounts)
    headers = [header_cells(c, beleidsvelden) for c in columns]
    rows = [[label, "", *(h[i] for h in headers)] for i, label in enumerate(ROW_LABELS)]
    rows.append(["NIS-code", "Bestuur", *(c.measure for c in columns)])
    municipalities = sorted({c for r in report_list for c in r.filers})
    total_amounts = [0] * len(columns)
    total_inhabitants = [0] * len(columns)
    present = [False] * len(columns)
    for code in municipalities:
        cells = []
        for index, column in enumerate(columns):
            amount = column_amount(column, code, soort, amounts, beleidsvelden)
            if amount is None:
                cells.append("")
                continue
            inhabitants = amounts.population[(code, column.year)]
            total_amounts[index] += amount
            total_inhabitants[index] += inhabitants
            present[index] = True
            per_inhabitant = column.measure.endswith("per inwoner")
            cells.append(dutch_number(per_inhabitant_cents(amount, inhabitants) if per_inhabitant else amount))
        rows.append([code, BBC_NAMES[code], *cells])
    totals = []
    for index, column in enumerate(columns):
        if not present[index]:
            totals.append("")
        elif column.measure.endswith("per inwoner"):
            totals.append(dutch_number(per_inhabitant_cents(total_amounts[index], total_inhabitants[index])))
        else:
            totals.append(dutch_number(total_amounts[index]))
    rows.append([TOTAL, "", *totals])
    filter_row = [bbc_filter_text(status, soort)] + [""] * (len(rows[0]) - 1)
    return [filter_row, *rows] if soort == "exploitatie" else [*rows, filter_row]


def write_delimited(
    path: Path, rows: list[list[str]], delimiter: str, encoding: str = ENCODING, eol: str = EOL
) -> None:
    """Write rows (default: CRLF line ends, UTF-8 with BOM); a cell is quoted only when it must be."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            if any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append(delimiter.join(cells))
    with path.open("w", encoding=encoding, newline="") as handle:
        handle.write(eol.join(lines) + eol)


def bbc_file_names() -> list[str]:
    return [BBC_FILE.format(status=s, soort=k) for s in STATUSES for k in SOORTEN]


def write_bbc(out_dir: Path) -> list[Path]:
    beleidsvelden = load_beleidsvelden()
    amounts = BbcAmounts(sample_population())
    written = []
    for status in STATUSES:
        for soort in SOORTEN:
            path = out_dir / BBC_FILE.format(status=status, soort=soort)
            write_delimited(path, bbc_rows(status, soort, amounts, beleidsvelden), BBC_DELIMITER)
            written.append(path)
    return written


# ------------------------------------------------------------------------------------------------------
# Meldingen: a city's open data portal (Opendatasoft), one extract per day
# ------------------------------------------------------------------------------------------------------

MELDINGEN_FILE = "meldingen_{day}.{ext}"
MELDINGEN_FIRST_DAY = date(2025, 3, 10)
MELDINGEN_LAST_DAY = date(2025, 4, 20)
MELDINGEN_JSON_FROM = date(2025, 4, 1)  # March: the portal's CSV export (backfill); April: the API extract
SUMMER_TIME_FROM_UTC = datetime(2025, 3, 30, 1, 0, 0)  # Europe/Brussels: +01:00 before, +02:00 after
MELDINGEN_CITY = ("Gent", "44021")

# Published fields of the dataset, in the portal's order (the CSV header; the JSON records' keys).
MELDINGEN_FIELDS = (
    "melding_id",
    "categorie",
    "status",
    "kanaal",
    "aangemaakt_op",
    "gewijzigd_op",
    "afgesloten_op",
    "straat",
    "huisnummer",
    "postcode",
    "gemeente",
    "statistische_sector",
    "geo_point_2d",
    "melder_naam",
    "melder_email",
    "melder_telefoon",
)

# Category label -> (service-level target in hours, relative frequency, share closed within target).
# The targets are restated in the dbt seed ref_melding_categorieen (the warehouse reads them there).
MELDING_CATEGORIES = {
    "Sluikstort": (48, 26, 0.80),
    "Zwerfvuil en vuilnisbakken": (72, 14, 0.78),
    "Wegdek en voetpad": (336, 16, 0.62),
    "Straatverlichting": (240, 12, 0.70),
    "Openbaar groen": (504, 10, 0.74),
    "Graffiti": (168, 7, 0.68),
    "Riolering en wateroverlast": (120, 8, 0.72),
    "Verkeersborden en signalisatie": (168, 7, 0.66),
}
# Reassignments by the back office when work starts (the newest record carries the new category).
RECATEGORISED = {"Zwerfvuil en vuilnisbakken": "Sluikstort", "Wegdek en voetpad": "Riolering en wateroverlast"}
CHANNELS = (("App", 34), ("Website", 30), ("Telefoon", 18), ("E-mail", 12), ("Balie", 6))
STATUS_NEW, STATUS_BUSY, STATUS_CLOSED = "Nieuw", "In behandeling", "Afgesloten"


# Statistical sectors of Gent: 24 of the regular sectors that the omgeving sample publishes for Gent in
# 2025 (OPENDATA_SECTOREN_2025.txt), spread over the letters A-E, so every request's sector is one the
# warehouse knows from Statbel's own sector files and lies in Gent according to them.
def gent_sectors(count: int = 24) -> tuple[str, ...]:
    regular = [s.code for s in omgeving.sectors_of("44021", 2025) if s.kind == "regular"]
    return tuple(regular[i * len(regular) // count] for i in range(count))


GENT_SECTORS = gent_sectors()
SECTOR_POSTCODE = {"A": "9000", "B": "9030", "C": "9040", "D": "9050", "E": "9052"}
STREETS = (
    "Kerkstraat", "Stationsstraat", "Molenstraat", "Nieuwstraat", "Schoolstraat", "Veldstraat", "Dorpsstraat",
    "Brugsesteenweg", "Kortrijksesteenweg", "Brusselsesteenweg", "Antwerpsesteenweg", "Sint-Jansvest",
    "Overpoortstraat", "Sleepstraat", "Dendermondsesteenweg", "Voskenslaan", "Wondelgemstraat", "Tolhuislaan",
)  # fmt: skip
FIRST_NAMES = (
    "Lotte", "Wout", "Femke", "Jonas", "Elise", "Pieter", "Hanne", "Arne", "Lien", "Bram", "Sofie", "Tom",
    "Nele", "Stijn", "Ine", "Koen", "Marie", "Lucas", "Emma", "Noah", "Yasmina", "Mehmet", "Ayoub", "Olga",
)  # fmt: skip
LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet",
    "Dubois", "Hermans", "Aerts", "Pauwels", "Vermeulen", "Van den Broeck", "De Clercq", "El Amrani",
    "Yilmaz", "Nowak", "Van Damme", "Desmet", "Verhoeven", "Lambrecht",
)  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
REPORTER_COUNT = 260
ANONYMOUS_SHARE = 0.12


# Quantile -> lead time as a multiple of the target, for a category closing `within` of its requests on
# time: piecewise linear (no exp/log, so the bytes are identical on every platform).
def lead_time_factor(u: float, within: float) -> float:
    knots = ((0.0, 0.02), (within * 0.4, 0.25), (within, 1.0), (within + (1 - within) * 0.6, 1.7), (1.0, 3.2))
    return foundation.interpolate(knots, u)


HOUR_KNOTS = ((0.0, 7.0), (0.15, 8.5), (0.5, 11.5), (0.8, 16.0), (0.95, 20.0), (1.0, 22.9))


def weighted(rng: random.Random, pairs) -> str:
    total = sum(weight for _, weight in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


def utc_offset_hours(moment_utc: datetime) -> int:
    return 2 if moment_utc >= SUMMER_TIME_FROM_UTC else 1


def local_iso(moment_utc: datetime) -> str:
    """2025-03-10T08:15:00+01:00: wall-clock time in Europe/Brussels with its offset, as the portal writes it."""
    offset = utc_offset_hours(moment_utc)
    return (moment_utc + timedelta(hours=offset)).strftime("%Y-%m-%dT%H:%M:%S") + f"+{offset:02d}:00"


def local_date(moment_utc: datetime) -> date:
    return (moment_utc + timedelta(hours=utc_offset_hours(moment_utc))).date()


def during_office_hours(moment_utc: datetime, rng: random.Random) -> datetime:
    """Crews and the back office work from 7:00 to 19:00 local time: a later moment moves to the next
    morning, an earlier one to the same morning."""
    offset = timedelta(hours=utc_offset_hours(moment_utc))
    local = moment_utc + offset
    if 7 <= local.hour < 19:
        return moment_utc
    morning = datetime(local.year, local.month, local.day, 7) + timedelta(days=1 if local.hour >= 19 else 0)
    return morning + timedelta(seconds=rng.randint(0, 2 * 3600)) - offset


@dataclass(frozen=True)
class Reporter:
    name: str
    email: str
    phone: str


def reporters() -> list[Reporter]:
    rng = rng_for("reporters")
    people = []
    for index in range(REPORTER_COUNT):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local_part = f"{first}.{last}".lower().replace(" ", "")
        email = f"{local_part}{index % 7 or ''}@{rng.choice(EMAIL_DOMAINS)}" if rng.random() < 0.85 else ""
        digits = f"{rng.randint(70, 99)} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
        phone = f"+32 4{digits}" if rng.random() < 0.5 or not email else ""
        people.append(Reporter(f"{first} {last}", email, phone))
    return people


@dataclass(frozen=True)
class Event:
    at_utc: datetime
    status: str
    category: str


@dataclass(frozen=True)
class Melding:
    melding_id: str
    channel: str
    street: str
    house_number: str
    sector: str
    point: tuple[float, float]  # (lat, lon)
    reporter: Reporter | None
    events: tuple[Event, ...]

    def state_at_end_of(self, day: date) -> dict[str, str]:
        """The record as the portal shows it at the end of a local day."""
        past = [e for e in self.events if local_date(e.at_utc) <= day]
        latest = past[-1]
        closed = next((e for e in past if e.status == STATUS_CLOSED), None)
        lat, lon = self.point
        return {
            "melding_id": self.melding_id,
            "categorie": latest.category,
            "status": latest.status,
            "kanaal": self.channel,
            "aangemaakt_op": local_iso(self.events[0].at_utc),
            "gewijzigd_op": local_iso(latest.at_utc),
            "afgesloten_op": local_iso(closed.at_utc) if closed else "",
            "straat": self.street,
            "huisnummer": self.house_number,
            "postcode": SECTOR_POSTCODE[self.sector[5]],
            "gemeente": MELDINGEN_CITY[0],
            "statistische_sector": self.sector,
            "geo_point_2d": f"{lat:.5f}, {lon:.5f}",
            "melder_naam": self.reporter.name if self.reporter else "",
            "melder_email": self.reporter.email if self.reporter else "",
            "melder_telefoon": self.reporter.phone if self.reporter else "",
        }


def meldingen() -> list[Melding]:
    people = reporters()
    categories = [(name, weight) for name, (_, weight, _) in MELDING_CATEGORIES.items()]
    out = []
    day = MELDINGEN_FIRST_DAY
    number = 0
    while day <= MELDINGEN_LAST_DAY:
        rng = rng_for("meldingen", day.isoformat())
        count = rng.randint(8, 14) if day.weekday() >= 5 else rng.randint(18, 30)
        created_local = sorted(
            datetime(day.year, day.month, day.day)
            + timedelta(seconds=int(foundation.interpolate(HOUR_KNOTS, rng.random()) * 3600))
            for _ in range(count)
        )
        for local_moment in created_local:
            number += 1
            created = local_moment - timedelta(hours=1)
            created -= timedelta(hours=utc_offset_hours(created) - 1)
            category = weighted(rng, categories)
            target, _, within = MELDING_CATEGORIES[category]
            lead = max(600, int(target * 3600 * lead_time_factor(rng.random(), within)))
            events = [Event(created, STATUS_NEW, category)]
            later_category = RECATEGORISED.get(category) if rng.random() < 0.08 else None
            if lead > 4 * 3600:
                busy = created + timedelta(seconds=min(lead // 3, rng.randint(3600, 30 * 3600)))
                events.append(Event(during_office_hours(busy, rng), STATUS_BUSY, later_category or category))
            closed = during_office_hours(created + timedelta(seconds=lead), rng)
            events.append(
                Event(max(closed, events[-1].at_utc + timedelta(minutes=5)), STATUS_CLOSED, events[-1].category)
            )
            last_moment = datetime(MELDINGEN_LAST_DAY.year, MELDINGEN_LAST_DAY.month, MELDINGEN_LAST_DAY.day, 22)
            events = [e for e in events if e.at_utc < last_moment]  # the sample ends on the last day's extract
            sector = rng.choice(GENT_SECTORS)
            anonymous = rng.random() < ANONYMOUS_SHARE
            # A few reporters are frequent: a skewed pick from the reporter list.
            reporter = None if anonymous else people[int(rng.random() * rng.random() * REPORTER_COUNT)]
            channel = weighted(rng, CHANNELS)
            if reporter and channel == "Telefoon" and not reporter.phone:
                channel = "Website"
            out.append(
                Melding(
                    melding_id=f"M{day:%y}-{number:06d}",
                    channel=channel,
                    street=rng.choice(STREETS),
                    house_number=str(rng.randint(1, 240)),
                    sector=sector,
                    point=(51.02 + 0.07 * rng.random(), 3.66 + 0.12 * rng.random()),
                    reporter=reporter,
                    events=tuple(events),
                )
            )
        day += timedelta(days=1)
    return out


def meldingen_days() -> list[date]:
    return [MELDINGEN_FIRST_DAY + timedelta(days=n) for n in range((MELDINGEN_LAST_DAY - MELDINGEN_FIRST_DAY).days + 1)]


def meldingen_file_name(day: date) -> str:
    return MELDINGEN_FILE.format(day=day.isoformat(), ext="json" if day >= MELDINGEN_JSON_FROM else "csv")


def json_record(state: dict[str, str]) -> dict:
    """A record as the Opendatasoft records API returns it: typed values, null for empty, a geo point object."""
    record: dict = {}
    for field in MELDINGEN_FIELDS:
        value = state[field]
        if field == "geo_point_2d":
            lat, lon = (float(part) for part in value.split(", "))
            record[field] = {"lon": lon, "lat": lat}
        else:
            record[field] = value or None
    return record


def write_meldingen(out_dir: Path) -> list[Path]:
    all_meldingen = meldingen()
    written = []
    for day in meldingen_days():
        changed = [m for m in all_meldingen if any(local_date(e.at_utc) == day for e in m.events)]
        states = sorted((m.state_at_end_of(day) for m in changed), key=lambda s: (s["gewijzigd_op"], s["melding_id"]))
        path = out_dir / meldingen_file_name(day)
        if path.suffix == ".csv":
            rows = [list(MELDINGEN_FIELDS), *([state[f] for f in MELDINGEN_FIELDS] for state in states)]
            write_delimited(path, rows, ";", encoding="utf-8", eol="\r\n")
        else:
            response = {"total_count": len(states), "results": [json_record(state) for state in states]}
            path.write_text(json.dumps(response, ensure_ascii=False), encoding="utf-8", newline="")
        written.append(path)
    return written


# ------------------------------------------------------------------------------------------------------
# Policy goals: a city's multi-year plan as its planning tool exports it
# ------------------------------------------------------------------------------------------------------

PLAN_FILE = "doelstellingen_MJP2020-2025_44021.csv"
PLAN_TITLE = "Meerjarenplan 2020-2025 - Stad Gent (NIS 44021) - export van 15/05/2025"
PLAN_YEARS = tuple(range(2020, 2026))
PLAN_HEADER = (
    "Niveau",
    "Code",
    "Titel",
    "Bovenliggende code",
    "Beleidsveld",
    "Verantwoordelijke dienst",
    "Prioritair",
    "Indicator",
    "Indicatorcode",
    "Eenheid",
    "Gewenste evolutie",
    "Basisjaar",
    "Basiswaarde",
    *(f"Streefwaarde {year}" for year in PLAN_YEARS),
    *(f"Realisatie {year}" for year in PLAN_YEARS),
)


@dataclass(frozen=True)
class PlanIndicator:
    name: str
    code: str  # the warehouse's indicator code when the warehouse measures it, else ""
    unit: str
    direction: str  # stijgen / dalen
    base: tuple[int, str] | None  # (year, value)
    targets: dict[int, str]
    actuals: dict[int, str]  # entered in the planning tool (the warehouse's own figures win for its codes)


@dataclass(frozen=True)
class PlanElement:
    level: str  # Beleidsdoelstelling / Actieplan / Actie
    code: str
    title: str
    parent: str
    field: str  # beleidsveld code, "" for a goal
    department: str
    priority: bool
    indicators: tuple[PlanIndicator, ...] = ()


def _years(values: tuple) -> dict[int, str]:
    return {year: value for year, value in zip(PLAN_YEARS, values, strict=True) if value != ""}


PLAN = (
    PlanElement(
        "Beleidsdoelstelling", "BD01", "Gent is een propere en veilige stad", "", "", "Stadsbestuur", True,
        (
            PlanIndicator(
                "Bewoners tevreden over de netheid van hun straat", "", "%", "stijgen", (2017, "52,0"),
                _years(("55,0", "", "", "60,0", "", "62,0")), _years(("53,0", "", "", "58,5", "", "")),
            ),
        ),
    ),
    PlanElement("Actieplan", "AP01.1", "Sluikstort sneller en slimmer aanpakken", "BD01", "0300", "Milieudienst", True),
    PlanElement(
        "Actie", "AC01.1.1", "Meldingen van sluikstort binnen twee werkdagen opruimen", "AP01.1", "0300",
        "Milieudienst", True,
        (
            PlanIndicator(
                "Mediane doorlooptijd van meldingen sluikstort", "meld_med_doorlooptijd_sluikstort", "uur", "dalen",
                (2019, "52,0"), _years(("", "", "", "48,0", "40,0", "36,0")), _years(("", "", "", "44,0", "41,5", "")),
            ),
        ),
    ),
    PlanElement(
        "Actie", "AC01.1.2", "Camera's plaatsen op hotspots van sluikstort", "AP01.1", "0300", "Milieudienst", False,
        (
            PlanIndicator(
                "Hotspots met camerabewaking", "", "aantal", "stijgen", (2019, "2"),
                _years(("5", "10", "15", "20", "25", "30")), _years(("4", "9", "16", "18", "22", "")),
            ),
        ),
    ),
    PlanElement(
        "Actieplan", "AP01.2", "Meldingen over het openbaar domein klantvriendelijk afhandelen", "BD01", "0130",
        "Dienst Klantencontact", False,
        (
            PlanIndicator(
                "Meldingen afgesloten binnen de servicenorm", "meld_sla_aandeel", "%", "stijgen", None,
                _years(("", "", "", "", "75,0", "80,0")), _years(("", "", "", "", "74,2", "")),
            ),
        ),
    ),
    PlanElement(
        "Actie", "AC01.2.1", "Servicenormen per categorie publiceren", "AP01.2", "0130", "Dienst Klantencontact", False
    ),
    PlanElement(
        "Beleidsdoelstelling", "BD02", "Gent investeert in cultuur en sport voor iedereen", "", "", "Stadsbestuur",
        False,
        (
            PlanIndicator(
                "Exploitatie-uitgaven per inwoner voor cultuur en vrije tijd", "fin_expl_uitg_inw_d7",
                "EUR per inwoner", "stijgen", (2019, "108,00"),
                _years(("110,00", "115,00", "120,00", "125,00", "130,00", "135,00")), {},
            ),
        ),
    ),
    PlanElement("Actieplan", "AP02.1", "Een bibliotheek in elke wijk", "BD02", "0703", "Dienst Bibliotheek", False),
    PlanElement("Actie", "AC02.1.1", "Bibliotheek Ledeberg renoveren", "AP02.1", "0703", "Dienst Bibliotheek", False),
    PlanElement(
        "Actie", "AC02.1.2", "Openingsuren van de filialen uitbreiden", "AP02.1", "0703", "Dienst Bibliotheek", False,
        (
            PlanIndicator(
                "Openingsuren per week, alle filialen samen", "", "uur", "stijgen", (2019, "380"),
                _years(("", "400", "", "450", "", "480")), _years(("", "410", "", "445", "", "")),
            ),
        ),
    ),
    PlanElement("Actieplan", "AP02.2", "Sportinfrastructuur vernieuwen", "BD02", "0742", "Sportdienst", False),
    PlanElement("Actie", "AC02.2.1", "Zwembad Van Eyck renoveren", "AP02.2", "0742", "Sportdienst", False),
    PlanElement(
        "Beleidsdoelstelling", "BD03", "Gent is een zorgzame stad", "", "", "Stadsbestuur", True,
        (
            PlanIndicator(
                "Exploitatie-uitgaven per inwoner voor zorg en opvang", "fin_expl_uitg_inw_d9", "EUR per inwoner",
                "stijgen", (2019, "395,00"), _years(("400,00", "420,00", "440,00", "460,00", "480,00", "500,00")), {},
            ),
        ),
    ),
    PlanElement(
        "Actieplan", "AP03.1", "Meer kinderopvang voor werkende ouders", "BD03", "0945", "Dienst Kinderopvang", True
    ),
    PlanElement(
        "Actie", "AC03.1.1", "500 extra plaatsen in de kinderopvang", "AP03.1", "0945", "Dienst Kinderopvang", True,
        (
            PlanIndicator(
                "Plaatsen in de kinderopvang", "", "aantal", "stijgen", (2019, "9.700"),
                _years(("9.800", "9.900", "10.000", "10.100", "10.200", "10.300")),
                _years(("9.750", "9.920", "10.050", "10.080", "10.240", "")),
            ),
        ),
    ),
    PlanElement(
        "Beleidsdoelstelling", "BD04", "Gent is een financieel gezonde stad", "", "", "Stadsbestuur", False,
        (
            PlanIndicator(
                "Exploitatie-uitgaven per inwoner voor algemeen bestuur", "fin_expl_uitg_inw_d1", "EUR per inwoner",
                "dalen", (2019, "232,00"), _years(("230,00", "228,00", "226,00", "224,00", "222,00", "220,00")), {},
            ),
        ),
    ),
    PlanElement("Actieplan", "AP04.1", "De werkingskosten beheersen", "BD04", "0119", "Financiën", False),
)  # fmt: skip


def plan_rows(beleidsvelden) -> list[list[str]]:
    """The export: a title row, the header, one row per element and indicator (an element without
    indicator gets one row with empty indicator columns)."""
    rows = [[PLAN_TITLE] + [""] * (len(PLAN_HEADER) - 1), list(PLAN_HEADER)]
    for element in PLAN:
        field = f"{element.field} {beleidsvelden[element.field]['beleidsveld_name_nl']}" if element.field else ""
        common = [
            element.level,
            element.code,
            element.title,
            element.parent,
            field,
            element.department,
            "Ja" if element.priority else "Nee",
        ]
        if not element.indicators:
            rows.append(common + [""] * (len(PLAN_HEADER) - len(common)))
        for indicator in element.indicators:
            base_year, base_value = indicator.base or ("", "")
            rows.append(
                [
                    *common,
                    indicator.name,
                    indicator.code,
                    indicator.unit,
                    indicator.direction,
                    str(base_year),
                    base_value,
                    *(indicator.targets.get(year, "") for year in PLAN_YEARS),
                    *(indicator.actuals.get(year, "") for year in PLAN_YEARS),
                ]
            )
    return rows


def write_plan(out_dir: Path) -> list[Path]:
    path = out_dir / PLAN_FILE
    write_delimited(path, plan_rows(load_beleidsvelden()), ";")
    return [path]


# ------------------------------------------------------------------------------------------------------
# Entry point
# ------------------------------------------------------------------------------------------------------


def generated_file_names() -> list[str]:
    """Every file name this generator writes (the byte-identity test compares exactly these)."""
    return [*bbc_file_names(), *(meldingen_file_name(day) for day in meldingen_days()), PLAN_FILE]


def generate(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [*write_bbc(out_dir), *write_meldingen(out_dir), *write_plan(out_dir)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
