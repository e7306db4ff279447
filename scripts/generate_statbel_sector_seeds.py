"""Generate the SYNTHETIC sample files of the omgeving sources (sectors, households, income) in ``seeds/``.

Every number this script writes is made up, like those of ``generate_seeds.py`` (the foundation's
generator, whose constants and helpers it reuses). Magnitudes are realistic (sector sizes, household
size, cars per household, income per declaration) but they are not Statbel figures.

The layouts are not made up. Each file follows the real Statbel publication it stands in for:

* ``OPENDATA_SECTOREN_<year>.txt`` (2019..2025): population on 1 January per statistical sector, the
  2022 layout ``CD_REFNIS|CD_SECTOR|TOTAL|DT_STRT_SECTOR|DT_STOP_SECTOR|OPPERVLAKKTE IN HM²|
  TX_DESCR_SECTOR_NL|TX_DESCR_SECTOR_FR|TX_DESCR_NL|TX_DESCR_FR`` (the misspelled area column is real),
  UTF-8 with BOM, ``|``-delimited, CRLF. Dates ``dd/mm/yyyy``; area in hm² with a decimal point.
* ``TF_CAR_HH_SECTOR_<year>.txt`` (2019..2025): households and cars per sector, the layout of the real
  2019 file ``CD_YEAR;CD_REFNIS;TX_REFNIS_DESCR_FR;TX_REFNIS_DESCR_NL;CD_STAT_SECTOR;MS_NUM_HH;MS_NUM_CAR``:
  ``;``-delimited, UTF-8 with BOM, CRLF, thousands written with a dot (``1.030``) and zero cars as
  ``-00``, exactly as in the real file. Statbel names the download ``TF_CAR_HH_SECTOR.txt``; the sample
  adds the year to the name so several years can sit in one landing folder.
* ``TF_PSNL_INC_TAX_MUNTY.xlsx``: fiscal income per municipality, one workbook for all years
  (2019..2025) with the 49 published columns: ``CD_YEAR, CD_MUNTY_REFNIS``, 28 measures ``MS_...``, then
  the names of municipality, district, province and region. Like the real file, every year is written
  on ONE municipal structure (Statbel back-casts its income series onto a fixed vintage): here the
  2019-2024 structure, so Borsbeek 11007, Hasselt 71022 and Kortessem 73040 appear in 2025 too.
  Suppressed cells hold a literal ``*``; a real 0 occurs (no agglomeration tax outside Brussels).

Consistency with the foundation's files: per municipality and year, the sector populations add up
EXACTLY to the residents of ``TF_SOC_POP_STRUCT_<year>.txt`` (an "unknown sector" ``<NIS>ZZZZ`` takes
the residents without a sector, as in the real files); sector codes keep their pre-2025 prefix, so
``11007...`` sectors lie in Antwerpen 11002 in 2025 and ``71022...``/``73040...`` sectors in Hasselt
71072; the income file's ``MS_TOT_RESIDENTS`` equals the population of the same code and year (for the
2025 rows of the old codes: the population of their sectors).

Compromises that keep the committed files small: far fewer, larger sectors than in reality (about one
per 4,000 residents, at least six per municipality), plus one or two very small sectors per
municipality so that disclosure control has something to suppress. Two sectors are split on
1 January 2024 (one in Gent, one in Leuven), so the sector dimension has versions.

Deterministic like the foundation: seeded ``random.Random`` instances, IEEE arithmetic only, explicit
``\\r\\n`` line ends, and an xlsx written with the standard library's ``zipfile`` (stored, fixed
timestamps), so the bytes are identical on every run and OS.

Usage: ``python scripts/generate_statbel_sector_seeds.py [--out DIR]`` (default: the repository's ``seeds/``).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import generate_seeds as foundation

DEFAULT_OUT = foundation.DEFAULT_OUT
EOL = foundation.EOL
ENCODING = foundation.ENCODING
YEARS = foundation.YEARS
FIRST_YEAR = foundation.FIRST_YEAR
MERGER_YEAR = foundation.MERGER_YEAR
SEED_PREFIX = "obmi-synthetic-omgeving-v1"

SECTOR_FILE = "OPENDATA_SECTOREN_{year}.txt"
SECTOR_HEADER = (
    "CD_REFNIS",
    "CD_SECTOR",
    "TOTAL",
    "DT_STRT_SECTOR",
    "DT_STOP_SECTOR",
    "OPPERVLAKKTE IN HM²",
    "TX_DESCR_SECTOR_NL",
    "TX_DESCR_SECTOR_FR",
    "TX_DESCR_NL",
    "TX_DESCR_FR",
)
HOUSEHOLD_FILE = "TF_CAR_HH_SECTOR_{year}.txt"
HOUSEHOLD_HEADER = (
    "CD_YEAR",
    "CD_REFNIS",
    "TX_REFNIS_DESCR_FR",
    "TX_REFNIS_DESCR_NL",
    "CD_STAT_SECTOR",
    "MS_NUM_HH",
    "MS_NUM_CAR",
)
INCOME_FILE = "TF_PSNL_INC_TAX_MUNTY.xlsx"
INCOME_SHEET = "TF_PSNL_INC_TAX_MUNTY"
INCOME_MEASURES = (
    "MS_NBR_NON_ZERO_INC",
    "MS_NBR_ZERO_INC",
    "MS_TOT_NET_TAXABLE_INC",
    "MS_TOT_NET_INC",
    "MS_NBR_TOT_NET_INC",
    "MS_REAL_ESTATE_NET_INC",
    "MS_NBR_REAL_ESTATE_NET_INC",
    "MS_TOT_NET_MOV_ASS_INC",
    "MS_NBR_NET_MOV_ASS_INC",
    "MS_TOT_NET_VARIOUS_INC",
    "MS_NBR_NET_VARIOUS_INC",
    "MS_TOT_NET_PROF_INC",
    "MS_NBR_NET_PROF_INC",
    "MS_SEP_TAXABLE_INC",
    "MS_NBR_SEP_TAXABLE_INC",
    "MS_JOINT_TAXABLE_INC",
    "MS_NBR_JOINT_TAXABLE_INC",
    "MS_TOT_DEDUCT_SPEND",
    "MS_NBR_DEDUCT_SPEND",
    "MS_TOT_STATE_TAXES",
    "MS_NBR_STATE_TAXES",
    "MS_TOT_MUNICIP_TAXES",
    "MS_NBR_MUNICIP_TAXES",
    "MS_TOT_SUBURBS_TAXES",
    "MS_NBR_SUBURBS_TAXES",
    "MS_TOT_TAXES",
    "MS_NBR_TOT_TAXES",
    "MS_TOT_RESIDENTS",
)
INCOME_NAMES = (
    "TX_MUNTY_DESCR_NL",
    "TX_MUNTY_DESCR_FR",
    "TX_MUNTY_DESCR_EN",
    "TX_MUNTY_DESCR_DE",
    "CD_DSTR_REFNIS",
    "TX_DSTR_DESCR_NL",
    "TX_DSTR_DESCR_FR",
    "TX_DSTR_DESCR_EN",
    "TX_DSTR_DESCR_DE",
    "CD_PROV_REFNIS",
    "TX_PROV_DESCR_NL",
    "TX_PROV_DESCR_FR",
    "TX_PROV_DESCR_EN",
    "TX_PROV_DESCR_DE",
    "CD_RGN_REFNIS",
    "TX_RGN_DESCR_NL",
    "TX_RGN_DESCR_FR",
    "TX_RGN_DESCR_EN",
    "TX_RGN_DESCR_DE",
)
INCOME_HEADER = ("CD_YEAR", "CD_MUNTY_REFNIS", *INCOME_MEASURES, *INCOME_NAMES)  # 49 columns

SECTOR_START = "01/01/1970"
SPLIT_YEAR = 2024
SPLIT_START = "01/01/2024"
OPEN_END = foundation.OPEN_END
UNKNOWN_SUFFIX = "ZZZZ"
LETTERS = "ABCDEFGHJK"
RESIDENTS_PER_SECTOR = 4000
MIN_SECTORS, MAX_SECTORS = 6, 130
SPLIT_AREAS = ("24062", "44021")  # one sector each is split in two on 1 January 2024

# Suppressed cells of the income file (written as "*"): (year, municipality) -> measures.
SUPPRESSED_INCOME = {
    (2020, "11007"): ("MS_TOT_NET_VARIOUS_INC", "MS_NBR_NET_VARIOUS_INC"),
    (2021, "73040"): ("MS_NBR_ZERO_INC",),
    (2022, "73040"): ("MS_SEP_TAXABLE_INC", "MS_NBR_SEP_TAXABLE_INC"),
    (2023, "11007"): ("MS_TOT_NET_VARIOUS_INC", "MS_NBR_NET_VARIOUS_INC"),
}

# --------------------------------------------------------------------------------------------------
# Synthetic parameters per area (a municipality's territory before 2025). Realistic magnitudes, not
# official figures: area in km², average household size, cars per household, net taxable income per
# non-zero declaration in 2019 (euro), share of declarations without income.
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaParams:
    km2: float
    household_size: float
    cars_per_household: float
    income_2019: int
    zero_share: float


FLEMISH = {
    "11002": AreaParams(204.5, 2.15, 0.78, 31_500, 0.070),
    "11007": AreaParams(3.9, 2.30, 1.25, 35_500, 0.045),
    "12025": AreaParams(65.2, 2.25, 1.02, 33_800, 0.055),
    "13040": AreaParams(56.1, 2.20, 1.05, 32_400, 0.055),
    "24062": AreaParams(56.6, 1.95, 0.85, 36_200, 0.080),
    "31005": AreaParams(138.4, 2.15, 1.05, 34_100, 0.050),
    "34022": AreaParams(80.0, 2.20, 1.08, 33_300, 0.055),
    "35013": AreaParams(37.7, 1.95, 0.92, 31_900, 0.060),
    "36015": AreaParams(59.8, 2.30, 1.12, 33_000, 0.050),
    "41002": AreaParams(78.1, 2.30, 1.10, 32_900, 0.050),
    "44021": AreaParams(156.2, 2.05, 0.80, 33_600, 0.075),
    "46021": AreaParams(83.8, 2.35, 1.10, 32_200, 0.050),
    "71016": AreaParams(87.9, 2.35, 1.15, 29_800, 0.060),
    "71022": AreaParams(102.2, 2.25, 1.10, 35_400, 0.050),
    "73040": AreaParams(33.9, 2.45, 1.45, 36_700, 0.040),
}
BRUSSELS = {
    "21001": AreaParams(17.7, 2.35, 0.62, 24_100, 0.120),
    "21002": AreaParams(9.0, 2.05, 0.88, 36_900, 0.090),
    "21003": AreaParams(2.9, 2.20, 0.80, 29_800, 0.100),
    "21004": AreaParams(32.6, 1.95, 0.50, 26_400, 0.140),
    "21005": AreaParams(3.2, 1.80, 0.60, 31_200, 0.130),
    "21006": AreaParams(5.0, 2.20, 0.72, 27_600, 0.110),
    "21007": AreaParams(6.2, 2.10, 0.60, 27_100, 0.120),
    "21008": AreaParams(2.5, 2.15, 0.82, 30_200, 0.090),
    "21009": AreaParams(6.3, 1.65, 0.50, 33_500, 0.150),
    "21010": AreaParams(5.0, 2.15, 0.70, 28_900, 0.100),
    "21011": AreaParams(1.2, 2.20, 0.62, 25_900, 0.120),
    "21012": AreaParams(5.9, 2.50, 0.55, 22_300, 0.140),
    "21013": AreaParams(2.5, 1.80, 0.45, 27_400, 0.150),
    "21014": AreaParams(1.1, 2.10, 0.40, 21_600, 0.160),
    "21015": AreaParams(7.9, 2.20, 0.58, 24_800, 0.130),
    "21016": AreaParams(22.9, 2.10, 0.95, 41_300, 0.090),
    "21017": AreaParams(12.9, 2.10, 0.95, 40_200, 0.080),
    "21018": AreaParams(7.2, 1.95, 0.85, 39_100, 0.090),
    "21019": AreaParams(8.9, 2.05, 0.92, 44_800, 0.080),
}
AREA_PARAMS = {**FLEMISH, **BRUSSELS}
INCOME_GROWTH = 0.035  # nominal growth of income per declaration per year
DECLARATIONS_PER_RESIDENT = {"flemish": 0.60, "brussels": 0.56}
MUNICIPAL_TAX_RATE = {"flemish": 0.075, "brussels": 0.065}  # of the state tax
AGGLOMERATION_TAX_RATE = 0.01  # Brussels only; elsewhere the cells are a real 0


# --------------------------------------------------------------------------------------------------
# Sectors
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sector:
    code: str  # 9 characters: 5-digit NIS of the area + 4 characters
    area: str  # the pre-2025 territory the sector lies in
    kind: str  # "regular", "small" or "unknown"
    weight: float  # relative size among the regular sectors of the area
    trend: float  # yearly growth of the weight
    centi_hm2: int | None  # area in hundredths of a hm²; None for the unknown sector
    household_size: float
    cars_per_household: float
    first_year: int = FIRST_YEAR
    last_year: int = YEARS[-1]
    start: str = SECTOR_START

    def exists(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to weights that add up to total exactly (largest-remainder method)."""
    weight_sum = sum(weights)
    quotas = [total * w / weight_sum for w in weights]
    floors = [int(q) for q in quotas]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def _rng(*parts: object) -> random.Random:
    return random.Random("|".join([SEED_PREFIX, *map(str, parts)]))


@cache
def area_sectors(area: str) -> tuple[Sector, ...]:
    """The regular and small sectors of an area (the unknown sectors belong to municipalities)."""
    rng = _rng("sectors", area)
    params = AREA_PARAMS[area]
    base = foundation.AREAS[area].base_2019
    n_regular = max(MIN_SECTORS, min(MAX_SECTORS, int(base / RESIDENTS_PER_SECTOR + 0.5)))
    n_letters = max(1, min(len(LETTERS), n_regular // 12))
    n_small = 2 if n_regular >= 12 else 1
    specs = []  # (code, kind, weight, trend, area weight)
    for i in range(n_regular):
        letter, number = LETTERS[i % n_letters], i // n_letters
        last = "-" if rng.random() < 0.45 else str(rng.randint(0, 9))
        weight = 0.3 + 1.4 * rng.random() + 0.8 * rng.random() * rng.random()
        trend = -0.01 + 0.03 * rng.random()
        land = weight * (0.6 + 0.8 * rng.random())  # denser where more people live, within limits
        specs.append((f"{area}{letter}{number:02d}{last}", "regular", weight, trend, land))
    for j in range(n_small):  # industrial zones, parks: large and almost empty
        code = f"{area}{LETTERS[j % n_letters]}9{j}{rng.randint(0, 9)}"
        specs.append((code, "small", 0.0, 0.0, 0.5 + 2.5 * rng.random()))
    centi = largest_remainder(int(params.km2 * 10_000 + 0.5), [s[4] for s in specs])
    sectors = []
    for (code, kind, weight, trend, _), area_centi in zip(specs, centi, strict=True):
        sectors.append(
            Sector(
                code=code,
                area=area,
                kind=kind,
                weight=weight,
                trend=trend,
                centi_hm2=area_centi,
                household_size=params.household_size * (0.85 + 0.3 * rng.random()),
                cars_per_household=params.cars_per_household * (0.75 + 0.5 * rng.random()),
            )
        )
    if area in SPLIT_AREAS:
        sectors = _split_largest(sectors)
    return tuple(sorted(sectors, key=lambda s: s.code))


def _split_largest(sectors: list[Sector]) -> list[Sector]:
    """Split the largest regular sector whose code ends in '-' into two on 1 January 2024."""
    parent = max((s for s in sectors if s.kind == "regular" and s.code.endswith("-")), key=lambda s: s.weight)
    half = parent.centi_hm2 // 2
    children = [
        Sector(
            code=parent.code[:-1] + str(n),
            area=parent.area,
            kind="regular",
            weight=parent.weight * share,
            trend=parent.trend,
            centi_hm2=size,
            household_size=parent.household_size,
            cars_per_household=parent.cars_per_household,
            first_year=SPLIT_YEAR,
            start=SPLIT_START,
        )
        for n, share, size in ((1, 0.55, half), (2, 0.45, parent.centi_hm2 - half))
    ]
    ended = dataclasses.replace(parent, last_year=SPLIT_YEAR - 1)
    return [s for s in sectors if s is not parent] + [ended, *children]


@cache
def unknown_sector(code: str) -> Sector | None:
    """The 'unknown sector' <NIS>ZZZZ of a published municipality code, if it has one.

    It belongs to the municipality, not to an area: Hasselt gets 71072ZZZZ from 2025; for the income
    split of 2025 its residents count in the area of the absorbing municipality (Hasselt 71022).
    """
    merged = code in foundation.MERGED_FROM_2025 and code not in foundation.AREAS
    keep = merged or code in ("11002", "11007", "71022", "73040") or _rng("unknown", code).random() < 0.8
    if not keep:
        return None
    area = foundation.MERGED_FROM_2025[code][0] if merged else code
    first = MERGER_YEAR if merged else FIRST_YEAR
    last = MERGER_YEAR - 1 if code in foundation.ABOLISHED_IN_2025 else YEARS[-1]
    params = AREA_PARAMS[area]
    return Sector(
        code=f"{code}{UNKNOWN_SUFFIX}",
        area=area,
        kind="unknown",
        weight=0.0,
        trend=0.0,
        centi_hm2=None,
        household_size=1.6,
        cars_per_household=params.cars_per_household * 0.5,
        first_year=first,
        last_year=last,
    )


def sectors_of(code: str, year: int) -> list[Sector]:
    """The sectors of a published municipality code in a year, in code order."""
    found = [s for area in foundation.component_areas(code, year) for s in area_sectors(area) if s.exists(year)]
    unknown = unknown_sector(code)
    if unknown is not None and unknown.exists(year):
        found.append(unknown)
    return sorted(found, key=lambda s: s.code)


@cache
def municipality_total(code: str, year: int) -> int:
    """Residents of a published municipality in TF_SOC_POP_STRUCT_<year>.txt (the foundation's sample)."""
    return sum(int(row[-1]) for row in foundation.population_rows(code, year))


@cache
def sector_populations(code: str, year: int) -> dict[str, int]:
    """Residents per sector; the sectors of a municipality add up exactly to its population.

    A merged municipality (2025) first splits its residents over its former territories in proportion
    to their expected size, so Borsbeek's and Kortessem's sectors keep their size across the merger.
    """
    rng = _rng("population", code, year)
    sectors = sectors_of(code, year)
    counts = {}
    for sector in sectors:
        if sector.kind == "small":
            counts[sector.code] = rng.choice((0, 1, 2, 3, 3, 4, 4, 5, 6, 7, 9, 12))
        elif sector.kind == "unknown":
            counts[sector.code] = rng.randint(1, 40)
    remainder = municipality_total(code, year) - sum(counts.values())
    areas = foundation.component_areas(code, year)
    expected = [
        foundation.grown(float(foundation.AREAS[a].base_2019), foundation.AREAS[a].growth, year - FIRST_YEAR)
        for a in areas
    ]
    for area, area_total in zip(areas, largest_remainder(remainder, expected), strict=True):
        regular = [s for s in sectors if s.kind == "regular" and s.area == area]
        weights = [
            foundation.grown(s.weight, s.trend, year - FIRST_YEAR) * (1.0 + 0.02 * (rng.random() - 0.5))
            for s in regular
        ]
        counts.update(zip((s.code for s in regular), largest_remainder(area_total, weights), strict=True))
    return counts


def households_and_cars(code: str, year: int) -> dict[str, tuple[int, int]]:
    """(households, cars) per sector with residents; sectors without residents have no households."""
    rng = _rng("households", code, year)
    population = sector_populations(code, year)
    out = {}
    for sector in sectors_of(code, year):
        residents = population[sector.code]
        households = min(residents, max(1, int(residents / sector.household_size + rng.random())))
        cars = int(households * sector.cars_per_household * (1.0 + 0.04 * (rng.random() - 0.5)) + rng.random())
        if residents > 0:
            out[sector.code] = (households, cars)
    return out


# --------------------------------------------------------------------------------------------------
# Text files
# --------------------------------------------------------------------------------------------------


def write_delimited(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]], delimiter: str) -> None:
    """Statbel-style text file: UTF-8 with BOM, CRLF, no quoting."""
    lines = [delimiter.join(header)]
    for row in rows:
        if any(delimiter in value or "\r" in value or "\n" in value for value in row):
            raise ValueError(f"value would break the layout: {row!r}")
        lines.append(delimiter.join(row))
    with path.open("w", encoding=ENCODING, newline="") as handle:
        handle.write(EOL.join(lines) + EOL)


def hm2(centi: int | None) -> str:
    return "" if centi is None else f"{centi // 100}.{centi % 100:02d}"


def dutch_count(value: int) -> str:
    """As in the real households file: thousands separated by a dot, zero written as '-00'."""
    if value == 0:
        return "-00"
    return f"{value:,}".replace(",", ".")


def municipality_names(code: str) -> tuple[str, str]:
    entity = foundation.ENTITY_BY_CODE[code]
    return (
        foundation.strip_qualifier(entity.name_nl),
        foundation.typographic(foundation.strip_qualifier(entity.name_fr)),
    )


def sector_names(sector: Sector) -> tuple[str, str]:
    if sector.kind == "unknown":
        return ("Sector onbekend", "Secteur inconnu")
    name_nl, name_fr = municipality_names(sector.area)
    suffix = sector.code[5:].rstrip("-")
    return (f"{name_nl} {suffix}", f"{name_fr} {suffix}")


def sector_file_rows(year: int) -> list[tuple[str, ...]]:
    rows = []
    for code in foundation.municipality_codes(year):
        name_nl, name_fr = municipality_names(code)
        population = sector_populations(code, year)
        for sector in sectors_of(code, year):
            sector_nl, sector_fr = sector_names(sector)
            rows.append(
                (
                    code,
                    sector.code,
                    str(population[sector.code]),
                    sector.start,
                    OPEN_END,
                    hm2(sector.centi_hm2),
                    sector_nl,
                    sector_fr,
                    name_nl,
                    name_fr,
                )
            )
    return rows


def household_file_rows(year: int) -> list[tuple[str, ...]]:
    rows = []
    for code in foundation.municipality_codes(year):
        name_nl, name_fr = municipality_names(code)
        for sector_code, (households, cars) in households_and_cars(code, year).items():
            rows.append((str(year), code, name_fr, name_nl, sector_code, dutch_count(households), dutch_count(cars)))
    return rows


# --------------------------------------------------------------------------------------------------
# Income workbook
# --------------------------------------------------------------------------------------------------

INCOME_CODES = sorted(c for c in foundation.AREAS)  # the 2019-2024 structure, every year


def income_residents(code: str, year: int) -> int:
    """MS_TOT_RESIDENTS: the population of the code in that year; for the old codes in 2025, the
    residents of their sectors inside the merged municipality."""
    if year < MERGER_YEAR or code not in {a for areas in foundation.MERGED_FROM_2025.values() for a in areas}:
        return municipality_total(code, year)
    merged = next(new for new, areas in foundation.MERGED_FROM_2025.items() if code in areas)
    population = sector_populations(merged, year)
    return sum(population[s.code] for s in sectors_of(merged, year) if s.area == code)


def _english(name: str) -> str:
    return {"Vlaams Gewest": "Flemish Region", "Brussels Hoofdstedelijk Gewest": "Brussels-Capital Region"}.get(
        name, name.replace("Provincie ", "Province of ").replace("Arrondissement ", "Arrondissement of ")
    )


def _names(entity: foundation.RefnisEntity) -> tuple[str, str, str, str]:
    nl = foundation.strip_qualifier(entity.name_nl)
    return (nl, foundation.strip_qualifier(entity.name_fr), _english(nl), foundation.strip_qualifier(entity.name_de))


def income_row(code: str, year: int) -> list[int | str | None]:
    rng = _rng("income", code, year)
    params = AREA_PARAMS[code]
    region = "brussels" if code in BRUSSELS else "flemish"
    residents = income_residents(code, year)
    declarations = int(residents * DECLARATIONS_PER_RESIDENT[region] * (0.98 + 0.04 * rng.random()))
    zero = int(declarations * params.zero_share * (0.9 + 0.2 * rng.random()))
    non_zero = declarations - zero
    per_declaration = foundation.grown(params.income_2019, INCOME_GROWTH, year - FIRST_YEAR)
    taxable = int(non_zero * per_declaration * (0.99 + 0.02 * rng.random()))

    def part(share: float) -> int:
        return int(taxable * share * (0.9 + 0.2 * rng.random()))

    def count(share: float) -> int:
        return int(non_zero * share * (0.95 + 0.1 * rng.random()))

    state = part(0.215)
    municipal = int(state * MUNICIPAL_TAX_RATE[region])
    agglomeration = int(state * AGGLOMERATION_TAX_RATE) if region == "brussels" else 0
    taxed = count(0.82)
    values = {
        "MS_NBR_NON_ZERO_INC": non_zero,
        "MS_NBR_ZERO_INC": zero,
        "MS_TOT_NET_TAXABLE_INC": taxable,
        "MS_TOT_NET_INC": part(1.045),
        "MS_NBR_TOT_NET_INC": declarations,
        "MS_REAL_ESTATE_NET_INC": part(0.025),
        "MS_NBR_REAL_ESTATE_NET_INC": count(0.45),
        "MS_TOT_NET_MOV_ASS_INC": part(0.008),
        "MS_NBR_NET_MOV_ASS_INC": count(0.06),
        "MS_TOT_NET_VARIOUS_INC": part(0.004),
        "MS_NBR_NET_VARIOUS_INC": count(0.02),
        "MS_TOT_NET_PROF_INC": part(0.965),
        "MS_NBR_NET_PROF_INC": count(0.97),
        "MS_SEP_TAXABLE_INC": part(0.03),
        "MS_NBR_SEP_TAXABLE_INC": count(0.07),
        "MS_JOINT_TAXABLE_INC": part(0.97),
        "MS_NBR_JOINT_TAXABLE_INC": count(0.99),
        "MS_TOT_DEDUCT_SPEND": part(0.015),
        "MS_NBR_DEDUCT_SPEND": count(0.28),
        "MS_TOT_STATE_TAXES": state,
        "MS_NBR_STATE_TAXES": taxed,
        "MS_TOT_MUNICIP_TAXES": municipal,
        "MS_NBR_MUNICIP_TAXES": taxed,
        "MS_TOT_SUBURBS_TAXES": agglomeration,
        "MS_NBR_SUBURBS_TAXES": taxed if region == "brussels" else 0,
        "MS_TOT_TAXES": state + municipal + agglomeration,
        "MS_NBR_TOT_TAXES": taxed,
        "MS_TOT_RESIDENTS": residents,
    }
    for measure in SUPPRESSED_INCOME.get((year, code), ()):
        values[measure] = "*"

    municipality = foundation.ENTITY_BY_CODE[code]
    district = foundation.ENTITY_BY_CODE[municipality.parent]
    upper = foundation.ENTITY_BY_CODE[district.parent]
    province: list[int | str | None] = [None] * 5  # Brussels has no province
    if upper.level == 2:
        province = [int(upper.code), *_names(upper)]
        upper = foundation.ENTITY_BY_CODE[upper.parent]
    return [
        year,
        int(code),
        *(values[m] for m in INCOME_MEASURES),
        *_names(municipality),
        int(district.code),
        *_names(district),
        *province,
        int(upper.code),  # codes are numbers in the workbook: region 02000 reads as 2000
        *_names(upper),
    ]


def income_rows() -> list[list[int | str | None]]:
    return [income_row(code, year) for year in YEARS for code in INCOME_CODES]


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def xlsx_parts(sheet_name: str, rows: list[list[int | str | None]]) -> dict[str, str]:
    """The parts of a minimal workbook with one sheet; text cells go to the shared strings."""
    strings: dict[str, int] = {}
    string_uses = 0
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{column_letter(c)}{r}"
            if value is None:
                continue
            if isinstance(value, int):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                index = strings.setdefault(value, len(strings))
                string_uses += 1
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    last = f"{column_letter(max(len(row) for row in rows) - 1)}{len(rows)}"
    shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return {
        "[Content_Types].xml": XML_HEAD
        + f'<Types xmlns="{CT_NS}">'
        + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        + '<Default Extension="xml" ContentType="application/xml"/>'
        + f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_CT}.sheet.main+xml"/>'
        + f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_CT}.worksheet+xml"/>'
        + f'<Override PartName="/xl/styles.xml" ContentType="{SHEET_CT}.styles+xml"/>'
        + f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEET_CT}.sharedStrings+xml"/>'
        + "</Types>",
        "_rels/.rels": XML_HEAD
        + f'<Relationships xmlns="{PKG_REL_NS}">'
        + f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        + "</Relationships>",
        "xl/workbook.xml": XML_HEAD
        + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        + f'<sheets><sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": XML_HEAD
        + f'<Relationships xmlns="{PKG_REL_NS}">'
        + f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        + f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>'
        + f'<Relationship Id="rId3" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        + "</Relationships>",
        "xl/styles.xml": XML_HEAD
        + f'<styleSheet xmlns="{MAIN_NS}">'
        + '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        + '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        + '<fill><patternFill patternType="gray125"/></fill></fills>'
        + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        + '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        + "</styleSheet>",
        "xl/sharedStrings.xml": XML_HEAD
        + f'<sst xmlns="{MAIN_NS}" count="{string_uses}" uniqueCount="{len(strings)}">{shared}</sst>',
        "xl/worksheets/sheet1.xml": XML_HEAD
        + f'<worksheet xmlns="{MAIN_NS}"><dimension ref="A1:{last}"/>'
        + f"<sheetData>{''.join(sheet_rows)}</sheetData></worksheet>",
    }


def write_xlsx(path: Path, sheet_name: str, rows: list[list[int | str | None]]) -> None:
    """Stored (uncompressed) zip with fixed timestamps and attributes: identical bytes everywhere."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, text in xlsx_parts(sheet_name, rows).items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, text.encode("utf-8"))


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def output_files() -> list[str]:
    """The names of every file this generator writes, in writing order."""
    return [
        *(SECTOR_FILE.format(year=y) for y in YEARS),
        *(HOUSEHOLD_FILE.format(year=y) for y in YEARS),
        INCOME_FILE,
    ]


def generate(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for year in YEARS:
        path = out_dir / SECTOR_FILE.format(year=year)
        write_delimited(path, SECTOR_HEADER, sector_file_rows(year), "|")
        written.append(path)
    for year in YEARS:
        path = out_dir / HOUSEHOLD_FILE.format(year=year)
        write_delimited(path, HOUSEHOLD_HEADER, household_file_rows(year), ";")
        written.append(path)
    path = out_dir / INCOME_FILE
    write_xlsx(path, INCOME_SHEET, [list(INCOME_HEADER), *income_rows()])
    written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
