"""The finance marts hold exactly what the BBC-DR exports say, per report status, never a sum of statuses,
recomputed from the sample exports with the csv module."""

from __future__ import annotations

import shutil
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pytest

from tests.beleid_sample_files import BbcCell, bbc_cells, is_field_amount
from tests.conftest import REPO_ROOT, SEEDS
from tests.sample_files import MERGED_2025, totals_by

CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def cells() -> list[BbcCell]:
    return bbc_cells(SEEDS)


@pytest.fixture(scope="module")
def published(built_warehouse):
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    yield con
    con.close()


def _flow(cell: BbcCell) -> str:
    return "uitgave" if cell.measure.startswith("Uitgave") else "ontvangst"


def _column_key(cell: BbcCell) -> tuple:
    return (cell.file, cell.type_code, cell.report_year, cell.book_year, cell.domain, cell.subdomain, cell.field)


def test_sample_exports_total_rows_add_up(cells):
    """The sample is internally consistent: each Total-row amount is the sum of the municipality rows."""
    sums: dict[tuple, Decimal] = defaultdict(Decimal)
    totals: dict[tuple, Decimal] = {}
    for cell in cells:
        if cell.measure.endswith("per inwoner"):
            continue
        key = (*_column_key(cell), cell.measure)
        if cell.row == "Total":
            totals[key] = cell.value
        else:
            sums[key] += cell.value
    assert totals == dict(sums)
    assert len({c.file for c in cells}) == 6
    assert {c.status for c in cells} == {"origineel", "herziening", "voorlopig"}


def test_version_fact_equals_the_exports_own_total_rows(cells, published):
    """Per export, report version and status, the fact's amounts add up to the export's Total row, for every
    beleidsveld column, every domain subtotal and every book-year total."""
    expected = {
        (c.file, c.status, c.type_code, c.report_year, c.book_year, c.domain, c.subdomain, c.field, _flow(c)): c.value
        for c in cells
        if c.row == "Total" and not c.measure.endswith("per inwoner")
    }
    rows = published.execute(
        """select f._source_file, f.rapportstatus, f.rapport_type_code, f.rapportjaar, f.boekjaar,
                  d.beleidsdomein_code, d.beleidssubdomein_code, f.beleidsveld_code, f.geldstroom, f.bedrag_eur
           from marts.fct_financien_beleidsveld_versie as f
           join marts.dim_beleidsveld as d on f.beleidsveld_code = d.beleidsveld_code"""
    ).fetchall()
    actual: dict[tuple, Decimal] = defaultdict(Decimal)
    for file, status, type_code, report_year, book_year, domain, subdomain, field, flow, amount in rows:
        version = (file, status, type_code, report_year, book_year)
        actual[(*version, domain, subdomain, field, flow)] += amount
        actual[(*version, domain, "Total", "", flow)] += amount
        actual[(*version, "Total", "", "", flow)] += amount
    assert dict(actual) == expected
    # An anchor that changes when the sample changes: Gent's adopted 2023 accounts, operating expenditure.
    gent_2023 = published.execute(
        """select sum(bedrag_eur) from marts.fct_financien_beleidsveld_versie
           where gemeente_nis_code = '44021' and rapport_type_code = 'JR' and boekjaar = 2023
             and rapportstatus = 'origineel' and budgetsoort = 'exploitatie' and geldstroom = 'uitgave'"""
    ).fetchone()[0]
    assert gent_2023 == sum(
        c.value
        for c in cells
        if is_field_amount(c)
        and c.row == "44021"
        and (c.type_code, c.book_year, c.status, c.soort) == ("JR", 2023, "origineel", "exploitatie")
        and _flow(c) == "uitgave"
    )
    assert gent_2023 == Decimal("449322847.20")


def test_report_status_is_part_of_the_grain(cells, published):
    amounts = [c for c in cells if is_field_amount(c)]
    count, distinct_with_status, distinct_without_status = published.execute(
        """select count(*),
                  count(distinct (gemeente_nis_code, beleidsveld_code, geldstroom, budgetsoort, boekjaar,
                                  rapport_type_code, rapportjaar, rapportstatus)),
                  count(distinct (gemeente_nis_code, beleidsveld_code, geldstroom, budgetsoort, boekjaar,
                                  rapport_type_code, rapportjaar))
           from marts.fct_financien_beleidsveld_versie"""
    ).fetchone()
    assert count == distinct_with_status == len(amounts) == 21_115
    # The draft and the adopted 2023 accounts share report year 2024: without the status the grain breaks.
    assert distinct_without_status < count
    statuses_2023 = published.execute(
        """select rapportstatus, count(*) from marts.fct_financien_beleidsveld_versie
           where rapport_type_code = 'JR' and boekjaar = 2023 group by 1 order by 1"""
    ).fetchall()
    assert [s for s, _ in statuses_2023] == ["origineel", "voorlopig"]


def _chosen_versions(amounts: list[BbcCell]) -> dict[tuple, tuple[int, str]]:
    """The documented rule, recomputed: adopted before draft, newest report year, herziening before origineel."""
    versions: dict[tuple, set] = defaultdict(set)
    for c in amounts:
        versions[(c.row, c.book_year, c.type_code)].add((c.report_year, c.status))
    return {
        key: max(found, key=lambda v: (v[1] != "voorlopig", v[0], v[1] == "herziening"))
        for key, found in versions.items()
    }


def test_reporting_fact_takes_one_version_per_report_never_a_sum(cells, published):
    amounts = [c for c in cells if is_field_amount(c)]
    chosen = _chosen_versions(amounts)
    expected: dict[tuple, Decimal] = defaultdict(Decimal)
    expected_version: dict[tuple, tuple[int, str]] = {}
    for c in amounts:
        if chosen[(c.row, c.book_year, c.type_code)] != (c.report_year, c.status):
            continue
        today = MERGED_2025.get(c.row, c.row)
        expected[(today, c.field, _flow(c), c.soort, c.book_year, c.type_code)] += c.value
        expected_version[(today, c.book_year, c.type_code)] = (c.report_year, c.status)
    rows = published.execute(
        """select gemeente_nis_code, beleidsveld_code, geldstroom, budgetsoort, boekjaar, rapport_type_code,
                  rapportjaar, rapportstatus, bedrag_eur
           from marts.fct_financien_beleidsveld"""
    ).fetchall()
    assert {r[:6]: r[8] for r in rows} == dict(expected)
    assert {(r[0], r[4], r[5]): (r[6], r[7]) for r in rows} == expected_version
    # Gent 2023 accounts: the adopted version, not the draft and not draft + adopted.
    assert expected_version[("44021", 2023, "JR")] == (2024, "origineel")
    assert expected_version[("44021", 2024, "JR")] == (2025, "voorlopig")
    assert expected_version[("11002", 2025, "MJP")] == (2025, "origineel")
    assert expected_version[("44021", 2025, "MJP")] == (2024, "herziening")
    draft_flags = published.execute(
        "select rapportstatus, bool_and(is_voorlopig), bool_or(is_voorlopig) from marts.fct_financien_beleidsveld"
        " group by 1 order by 1"
    ).fetchall()
    assert draft_flags == [("herziening", False, False), ("origineel", False, False), ("voorlopig", True, True)]


def test_amounts_per_inhabitant_use_the_harmonised_population(cells, published):
    population = totals_by(SEEDS, harmonise=True)["total"]
    rows = published.execute(
        """select gemeente_nis_code, boekjaar, bedrag_eur, bevolking_count, bedrag_per_inwoner_eur,
                  published_gemeente_count
           from marts.fct_financien_beleidsveld"""
    ).fetchall()
    assert len(rows) > 10_000
    for code, year, amount, inhabitants, per_inhabitant, _ in rows:
        assert inhabitants == population[(year, code)]
        assert per_inhabitant == (amount / inhabitants).quantize(CENT, rounding=ROUND_HALF_UP)
    # Hasselt before 2025 is Hasselt plus Kortessem, in the amount and in the population.
    hasselt = {(r[1], r[5]) for r in rows if r[0] == "71072"}
    assert {year for year, merged in hasselt if merged == 2} == {2020, 2021, 2022, 2023, 2024}


def test_our_amount_per_inhabitant_matches_the_export_where_no_merger_intervenes(published):
    """ABB's own per-inhabitant figure and ours agree for a municipality whose territory did not change."""
    pairs = published.execute(
        """select r.bedrag_per_inwoner_eur, v.published_bedrag_per_inwoner_eur
           from marts.fct_financien_beleidsveld as r
           join marts.fct_financien_beleidsveld_versie as v
             on r.gemeente_nis_code = v.gemeente_nis_code and r.beleidsveld_code = v.beleidsveld_code
            and r.geldstroom = v.geldstroom and r.budgetsoort = v.budgetsoort and r.boekjaar = v.boekjaar
            and r.rapport_type_code = v.rapport_type_code and r.rapportjaar = v.rapportjaar
            and r.rapportstatus = v.rapportstatus
           where r.gemeente_nis_code = '44021'"""
    ).fetchall()
    assert len(pairs) > 500
    assert all(ours == theirs for ours, theirs in pairs)


def _newest_compiled(test_name: str) -> str:
    candidates = list((REPO_ROOT / "dbt" / "target").glob(f"**/compiled/obmi_warehouse/tests/{test_name}.sql"))
    assert candidates, f"no compiled SQL for {test_name}: the session build should have compiled it"
    return max(candidates, key=lambda p: p.stat().st_mtime).read_text(encoding="utf-8")


def test_reconciliation_test_fails_when_statuses_are_added_up(built_warehouse, tmp_path):
    """The dbt reconciliation passes on the real build and fails as soon as a draft is counted as adopted."""
    database = tmp_path / "obmi.duckdb"
    shutil.copy(built_warehouse.build_db, database)
    check = _newest_compiled("assert_financien_totals_equal_export_totals")
    con = duckdb.connect(str(database))
    try:
        assert con.execute(f"select count(*) from ({check})").fetchone()[0] == 0
        con.execute(
            "update marts.fct_financien_beleidsveld_versie set rapportstatus = 'origineel'"
            " where rapportstatus = 'voorlopig'"
        )
        assert con.execute(f"select count(*) from ({check})").fetchone()[0] > 0
    finally:
        con.close()


def _export_lines(name: str) -> list[str]:
    return (SEEDS / name).read_bytes().decode("utf-8-sig").split("\r\n")


def _write(path, lines: list[str]) -> None:
    path.write_text("\r\n".join(lines), encoding="utf-8-sig", newline="")


def test_bad_exports_are_refused_at_landing_with_file_line_and_column(tmp_path):
    from dagster_project.landing.validation import validate_file
    from dagster_project.sources import BBC_DR_BELEIDSVELDEN

    name = "BBC-DR_beleidsvelden_voorlopig_investeringen.csv"  # filter text in the last row
    path = tmp_path / name

    # Two statuses in one export cannot be told apart: refused.
    lines = _export_lines(name)
    _write(
        path, [line.replace("Rapportstatus is voorlopig", "Rapportstatus is voorlopig of origineel") for line in lines]
    )
    findings = validate_file(path, BBC_DR_BELEIDSVELDEN).findings
    assert [f.column for f in findings] == ["Filters"]
    assert "Rapportstatus is" in findings[0].message

    # A number in the wrong format is named by its line and column.
    lines = _export_lines(name)
    cells = lines[9].split(";")  # line 10: the third bestuur
    cells[3] = cells[3].replace(".", "").replace(",", ".")
    lines[9] = ";".join(cells)
    _write(path, lines)
    [finding] = validate_file(path, BBC_DR_BELEIDSVELDEN).findings
    assert finding.describe().startswith(f"{name}: line 10: column Waarde: value is not a Dutch amount")

    # A header row missing from the pivot.
    lines = _export_lines(name)
    _write(path, [line for line in lines if not line.startswith("Boekjaar;")])
    [finding] = validate_file(path, BBC_DR_BELEIDSVELDEN).findings
    assert finding.describe() == f"{name}: header row 'Boekjaar' is missing [pivot_header]"
