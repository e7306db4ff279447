"""An independent reading of the omgeving sample files (sectors, households, income) with the csv module
and openpyxl only, so the tests recompute what the warehouse should contain without any pipeline code.
The published layouts are spelled out here again on purpose."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from tests.sample_files import MERGED_2025

K = 5  # the default disclosure threshold (dbt var disclosure_k)
UNKNOWN_SECTOR = "ZZZZ"


def today(code: str) -> str:
    """Today's municipality of a municipality code of the sample (only 2025 mergers occur in it)."""
    return MERGED_2025.get(code, code)


@dataclass(frozen=True)
class SectorRow:
    year: int
    municipality: str  # CD_REFNIS: the municipality the publication puts the sector in that year
    sector: str
    residents: int
    area_hm2: float | None


@dataclass(frozen=True)
class HouseholdRow:
    year: int
    municipality: str
    sector: str
    households: int
    cars: int


def sector_rows(seeds: Path) -> list[SectorRow]:
    rows = []
    for path in sorted(seeds.glob("OPENDATA_SECTOREN_*.txt")):
        year = int(path.stem.rsplit("_", 1)[1])
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="|"):
                area = float(row["OPPERVLAKKTE IN HM²"]) if row["OPPERVLAKKTE IN HM²"] else None
                rows.append(SectorRow(year, row["CD_REFNIS"], row["CD_SECTOR"], int(row["TOTAL"]), area))
    return rows


def published_count(text: str) -> int:
    """'1.030' -> 1030, '-00' -> 0, as Statbel writes counts in TF_CAR_HH_SECTOR."""
    return 0 if text == "-00" else int(text.replace(".", ""))


def household_rows(seeds: Path) -> list[HouseholdRow]:
    rows = []
    for path in sorted(seeds.glob("TF_CAR_HH_SECTOR*.txt")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                rows.append(
                    HouseholdRow(
                        int(row["CD_YEAR"]),
                        row["CD_REFNIS"],
                        row["CD_STAT_SECTOR"],
                        published_count(row["MS_NUM_HH"]),
                        published_count(row["MS_NUM_CAR"]),
                    )
                )
    return rows


def income_rows(seeds: Path) -> list[dict[str, object]]:
    """The income workbook as dicts keyed by the published header (cell values as openpyxl gives them)."""
    from openpyxl import load_workbook

    workbook = load_workbook(seeds / "TF_PSNL_INC_TAX_MUNTY.xlsx", read_only=True, data_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def sums(rows, key, value) -> Counter:
    out: Counter = Counter()
    for row in rows:
        out[key(row)] += value(row)
    return out


@dataclass(frozen=True)
class Cell:
    """One sector-level indicator value: the units (persons or households) it rests on."""

    indicator: str
    year: int
    sector: str
    municipality_today: str
    units: int


def sector_indicator_cells(seeds: Path) -> list[Cell]:
    """The sector-level indicator cells the mart must hold, as the indicator catalogue defines them:
    density rests on residents, household size on min(residents, households), cars per household on
    households. The unknown sector <NIS>ZZZZ is not an area and has no sector-level values."""
    population = {(r.year, r.sector): r for r in sector_rows(seeds)}
    households = {(r.year, r.sector): r for r in household_rows(seeds)}
    cells = []
    for (year, sector), row in population.items():
        if sector.endswith(UNKNOWN_SECTOR):
            continue
        cells.append(Cell("bev_dichtheid", year, sector, today(row.municipality), row.residents))
        if (year, sector) in households:
            hh = households[(year, sector)].households
            cells.append(Cell("hh_gemiddelde_grootte", year, sector, today(row.municipality), min(row.residents, hh)))
    for (year, sector), row in households.items():
        if not sector.endswith(UNKNOWN_SECTOR):
            cells.append(Cell("hh_wagens_per_huishouden", year, sector, today(row.municipality), row.households))
    return cells


def expected_suppression(cells: list[Cell], k: int = K) -> dict[tuple[str, int, str], str]:
    """(indicator, year, sector) -> 'kleine_cel' or 'secundair' for every cell that must be suppressed.

    Primary: fewer than k units. Secondary: where a municipality (today) has exactly one primary cell
    for an indicator and year, the cell with the fewest units among the others (then by code)."""
    out: dict[tuple[str, int, str], str] = {}
    groups: dict[tuple[str, int, str], list[Cell]] = defaultdict(list)
    for cell in cells:
        groups[(cell.indicator, cell.year, cell.municipality_today)].append(cell)
    for (indicator, year, _), group in groups.items():
        primary = [c for c in group if c.units < k]
        for c in primary:
            out[(indicator, year, c.sector)] = "kleine_cel"
        others = sorted((c for c in group if c.units >= k), key=lambda c: (c.units, c.sector))
        if len(primary) == 1 and others:
            out[(indicator, year, others[0].sector)] = "secundair"
    return out
