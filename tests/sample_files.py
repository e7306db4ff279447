"""An independent reading of the sample files, with the csv module only, so the tests recompute what
the warehouse should contain without reusing any pipeline code."""

import csv
from collections import Counter
from pathlib import Path

# Today's municipality for the codes that merged into a centrumstad on 1 January 2025.
MERGED_2025 = {"71022": "71072", "73040": "71072", "11007": "11002"}


def population_rows(seeds: Path):
    for path in sorted(seeds.glob("TF_SOC_POP_STRUCT_*.txt")):
        year = int(path.stem.rsplit("_", 1)[1])
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="|"):
                yield year, row


def totals_by(seeds: Path, harmonise: bool = False) -> dict[str, Counter]:
    """Residents per (year, municipality), split the way the marts split them."""
    out: dict[str, Counter] = {k: Counter() for k in ("total", "M", "F", "BEL", "ETR", "0_17", "18_64", "65_plus")}
    for year, row in population_rows(seeds):
        code = row["CD_REFNIS"]
        if harmonise:
            code = MERGED_2025.get(code, code)
        key = (year, code)
        count = int(row["MS_POPULATION"])
        age = int(row["CD_AGE"])
        out["total"][key] += count
        out[row["CD_SEX"]][key] += count
        out[row["CD_NATLTY"]][key] += count
        band = "0_17" if age < 18 else "18_64" if age < 65 else "65_plus"
        out[band][key] += count
    return out
