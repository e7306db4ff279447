"""The real Statbel REFNIS history (../shared/reference-data, 2019 structure) brought to the 2025 vintage.

The copy in ../shared stops at the 2019 structure. Statbel's current download also holds the mergers of
1 January 2025; this module applies them to the real file so that tests can build on the real history
since 1970 at the 2025 vintage, generated on the fly (the real files are never copied into the project):

- Flanders: the crosswalk derived_nis_mergers_flanders_2019_2025.csv (ABB / Provincies in Cijfers);
- Wallonia: Bastogne (82003) and Bertogne (82005) merged into Bastogne, NIS code 82039, on 1 January 2025
  (decree of the Walloon Parliament of May 2023; the new code from Statbel's REFNIS_CHANGE_2025 list, as
  quoted in ../shared/reference-data/PROVENANCE.md).

A new code lies in the arrondissement its first two digits name (46030 -> 46000), as Statbel codes it.
A code that is kept (Antwerpen 11002 absorbing Borsbeek) keeps its REFNIS row: REFNIS itself does not
record a change of territory.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import SHARED_REFERENCE_DATA

REAL_REFNIS_PRE2025 = SHARED_REFERENCE_DATA / "statbel_TU_COM_REFNIS_pre2025.txt"
FLEMISH_MERGERS = SHARED_REFERENCE_DATA / "derived_nis_mergers_flanders_2019_2025.csv"

OPEN_END = "31/12/9999"
MERGER_2025_START = "01/01/2025"
MERGER_2025_PREVIOUS_END = "31/12/2024"


@dataclass(frozen=True)
class Merger2025:
    old_code: str
    new_code: str
    new_name_nl: str
    new_name_fr: str
    new_name_de: str


# Wallonia's only merger of 2025 (not in the Flemish crosswalk).
WALLOON_MERGERS_2025 = (
    Merger2025("82003", "82039", "Bastenaken", "Bastogne", "Bastnach"),
    Merger2025("82005", "82039", "Bastenaken", "Bastogne", "Bastnach"),
)


def real_refnis_available() -> bool:
    return REAL_REFNIS_PRE2025.exists() and FLEMISH_MERGERS.exists()


def mergers_2025() -> list[Merger2025]:
    with FLEMISH_MERGERS.open(encoding="utf-8", newline="") as handle:
        flemish = [
            Merger2025(row["old_nis"], row["new_nis"], row["new_name_nl"], row["new_name_nl"], row["new_name_nl"])
            for row in csv.DictReader(handle)
            if row["valid_from"] == "2025-01-01"
        ]
    return flemish + list(WALLOON_MERGERS_2025)


def refnis_2025_text() -> str:
    """The real REFNIS file's text with the 2025 mergers applied (same header, layout and dates)."""
    text = REAL_REFNIS_PRE2025.read_bytes().decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line]
    header, rows = lines[0], [line.split("|") for line in lines[1:]]
    mergers = mergers_2025()
    ended = {m.old_code for m in mergers if m.old_code != m.new_code}
    open_codes = {row[1] for row in rows if row[0] == "4" and row[7] == OPEN_END}
    for row in rows:
        if row[0] == "4" and row[1] in ended and row[7] == OPEN_END:
            row[7] = MERGER_2025_PREVIOUS_END
    added: dict[str, list[str]] = {}
    for merger in mergers:
        if merger.new_code in open_codes or merger.new_code in added:
            continue
        arrondissement = merger.new_code[:2] + "000"
        added[merger.new_code] = [
            "4",
            merger.new_code,
            arrondissement,
            merger.new_name_de,
            merger.new_name_fr,
            merger.new_name_nl,
            MERGER_2025_START,
            OPEN_END,
        ]
    rows.extend(added[code] for code in sorted(added))
    return "\r\n".join([header, *("|".join(row) for row in rows)]) + "\r\n"


def write_refnis_2025(path: Path) -> Path:
    """Write the 2025 vintage as Statbel ships it: UTF-8 with BOM, CRLF."""
    path.write_bytes(b"\xef\xbb\xbf" + refnis_2025_text().encode("utf-8"))
    return path
