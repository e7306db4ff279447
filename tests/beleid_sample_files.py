"""An independent reading of the beleid and management sample files (BBC-DR exports, meldingen, policy
goals) with the csv and json modules only, so tests recompute what the warehouse should hold without
reusing pipeline code."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

BBC_HEADER_LABELS = ("Type rapport", "Rapportjaar", "Boekjaar", "BV_domein", "BV_subdomein", "Beleidsveld")


def dutch_amount(text: str) -> Decimal:
    """'1.267,10' -> Decimal('1267.10')."""
    return Decimal(text.replace(".", "").replace(",", "."))


@dataclass(frozen=True)
class BbcCell:
    file: str
    status: str  # from the filter text
    soort: str  # exploitatie / investering
    type_code: str
    report_year: int
    book_year: int
    domain: str  # "Total" for a book-year total column, else the domain code
    subdomain: str  # "Total" for a domain subtotal column, "" for a book-year total, else the code
    field: str  # "" for subtotal columns, else the 4-digit code
    measure: str
    row: str  # NIS code or "Total"
    value: Decimal


def bbc_cells(seeds: Path) -> list[BbcCell]:
    """Every non-empty value cell of every BBC-DR export in the folder."""
    cells = []
    for path in sorted(seeds.glob("BBC-DR_beleidsvelden_*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [row for row in csv.reader(handle, delimiter=";") if any(row)]
        filter_row = rows[0] if rows[0][0].startswith("Toegepaste filters") else rows[-1]
        filters = dict(line.split(" is ", 1) for line in filter_row[0].splitlines()[1:])
        status = filters["Rapportstatus"]
        soort = {"Exploitatie": "exploitatie", "Investeringen": "investering"}[filters["Soort"]]
        by_label = {row[0]: row for row in rows}
        headers = [by_label[label] for label in BBC_HEADER_LABELS]
        measures = by_label["NIS-code"]
        first_data = rows.index(measures) + 1
        for row in rows[first_data:]:
            if row is filter_row:
                continue
            for column in range(2, len(row)):
                if not row[column]:
                    continue
                type_code, report_year, book_year, domain, subdomain, field = (h[column] for h in headers)
                cells.append(
                    BbcCell(
                        file=path.name,
                        status=status,
                        soort=soort,
                        type_code=type_code,
                        report_year=int(report_year),
                        book_year=int(book_year),
                        domain=domain.split(" ", 1)[0],
                        subdomain=subdomain.split(" ", 1)[0],
                        field=field.split(" ", 1)[0],
                        measure=measures[column],
                        row=row[0],
                        value=dutch_amount(row[column]),
                    )
                )
    return cells


def is_field_amount(cell: BbcCell) -> bool:
    """A municipality's amount for one beleidsveld (not a subtotal, not per inhabitant, not the Total row)."""
    return cell.field != "" and cell.row != "Total" and not cell.measure.endswith("per inwoner")


# ------------------------------------------------------------------------------------------------------
# Meldingen (daily Opendatasoft extracts, CSV or JSON)
# ------------------------------------------------------------------------------------------------------

REPORTER_FIELDS = ("melder_naam", "melder_email", "melder_telefoon")


def meldingen_records(folder: Path) -> list[dict]:
    """Every record of every daily extract, as published (JSON values as text, geo point as in the CSV)."""
    records = []
    for path in sorted(folder.glob("meldingen_*.*")):
        if path.suffix == ".json":
            response = json.loads(path.read_text(encoding="utf-8"))
            for result in response["results"]:
                records.append({k: ("" if v is None else v) for k, v in result.items()} | {"_file": path.name})
        else:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle, delimiter=";"):
                    records.append(row | {"_file": path.name})
    return records


def utc(text: str) -> datetime:
    """'2025-03-10T08:15:00+01:00' -> naive UTC datetime."""
    return datetime.fromisoformat(text).astimezone(UTC).replace(tzinfo=None)


def latest_meldingen(records: list[dict]) -> dict[str, dict]:
    """The newest record of every request (by change time; a later file wins a tie)."""
    latest: dict[str, dict] = {}
    for record in sorted(records, key=lambda r: (utc(r["gewijzigd_op"]), r["_file"])):
        latest[record["melding_id"]] = record
    return latest


def sla_targets(seed: Path) -> dict[str, tuple[str, int]]:
    """Category label -> (code, target hours) from the project's reference list."""
    with seed.open(encoding="utf-8", newline="") as handle:
        return {
            row["categorie_name_nl"]: (row["categorie_code"], int(row["sla_target_hours"]))
            for row in csv.DictReader(handle)
        }
