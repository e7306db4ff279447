"""Exports that open where people work: an Excel workbook (where the mart fits on one sheet), Parquet and
Belgian-Excel CSV per published mart, one Excel workbook for management, a data dictionary and the Power BI
route, all from the OPEN published copy.

CSV follows what Excel expects on a Belgian (nl-BE, fr-BE) computer: `;` between fields, a decimal
comma, UTF-8 with a byte-order mark (without it Excel reads UTF-8 as Windows-1252 and mangles é and ²),
ISO dates, and text columns in quotes so a reader that keeps quoted fields as text keeps the leading zero
of a NIS code (`02000`). Excel itself ignores the quotes when a CSV is opened with a double-click and
guesses a number: the per-mart workbook (xlsx_sheet.py) carries the types, as does Parquet, which is what
Power BI reads best from a folder.
"""

from __future__ import annotations

import csv
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dagster_project.handover import marts, xlsx_sheet
from dagster_project.handover.dbt_docs import model_docs, relationships

CSV_OPTIONS = "format csv, header true, delimiter ';', dateformat '%Y-%m-%d', timestampformat '%Y-%m-%d %H:%M:%S'"
BOM = "\ufeff".encode()
TEXT_TYPES = ("VARCHAR",)
FRACTION_TYPES = ("DOUBLE", "FLOAT", "DECIMAL")


@dataclass(frozen=True)
class MartExport:
    table: str
    rows: int
    parquet: Path
    csv: Path
    xlsx: Path | None  # None when the mart does not fit on one Excel sheet


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def _replace(tmp: Path, path: Path) -> None:
    # Written beside, then renamed: a reader never opens half a file.
    os.replace(tmp, path)


def write_parquet(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    tmp = _tmp(path)
    # Rows in a fixed order (every column, left to right): the same data gives the same file every build.
    con.execute(f"copy (select * from {marts.relation(table)} order by all) to '{tmp.as_posix()}' (format parquet)")
    _replace(tmp, path)


def write_belgian_csv(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """`;`, decimal comma, UTF-8 with BOM, ISO dates, text columns quoted."""
    columns = marts.table_columns(con, table)
    text_columns = [name for name, dtype, _ in columns if dtype in TEXT_TYPES]
    # DuckDB writes a decimal point only: numbers with a fraction are written as text with a comma.
    select = ", ".join(
        f"replace(cast(\"{name}\" as varchar), '.', ',') as \"{name}\""
        if dtype.startswith(FRACTION_TYPES)
        else f'"{name}"'
        for name, dtype, _ in columns
    )
    quoted = ", ".join(f'"{c}"' for c in text_columns)
    # The rows in the order of the Parquet file (every column's own value, not its text with a comma).
    order = ", ".join(f'src."{name}"' for name, _dtype, _ in columns)
    force_quote = f", force_quote ({quoted})" if text_columns else ""
    body = _tmp(path).with_suffix(".body")
    con.execute(
        f"copy (select {select} from {marts.relation(table)} as src order by {order}) to '{body.as_posix()}' "
        f"({CSV_OPTIONS}{force_quote})"
    )
    tmp = _tmp(path)
    with tmp.open("wb") as out, body.open("rb") as src:
        out.write(BOM)
        shutil.copyfileobj(src, out)
    body.unlink()
    _replace(tmp, path)


def write_workbook(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """The mart on one sheet with typed cells: what a double-click in Excel opens without guessing."""
    columns = [(name, dtype) for name, dtype, _ in marts.table_columns(con, table)]
    tmp = _tmp(path)
    sheet_name = table[: xlsx_sheet.EXCEL_SHEET_NAME_MAX]
    xlsx_sheet.write_sheet_workbook(con, marts.relation(table), columns, sheet_name, tmp)
    _replace(tmp, path)


def export_marts(published_db: Path, out_dir: Path) -> list[MartExport]:
    """Parquet, CSV and (where it fits on one sheet) an Excel workbook of every mart in the open copy:
    out_dir/parquet/<mart>.parquet, out_dir/csv/<mart>.csv, out_dir/xlsx/<mart>.xlsx."""
    folders = {suffix: out_dir / suffix for suffix in ("parquet", "csv", "xlsx")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    exports = []
    with marts.open_copy(published_db) as con:
        tables = marts.published_tables(con)
        for table in tables:
            parquet, csv_path = folders["parquet"] / f"{table}.parquet", folders["csv"] / f"{table}.csv"
            write_parquet(con, table, parquet)
            write_belgian_csv(con, table, csv_path)
            rows = marts.row_count(con, table)
            xlsx = None
            if xlsx_sheet.fits_in_excel(rows, len(marts.table_columns(con, table))):
                xlsx = folders["xlsx"] / f"{table}.xlsx"
                write_workbook(con, table, xlsx)
            exports.append(MartExport(table, rows, parquet, csv_path, xlsx))
    # A mart that is no longer published, or no longer fits on a sheet, must not linger as an export.
    for suffix, folder in folders.items():
        keep = {e.table for e in exports if getattr(e, suffix) is not None}
        for stale in folder.glob(f"*.{suffix}"):
            if stale.stem not in keep:
                stale.unlink()
    return exports


# --- The management workbook -------------------------------------------------------------------------

STATUS_NL = {"gepubliceerd": "", "onderdrukt": "onderdrukt", "ontbrekend": "ontbrekend"}


def _latest_comparison(values: pd.DataFrame, catalogue: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Per indicator the latest year: every centrumstad against the centrumsteden as one area."""
    yearly = values[values["period"].str.fullmatch(r"\d{4}")]
    rows = []
    for code, group in yearly.groupby("indicator_code"):
        latest = group["period"].max()
        current = group[group["period"] == latest]
        for _, row in current.iterrows():
            if row["geografie_niveau"] == "gemeente" and row["geografie_code"] not in set(cities["gemeente_nis_code"]):
                continue
            rows.append(
                {
                    "indicator_code": code,
                    "periode": latest,
                    "gemeente_nis_code": row["geografie_code"],
                    "waarde": row["value"],
                    "centrumsteden": row["centrumsteden_value"],
                    "index_centrumsteden": row["centrumsteden_index"],
                    "rang": row["centrumsteden_rang"],
                    "status": STATUS_NL.get(row["status"], row["status"]),
                    "voorlopig": "ja" if row["is_voorlopig"] else "",
                }
            )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    names = dict(zip(cities["gemeente_nis_code"], cities["gemeente_name_nl"], strict=True))
    names["centrumsteden"] = "Centrumsteden (samen)"
    table.insert(3, "gemeente", table["gemeente_nis_code"].map(names))
    labels = catalogue.set_index("indicator_code")
    table.insert(1, "indicator", table["indicator_code"].map(labels["name_nl"]))
    table.insert(2, "eenheid", table["indicator_code"].map(labels["unit"]))
    return table


def write_management_workbook(published_db: Path, path: Path) -> Path:
    """One workbook: the indicators of the centrumsteden against the centrumsteden as one area (latest
    year), their series, and the catalogue. Codes stay text cells, so 02000 keeps its zero."""
    with marts.open_copy(published_db) as con:
        catalogue = marts.indicator_catalogue(con)
        values = marts.municipal_indicators(con)
        municipalities = marts.municipalities(con)
    cities = municipalities[municipalities["is_centrumstad_today"]]
    comparison = _latest_comparison(values, catalogue, cities)
    in_scope = set(cities["gemeente_nis_code"]) | {"centrumsteden"}
    series = values[values["geografie_code"].isin(in_scope)].drop(columns=["geografie_niveau"])
    readme = pd.DataFrame(
        {
            "Toelichting": [
                "Indicatoren van de centrumsteden tegenover de centrumsteden samen (som van de tellers gedeeld door "
                "de som van de noemers).",
                "Blad Vergelijking: het laatste jaar per indicator; index 100 = niveau van de centrumsteden; rang 1 = "
                "hoogste waarde.",
                "Blad Reeksen: alle perioden. Status 'onderdrukt' = kleine cel (minder dan k personen of huishoudens) "
                "of onderdrukt aan de bron; voorlopig = kan nog veranderen.",
                "Blad Indicatoren: de catalogus met definitie, eenheid, bron en licentie.",
                "Bron: de open gepubliceerde kopie van het OBMi-warehouse (warehouse/published/obmi.duckdb).",
            ]
        }
    )
    sheets = {"Toelichting": readme, "Vergelijking": comparison, "Reeksen": series, "Indicatoren": catalogue}
    tmp = _tmp(path)
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            if not xlsx_sheet.fits_in_excel(len(frame), len(frame.columns)):
                continue  # stays in CSV and Parquet; the data dictionary says so
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for column in sheet.columns:
                width = max(len(str(cell.value or "")) for cell in column[:200])
                sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    _replace(tmp, path)
    return path


# --- Data dictionary and the Power BI route ---------------------------------------------------------


def write_data_dictionary(published_db: Path, out_dir: Path, exports: list[MartExport]) -> tuple[Path, Path]:
    """datadictionary.md (for people) and datadictionary.csv (Belgian CSV, for tools), from the dbt docs."""
    docs = model_docs()
    rows, lines = [], ["# Datadictionary van de open publicatie", ""]
    lines += [
        "Gegenereerd uit de dbt-documentatie (dbt/target/manifest.json) bij elke build. Dezelfde beschrijvingen staan "
        "als commentaar in de gepubliceerde DuckDB-bestanden.",
        "",
        "| mart | rijen | Excel | beschrijving |",
        "|---|---|---|---|",
    ]
    counts = {e.table: e.rows for e in exports}
    workbooks = {e.table for e in exports if e.xlsx is not None}  # what export_marts wrote, not a guess
    with marts.open_copy(published_db) as con:
        tables = marts.published_tables(con)
        columns = {t: marts.table_columns(con, t) for t in tables}
    for table in tables:
        doc = docs.get(table)
        fits = f"`xlsx/{table}.xlsx`" if table in workbooks else "nee (CSV of Parquet)"
        lines.append(f"| `{table}` | {counts.get(table, 0)} | {fits} | {doc.description if doc else ''} |")
    for table in tables:
        doc = docs.get(table)
        lines += [
            "",
            f"## {table}",
            "",
            doc.description if doc else "",
            "",
            "| kolom | type | beschrijving |",
            "|---|---|---|",
        ]
        for name, dtype, _ in columns[table]:
            description = doc.columns.get(name, "") if doc else ""
            lines.append(f"| `{name}` | {dtype} | {description} |")
            rows.append({"mart": table, "kolom": name, "type": dtype, "beschrijving": description})
    markdown = out_dir / "datadictionary.md"
    markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table_csv = out_dir / "datadictionary.csv"
    pd.DataFrame(rows).to_csv(table_csv, sep=";", index=False, encoding="utf-8-sig", quoting=csv.QUOTE_ALL)
    return markdown, table_csv


def star_relationships(published_tables: list[str]) -> list:
    """The relationships tests between published marts: the star's foreign keys."""
    published = set(published_tables)
    return [r for r in relationships() if r.from_table in published and r.to_table in published]


def write_powerbi_route(published_db: Path, out_dir: Path) -> Path:
    """POWERBI.md: how to load the Parquet folder (or the DuckDB file) and which relationships to draw."""
    with marts.open_copy(published_db) as con:
        tables = marts.published_tables(con)
    lines = [
        "# Power BI: de open publicatie inladen",
        "",
        "## Route 1 (aanbevolen): de Parquet-map",
        "",
        "1. Power BI Desktop: *Gegevens ophalen* > *Map* (of *Parquet* per bestand) en kies de map `parquet/` naast "
        "dit "
        "bestand. Elke mart is één bestand met de juiste types; codes blijven tekst.",
        "2. Laad de `dim_`- en `fct_`-tabellen die je nodig hebt en leg de relaties hieronder (*Model* > *Relaties "
        "beheren*). Kardinaliteit: veel (feit) op één (dimensie), filterrichting enkel.",
        "3. Vernieuw na elke build: de bestanden worden in één stap vervangen, zodat een vernieuwing nooit een half "
        "bestand leest.",
        "",
        "## Route 2: het DuckDB-bestand via ODBC",
        "",
        "Installeer de DuckDB ODBC-driver, maak een DSN met `Database` = `warehouse/published/obmi.duckdb` en "
        "`access_mode` = `read_only`, en kies in Power BI *Gegevens ophalen* > *ODBC*. De kolombeschrijvingen staan "
        "als "
        "commentaar in het bestand. Gebruik de importmodus: een DirectQuery-verbinding houdt het bestand open en dan "
        "kan de build het niet vervangen.",
        "",
        "## Relaties van het sterschema",
        "",
        "Afgeleid uit de `relationships`-tests van dbt, dus getest bij elke build. Een voorwaarde betekent dat de "
        "sleutel alleen voor die rijen naar de dimensie wijst (filter de feitentabel of maak een aparte relatie).",
        "",
        "| van (tabel.kolom) | naar (dimensie.kolom) | voorwaarde |",
        "|---|---|---|",
    ]
    for rel in star_relationships(tables):
        lines.append(f"| `{rel.from_table}.{rel.from_column}` | `{rel.to_table}.{rel.to_column}` | {rel.condition} |")
    lines += [
        "",
        "Let op: `dim_gemeente` heeft een rij per versie van een gemeente (type 2). Koppel op `gemeente_key` waar de "
        "feitentabel die heeft; `gemeente_nis_code` is niet uniek in `dim_gemeente`.",
    ]
    path = out_dir / "POWERBI.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
