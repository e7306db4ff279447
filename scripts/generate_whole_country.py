"""Generate a SYNTHETIC whole-country landing folder: every Belgian municipality, at real magnitudes.

The sample in ``seeds/`` holds 36 municipalities. This generator writes the same publications for the
whole country, in the same exact layouts (it reuses the sample generators' writers and code lists), so the
warehouse can be built and timed at the scale a city meets when it drops the real downloads:

* ``TU_COM_REFNIS.txt``: the REFNIS list with a full history since 1970: about 2,700 municipality rows.
  Municipalities that ended on 31/12/1970, 31/12/1971 and (most) 31/12/1976 with the 1977 mergers, the
  Antwerp merger of 1983, the province of Brabant ending on 31/12/1994 with its arrondissements moving to
  Vlaams-Brabant and Waals-Brabant, the arrondissement reform of Hainaut and the Flemish mergers of
  1 January 2019 (308 -> 300), and the mergers of 1 January 2025 (Flanders 300 -> 285, with Wallonia's
  Bastogne + Bertogne: Belgium 581 -> 565).
* ``TF_SOC_POP_STRUCT_<year>.txt`` (2019-2025): population per municipality, sex, nationality, civil
  status and age, at full density: about 470,000 rows a year.
* ``OPENDATA_SECTOREN_<year>.txt`` and ``TF_CAR_HH_SECTOR_<year>.txt`` (2019-2025): every statistical
  sector (about 19,800), adding up exactly to the population file per municipality and year.
* ``TF_PSNL_INC_TAX_MUNTY.xlsx``: income for every municipality of the 2019-2024 structure, every year.
* ``BBC-DR_beleidsvelden_<status>_<soort>.csv``: the six BBC-DR exports for every Flemish municipality.
* ``meldingen_<yyyy-mm-dd>.csv``: two years of daily extracts of a large city's service requests (Gent),
  1,000,000 requests, each in the extract of every day it was created or changed.

What is real: the codes and names of regions, provinces and arrondissements, and the codes and names of
the municipalities the project's own lists name (the sample's 36, every municipality in the merger list
``dbt/seeds/ref_gemeente_fusies.csv``, Bastogne and Bertogne, the Antwerp districts merged in 1983), and
the number of municipalities per arrondissement. Every other municipality has a SYNTHETIC code (in its
arrondissement's range) and a made-up name, and every number is made up. Never publish them.

``--scale`` (0 < scale <= 1) shrinks the volumes for CI while keeping every municipality and the full
REFNIS history: population rows per municipality (small cells placed in lumps, as in the sample),
sectors per municipality and the number of service requests scale with it (never fewer than 14 daily
extracts). Deterministic: the same scale writes the same bytes on every run (seeded ``random.Random``, IEEE
arithmetic and ``sqrt`` only).
Standard library only.

Usage: ``python scripts/generate_whole_country.py --out DIR [--scale 1.0]``
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_beleid_seeds as beleid
import generate_seeds as foundation
import generate_statbel_sector_seeds as omgeving

# Bump when the output changes: the benchmark caches generated folders by this version and the scale.
GENERATOR_VERSION = "3"
SEED_PREFIX = "obmi-synthetic-whole-country-v1"

ENCODING = foundation.ENCODING
EOL = foundation.EOL
YEARS = foundation.YEARS
FIRST_YEAR = foundation.FIRST_YEAR
OPEN_END = foundation.OPEN_END
MANIFEST = "whole_country_manifest.json"


def _rng(*parts: object) -> random.Random:
    return random.Random("|".join([SEED_PREFIX, *map(str, parts)]))


# --------------------------------------------------------------------------------------------------
# Geography: regions, provinces, arrondissements (real codes and names, with their history)
# --------------------------------------------------------------------------------------------------

Entity = foundation.RefnisEntity


def _province(code: str, parent: str, de: str, fr: str, nl: str, **kw: str) -> Entity:
    return Entity(2, code, parent, de, fr, nl, **kw)


def _arr(code: str, parent: str, nl: str, fr: str, de: str | None = None, **kw: str) -> Entity:
    return Entity(3, code, parent, f"Bezirk {de or nl}", f"Arrondissement {fr}", f"Arrondissement {nl}", **kw)


PROVINCES = (
    *(p for p in foundation.PROVINCES if p.code != "20001"),
    _province("20000", "-", "Provinz Brabant", "Province de Brabant", "Provincie Brabant", end="31/12/1994"),
    *(p for p in foundation.PROVINCES if p.code == "20001"),
    _province(
        "20002", "03000", "Provinz Wallonisch-Brabant", "Province du Brabant wallon", "Provincie Waals-Brabant",
        start="01/01/1995",
    ),
    _province("50000", "03000", "Provinz Hennegau", "Province du Hainaut", "Provincie Henegouwen"),
    _province("60000", "03000", "Provinz Lüttich", "Province de Liège", "Provincie Luik"),
    _province("80000", "03000", "Provinz Luxemburg", "Province de Luxembourg", "Provincie Luxemburg"),
    _province("90000", "03000", "Provinz Namur", "Province de Namur", "Provincie Namen"),
)  # fmt: skip

_FOUNDATION_ARRS = {a.code: a for a in foundation.ARRONDISSEMENTS}
ARRONDISSEMENTS = (
    _FOUNDATION_ARRS["11000"],
    _FOUNDATION_ARRS["12000"],
    _FOUNDATION_ARRS["13000"],
    _FOUNDATION_ARRS["21000"],
    _arr("23000", "20000", "Halle-Vilvoorde", "Hal-Vilvorde", end="31/12/1994"),
    _arr("23000", "20001", "Halle-Vilvoorde", "Hal-Vilvorde", start="01/01/1995"),
    _arr("24000", "20000", "Leuven", "Louvain", "Löwen", end="31/12/1994"),
    _FOUNDATION_ARRS["24000"],
    _arr("25000", "20000", "Nijvel", "Nivelles", "Nivelles", end="31/12/1994"),
    _arr("25000", "20002", "Nijvel", "Nivelles", "Nivelles", start="01/01/1995"),
    _FOUNDATION_ARRS["31000"],
    _arr("32000", "30000", "Diksmuide", "Dixmude"),
    _arr("33000", "30000", "Ieper", "Ypres", "Ypern"),
    _FOUNDATION_ARRS["34000"],
    _FOUNDATION_ARRS["35000"],
    _FOUNDATION_ARRS["36000"],
    _arr("37000", "30000", "Tielt", "Tielt"),
    _arr("38000", "30000", "Veurne", "Furnes"),
    _FOUNDATION_ARRS["41000"],
    _arr("42000", "40000", "Dendermonde", "Termonde"),
    _arr("43000", "40000", "Eeklo", "Eeklo"),
    _FOUNDATION_ARRS["44000"],
    _arr("45000", "40000", "Oudenaarde", "Audenarde"),
    _FOUNDATION_ARRS["46000"],
    _arr("51000", "50000", "Aat", "Ath", "Ath"),
    _arr("52000", "50000", "Charleroi", "Charleroi"),
    _arr("53000", "50000", "Bergen", "Mons", "Mons"),
    _arr("54000", "50000", "Moeskroen", "Mouscron", "Mouscron", end="31/12/2018"),
    _arr("55000", "50000", "Zinnik", "Soignies", "Soignies"),
    _arr("56000", "50000", "Thuin", "Thuin"),
    _arr("57000", "50000", "Doornik", "Tournai", "Tournai", end="31/12/2018"),
    _arr("57000", "50000", "Doornik-Moeskroen", "Tournai-Mouscron", "Tournai-Mouscron", start="01/01/2019"),
    _arr("58000", "50000", "La Louvière", "La Louvière", start="01/01/2019"),
    _arr("61000", "60000", "Hoei", "Huy", "Huy"),
    _arr("62000", "60000", "Luik", "Liège", "Lüttich"),
    _arr("63000", "60000", "Verviers", "Verviers"),
    _arr("64000", "60000", "Borgworm", "Waremme", "Waremme"),
    _FOUNDATION_ARRS["71000"],
    _arr("72000", "70000", "Maaseik", "Maaseik"),
    _FOUNDATION_ARRS["73000"],
    _arr("81000", "80000", "Aarlen", "Arlon", "Arel"),
    _arr("82000", "80000", "Bastenaken", "Bastogne", "Bastnach"),
    _arr("83000", "80000", "Marche-en-Famenne", "Marche-en-Famenne"),
    _arr("84000", "80000", "Neufchâteau", "Neufchâteau"),
    _arr("85000", "80000", "Virton", "Virton"),
    _arr("91000", "90000", "Dinant", "Dinant"),
    _arr("92000", "90000", "Namen", "Namur", "Namur"),
    _arr("93000", "90000", "Philippeville", "Philippeville"),
)

# Municipalities per arrondissement in the 2019-2024 structure (581: Flanders 300, Wallonia 262,
# Brussels 19), and municipality rows per arrondissement that ended before 2019 (2,126: most with the
# 1977 mergers, 223 on 31/12/1970, 29 on 31/12/1971, a few in 1982 and 2018), as in the real list.
MUNICIPALITIES_2019 = {
    "11000": 30, "12000": 12, "13000": 27, "21000": 19, "23000": 35, "24000": 30, "25000": 27, "31000": 10,
    "32000": 5, "33000": 8, "34000": 12, "35000": 7, "36000": 8, "37000": 9, "38000": 5, "41000": 10,
    "42000": 10, "43000": 6, "44000": 17, "45000": 10, "46000": 7, "51000": 11, "52000": 12, "53000": 13,
    "55000": 6, "56000": 11, "57000": 12, "58000": 4, "61000": 17, "62000": 24, "63000": 29, "64000": 14,
    "71000": 17, "72000": 12, "73000": 13, "81000": 5, "82000": 8, "83000": 9, "84000": 12, "85000": 10,
    "91000": 15, "92000": 16, "93000": 7,
}  # fmt: skip
ENDED_BEFORE_2019 = {
    "11000": 27, "12000": 28, "13000": 26, "23000": 67, "24000": 98, "25000": 97, "31000": 33, "32000": 23,
    "33000": 33, "34000": 31, "35000": 22, "36000": 10, "37000": 11, "38000": 25, "41000": 72, "42000": 17,
    "43000": 11, "44000": 64, "45000": 49, "46000": 21, "51000": 54, "52000": 63, "53000": 71, "54000": 10,
    "55000": 45, "56000": 77, "57000": 85, "61000": 65, "62000": 94, "63000": 59, "64000": 50, "71000": 52,
    "72000": 29, "73000": 96, "81000": 18, "82000": 30, "83000": 46, "84000": 63, "85000": 37, "91000": 111,
    "92000": 123, "93000": 83,
}  # fmt: skip
ENDED_1970, ENDED_1971 = 223, 29  # spread over the arrondissements in proportion to ENDED_BEFORE_2019
SHARE_STARTED_1977 = 0.11  # municipalities created with a new code by the 1977 mergers
# Hainaut's arrondissement reform of 1 January 2019: 11 municipalities got a new code in another
# arrondissement (synthetic codes): (old arrondissement, new arrondissement, how many).
HAINAUT_2019 = (("54000", "57000", 2), ("55000", "58000", 1), ("56000", "58000", 3), ("55000", "51000", 3),
                ("52000", "55000", 2))  # fmt: skip
# The districts merged into Antwerpen on 1 January 1983 (real codes).
ANTWERP_1983 = (
    ("11003", "Berchem (Antwerpen)"), ("11006", "Borgerhout"), ("11012", "Deurne (Antwerpen)"), ("11014", "Ekeren"),
    ("11019", "Hoboken"), ("11028", "Merksem"), ("11051", "Wilrijk"),
)  # fmt: skip
WALLOON_2025 = (("82003", "Bastogne"), ("82005", "Bertogne"))
WALLOON_2025_NEW = ("82039", "Bastogne")
MERGER_SEED = Path(__file__).resolve().parent.parent / "dbt" / "seeds" / "ref_gemeente_fusies.csv"

FLEMISH_ARRS = {a.code for a in ARRONDISSEMENTS if a.code[0] in "134" or a.code[:2] in ("23", "24", "71", "72", "73")}
BRUSSELS_ARR = "21000"


@dataclass(frozen=True)
class Municipality:
    code: str
    arr: str
    name_nl: str
    name_fr: str
    name_de: str
    start: str = "01/01/1970"
    end: str = OPEN_END

    def entity(self) -> Entity:
        return Entity(4, self.code, self.arr, self.name_de, self.name_fr, self.name_nl, self.start, self.end)

    def open_on(self, year: int) -> bool:
        """Valid on 1 January of the year (every start is a 1 January, every end a 31 December)."""
        return _year_of(self.start) <= year <= _year_of(self.end)


def _year_of(dmy: str) -> int:
    return int(dmy[-4:])


FLEMISH_ROOTS = (
    "Berk",
    "Hout",
    "Lin",
    "Mol",
    "Wer",
    "Zon",
    "Ker",
    "Ha",
    "Rum",
    "Bo",
    "Ste",
    "Vel",
    "Lo",
    "Mer",
    "Her",
    "Wal",
    "Oud",
    "Dil",
    "Gel",
    "Rijk",
    "Mee",
    "Bier",
    "Ton",
    "Lede",
    "Eke",
    "Wes",
    "Kor",
    "Zand",
)
FLEMISH_ENDS = (
    "gem",
    "hout",
    "dorp",
    "kerke",
    "ele",
    "beek",
    "rode",
    "lo",
    "zele",
    "dijk",
    "hove",
    "inge",
    "donk",
    "broek",
    "aken",
    "bergen",
    "hem",
    "ne",
    "tem",
    "voorde",
)
WALLOON_ROOTS = (
    "Mont",
    "Beau",
    "Cha",
    "Ver",
    "Fon",
    "Ro",
    "Mar",
    "Sau",
    "Ha",
    "Gre",
    "Fle",
    "Bel",
    "Lon",
    "Vil",
    "Sen",
    "Cour",
    "Hau",
    "Bra",
    "Fra",
    "Tour",
    "Ro",
    "Mes",
    "Ger",
    "Chas",
)
WALLOON_ENDS = ("ville", "court", "mont", "sart", "ry", "champs", "fontaine", "lez", "ière", "y", "ée", "val", "sy",
                "ines", "bois", "roux")  # fmt: skip
WALLOON_QUALIFIERS = ("", "", "", "", "-sur-Meuse", "-la-Neuve", "-l'Abbaye", "-Saint-Remy", "-d'Ourthe")
FLEMISH_QUALIFIERS = ("", "", "", "", "", "Sint-", "Oost", "West", "Groot-", "Klein-")


class _Names:
    """Unique made-up municipality names, Dutch in Flanders, French in Wallonia."""

    def __init__(self, taken: set[str]):
        self.taken = set(taken)
        self.rng = _rng("names")

    def make(self, flemish: bool) -> str:
        while True:
            if flemish:
                prefix = self.rng.choice(FLEMISH_QUALIFIERS)
                stem = self.rng.choice(FLEMISH_ROOTS) + self.rng.choice(FLEMISH_ENDS)
                name = prefix + (stem if prefix.endswith("-") or not prefix else stem.lower())
            else:
                name = (
                    self.rng.choice(WALLOON_ROOTS) + self.rng.choice(WALLOON_ENDS) + self.rng.choice(WALLOON_QUALIFIERS)
                )
            if name not in self.taken:
                self.taken.add(name)
                return name


def _merger_seed() -> list[tuple[str, str, str, str, str]]:
    lines = MERGER_SEED.read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(line.split(",")) for line in lines if line]  # type: ignore[misc]


@dataclass(frozen=True, eq=False)
class Geography:
    municipalities: tuple[Municipality, ...]
    areas: tuple[str, ...]  # the 2019-2024 municipalities: the territories populations are drawn for
    merged_2025: dict[str, tuple[str, ...]]  # new (or absorbing) code -> areas, from 1 January 2025

    @property
    def by_code(self) -> dict[str, Municipality]:
        return _by_code(self)

    def codes(self, year: int) -> list[str]:
        """Municipality codes published for a year (on 1 January), in code order."""
        return _codes(self, year)

    def component_areas(self, code: str, year: int) -> tuple[str, ...]:
        if year >= foundation.MERGER_YEAR and code in self.merged_2025:
            return self.merged_2025[code]
        return (code,)


@cache
def _codes(geo: Geography, year: int) -> list[str]:
    return sorted(m.code for m in geo.municipalities if m.open_on(year))


@cache
def _by_code(geo: Geography) -> dict[str, Municipality]:
    out: dict[str, Municipality] = {}
    for m in geo.municipalities:
        if m.code not in out or _year_of(m.end) > _year_of(out[m.code].end):
            out[m.code] = m
    return out


@cache
def geography() -> Geography:
    """Every municipality since 1970: real codes where the project names them, synthetic codes elsewhere."""
    merger_rows = _merger_seed()
    names = {m.code: m for m in foundation.MUNICIPALITIES}
    real: dict[str, Municipality] = {}

    def add(code: str, nl: str, fr: str | None = None, de: str | None = None, **kw: str) -> None:
        sample = names.get(code)
        if sample is not None and not kw:
            real[code] = Municipality(code, sample.parent, sample.name_nl, sample.name_fr, sample.name_de,
                                      sample.start, sample.end)  # fmt: skip
            return
        real[code] = Municipality(code, code[:2] + "000", nl, fr or nl, de or nl, **kw)

    for m in foundation.MUNICIPALITIES:
        add(m.code, m.name_nl)
    for fusie_date, old, old_name, new, new_name in merger_rows:
        year = int(fusie_date[:4])
        end = f"31/12/{year - 1}"
        start = f"01/01/{year}"
        if old != new and old not in names:
            add(old, old_name, end=end)
        if new not in names and new not in {r[1] for r in merger_rows}:
            add(new, new_name, start=start)
    # Kortessem 73040 lay in arrondissement Tongeren; Moerbeke 44045 in Gent; Zwijndrecht 11056 in Antwerpen.
    for code, name in WALLOON_2025:
        add(code, name, end="31/12/2024")
    add(WALLOON_2025_NEW[0], WALLOON_2025_NEW[1], start="01/01/2025")
    for code, name in ANTWERP_1983:
        add(code, name, end="31/12/1982")

    # From 1 January 2025 a merged code covers the territories (areas) of its predecessors; an absorbing
    # municipality that keeps its code (Antwerpen 11002) covers its own territory too, listed first.
    merged_2025: dict[str, set[str]] = {}
    for fusie_date, old, _, new, _ in merger_rows:
        if fusie_date.startswith("2025"):
            merged_2025.setdefault(new, set()).add(old)
    merged_2025[WALLOON_2025_NEW[0]] = {c for c, _ in WALLOON_2025}
    for new, olds in merged_2025.items():
        if new in real and real[new].open_on(2024):
            olds.add(new)

    name_pool = _Names({m.name_nl for m in real.values()} | {m.name_fr for m in real.values()})
    rng = _rng("geography")
    municipalities: list[Municipality] = list(real.values())
    used = set(real)

    def free_codes(arr: str):
        prefix = arr[:2]
        for serial in range(1, 1000):
            code = f"{prefix}{serial:03d}"
            if code not in used:
                used.add(code)
                yield code

    free = {a: free_codes(a) for a in {a.code for a in ARRONDISSEMENTS}}

    # The 2019-2024 structure: fill each arrondissement up to its real number of municipalities.
    def open_2019(m: Municipality) -> bool:
        return _year_of(m.start) <= 2019 <= _year_of(m.end)

    hainaut_new = {new: 0 for _, new, _ in HAINAUT_2019}
    for _, new, count in HAINAUT_2019:
        hainaut_new[new] += count
    for arr, target in MUNICIPALITIES_2019.items():
        present = sum(1 for m in municipalities if m.arr == arr and open_2019(m))
        flemish = arr in FLEMISH_ARRS
        for index in range(target - present):
            name = name_pool.make(flemish)
            start = "01/01/1977" if rng.random() < SHARE_STARTED_1977 else "01/01/1970"
            if index < hainaut_new.get(arr, 0):
                start = "01/01/2019"
            municipalities.append(Municipality(next(free[arr]), arr, name, name, name, start=start))
    # Hainaut 2019: the predecessors (old code in the old arrondissement, same name) end on 31/12/2018.
    recoded: dict[str, list[Municipality]] = {}
    for m in municipalities:
        if m.start == "01/01/2019" and m.code not in real:
            recoded.setdefault(m.arr, []).append(m)
    for old_arr, new_arr, count in HAINAUT_2019:
        for _ in range(count):
            successor = recoded[new_arr].pop(0)
            municipalities.append(
                Municipality(
                    next(free[old_arr]),
                    old_arr,
                    successor.name_nl,
                    successor.name_fr,
                    successor.name_de,
                    end="31/12/2018",
                )
            )
    # Before 1977: the municipalities that ended with the 1977 mergers, and a few earlier ones; together
    # with the real codes that ended later (1982, 2018) each arrondissement gets its real number of rows.
    ended = {arr: 0 for arr in ENDED_BEFORE_2019}
    for m in municipalities:
        if _year_of(m.end) < 2019:
            ended[m.arr] += 1
    weights = [(arr, count - ended[arr]) for arr, count in ENDED_BEFORE_2019.items()]
    total_weight = sum(w for _, w in weights)
    early = {arr: 0 for arr in ENDED_BEFORE_2019}
    for index in range(ENDED_1970 + ENDED_1971):
        pick = (index + 0.5) / (ENDED_1970 + ENDED_1971) * total_weight
        for arr, weight in weights:
            pick -= weight
            if pick < 0:
                early[arr] += 1
                break
    counter = 0
    for arr, count in weights:
        flemish = arr in FLEMISH_ARRS
        for index in range(count):
            end = "31/12/1976"
            if index >= count - early[arr]:
                counter += 1
                end = "31/12/1970" if counter <= ENDED_1970 else "31/12/1971"
            name = name_pool.make(flemish)
            municipalities.append(Municipality(next(free[arr]), arr, name, name, name, end=end))

    municipalities.sort(key=lambda m: (m.code, _year_of(m.start)))
    areas = tuple(sorted(m.code for m in municipalities if _year_of(m.start) <= 2019 <= _year_of(m.end)))
    ordered = {new: tuple(sorted(olds, key=lambda c: (c != new, c))) for new, olds in merged_2025.items()}
    return Geography(tuple(municipalities), areas, ordered)


def refnis_entities() -> list[Entity]:
    return [*foundation.REGIONS, *PROVINCES, *ARRONDISSEMENTS, *(m.entity() for m in geography().municipalities)]


def refnis_rows() -> list[tuple[str, ...]]:
    def start_key(e: Entity) -> str:
        day, month, year = e.start.split("/")
        return year + month + day

    ordered = sorted(refnis_entities(), key=lambda e: (e.level, e.code, start_key(e)))
    return [(str(e.level), e.code, e.parent, e.name_de, e.name_fr, e.name_nl, e.start, e.end) for e in ordered]


def _valid_on(entities: list[Entity], code: str, year: int) -> Entity:
    for e in entities:
        if e.code == code and _year_of(e.start) <= year <= _year_of(e.end):
            return e
    raise KeyError(f"{code} not valid on 1 January {year}")


@cache
def _parents() -> dict[str, list[Entity]]:
    out: dict[str, list[Entity]] = {}
    for e in (*foundation.REGIONS, *PROVINCES, *ARRONDISSEMENTS):
        out.setdefault(e.code, []).append(e)
    return out


@cache
def geography_labels(code: str, year: int) -> tuple[str, ...]:
    """The 12 leading columns of a population row, on the structure of 1 January of the year."""
    municipality = geography().by_code[code]
    parents = _parents()
    district = _valid_on(parents[municipality.arr], municipality.arr, year)
    upper = _valid_on(parents[district.parent], district.parent, year)
    if upper.level == 1:
        province_cols = ("", "", "")
        region = upper
    else:
        province_cols = (upper.code, upper.name_nl, foundation.typographic(upper.name_fr))
        region = _valid_on(parents[upper.parent], upper.parent, year)
    return (
        municipality.code,
        foundation.strip_qualifier(municipality.name_nl),
        foundation.typographic(foundation.strip_qualifier(municipality.name_fr)),
        district.code,
        district.name_nl,
        foundation.typographic(district.name_fr),
        *province_cols,
        region.code,
        region.name_nl,
        foundation.typographic(region.name_fr),
    )


def region_of(code: str) -> str:
    arr = geography().by_code[code].arr
    return "brussels" if arr == BRUSSELS_ARR else "flemish" if arr in FLEMISH_ARRS else "walloon"


# --------------------------------------------------------------------------------------------------
# Population
# --------------------------------------------------------------------------------------------------

# Quantiles of the size of a municipality on 1 January 2019 (synthetic areas; realistic magnitudes).
SIZE_KNOTS = ((0.0, 900.0), (0.1, 4_500.0), (0.3, 8_500.0), (0.5, 12_500.0), (0.7, 18_000.0),
              (0.9, 30_000.0), (0.98, 55_000.0), (1.0, 90_000.0))  # fmt: skip


@cache
def area(code: str) -> foundation.Area:
    if code in foundation.AREAS:
        return foundation.AREAS[code]
    rng = _rng("area", code)
    size = int(foundation.interpolate(SIZE_KNOTS, rng.random()))
    foreign = {"flemish": 0.06, "walloon": 0.09, "brussels": 0.30}[region_of(code)]
    return foundation.Area(code, size, -0.002 + 0.01 * rng.random(), foreign * (0.4 + 1.2 * rng.random()),
                           -0.15 + 0.4 * rng.random())  # fmt: skip


@cache
def _age_weights(aging: float) -> tuple[float, ...]:
    return tuple(foundation.age_weights(aging))


@cache
def _sex_civil() -> tuple[tuple[tuple[str, float, tuple[float, ...]], ...], ...]:
    out = []
    for age in foundation.AGES:
        female = foundation.interpolate(foundation.FEMALE_SHARE_KNOTS, age)
        out.append(tuple((sex, share, foundation.civil_status_shares(sex, age))
                         for sex, share in (("F", female), ("M", 1.0 - female))))  # fmt: skip
    return tuple(out)


CIVIL = tuple(foundation.CIVIL_STATUSES)
NOISE = foundation.NOISE_SCALE


def expected_cells(area_code: str, year: int) -> dict[tuple[str, str, str, int], float]:
    a = area(area_code)
    total = foundation.grown(float(a.base_2019), a.growth, year - FIRST_YEAR)
    weights = _age_weights(round(a.aging, 3))
    foreign = foundation.foreign_shares(a, year, list(weights))
    cells = {}
    sex_civil = _sex_civil()
    for age in foundation.AGES:
        at_age = total * weights[age]
        for sex, sex_share, civil in sex_civil[age]:
            for nationality, nat_share in (("BEL", 1.0 - foreign[age]), ("ETR", foreign[age])):
                base = at_age * sex_share * nat_share
                for status, status_share in zip(CIVIL, civil, strict=True):
                    if status_share > 0.0:
                        cells[(sex, nationality, status, age)] = base * status_share
    return cells


def draw(rng: random.Random, expected: dict, lump: int) -> dict:
    """Integer counts per cell. Cells of 10 or more get damped noise (Irwin-Hall of three uniforms); smaller
    cells are rounded stochastically (below 1: a pair or nobody, which keeps the expected count and gives the
    real file's sparsity, about 470,000 rows a year), or, with lump > 0 (scaled-down output), placed in lumps of about
    `lump` people by a systematic sweep, as the sample generator does."""
    counts = {}
    carried = rng.random() * lump if lump else 0.0
    rand = rng.random
    for key in sorted(expected):
        value = expected[key]
        if value >= 10.0 and value >= lump:
            normal = (rand() + rand() + rand() - 1.5) * 2.0
            counts[key] = max(0, int(value + NOISE * math.sqrt(value) * normal + rand()))
        elif lump:
            carried += value
            count = 0
            while carried >= lump:
                count += lump
                carried -= lump
            counts[key] = count
        elif value < 1.0:
            counts[key] = 2 if rand() * 2.0 < value else 0  # rare people come in pairs: real files are sparser
        else:
            counts[key] = int(value + rand())
    return counts


@dataclass(frozen=True)
class Scale:
    scale: float = 1.0

    @property
    def lump_divisor(self) -> int:
        """Population rows scale by lumping small cells: 0 = full density."""
        return 0 if self.scale >= 1.0 else max(20, int(1500 * self.scale))

    def lump(self, total: float) -> int:
        if not self.lump_divisor:
            return 0
        return max(5, int(total / self.lump_divisor))

    @property
    def residents_per_sector(self) -> float:
        return 650.0 / self.scale

    def bbc_fields(self, fields: list[str]) -> list[str]:
        """Every beleidsveld at scale 1; scaled down, a few (every municipality keeps its row)."""
        return fields if self.scale >= 1.0 else fields[: max(4, int(len(fields) * self.scale * 5))]

    @property
    def meldingen(self) -> int:
        return max(5_000, int(1_000_000 * self.scale))


_TOTALS: dict[tuple[str, int, Scale], int] = {}


def population_cells(code: str, year: int, scale: Scale) -> dict:
    rng = _rng("population", code, year, scale.scale)
    expected: dict = {}
    for area_code in geography().component_areas(code, year):
        for key, value in expected_cells(area_code, year).items():
            expected[key] = expected.get(key, 0.0) + value
    cells = draw(rng, expected, scale.lump(sum(expected.values())))
    _TOTALS[(code, year, scale)] = sum(cells.values())
    return cells


def municipality_total(code: str, year: int, scale: Scale) -> int:
    """Residents of a published municipality in TF_SOC_POP_STRUCT_<year>.txt."""
    if (code, year, scale) not in _TOTALS:
        population_cells(code, year, scale)
    return _TOTALS[(code, year, scale)]


NATIONALITY_LABELS = {k: "|".join(v) for k, v in foundation.NATIONALITIES.items()}
CIVIL_LABELS = {k: "|".join(v) for k, v in foundation.CIVIL_STATUSES.items()}


def write_population(path: Path, year: int, scale: Scale) -> int:
    """One TF_SOC_POP_STRUCT file, streamed: rows grouped by municipality, shuffled within."""
    rows = 0
    with path.open("w", encoding=ENCODING, newline="") as handle:
        handle.write("|".join(foundation.POP_HEADER) + EOL)
        for code in geography().codes(year):
            geo = "|".join(geography_labels(code, year))
            lines = [
                f"{geo}|{sex}|{nat}|{NATIONALITY_LABELS[nat]}|{status}|{CIVIL_LABELS[status]}|{age}|{count}"
                for (sex, nat, status, age), count in population_cells(code, year, scale).items()
                if count
            ]
            _rng("shuffle", code, year).shuffle(lines)
            rows += len(lines)
            handle.write(EOL.join(lines) + EOL)
    return rows


# --------------------------------------------------------------------------------------------------
# Statistical sectors, households and cars
# --------------------------------------------------------------------------------------------------

SECTOR_LETTERS = "ABCDEFGHJKLMNPRSTUVW"


@dataclass(frozen=True)
class Sector:
    code: str
    area: str
    kind: str  # regular, small, unknown
    weight: float
    trend: float
    centi_hm2: int | None
    household_size: float
    cars_per_household: float


@cache
def area_sectors(area_code: str, scale: Scale) -> tuple[Sector, ...]:
    rng = _rng("sectors", area_code, scale.scale)
    base = area(area_code).base_2019
    # The service-request city keeps its real sector density at every scale: scaled down, its requests then
    # still fall into small cells, so CI's whole-country build has protected cells for the attacker audit.
    per_sector = 650.0 if area_code == MELDINGEN_CITY[1] else scale.residents_per_sector
    n_regular = max(3, int(base / per_sector + 0.5))
    n_letters = max(1, min(len(SECTOR_LETTERS), n_regular // 12), (n_regular + 89) // 90)  # numbers 00-89
    km2 = 2.0 + 60.0 * rng.random() if region_of(area_code) != "brussels" else 2.0 + 8.0 * rng.random()
    hh_size = 2.0 + 0.5 * rng.random()
    cars = 0.6 + 0.7 * rng.random() if region_of(area_code) != "brussels" else 0.45 + 0.3 * rng.random()
    specs = []
    for i in range(n_regular):
        letter, number = SECTOR_LETTERS[i % n_letters], i // n_letters
        last = "-" if rng.random() < 0.45 else str(rng.randint(0, 9))
        weight = 0.3 + 1.4 * rng.random() + 0.8 * rng.random() * rng.random()
        specs.append((f"{area_code}{letter}{number:02d}{last}", "regular", weight, -0.01 + 0.03 * rng.random(),
                      weight * (0.6 + 0.8 * rng.random())))  # fmt: skip
    n_small = 2 if n_regular >= 12 else 1
    for j in range(n_small):
        specs.append((f"{area_code}{SECTOR_LETTERS[j]}9{j}{rng.randint(0, 9)}", "small", 0.0, 0.0,
                      0.5 + 2.5 * rng.random()))  # fmt: skip
    centi = omgeving.largest_remainder(int(km2 * 10_000 + 0.5), [s[4] for s in specs])
    return tuple(
        sorted(
            (
                Sector(
                    code,
                    area_code,
                    kind,
                    weight,
                    trend,
                    c,
                    hh_size * (0.85 + 0.3 * rng.random()),
                    cars * (0.75 + 0.5 * rng.random()),
                )
                for (code, kind, weight, trend, _), c in zip(specs, centi, strict=True)
            ),
            key=lambda s: s.code,
        )
    )


def unknown_sector(code: str, year: int) -> Sector | None:
    """<NIS>ZZZZ: the residents without a known sector, for most municipality codes."""
    geo = geography()
    if _rng("unknown", code).random() >= 0.8:
        return None
    area_code = geo.component_areas(code, year)[0]
    return Sector(f"{code}ZZZZ", area_code, "unknown", 0.0, 0.0, None, 1.6, 0.4)


def sectors_of(code: str, year: int, scale: Scale) -> list[Sector]:
    found = [s for a in geography().component_areas(code, year) for s in area_sectors(a, scale)]
    unknown = unknown_sector(code, year)
    if unknown is not None:
        found.append(unknown)
    return sorted(found, key=lambda s: s.code)


@cache
def sector_populations(code: str, year: int, scale: Scale) -> dict[str, int]:
    rng = _rng("sector-population", code, year, scale.scale)
    sectors = sectors_of(code, year, scale)
    counts = {}
    for s in sectors:
        if s.kind == "small":
            counts[s.code] = rng.choice((0, 1, 2, 3, 3, 4, 4, 5, 6, 7, 9, 12))
        elif s.kind == "unknown":
            counts[s.code] = rng.randint(1, 40)
    total = municipality_total(code, year, scale)
    if sum(counts.values()) > total // 2:  # a tiny scaled-down municipality: keep it in the regular sectors
        counts = dict.fromkeys(counts, 0)
    areas = geography().component_areas(code, year)
    expected = [foundation.grown(float(area(a).base_2019), area(a).growth, year - FIRST_YEAR) for a in areas]
    remainder = total - sum(counts.values())
    for area_code, area_total in zip(areas, omgeving.largest_remainder(remainder, expected), strict=True):
        regular = [s for s in sectors if s.kind == "regular" and s.area == area_code]
        weights = [foundation.grown(s.weight, s.trend, year - FIRST_YEAR) * (1.0 + 0.02 * (rng.random() - 0.5))
                   for s in regular]  # fmt: skip
        counts.update(zip((s.code for s in regular), omgeving.largest_remainder(area_total, weights), strict=True))
    return counts


def _short_names(code: str) -> tuple[str, str]:
    m = geography().by_code[code]
    return (foundation.strip_qualifier(m.name_nl),
            foundation.typographic(foundation.strip_qualifier(m.name_fr)))  # fmt: skip


def sector_lines(year: int, scale: Scale) -> list[str]:
    lines = []
    for code in geography().codes(year):
        name_nl, name_fr = _short_names(code)
        population = sector_populations(code, year, scale)
        for s in sectors_of(code, year, scale):
            if s.kind == "unknown":
                sector_nl, sector_fr = "Sector onbekend", "Secteur inconnu"
            else:
                area_nl, area_fr = _short_names(s.area)
                suffix = s.code[5:].rstrip("-")
                sector_nl, sector_fr = f"{area_nl} {suffix}", f"{area_fr} {suffix}"
            lines.append(
                f"{code}|{s.code}|{population[s.code]}|{omgeving.SECTOR_START}|{OPEN_END}|{omgeving.hm2(s.centi_hm2)}"
                f"|{sector_nl}|{sector_fr}|{name_nl}|{name_fr}"
            )
    return lines


def household_lines(year: int, scale: Scale) -> list[str]:
    lines = []
    for code in geography().codes(year):
        rng = _rng("households", code, year, scale.scale)
        name_nl, name_fr = _short_names(code)
        population = sector_populations(code, year, scale)
        for s in sectors_of(code, year, scale):
            residents = population[s.code]
            households = min(residents, max(1, int(residents / s.household_size + rng.random())))
            cars = int(households * s.cars_per_household * (1.0 + 0.04 * (rng.random() - 0.5)) + rng.random())
            if residents > 0:
                lines.append(f"{year};{code};{name_fr};{name_nl};{s.code};"
                             f"{omgeving.dutch_count(households)};{omgeving.dutch_count(cars)}")  # fmt: skip
    return lines


def write_lines(path: Path, header: tuple[str, ...], lines: list[str], delimiter: str) -> int:
    with path.open("w", encoding=ENCODING, newline="") as handle:
        handle.write(delimiter.join(header) + EOL)
        if lines:
            handle.write(EOL.join(lines) + EOL)
    return len(lines)


# --------------------------------------------------------------------------------------------------
# Income (one workbook, every year on the 2019-2024 structure)
# --------------------------------------------------------------------------------------------------


def income_residents(code: str, year: int, scale: Scale) -> int:
    """MS_TOT_RESIDENTS: the population of the code; from 2025, for a territory merged into another
    municipality (or absorbing one), the residents of its sectors, as the sample does."""
    geo = geography()
    merged = next((new for new, areas in geo.merged_2025.items() if code in areas), None)
    if year < foundation.MERGER_YEAR or merged is None:
        return municipality_total(code, year, scale)
    population = sector_populations(merged, year, scale)
    return sum(population[s.code] for s in sectors_of(merged, year, scale) if s.area == code)


def _names4(e: Entity) -> tuple[str, str, str, str]:
    nl = foundation.strip_qualifier(e.name_nl)
    return (nl, foundation.strip_qualifier(e.name_fr), omgeving._english(nl), foundation.strip_qualifier(e.name_de))


def income_row(code: str, year: int, scale: Scale) -> list[int | str | None]:
    rng = _rng("income", code, year)
    region = region_of(code)
    residents = income_residents(code, year, scale)
    base_income = {"flemish": 33_000, "walloon": 29_500, "brussels": 28_000}[region] * (
        0.85 + 0.3 * _rng("inc", code).random()
    )
    declarations = int(residents * (0.56 if region == "brussels" else 0.60) * (0.98 + 0.04 * rng.random()))
    zero = int(declarations * (0.04 + 0.06 * _rng("zero", code).random()) * (0.9 + 0.2 * rng.random()))
    non_zero = declarations - zero
    taxable = int(non_zero * foundation.grown(base_income, omgeving.INCOME_GROWTH, year - FIRST_YEAR)
                  * (0.99 + 0.02 * rng.random()))  # fmt: skip

    def part(share: float) -> int:
        return int(taxable * share * (0.9 + 0.2 * rng.random()))

    def count(share: float) -> int:
        return int(non_zero * share * (0.95 + 0.1 * rng.random()))

    state = part(0.215)
    municipal = int(state * (0.065 if region == "brussels" else 0.075))
    agglomeration = int(state * omgeving.AGGLOMERATION_TAX_RATE) if region == "brussels" else 0
    taxed = count(0.82)
    values: dict[str, int | str] = dict(zip(omgeving.INCOME_MEASURES, (
        non_zero, zero, taxable, part(1.045), declarations, part(0.025), count(0.45), part(0.008), count(0.06),
        part(0.004), count(0.02), part(0.965), count(0.97), part(0.03), count(0.07), part(0.97), count(0.99),
        part(0.015), count(0.28), state, taxed, municipal, taxed, agglomeration, taxed if region == "brussels" else 0,
        state + municipal + agglomeration, taxed, residents,
    ), strict=True))  # fmt: skip
    if residents < 3_000 and rng.random() < 0.3:  # Statbel suppresses small cells: a literal '*'
        values["MS_TOT_NET_VARIOUS_INC"] = values["MS_NBR_NET_VARIOUS_INC"] = "*"

    municipality = geography().by_code[code].entity()
    parents = _parents()
    structure_year = min(year, foundation.MERGER_YEAR - 1)  # the 2019-2024 structure
    district = _valid_on(parents[municipality.parent], municipality.parent, structure_year)
    upper = _valid_on(parents[district.parent], district.parent, structure_year)
    province: list[int | str | None] = [None] * 5
    if upper.level == 2:
        province = [int(upper.code), *_names4(upper)]
        upper = _valid_on(parents[upper.parent], upper.parent, structure_year)
    return [year, int(code), *(values[m] for m in omgeving.INCOME_MEASURES), *_names4(municipality),
            int(district.code), *_names4(district), *province, int(upper.code), *_names4(upper)]  # fmt: skip


# --------------------------------------------------------------------------------------------------
# BBC-DR exports for every Flemish municipality
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    type_code: str
    report_year: int
    status: str
    book_years: tuple[int, ...]
    new_plan: bool = False  # the 2025 plan of the merged municipalities


BBC_REPORTS = (
    Report("MJP", 2020, "origineel", tuple(beleid.BOOK_YEARS)),
    Report("MJP", 2022, "herziening", (2022, 2023, 2024, 2025)),
    Report("MJP", 2024, "herziening", (2024, 2025)),
    Report("MJP", 2025, "origineel", (2025,), new_plan=True),
    *(Report("JR", year + 1, "origineel", (year,)) for year in (2020, 2021, 2022, 2023)),
    Report("JR", 2024, "voorlopig", (2023,)),
    Report("JR", 2025, "voorlopig", (2024,)),
)


def bbc_filers(report: Report) -> list[str]:
    geo = geography()
    if report.new_plan:
        return sorted(code for code in geo.merged_2025 if code in geo.codes(2025) and region_of(code) == "flemish")
    return [code for code in geo.codes(2024) if region_of(code) == "flemish"]


@cache
def _has_field(code: str, soort: str, field: str) -> bool:
    return _rng("has", code, soort, field).random() >= 0.05


@cache
def _level(code: str) -> float:
    return _rng("level", code).random()


def bbc_amount(report: Report, year: int, code: str, soort: str, field: str, flow: int, scale: Scale) -> int | None:
    rate = beleid.RATES[soort][field][flow]
    if rate == 0 or not _has_field(code, soort, field):
        return None
    level = _level(code)
    population = municipality_total(code, year, scale)
    planned = foundation.grown(rate * (0.6 + 0.6 * level) * population, beleid.PRICE_GROWTH, year - 2020)
    rng = _rng("amount", report.type_code, report.report_year, report.status, year, code, soort, field, flow)
    factor = 0.96 + 0.08 * rng.random()
    if report.type_code == "JR":
        factor *= (0.45 + 0.45 * rng.random()) if soort == "investeringen" else (0.9 + 0.1 * rng.random())
    return beleid.cents(planned * factor)


def bbc_rows(status: str, soort: str, beleidsvelden, scale: Scale) -> list[list[str]]:
    reports = [r for r in BBC_REPORTS if r.status == status]
    geo = geography()
    groups = sorted(
        {(r, y) for r in reports for y in r.book_years}, key=lambda g: (g[0].type_code, g[0].report_year, g[1])
    )
    filers_of = {r: bbc_filers(r) for r in reports}
    municipalities = sorted({c for r in reports for c in filers_of[r]})
    # amounts[(report, year)][code][field] = (expenditure, receipt)
    columns: list[beleid.PivotColumn] = []
    cell_values: dict[tuple, dict[str, int | None]] = {}
    for report, year in groups:
        filers = [c for c in filers_of[report] if c in geo.codes(year)]
        candidates = scale.bbc_fields(sorted(beleid.RATES[soort]))
        per_code = {
            c: {f: tuple(bbc_amount(report, year, c, soort, f, flow, scale) for flow in (0, 1)) for f in candidates}
            for c in filers
        }
        fields = sorted(f for f in candidates if any(v[f] != (None, None) for v in per_code.values()))
        for domain in sorted({beleidsvelden[f]["beleidsdomein_code"] for f in fields}):
            in_domain = [f for f in fields if beleidsvelden[f]["beleidsdomein_code"] == domain]
            for field in [*in_domain, ""]:
                group_fields = [field] if field else in_domain
                for measure in beleid.MEASURES:
                    columns.append(beleid.PivotColumn(_bbc_report(report), year, domain, field, measure))
                    cell_values[(len(columns) - 1,)] = _sum_fields(per_code, group_fields, measure)
        for measure in beleid.MEASURES:
            columns.append(beleid.PivotColumn(_bbc_report(report), year, "", "", measure))
            cell_values[(len(columns) - 1,)] = _sum_fields(per_code, candidates, measure)
    headers = [beleid.header_cells(c, beleidsvelden) for c in columns]
    rows = [[label, "", *(h[i] for h in headers)] for i, label in enumerate(beleid.ROW_LABELS)]
    rows.append(["NIS-code", "Bestuur", *(c.measure for c in columns)])
    totals = [[0, 0, False] for _ in columns]
    for code in municipalities:
        cells = []
        for index, column in enumerate(columns):
            amount = cell_values[(index,)].get(code)
            if amount is None:
                cells.append("")
                continue
            inhabitants = municipality_total(code, column.year, scale)
            totals[index][0] += amount
            totals[index][1] += inhabitants
            totals[index][2] = True
            per = column.measure.endswith("per inwoner")
            cells.append(beleid.dutch_number(beleid.per_inhabitant_cents(amount, inhabitants) if per else amount))
        rows.append([code, _short_names(code)[0], *cells])
    total_row = []
    for (amount, inhabitants, present), column in zip(totals, columns, strict=True):
        if not present:
            total_row.append("")
        elif column.measure.endswith("per inwoner"):
            total_row.append(beleid.dutch_number(beleid.per_inhabitant_cents(amount, inhabitants)))
        else:
            total_row.append(beleid.dutch_number(amount))
    rows.append([beleid.TOTAL, "", *total_row])
    filter_row = [beleid.bbc_filter_text(status, soort)] + [""] * (len(rows[0]) - 1)
    return [filter_row, *rows] if soort == "exploitatie" else [*rows, filter_row]


def _bbc_report(report: Report) -> beleid.Report:
    return beleid.Report(report.type_code, report.report_year, report.status, report.book_years, ())


def _sum_fields(per_code: dict, fields: list[str], measure: str) -> dict[str, int | None]:
    flow = 0 if measure.startswith("Uitgave") else 1
    out: dict[str, int | None] = {}
    for code, values in per_code.items():
        present = [values[f][flow] for f in fields if f in values and values[f][flow] is not None]
        out[code] = sum(present) if present else None
    return out


# --------------------------------------------------------------------------------------------------
# Service requests: a large city's daily extracts
# --------------------------------------------------------------------------------------------------

MELDINGEN_CITY = ("Gent", "44021")
MELDINGEN_FIRST_DAY = date(2023, 7, 1)
MELDINGEN_LAST_DAY = date(2025, 6, 30)
# A scaled-down folder still holds two weeks of daily extracts (17 to 30 June 2025), more than the 8 from
# which the landing clears a source's files in batches (landing/batch.py): the small builds CI runs clear
# their extracts as a city's daily feed is cleared. Not a whole quarter: the attacker audit of the CI build
# then ran for more than ten minutes (stopped there) instead of about 40 s.
MELDINGEN_MIN_DAYS = 14
POSTCODES = ("9000", "9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052")
REPORTERS = 40_000


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@cache
def _summer_time(year: int) -> tuple[datetime, datetime]:
    """Europe/Brussels summer time in UTC: last Sunday of March 01:00 to last Sunday of October 01:00."""
    start, end = _last_sunday(year, 3), _last_sunday(year, 10)
    return datetime(start.year, start.month, start.day, 1), datetime(end.year, end.month, end.day, 1)


def utc_offset(moment_utc: datetime) -> int:
    start, end = _summer_time(moment_utc.year)
    return 2 if start <= moment_utc < end else 1


def local_iso(moment_utc: datetime) -> str:
    offset = utc_offset(moment_utc)
    return (moment_utc + timedelta(hours=offset)).strftime("%Y-%m-%dT%H:%M:%S") + f"+{offset:02d}:00"


def local_date(moment_utc: datetime) -> date:
    return (moment_utc + timedelta(hours=utc_offset(moment_utc))).date()


def office_hours(moment_utc: datetime, rng: random.Random) -> datetime:
    offset = timedelta(hours=utc_offset(moment_utc))
    local = moment_utc + offset
    if 7 <= local.hour < 19:
        return moment_utc
    morning = datetime(local.year, local.month, local.day, 7) + timedelta(days=1 if local.hour >= 19 else 0)
    return morning + timedelta(seconds=rng.randint(0, 2 * 3600)) - offset


@cache
def reporter(index: int) -> tuple[str, str, str]:
    rng = _rng("reporter", index)
    first, last = rng.choice(beleid.FIRST_NAMES), rng.choice(beleid.LAST_NAMES)
    local_part = f"{first}.{last}".lower().replace(" ", "")
    email = f"{local_part}{index}@{rng.choice(beleid.EMAIL_DOMAINS)}" if rng.random() < 0.85 else ""
    digits = f"{rng.randint(70, 99)} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
    phone = f"+32 4{digits}" if rng.random() < 0.5 or not email else ""
    return f"{first} {last}", email, phone


def meldingen_days(scale: Scale) -> list[date]:
    """Two years of daily extracts at scale 1; scaled down, fewer days (never fewer than MELDINGEN_MIN_DAYS)."""
    all_days = (MELDINGEN_LAST_DAY - MELDINGEN_FIRST_DAY).days + 1
    count = max(MELDINGEN_MIN_DAYS, min(all_days, round(all_days * scale.scale)))
    return [MELDINGEN_LAST_DAY - timedelta(days=n) for n in range(count - 1, -1, -1)]


def meldingen_file_name(day: date) -> str:
    return f"meldingen_{day.isoformat()}.csv"


def write_meldingen(out_dir: Path, scale: Scale) -> tuple[list[Path], int, int]:
    """Daily extracts, streamed: each request is placed in the extract of every day it has an event, in its
    state at the end of that day; a day's file is written once no later request can change it."""
    days = meldingen_days(scale)
    total = scale.meldingen
    weekday_weight = [0.55 if d.weekday() >= 5 else 1.15 for d in days]
    per_day = omgeving.largest_remainder(total, weekday_weight)
    sectors = [s.code for s in area_sectors(MELDINGEN_CITY[1], scale) if s.kind == "regular"]
    categories = [(name, weight) for name, (_, weight, _) in beleid.MELDING_CATEGORIES.items()]
    pending: dict[date, list[tuple[str, str, str]]] = {}
    last_moment = datetime(MELDINGEN_LAST_DAY.year, MELDINGEN_LAST_DAY.month, MELDINGEN_LAST_DAY.day, 22)
    header = ";".join(beleid.MELDINGEN_FIELDS)
    written, records, number = [], 0, 0
    for day, count in zip(days, per_day, strict=True):
        rng = _rng("meldingen", day.isoformat(), scale.scale)
        rand = rng.random
        created_local = sorted(
            datetime(day.year, day.month, day.day)
            + timedelta(seconds=int(foundation.interpolate(beleid.HOUR_KNOTS, rand()) * 3600))
            for _ in range(count)
        )
        for local_moment in created_local:
            number += 1
            created = local_moment - timedelta(hours=1)
            created -= timedelta(hours=utc_offset(created) - 1)
            category = beleid.weighted(rng, categories)
            target, _, within = beleid.MELDING_CATEGORIES[category]
            lead = max(600, int(target * 3600 * beleid.lead_time_factor(rand(), within)))
            events = [(created, beleid.STATUS_NEW, category)]
            later = beleid.RECATEGORISED.get(category) if rand() < 0.08 else None
            if lead > 4 * 3600:
                busy = created + timedelta(seconds=min(lead // 3, rng.randint(3600, 30 * 3600)))
                events.append((office_hours(busy, rng), beleid.STATUS_BUSY, later or category))
            closed = office_hours(created + timedelta(seconds=lead), rng)
            events.append((max(closed, events[-1][0] + timedelta(minutes=5)), beleid.STATUS_CLOSED, events[-1][2]))
            events = [e for e in events if e[0] < last_moment]
            sector = sectors[int(rand() * len(sectors))]
            who = None if rand() < beleid.ANONYMOUS_SHARE else reporter(int(rand() * rand() * REPORTERS))
            channel = beleid.weighted(rng, beleid.CHANNELS)
            if who and channel == "Telefoon" and not who[2]:
                channel = "Website"
            lat, lon = 51.02 + 0.07 * rand(), 3.66 + 0.12 * rand()
            fixed_head = f"M{day:%y}-{number:07d}"
            street = f"{rng.choice(beleid.STREETS)};{rng.randint(1, 240)};{POSTCODES[int(rand() * len(POSTCODES))]}"
            tail = f"{channel}"
            place = f"{street};{MELDINGEN_CITY[0]};{sector};{lat:.5f}, {lon:.5f};" + ";".join(who or ("", "", ""))
            aangemaakt = local_iso(created)
            closed_at = next((e[0] for e in events if e[1] == beleid.STATUS_CLOSED), None)
            by_day: dict[date, tuple] = {}
            for event in events:
                by_day[local_date(event[0])] = event  # the last event of a day gives the state at its end
            for event_day, (at, status, cat) in by_day.items():
                gewijzigd = local_iso(at)
                afgesloten = local_iso(closed_at) if closed_at is not None and status == beleid.STATUS_CLOSED else ""
                line = f"{fixed_head};{cat};{status};{tail};{aangemaakt};{gewijzigd};{afgesloten};{place}"
                pending.setdefault(event_day, []).append((gewijzigd, fixed_head, line))
        lines = sorted(pending.pop(day, []))
        path = out_dir / meldingen_file_name(day)
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(header + EOL)
            if lines:
                handle.write(EOL.join(line for _, _, line in lines) + EOL)
        written.append(path)
        records += len(lines)
    return written, number, records


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def generate(out_dir: Path, scale: float = 1.0, log=print) -> dict:
    """Write the whole-country landing folder; return a manifest of files, rows and timings (the caller
    stores it; nothing but deliveries goes into the landing folder)."""
    if not 0 < scale <= 1:
        raise ValueError("scale must be in (0, 1]")
    sc = Scale(scale)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    files: dict[str, int] = {}
    timings: dict[str, float] = {}

    def timed(label: str, func):
        t0 = time.perf_counter()
        result = func()
        timings[label] = round(time.perf_counter() - t0, 2)
        log(f"  {label}: {timings[label]:.1f} s")
        return result

    def refnis():
        rows = refnis_rows()
        foundation.write_table(out_dir / foundation.REFNIS_FILE, foundation.REFNIS_HEADER, rows)
        files[foundation.REFNIS_FILE] = len(rows)

    def population():
        for year in YEARS:
            name = foundation.POP_FILE.format(year=year)
            files[name] = write_population(out_dir / name, year, sc)

    def sectors():
        for year in YEARS:
            name = omgeving.SECTOR_FILE.format(year=year)
            files[name] = write_lines(out_dir / name, omgeving.SECTOR_HEADER, sector_lines(year, sc), "|")
            name = omgeving.HOUSEHOLD_FILE.format(year=year)
            files[name] = write_lines(out_dir / name, omgeving.HOUSEHOLD_HEADER, household_lines(year, sc), ";")

    def income():
        rows = [income_row(code, year, sc) for year in YEARS for code in geography().areas]
        omgeving.write_xlsx(
            out_dir / omgeving.INCOME_FILE, omgeving.INCOME_SHEET, [list(omgeving.INCOME_HEADER), *rows]
        )
        files[omgeving.INCOME_FILE] = len(rows)

    def bbc():
        beleidsvelden = beleid.load_beleidsvelden()
        for status in beleid.STATUSES:
            for soort in beleid.SOORTEN:
                name = beleid.BBC_FILE.format(status=status, soort=soort)
                rows = bbc_rows(status, soort, beleidsvelden, sc)
                beleid.write_delimited(out_dir / name, rows, beleid.BBC_DELIMITER)
                files[name] = len(rows)

    def meldingen():
        paths, requests, records = write_meldingen(out_dir, sc)
        files["meldingen_*.csv"] = records
        return requests, len(paths)

    timed("refnis", refnis)
    timed("population", population)
    timed("sectors_households", sectors)
    timed("income", income)
    timed("bbc_dr", bbc)
    requests, meldingen_files = timed("meldingen", meldingen)
    geo = geography()
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "scale": scale,
        "seconds": round(time.perf_counter() - started, 2),
        "timings": timings,
        "rows": files,
        "municipality_rows_refnis": sum(1 for _ in geo.municipalities),
        "municipalities_per_year": {str(y): len(geo.codes(y)) for y in YEARS},
        "flemish_municipalities_per_year": {
            str(y): sum(1 for c in geo.codes(y) if region_of(c) == "flemish") for y in (2018, 2019, 2024, 2025)
        },
        "sectors_per_year": {str(y): sum(len(sectors_of(c, y, sc)) for c in geo.codes(y)) for y in YEARS},
        "meldingen_requests": requests,
        "meldingen_files": meldingen_files,
        "bytes": sum(p.stat().st_size for p in out_dir.iterdir() if p.is_file()),
    }
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="output folder (a landing folder)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="volume, 0 < scale <= 1 (default 1.0: real magnitudes)"
    )
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.scale)
    manifest_path = args.out.parent / f"{args.out.name}.{MANIFEST}"
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"manifest: {manifest_path}")
    print(json.dumps({k: v for k, v in manifest.items() if k != "rows"}, indent=2))
    print(
        f"rows: {sum(manifest['rows'].values()):,} in {len(manifest['rows'])} file groups, {manifest['bytes']:,} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
