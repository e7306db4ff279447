"""The indicator mart in Swing's upload format (Swing is the platform behind Stad in Cijfers and
Provincies in Cijfers).

The layout follows a real upload of Provincies in Cijfers: comma-separated, a header
`period,geolevel,geoitem,<var1>,<var2>,...`, one row per period and area, one column per variable, a
decimal point, no index column and no byte-order mark. Swing marks a censored value with -99997: that is
what a value suppressed by disclosure control (or at the source) becomes. A value that cannot be computed
stays empty (no value), and so does a variable the area does not have.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

from dagster_project.handover import marts

CENSORED = -99997
# The mart's geography levels and Swing's names for them.
GEOLEVELS = {"gemeente": "gemeente", "sector": "statsec"}


def swing_frame(values: pd.DataFrame, geolevel: str) -> pd.DataFrame:
    """Wide Swing table from the mart's long form (indicator_code, geografie_code, period, value, status)."""
    cell = values["value"].astype("Float64")
    cell = cell.mask(values["status"] == "onderdrukt", CENSORED)
    long = values.assign(cell=cell)
    wide = long.pivot_table(
        index=["period", "geografie_code"], columns="indicator_code", values="cell", aggfunc="first", dropna=False
    )
    wide = wide.reset_index().rename(columns={"geografie_code": "geoitem"})
    wide.columns.name = None
    wide.insert(1, "geolevel", geolevel)
    variables = sorted(c for c in wide.columns if c not in ("period", "geolevel", "geoitem"))
    wide = wide[["period", "geolevel", "geoitem", *variables]]
    return wide.sort_values(["period", "geoitem"], kind="stable").reset_index(drop=True)


def _format(value) -> str:
    if value is None or pd.isna(value):
        return ""
    if float(value) == CENSORED:
        return str(CENSORED)
    # Up to 6 decimals as the mart holds them, without trailing zeros: 1.974085, 25.5, 12.
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def write_swing_upload(published_db: Path, out_dir: Path) -> list[Path]:
    """One upload file per geography level: swing_upload_level_<geolevel>.txt."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with marts.open_copy(published_db) as con:
        for niveau, geolevel in GEOLEVELS.items():
            values = marts.yearly_indicator_values(con, niveau)
            if values.empty:
                continue
            frame = swing_frame(values, geolevel)
            path = out_dir / f"swing_upload_level_{geolevel}.txt"
            tmp = path.with_name(f".{path.name}.tmp")
            with tmp.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(frame.columns)
                for row in frame.itertuples(index=False):
                    writer.writerow([row[0], row[1], row[2], *(_format(v) for v in row[3:])])
            os.replace(tmp, path)
            written.append(path)
    return written
