"""An independent reading of the beleid and management sample files (BBC-DR exports, meldingen, policy
goals) with the csv and json modules only, so tests recompute what the warehouse should hold without
reusing pipeline code."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from tests.sample_files import MERGED_2025

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
    """Category label -> (code, norm in working days) from the project's reference list."""
    with seed.open(encoding="utf-8", newline="") as handle:
        return {
            row["categorie_name_nl"]: (row["categorie_code"], int(row["sla_target_werkdagen"]))
            for row in csv.DictReader(handle)
        }


def working_day_deadline(created_day: str, working_days: int, seeds_dir: Path) -> str:
    """The Nth working day after the day of creation (ISO dates): no weekends, no Belgian public holidays
    (straight from the `holidays` package, not from the dbt seed) and no closing day of the city."""
    from datetime import date, timedelta

    import holidays

    with (seeds_dir / "ref_sluitingsdagen.csv").open(encoding="utf-8", newline="") as handle:
        closing = {row["sluitingsdag_date"] for row in csv.DictReader(handle)}
    day = date.fromisoformat(created_day)
    public = holidays.country_holidays("BE", years=range(day.year, day.year + 2))
    counted = 0
    while counted < working_days:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in public and day.isoformat() not in closing:
            counted += 1
    return day.isoformat()


# ------------------------------------------------------------------------------------------------------
# Expected indicator values, recomputed from the sample files
# ------------------------------------------------------------------------------------------------------


def half_up(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def chosen_bbc_versions(cells: list[BbcCell]) -> dict[tuple, tuple[int, str]]:
    """(bestuur as exported, book year, report type) -> (report year, status) by the documented rule:
    adopted before draft, newest report year, herziening before origineel."""
    versions: dict[tuple, set] = {}
    for c in cells:
        if is_field_amount(c):
            versions.setdefault((c.row, c.book_year, c.type_code), set()).add((c.report_year, c.status))
    return {
        key: max(found, key=lambda v: (v[1] != "voorlopig", v[0], v[1] == "herziening"))
        for key, found in versions.items()
    }


def expected_fin_indicators(cells: list[BbcCell], population: dict) -> dict[tuple, tuple]:
    """(indicator code, NIS code today, year) -> (value, numerator, denominator, status) for operating
    expenditure per inhabitant per beleidsdomein from the chosen annual accounts."""
    chosen = chosen_bbc_versions(cells)
    sums: dict[tuple, Decimal] = {}
    status: dict[tuple, str] = {}
    for c in cells:
        if not (is_field_amount(c) and c.type_code == "JR" and c.soort == "exploitatie"):
            continue
        if not c.measure.startswith("Uitgave") or chosen[(c.row, c.book_year, c.type_code)] != (
            c.report_year,
            c.status,
        ):
            continue
        key = (f"fin_expl_uitg_inw_d{c.domain}", MERGED_2025.get(c.row, c.row), c.book_year)
        sums[key] = sums.get(key, Decimal(0)) + c.value
        status[key] = "voorlopig" if c.status == "voorlopig" else "definitief"
    out = {}
    for key, total in sums.items():
        inhabitants = population[(key[2], key[1])]
        out[key] = (half_up(total / inhabitants, "0.01"), total, Decimal(inhabitants), status[key])
    return out


def expected_meld_indicators(folder: Path, categories_seed: Path) -> dict[tuple, tuple]:
    """(indicator code, NIS code, period) -> (value, numerator, denominator, status) for the share closed
    within target and the median lead time per category, per month and year of creation."""
    import statistics

    targets = sla_targets(categories_seed)
    latest = latest_meldingen(meldingen_records(folder))
    cutoff = max(utc(r["gewijzigd_op"]) for r in latest.values())
    groups: dict[tuple, list] = {}
    for record in latest.values():
        code, working_days = targets[record["categorie"]]
        created = utc(record["aangemaakt_op"])
        closed = utc(record["afgesloten_op"]) if record["afgesloten_op"] else None
        seconds = (closed - created).total_seconds() if closed else None
        deadline = working_day_deadline(record["aangemaakt_op"][:10], working_days, categories_seed.parent)
        known = closed is not None or deadline < cutoff.date().isoformat()
        within = closed is not None and record["afgesloten_op"][:10] <= deadline
        day = record["aangemaakt_op"][:10]  # the local day of creation
        for period in (day[:7], day[:4]):
            groups.setdefault(("sla", period), []).append((known, within))
            groups.setdefault((code, period), []).append(seconds)
    out = {}
    for (what, period), items in groups.items():
        if what == "sla":
            numerator = sum(1 for _, within in items if within)
            denominator = sum(1 for known, _ in items if known)
            value = half_up(Decimal(100 * numerator) / Decimal(denominator), "0.1")
            state = "voorlopig" if denominator < len(items) else "definitief"
            out[("meld_sla_aandeel", "44021", period)] = (value, Decimal(numerator), Decimal(denominator), state)
        else:
            closed_seconds = [s for s in items if s is not None]
            if closed_seconds:
                median = Decimal(str(statistics.median(closed_seconds))) / 3600
                state = "voorlopig" if len(closed_seconds) < len(items) else "definitief"
                key = (f"meld_med_doorlooptijd_{what}", "44021", period)
                out[key] = (half_up(median, "0.01"), None, None, state)
    return out


def plan_rows(folder: Path) -> list[dict]:
    """The planning tool's export: the rows under the title and header, as dicts."""
    [path] = folder.glob("doelstellingen_*.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    return [dict(zip(rows[1], row, strict=True)) for row in rows[2:] if any(row)]
