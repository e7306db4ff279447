"""The whole-country mode, for correctness (the benchmark times it): a scaled-down whole-country landing
folder (every municipality since 1970, the full REFNIS history, fewer rows per municipality) is generated
by scripts/generate_whole_country.py and built with the project's job. The expected numbers are
recomputed here from the generated files with the csv module, independently of the generator's code."""

import csv
import os
import sys
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.assets.landing import GX_CHECK_NAME
from tests.conftest import REPO_ROOT, run_build_job
from tests.disclosure_audit import audit_published_copy

sys.path.insert(0, str(REPO_ROOT / "scripts"))
import generate_whole_country as generator

pytestmark = pytest.mark.slow

SCALE = 0.01  # every municipality and the full REFNIS history; about 30 population rows per municipality
YEARS = range(2019, 2026)
KNOWN_DBT_FAILURE = "assert_huidige_gemeente_exists_today"
K = 5  # the small-cell threshold of the protected sources


def read_rows(path: Path, delimiter: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


@pytest.fixture(scope="module")
def whole_country(tmp_path_factory):
    root = tmp_path_factory.mktemp("whole_country")
    landing, warehouse = root / "landing", root / "warehouse"
    manifest = generator.generate(landing, SCALE, log=lambda line: None)
    previous = os.environ.get("OBMI_ACCEPT_ROW_COUNT_CHANGE")
    os.environ["OBMI_ACCEPT_ROW_COUNT_CHANGE"] = "1"
    try:
        result = run_build_job(landing, warehouse)
    finally:
        if previous is None:
            os.environ.pop("OBMI_ACCEPT_ROW_COUNT_CHANGE", None)
        else:
            os.environ["OBMI_ACCEPT_ROW_COUNT_CHANGE"] = previous
    return landing, warehouse, result, manifest


@pytest.fixture(scope="module")
def expected(whole_country):
    """Numbers recomputed from the generated files."""
    landing = whole_country[0]
    refnis = read_rows(landing / "TU_COM_REFNIS.txt", "|")
    population = {year: read_rows(landing / f"TF_SOC_POP_STRUCT_{year}.txt", "|") for year in YEARS}
    sectors = {year: read_rows(landing / f"OPENDATA_SECTOREN_{year}.txt", "|") for year in YEARS}
    return refnis, population, sectors


def municipalities_on(refnis: list[dict[str, str]], year: int) -> set[str]:
    first_january = date(year, 1, 1)
    return {
        r["CD_REFNIS"]
        for r in refnis
        if r["LVL_REFNIS"] == "4" and day(r["DT_VLDT_START"]) <= first_january <= day(r["DT_VLDT_END"])
    }


def test_refnis_holds_the_full_history(expected):
    refnis = expected[0]
    municipal = [r for r in refnis if r["LVL_REFNIS"] == "4"]
    ends = Counter(r["DT_VLDT_END"] for r in municipal)
    assert len(municipal) >= 2_700
    assert ends["31/12/1976"] > 1_800 and ends["31/12/1970"] == 223 and ends["31/12/1971"] == 29
    assert ends["31/12/2018"] == 26 and ends["31/12/2024"] == 29 and ends["31/12/9999"] == 565
    assert {y: len(municipalities_on(refnis, y)) for y in (2018, 2019, 2024, 2025)} == {
        2018: 589,
        2019: 581,
        2024: 581,
        2025: 565,
    }
    flemish = {
        r["CD_REFNIS"]
        for r in refnis
        if r["LVL_REFNIS"] == "3" and r["CD_SUP_REFNIS"] in ("10000", "20001", "30000", "40000", "70000")
    }
    brabant = [r for r in refnis if r["CD_REFNIS"] in ("23000", "24000", "25000")]
    assert {(r["CD_REFNIS"], r["CD_SUP_REFNIS"], r["DT_VLDT_END"]) for r in brabant} == {
        ("23000", "20000", "31/12/1994"), ("23000", "20001", "31/12/9999"), ("24000", "20000", "31/12/1994"),
        ("24000", "20001", "31/12/9999"), ("25000", "20000", "31/12/1994"), ("25000", "20002", "31/12/9999"),
    }  # fmt: skip
    arr_of = {r["CD_REFNIS"]: r["CD_SUP_REFNIS"] for r in municipal}
    flemish_count = {
        y: sum(1 for c in municipalities_on(refnis, y) if arr_of[c] in flemish) for y in (2018, 2019, 2025)
    }
    assert flemish_count == {2018: 308, 2019: 300, 2025: 285}


def test_files_are_consistent_with_each_other(expected):
    refnis, population, sectors = expected
    for year in YEARS:
        codes = {r["CD_REFNIS"] for r in population[year]}
        assert codes == municipalities_on(refnis, year), year  # every municipality, and only valid codes
        per_municipality: dict[str, int] = defaultdict(int)
        for r in population[year]:
            per_municipality[r["CD_REFNIS"]] += int(r["MS_POPULATION"])
        per_sector_sum: dict[str, int] = defaultdict(int)
        for r in sectors[year]:
            per_sector_sum[r["CD_REFNIS"]] += int(r["TOTAL"])
        assert per_sector_sum == per_municipality, year


def test_raw_holds_every_delivered_row(whole_country, expected):
    _, warehouse, _, _ = whole_country
    _, population, sectors = expected
    with duckdb.connect(str(warehouse / "build" / "obmi.duckdb"), read_only=True) as con:
        assert con.sql("select count(*) from raw.tf_soc_pop_struct").fetchone()[0] == sum(
            len(rows) for rows in population.values()
        )
        assert con.sql("select count(*) from raw.opendata_sectoren").fetchone()[0] == sum(
            len(rows) for rows in sectors.values()
        )


def _failures(result: dg.ExecuteInProcessResult) -> tuple[list[str], set[str]]:
    """Failed steps, and the names of failed blocking checks (dbt tests, GX suites)."""
    steps, checks = [], set()
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.STEP_FAILURE:
            steps.append(f"{event.step_key}: {event.step_failure_data.error.message}")
        elif event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            data = event.asset_check_evaluation_data
            if not data.passed and data.severity == dg.AssetCheckSeverity.ERROR:
                checks.add(data.check_name)
    return steps, checks


def test_marts_equal_the_files(whole_country, expected):
    _, warehouse, result, _ = whole_country
    _, population, sectors = expected
    if not result.success:
        steps, checks = _failures(result)
        if checks == {KNOWN_DBT_FAILURE} and all(step.startswith("obmi_dbt_models") for step in steps):
            pytest.xfail(
                f"dbt test {KNOWN_DBT_FAILURE} fails on the full REFNIS history: municipalities that ended before "
                "2019 (1970-1976, 1982, 2018) and Bastogne/Bertogne (2025, not in ref_gemeente_fusies) map to "
                "themselves, not to a municipality of today (issue 10, item 4: fixed in dbt on another branch)"
            )
        pytest.fail(f"the whole-country build failed: checks {sorted(checks)}\n" + "\n".join(steps))
    with duckdb.connect(str(warehouse / "published" / "obmi.duckdb"), read_only=True) as con:
        harmonised = dict(
            con.sql(
                "select reference_year, sum(bevolking_count) from marts.fct_bevolking_huidige_gemeente group by 1"
            ).fetchall()
        )
        per_year = dict(
            con.sql(
                "select reference_year, count(distinct gemeente_nis_code) from marts.fct_bevolking_huidige_gemeente "
                "group by 1"
            ).fetchall()
        )
        sector_count = dict(
            con.sql(
                "select reference_year, count(distinct sector_code) from marts.fct_bevolking_sector group by 1"
            ).fetchall()
        )
    assert harmonised == {year: sum(int(r["MS_POPULATION"]) for r in population[year]) for year in YEARS}
    assert per_year == dict.fromkeys(YEARS, 565)  # every year on today's municipalities
    assert sector_count == {year: len({r["CD_SECTOR"] for r in sectors[year]}) for year in YEARS}


def test_disclosure_control_holds_on_whole_country_data(whole_country):
    """Issue 11: the attacker audit and the regression attack on the whole-country build. The service-request
    city keeps its real sector density at every scale, so the scaled-down requests fall into small cells."""
    _, warehouse, result, _ = whole_country
    if not result.success:
        pytest.skip("the whole-country build failed: test_marts_equal_the_files says why")
    published = audit_published_copy(warehouse / "published" / "obmi.duckdb", K)
    audit, regression_leaks = published.audit, published.regression_leaks
    attacked = published.regression_totals_attacked
    with duckdb.connect(str(warehouse / "published" / "obmi.duckdb"), read_only=True) as con:
        small = con.sql(f"select count(*) from marts.fct_melding_aantal where melding_count < {K}").fetchone()[0]
    assert audit.primary >= 500 and audit.published > 0  # the audit bites: many protected small cells
    assert audit.leaks(K) == {}, list(audit.leaks(K).items())[:5]
    assert attacked > 0 and regression_leaks == [], regression_leaks[:5]
    assert small == 0
    print(f"whole-country audit: {audit.primary} primary, {audit.secondary} secondary, {audit.published} published")


def test_daily_extracts_cleared_in_batches_and_counted(whole_country):
    """The scaled-down feed keeps 14 daily extracts (17 to 30 June 2025): the landing clears them in batches
    (landing/batch.py), and the month's count equals the distinct requests created in it, recomputed from
    the files; the incomplete quarter and year are not published."""
    landing, warehouse, result, _ = whole_country
    files = sorted(landing.glob("meldingen_*.csv"))
    assert len(files) == generator.MELDINGEN_MIN_DAYS == 14
    check = next(
        e
        for e in result.get_asset_check_evaluations()
        if e.asset_key == dg.AssetKey(["landing", "meldingen"]) and e.check_name == GX_CHECK_NAME
    )
    assert check.metadata["files_cleared_in_batches"].value == 14
    assert check.metadata["files_refused"].value == 0
    created: dict[str, str] = {}
    for path in files:
        for row in read_rows(path, ";"):
            created[row["melding_id"]] = row["aangemaakt_op"][:7]  # the local month of creation
    with duckdb.connect(str(warehouse / "published" / "obmi.duckdb"), read_only=True) as con:
        published = dict(
            con.sql(
                f"select period, melding_count from marts.fct_melding_aantal where geografie_niveau = 'gemeente' "
                f"and geografie_code = '{generator.MELDINGEN_CITY[1]}' and categorie_code = '_alle' "
                "and status = 'gepubliceerd'"
            ).fetchall()
        )
        longer = con.sql("select count(*) from marts.fct_melding_aantal where period_type <> 'maand'").fetchone()[0]
    assert published == dict(Counter(created.values()))
    assert longer == 0
