"""Generate the SYNTHETIC sample files in ``seeds/``.

Every file this script writes is made up. The numbers are plausible (city sizes, age pyramids,
sex ratio, share of non-Belgians and civil status are of realistic magnitude) but they are not
Statbel figures and must never be published as such.

What is *not* made up is the layout. Each file is written byte for byte in the layout of the real
Statbel publication it stands in for: UTF-8 with BOM, CRLF line ends, ``|`` as delimiter, the exact
header, 5-character NIS codes with leading zeros, the same labels, the same quirks (empty province
for Brussels, typographic apostrophes, unsorted rows, zero cells omitted). That is the point of the
sample: the pipeline is built and tested against these files, so a city can drop the real downloads
(same file names) into the landing folder and run the same pipeline unchanged.

Files written:

* ``TU_COM_REFNIS.txt``: the Statbel REFNIS code list (2025 vintage), restricted to the regions,
  provinces, arrondissements and municipalities the sample needs, including the codes that
  disappear on 1 January 2025 (Borsbeek 11007, Kortessem 73040, Hasselt 71022).
* ``TF_SOC_POP_STRUCT_<year>.txt`` for 2019..2025: population on 1 January by municipality, sex,
  nationality, civil status and age, for the 13 Flemish centrumsteden, the two municipalities merged
  into one of them in 2025 and the 19 Brussels municipalities.

One compromise keeps the committed files small (under 4 MB each): cells expected to hold only a
few dozen people are placed in lumps rather than drawn one by one (see LUMP_MAX), so the sample has
fewer non-zero rows than a real file for cities this size. Totals and marginal distributions
are unaffected.

The output is deterministic: every municipality-year draws from its own ``random.Random`` seeded
with a string, only IEEE arithmetic and ``math.sqrt`` (correctly rounded everywhere) are used, and
files are written with explicit ``\\r\\n`` line ends, so the bytes are identical on every run and OS.
Standard library only.

Usage: ``python scripts/generate_seeds.py [--out DIR]`` (default: the repository's ``seeds/``).
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------------------

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "seeds"

ENCODING = "utf-8-sig"  # UTF-8 with BOM, as Statbel writes its text files
EOL = "\r\n"
DELIMITER = "|"

SEED_PREFIX = "obmi-synthetic-seeds-v1"
YEARS = range(2019, 2026)  # population on 1 January of each year
FIRST_YEAR = YEARS[0]
MERGER_YEAR = 2025  # 1 January 2025: Borsbeek -> Antwerpen, Hasselt + Kortessem -> new Hasselt
AGES = range(0, 106)
ADULT_AGE = 18  # under this age only civil status 1 (Ongehuwd) occurs

OPEN_END = "31/12/9999"
END_BEFORE_MERGER = "31/12/2024"
START_MERGER = "01/01/2025"

REFNIS_FILE = "TU_COM_REFNIS.txt"
REFNIS_HEADER = (
    "LVL_REFNIS",
    "CD_REFNIS",
    "CD_SUP_REFNIS",
    "TX_REFNIS_DE",
    "TX_REFNIS_FR",
    "TX_REFNIS_NL",
    "DT_VLDT_START",
    "DT_VLDT_END",
)

POP_FILE = "TF_SOC_POP_STRUCT_{year}.txt"
POP_HEADER = (
    "CD_REFNIS",
    "TX_DESCR_NL",
    "TX_DESCR_FR",
    "CD_DSTR_REFNIS",
    "TX_ADM_DSTR_DESCR_NL",
    "TX_ADM_DSTR_DESCR_FR",
    "CD_PROV_REFNIS",
    "TX_PROV_DESCR_NL",
    "TX_PROV_DESCR_FR",
    "CD_RGN_REFNIS",
    "TX_RGN_DESCR_NL",
    "TX_RGN_DESCR_FR",
    "CD_SEX",
    "CD_NATLTY",
    "TX_NATLTY_NL",
    "TX_NATLTY_FR",
    "CD_CIV_STS",
    "TX_CIV_STS_NL",
    "TX_CIV_STS_FR",
    "CD_AGE",
    "MS_POPULATION",
)

# Code lists of the population publication: code -> (Dutch label, French label).
SEXES = ("F", "M")
NATIONALITIES = {"BEL": ("Belgen", "Belges"), "ETR": ("niet-Belgen", "non-Belges")}
CIVIL_STATUSES = {
    "1": ("Ongehuwd", "Célibataire"),
    "2": ("Gehuwd", "Marié"),
    "3": ("Weduwstaat", "Veuf"),
    "4": ("Gescheiden", "Divorcé"),
}

# --------------------------------------------------------------------------------------------------
# Geography. Source: Statbel REFNIS code list (TU_COM_REFNIS). Names are restated exactly as the
# REFNIS file writes them (German, French, Dutch; straight apostrophe). Start dates are those of the
# REFNIS file; end dates 31/12/2024 mark the codes that disappear with the 1 January 2025 mergers.
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefnisEntity:
    level: int
    code: str
    parent: str  # "-" for regions
    name_de: str
    name_fr: str
    name_nl: str
    start: str = "01/01/1970"
    end: str = OPEN_END


REGIONS = (
    RefnisEntity(1, "02000", "-", "Flämische Region", "Région flamande", "Vlaams Gewest"),
    RefnisEntity(1, "03000", "-", "Wallonische Region", "Région wallonne", "Waals Gewest"),
    RefnisEntity(
        1,
        "04000",
        "-",
        "Region Brüssel-Hauptstadt",
        "Région de Bruxelles-Capitale",
        "Brussels Hoofdstedelijk Gewest",
    ),
)

PROVINCES = (
    RefnisEntity(2, "10000", "02000", "Provinz Antwerpen", "Province d'Anvers", "Provincie Antwerpen"),
    RefnisEntity(
        2,
        "20001",
        "02000",
        "Provinz Flämisch-Brabant",
        "Province du Brabant flamand",
        "Provincie Vlaams-Brabant",
        start="01/01/1995",
    ),
    RefnisEntity(
        2,
        "30000",
        "02000",
        "Provinz Westflandern",
        "Province de Flandre occidentale",
        "Provincie West-Vlaanderen",
    ),
    RefnisEntity(
        2,
        "40000",
        "02000",
        "Provinz Ostflandern",
        "Province de Flandre orientale",
        "Provincie Oost-Vlaanderen",
    ),
    RefnisEntity(2, "70000", "02000", "Provinz Limburg", "Province du Limbourg", "Provincie Limburg"),
)

# Brussels has no province: its arrondissement hangs directly under the region 04000.
ARRONDISSEMENTS = (
    RefnisEntity(3, "11000", "10000", "Bezirk Antwerpen", "Arrondissement d'Anvers", "Arrondissement Antwerpen"),
    RefnisEntity(3, "12000", "10000", "Bezirk Mechelen", "Arrondissement de Malines", "Arrondissement Mechelen"),
    RefnisEntity(3, "13000", "10000", "Bezirk Turnhout", "Arrondissement de Turnhout", "Arrondissement Turnhout"),
    RefnisEntity(
        3,
        "21000",
        "04000",
        "Bezirk Brüssel-Hauptstadt",
        "Arrondissement de Bruxelles-Capitale",
        "Arrondissement Brussel-Hoofdstad",
    ),
    RefnisEntity(
        3,
        "24000",
        "20001",
        "Bezirk Löwen",
        "Arrondissement de Louvain",
        "Arrondissement Leuven",
        start="01/01/1995",
    ),
    RefnisEntity(3, "31000", "30000", "Bezirk Brügge", "Arrondissement de Bruges", "Arrondissement Brugge"),
    RefnisEntity(3, "34000", "30000", "Bezirk Kortrijk", "Arrondissement de Courtrai", "Arrondissement Kortrijk"),
    RefnisEntity(3, "35000", "30000", "Bezirk Ostende", "Arrondissement d'Ostende", "Arrondissement Oostende"),
    RefnisEntity(3, "36000", "30000", "Bezirk Roeselare", "Arrondissement de Roulers", "Arrondissement Roeselare"),
    RefnisEntity(3, "41000", "40000", "Bezirk Aalst", "Arrondissement d'Alost", "Arrondissement Aalst"),
    RefnisEntity(3, "44000", "40000", "Bezirk Gent", "Arrondissement de Gand", "Arrondissement Gent"),
    RefnisEntity(
        3,
        "46000",
        "40000",
        "Bezirk Sint-Niklaas",
        "Arrondissement de Saint-Nicolas",
        "Arrondissement Sint-Niklaas",
    ),
    RefnisEntity(3, "71000", "70000", "Bezirk Hasselt", "Arrondissement de Hasselt", "Arrondissement Hasselt"),
    RefnisEntity(3, "73000", "70000", "Bezirk Tongeren", "Arrondissement de Tongres", "Arrondissement Tongeren"),
)


def _municipality(code: str, parent: str, de: str, fr: str, nl: str, **kwargs: str) -> RefnisEntity:
    return RefnisEntity(4, code, parent, de, fr, nl, **kwargs)


MUNICIPALITIES = (
    # The 13 Flemish centrumsteden (Hasselt twice: old and new code) ...
    _municipality("11002", "11000", "Antwerpen", "Anvers", "Antwerpen"),
    _municipality("12025", "12000", "Mechelen", "Malines", "Mechelen"),
    _municipality("13040", "13000", "Turnhout", "Turnhout", "Turnhout"),
    _municipality("24062", "24000", "Löwen", "Louvain", "Leuven"),
    _municipality("31005", "31000", "Brügge", "Bruges", "Brugge"),
    _municipality("34022", "34000", "Kortrijk", "Courtrai", "Kortrijk"),
    _municipality("35013", "35000", "Ostende", "Ostende", "Oostende"),
    _municipality("36015", "36000", "Roeselare", "Roulers", "Roeselare"),
    _municipality("41002", "41000", "Aalst (Aalst)", "Alost (Alost)", "Aalst (Aalst)"),
    _municipality("44021", "44000", "Gent", "Gand", "Gent"),
    _municipality(
        "46021",
        "46000",
        "Sint-Niklaas (Sint-Niklaas)",
        "Saint-Nicolas (Saint-Nicolas)",
        "Sint-Niklaas (Sint-Niklaas)",
    ),
    _municipality("71016", "71000", "Genk", "Genk", "Genk"),
    _municipality("71022", "71000", "Hasselt", "Hasselt", "Hasselt", end=END_BEFORE_MERGER),
    _municipality("71072", "71000", "Hasselt", "Hasselt", "Hasselt", start=START_MERGER),
    # ... the municipalities merged into a centrumstad on 1 January 2025 ...
    _municipality("11007", "11000", "Borsbeek", "Borsbeek", "Borsbeek", end=END_BEFORE_MERGER),
    _municipality("73040", "73000", "Kortessem", "Kortessem", "Kortessem", end=END_BEFORE_MERGER),
    # ... and the 19 Brussels municipalities.
    _municipality("21001", "21000", "Anderlecht", "Anderlecht", "Anderlecht"),
    _municipality("21002", "21000", "Auderghem", "Auderghem", "Oudergem"),
    _municipality("21003", "21000", "Berchem-Sainte-Agathe", "Berchem-Sainte-Agathe", "Sint-Agatha-Berchem"),
    _municipality("21004", "21000", "Brüssel", "Bruxelles", "Brussel"),
    _municipality("21005", "21000", "Etterbeek", "Etterbeek", "Etterbeek"),
    _municipality("21006", "21000", "Evere", "Evere", "Evere"),
    _municipality(
        "21007",
        "21000",
        "Forest (Brüssel-Hauptstadt)",
        "Forest (Bruxelles-Capitale)",
        "Vorst (Brussel-Hoofdstad)",
    ),
    _municipality("21008", "21000", "Ganshoren", "Ganshoren", "Ganshoren"),
    _municipality("21009", "21000", "Ixelles", "Ixelles", "Elsene"),
    _municipality("21010", "21000", "Jette", "Jette", "Jette"),
    _municipality("21011", "21000", "Koekelberg", "Koekelberg", "Koekelberg"),
    _municipality("21012", "21000", "Molenbeek-Saint-Jean", "Molenbeek-Saint-Jean", "Sint-Jans-Molenbeek"),
    _municipality("21013", "21000", "Saint-Gilles", "Saint-Gilles", "Sint-Gillis"),
    _municipality("21014", "21000", "Saint-Josse-ten-Noode", "Saint-Josse-ten-Noode", "Sint-Joost-ten-Node"),
    _municipality("21015", "21000", "Schaerbeek", "Schaerbeek", "Schaarbeek"),
    _municipality("21016", "21000", "Uccle", "Uccle", "Ukkel"),
    _municipality("21017", "21000", "Watermael-Boitsfort", "Watermael-Boitsfort", "Watermaal-Bosvoorde"),
    _municipality("21018", "21000", "Woluwe-Saint-Lambert", "Woluwe-Saint-Lambert", "Sint-Lambrechts-Woluwe"),
    _municipality("21019", "21000", "Woluwe-Saint-Pierre", "Woluwe-Saint-Pierre", "Sint-Pieters-Woluwe"),
)

REFNIS_ENTITIES = REGIONS + PROVINCES + ARRONDISSEMENTS + MUNICIPALITIES

# --------------------------------------------------------------------------------------------------
# Synthetic population parameters per area (an area = a municipality's territory before 2025).
# base_2019: approximate population on 1 January 2019 (realistic magnitude, not Statbel figures);
# growth: yearly growth rate; foreign_share: share of non-Belgians in 2019;
# aging: tilts the age pyramid (< 0 younger, > 0 older than an average Flemish city).
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    code: str
    base_2019: int
    growth: float
    foreign_share: float
    aging: float


AREAS = {
    a.code: a
    for a in (
        Area("11002", 523_000, 0.0055, 0.210, -0.05),  # Antwerpen
        Area("11007", 10_900, 0.0040, 0.050, 0.20),  # Borsbeek
        Area("12025", 86_300, 0.0045, 0.100, -0.02),  # Mechelen
        Area("13040", 44_700, 0.0060, 0.090, 0.00),  # Turnhout
        Area("24062", 101_400, 0.0035, 0.105, -0.10),  # Leuven
        Area("31005", 118_300, 0.0020, 0.050, 0.15),  # Brugge
        Area("34022", 76_300, 0.0050, 0.090, 0.05),  # Kortrijk
        Area("35013", 71_300, 0.0025, 0.100, 0.25),  # Oostende
        Area("36015", 62_300, 0.0055, 0.070, 0.00),  # Roeselare
        Area("41002", 86_200, 0.0065, 0.090, 0.00),  # Aalst
        Area("44021", 261_500, 0.0030, 0.140, -0.10),  # Gent
        Area("46021", 77_300, 0.0060, 0.090, 0.00),  # Sint-Niklaas
        Area("71016", 66_000, 0.0030, 0.105, 0.00),  # Genk
        Area("71022", 77_600, 0.0035, 0.070, 0.05),  # Hasselt (territory before 2025)
        Area("73040", 8_450, 0.0030, 0.025, 0.20),  # Kortessem
        Area("21001", 119_000, 0.0050, 0.330, -0.20),  # Anderlecht
        Area("21002", 33_900, 0.0030, 0.300, 0.05),  # Oudergem
        Area("21003", 24_800, 0.0040, 0.250, -0.05),  # Sint-Agatha-Berchem
        Area("21004", 181_000, 0.0100, 0.360, -0.20),  # Brussel
        Area("21005", 47_900, 0.0030, 0.470, -0.15),  # Etterbeek
        Area("21006", 41_800, 0.0080, 0.280, -0.10),  # Evere
        Area("21007", 56_000, 0.0030, 0.320, -0.10),  # Vorst
        Area("21008", 24_800, 0.0030, 0.250, 0.10),  # Ganshoren
        Area("21009", 87_500, 0.0020, 0.480, -0.15),  # Elsene
        Area("21010", 52_000, 0.0050, 0.250, -0.10),  # Jette
        Area("21011", 21_900, 0.0030, 0.280, -0.20),  # Koekelberg
        Area("21012", 97_000, 0.0020, 0.270, -0.25),  # Sint-Jans-Molenbeek
        Area("21013", 49_800, 0.0020, 0.460, -0.15),  # Sint-Gillis
        Area("21014", 27_200, 0.0020, 0.400, -0.25),  # Sint-Joost-ten-Node
        Area("21015", 132_800, 0.0020, 0.320, -0.20),  # Schaarbeek
        Area("21016", 82_400, 0.0030, 0.300, 0.10),  # Ukkel
        Area("21017", 25_100, 0.0030, 0.250, 0.15),  # Watermaal-Bosvoorde
        Area("21018", 56_800, 0.0040, 0.300, 0.05),  # Sint-Lambrechts-Woluwe
        Area("21019", 41_700, 0.0030, 0.320, 0.10),  # Sint-Pieters-Woluwe
    )
}

FOREIGN_SHARE_TREND = 0.002  # the share of non-Belgians rises by 0.2 points a year

# Which areas make up each published municipality code, before and from the 2025 mergers.
MERGED_FROM_2025 = {"11002": ("11002", "11007"), "71072": ("71022", "73040")}
ABOLISHED_IN_2025 = ("11007", "71022", "73040")

# Age pyramid of a Flemish city: (age, relative weight) knots, linearly interpolated.
AGE_WEIGHT_KNOTS = (
    (0, 1.10),
    (6, 1.15),
    (17, 1.05),
    (22, 1.35),
    (30, 1.45),
    (40, 1.32),
    (55, 1.28),
    (65, 1.05),
    (75, 0.80),
    (82, 0.55),
    (88, 0.28),
    (92, 0.12),
    (96, 0.035),
    (100, 0.007),
    (103, 0.0012),
    (105, 0.0002),
)

# Share of women by age: slightly more boys at birth, many more women at old age.
FEMALE_SHARE_KNOTS = (
    (0, 0.488),
    (20, 0.490),
    (45, 0.498),
    (60, 0.505),
    (70, 0.530),
    (80, 0.580),
    (90, 0.690),
    (100, 0.830),
    (105, 0.860),
)

# Relative share of non-Belgians by age (young working adults highest, elderly lowest).
FOREIGN_AGE_KNOTS = (
    (0, 0.95),
    (17, 0.80),
    (25, 1.45),
    (35, 1.55),
    (45, 1.20),
    (60, 0.75),
    (75, 0.40),
    (90, 0.25),
    (105, 0.20),
)
MAX_FOREIGN_SHARE = 0.85

# Civil status by age: (age, (single, married, widowed, divorced)) knots, per sex.
CIVIL_STATUS_KNOTS = {
    "F": (
        (18, (0.9950, 0.0050, 0.0000, 0.0000)),
        (25, (0.8800, 0.1120, 0.0005, 0.0075)),
        (30, (0.6800, 0.2880, 0.0010, 0.0310)),
        (40, (0.4800, 0.4160, 0.0040, 0.1000)),
        (50, (0.3600, 0.4600, 0.0150, 0.1650)),
        (60, (0.2200, 0.5200, 0.0500, 0.2100)),
        (70, (0.1200, 0.5200, 0.1700, 0.1900)),
        (80, (0.0800, 0.3500, 0.4500, 0.1200)),
        (90, (0.0700, 0.1200, 0.7500, 0.0600)),
        (105, (0.0700, 0.0300, 0.8700, 0.0300)),
    ),
    "M": (
        (18, (0.9980, 0.0020, 0.0000, 0.0000)),
        (25, (0.9300, 0.0668, 0.0002, 0.0030)),
        (30, (0.7600, 0.2195, 0.0005, 0.0200)),
        (40, (0.5200, 0.3980, 0.0020, 0.0800)),
        (50, (0.3800, 0.4700, 0.0050, 0.1450)),
        (60, (0.2500, 0.5600, 0.0150, 0.1750)),
        (70, (0.1300, 0.6600, 0.0500, 0.1600)),
        (80, (0.0700, 0.6600, 0.1700, 0.1000)),
        (90, (0.0600, 0.4500, 0.4400, 0.0500)),
        (105, (0.0600, 0.2000, 0.7000, 0.0400)),
    ),
}

# Drawing integer counts. Large cells get a little noise around their expected value; the noise is
# damped (NOISE_SCALE x the Poisson standard deviation) so that totals grow smoothly from year to year,
# as real registers do. Cells below SMALL_CELL use a small binomial instead (only when LUMP_MAX = 0).
NOISE_SCALE = 0.3
SMALL_CELL = 10.0

# Size budget. For cities of this size the real publication has a non-zero row for nearly every
# combination: about 39,000 rows or 8.6 MB a year for this sample. To keep each committed file under
# 4 MB, cells expected to hold fewer people than a "lump" are not drawn one by one. Their expected
# counts are accumulated over the cells in (sex, nationality, civil status, age) order, and a lump
# of people is placed in a cell each time the running sum reaches the next lump size (systematic
# sampling with a random start and error carry-over). Each cell stays unbiased, totals stay within
# one lump of the expected value, and the zero cells that result are omitted like real zero cells;
# only the fine detail of small cells is coarser than in reality.
# Lump size = total population / LUMP_DIVISOR, kept within [LUMP_MIN, LUMP_MAX], +/- 20% jitter, so
# small municipalities get small lumps. Set LUMP_MAX to 0 for full, realistic density.
LUMP_MAX = 75
LUMP_MIN = 12
LUMP_DIVISOR = 400
LUMP_JITTER = 0.2

# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def interpolate(knots: tuple, x: float) -> float:
    """Piecewise-linear interpolation over (x, y) knots, constant outside the knot range."""
    if x <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(knots):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return knots[-1][1]


def civil_status_shares(sex: str, age: int) -> tuple[float, float, float, float]:
    """Shares of the four civil statuses at an age; children are all single."""
    if age < ADULT_AGE:
        return (1.0, 0.0, 0.0, 0.0)
    knots = CIVIL_STATUS_KNOTS[sex]
    if age >= knots[-1][0]:
        return knots[-1][1]
    for (a0, s0), (a1, s1) in itertools.pairwise(knots):
        if age <= a1:
            t = (age - a0) / (a1 - a0)
            shares = [v0 + (v1 - v0) * t for v0, v1 in zip(s0, s1, strict=True)]
            total = sum(shares)
            return tuple(v / total for v in shares)
    raise AssertionError("unreachable")


def grown(value: float, rate: float, years: int) -> float:
    """Compound growth by repeated multiplication (no pow(), so identical on every platform)."""
    for _ in range(years):
        value *= 1.0 + rate
    return value


def draw_count(rng: random.Random, expected: float) -> int:
    """A noisy integer around `expected`, using only IEEE arithmetic and sqrt."""
    if expected <= 0.0:
        return 0
    if expected < SMALL_CELL:
        trials = int(expected * 4) + 4
        p = expected / trials
        return sum(1 for _ in range(trials) if rng.random() < p)
    normal = sum(rng.random() for _ in range(12)) - 6.0  # Irwin-Hall approximation of N(0, 1)
    value = expected + NOISE_SCALE * math.sqrt(expected) * normal
    return max(0, int(value + rng.random()))  # stochastic rounding


def strip_qualifier(name: str) -> str:
    """'Aalst (Aalst)' -> 'Aalst': the population files use names without REFNIS disambiguators."""
    return re.sub(r" \([^)]*\)$", "", name)


def typographic(name: str) -> str:
    """The population files write the typographic apostrophe where REFNIS writes a straight one."""
    return name.replace("'", "\u2019")


def write_table(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """Write a Statbel-style text file: UTF-8 with BOM, CRLF, pipe-delimited, no quoting."""
    lines = [DELIMITER.join(header)]
    for row in rows:
        if any(DELIMITER in value or "\r" in value or "\n" in value for value in row):
            raise ValueError(f"value would break the layout: {row!r}")
        lines.append(DELIMITER.join(row))
    with path.open("w", encoding=ENCODING, newline="") as handle:
        handle.write(EOL.join(lines) + EOL)


# --------------------------------------------------------------------------------------------------
# REFNIS code list
# --------------------------------------------------------------------------------------------------


def refnis_rows() -> list[tuple[str, ...]]:
    """REFNIS rows ordered by level, then code, then start date, like the real file."""

    def start_key(entity: RefnisEntity) -> str:
        day, month, year = entity.start.split("/")
        return year + month + day

    ordered = sorted(REFNIS_ENTITIES, key=lambda e: (e.level, e.code, start_key(e)))
    return [(str(e.level), e.code, e.parent, e.name_de, e.name_fr, e.name_nl, e.start, e.end) for e in ordered]


# --------------------------------------------------------------------------------------------------
# Population structure
# --------------------------------------------------------------------------------------------------

ENTITY_BY_CODE = {e.code: e for e in REFNIS_ENTITIES}

CellKey = tuple[str, str, str, int]  # (sex, nationality, civil status, age)


def municipality_codes(year: int) -> list[str]:
    """Municipality codes published for a year, in code order."""
    codes = {e.code for e in MUNICIPALITIES} - {"71072"}
    if year >= MERGER_YEAR:
        codes = (codes - set(ABOLISHED_IN_2025)) | {"71072"}
    return sorted(codes)


def component_areas(code: str, year: int) -> tuple[str, ...]:
    """The pre-2025 territories that make up a published municipality in a year."""
    if year >= MERGER_YEAR and code in MERGED_FROM_2025:
        return MERGED_FROM_2025[code]
    return (code,)


def geography_labels(code: str) -> tuple[str, ...]:
    """The 12 leading columns of a population row: municipality, district, province, region."""
    municipality = ENTITY_BY_CODE[code]
    district = ENTITY_BY_CODE[municipality.parent]
    upper = ENTITY_BY_CODE[district.parent]
    if upper.level == 1:  # Brussels: no province, the columns stay empty
        province_cols = ("", "", "")
        region = upper
    else:
        province_cols = (upper.code, upper.name_nl, typographic(upper.name_fr))
        region = ENTITY_BY_CODE[upper.parent]
    return (
        municipality.code,
        strip_qualifier(municipality.name_nl),
        strip_qualifier(municipality.name_fr),
        district.code,
        district.name_nl,
        typographic(district.name_fr),
        *province_cols,
        region.code,
        region.name_nl,
        typographic(region.name_fr),
    )


def age_weights(aging: float) -> list[float]:
    """Normalised age distribution, tilted older (aging > 0) or younger (aging < 0)."""
    raw = [interpolate(AGE_WEIGHT_KNOTS, age) * max(0.2, 1.0 + aging * (age - 40) / 40) for age in AGES]
    total = sum(raw)
    return [w / total for w in raw]


def foreign_shares(area: Area, year: int, weights: list[float]) -> list[float]:
    """Share of non-Belgians per age, scaled so the overall share matches the area's target."""
    target = area.foreign_share + FOREIGN_SHARE_TREND * (year - FIRST_YEAR)
    profile = [interpolate(FOREIGN_AGE_KNOTS, age) for age in AGES]
    scale = target / sum(w * p for w, p in zip(weights, profile, strict=True))
    return [min(MAX_FOREIGN_SHARE, p * scale) for p in profile]


def expected_cells(area: Area, year: int) -> dict[CellKey, float]:
    """Expected (non-integer) population per (sex, nationality, civil status, age) cell."""
    total = grown(float(area.base_2019), area.growth, year - FIRST_YEAR)
    weights = age_weights(area.aging)
    foreign = foreign_shares(area, year, weights)
    cells = {}
    for age in AGES:
        at_age = total * weights[age]
        female = interpolate(FEMALE_SHARE_KNOTS, age)
        for sex, sex_share in (("F", female), ("M", 1.0 - female)):
            civil = civil_status_shares(sex, age)
            for nationality, nat_share in (("BEL", 1.0 - foreign[age]), ("ETR", foreign[age])):
                for status, status_share in zip(CIVIL_STATUSES, civil, strict=True):
                    cells[(sex, nationality, status, age)] = at_age * sex_share * nat_share * status_share
    return cells


def lump_size(total: float) -> int:
    """Size of a lump of small cells for a municipality of `total` inhabitants (0 = no lumping)."""
    if LUMP_MAX == 0:
        return 0
    return max(LUMP_MIN, min(LUMP_MAX, int(total / LUMP_DIVISOR)))


def draw_cells(rng: random.Random, expected: dict[CellKey, float]) -> dict[CellKey, int]:
    """Integer counts per cell: large cells drawn one by one, small cells lumped (see LUMP_MAX)."""
    lump = lump_size(sum(expected.values()))
    jitter = int(lump * LUMP_JITTER)

    def next_lump() -> int:
        return lump + rng.randint(-jitter, jitter)

    counts: dict[CellKey, int] = {}
    threshold = next_lump()
    carried = rng.random() * threshold  # random start of the systematic sweep
    for key in sorted(expected):
        value = expected[key]
        if value >= lump:
            counts[key] = draw_count(rng, value)
            continue
        carried += value
        count = 0
        while carried >= threshold:
            count += threshold
            carried -= threshold
            threshold = next_lump()
        counts[key] = count
    return counts


def population_rows(code: str, year: int) -> list[tuple[str, ...]]:
    """All non-zero cells of one municipality in one year, in shuffled order."""
    rng = random.Random(f"{SEED_PREFIX}|{code}|{year}")
    expected: dict[CellKey, float] = {}
    for area_code in component_areas(code, year):
        for key, value in expected_cells(AREAS[area_code], year).items():
            expected[key] = expected.get(key, 0.0) + value

    geography = geography_labels(code)
    rows = []
    for (sex, nationality, status, age), count in draw_cells(rng, expected).items():
        if count == 0:
            continue  # zero cells are omitted, as in the real file
        rows.append(
            (
                *geography,
                sex,
                nationality,
                *NATIONALITIES[nationality],
                status,
                *CIVIL_STATUSES[status],
                str(age),
                str(count),
            )
        )
    rng.shuffle(rows)
    return rows


def population_file_rows(year: int) -> list[tuple[str, ...]]:
    """Rows of one TF_SOC_POP_STRUCT file: grouped by municipality, unsorted within."""
    rows = []
    for code in municipality_codes(year):
        rows.extend(population_rows(code, year))
    return rows


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def generate(out_dir: Path) -> list[Path]:
    """Write all sample files into out_dir and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    path = out_dir / REFNIS_FILE
    write_table(path, REFNIS_HEADER, refnis_rows())
    written.append(path)
    for year in YEARS:
        path = out_dir / POP_FILE.format(year=year)
        write_table(path, POP_HEADER, population_file_rows(year))
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
