"""Write-audit-publish under stress: readers keep working during a build, a build killed with SIGKILL
leaves the publication intact and the next run recovers by itself, two runs give identical marts, and
every build leaves a data-quality report."""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import dagster as dg
import duckdb
import pytest

from dagster_project.quality_report import write_quality_report
from tests.conftest import REPO_ROOT, BuiltWarehouse

READERS = 8


# When dbt wrote a row (incremental marts): a second run writes the same rows at another time.
WRITE_TIMES = {"_built_at", "_berekend_at"}


def marts_content_hash(db) -> str:
    """A hash of every mart's rows, independent of row order and of the file's physical layout, without the
    columns that record when dbt wrote a row."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        digest = hashlib.sha256()
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name = 'marts' order by 2"
        ).fetchall()
        for schema, table in tables:
            columns = ", ".join(
                f'"{name}"'
                for (name,) in con.execute(
                    "select column_name from duckdb_columns() where schema_name = ? and table_name = ?"
                    " order by column_index",
                    [schema, table],
                ).fetchall()
                if name not in WRITE_TIMES
            )
            rows = sorted(repr(row) for row in con.execute(f"select {columns} from {schema}.{table}").fetchall())
            digest.update(f"{table}:{len(rows)}\n".encode())
            for row in rows:
                digest.update(row.encode())
        return digest.hexdigest()
    finally:
        con.close()


def _publications(warehouse: BuiltWarehouse) -> dict[str, str]:
    """The sha256 of both published copies, the open and the internal one."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (warehouse.published_db, warehouse.internal_db)}


def _copy(built: BuiltWarehouse, root) -> BuiltWarehouse:
    shutil.copytree(built.landing_dir, root / "landing")
    shutil.copytree(built.warehouse_dir, root / "warehouse")
    return BuiltWarehouse(landing_dir=root / "landing", warehouse_dir=root / "warehouse", result=built.result)


def _start_headless_build(copy: BuiltWarehouse) -> subprocess.Popen:
    env = {**os.environ, "OBMI_LANDING_DIR": str(copy.landing_dir), "OBMI_WAREHOUSE_DIR": str(copy.warehouse_dir)}
    env.pop("DAGSTER_HOME", None)
    return subprocess.Popen(
        [sys.executable, "-m", "dagster_project.demo"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, so dbt dies with it on SIGKILL
    )


def test_readers_never_fail_during_a_build_and_two_runs_give_identical_marts(built_warehouse, tmp_path):
    copy = _copy(built_warehouse, tmp_path)
    expected_total = (
        duckdb.connect(str(copy.published_db), read_only=True)
        .execute("select sum(bevolking_count) from marts.fct_bevolking_huidige_gemeente")
        .fetchone()[0]
    )
    errors: list[str] = []
    answers: list[int] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                con = duckdb.connect(str(copy.published_db), read_only=True)
                answers.append(
                    con.execute("select sum(bevolking_count) from marts.fct_bevolking_huidige_gemeente").fetchone()[0]
                )
                con.close()
            except Exception as error:  # every failure counts, whatever its type
                errors.append(repr(error))
            time.sleep(0.05)

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    build = _start_headless_build(copy)
    output, _ = build.communicate(timeout=900)
    stop.set()
    for thread in threads:
        thread.join()

    assert build.returncode == 0, output[-3000:]
    assert errors == []
    assert len(answers) >= READERS * 10
    assert set(answers) == {expected_total}
    assert marts_content_hash(copy.published_db) == marts_content_hash(built_warehouse.published_db)
    assert "Data-quality report:" in output
    assert (copy.warehouse_dir / "reports" / "quality_latest.md").exists()


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_build_killed_mid_run_leaves_publication_intact_and_next_run_recovers(built_warehouse, tmp_path):
    # No new delivery needed: every run rebuilds all dbt models, so the kill lands in real work.
    copy = _copy(built_warehouse, tmp_path)
    published_before = _publications(copy)

    build = _start_headless_build(copy)
    for line in build.stdout:  # wait until dbt is running (the console's progress line), then pull the plug
        if "dbt build  running models and tests" in line:
            time.sleep(3)
            break
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=60)

    assert build.returncode == -signal.SIGKILL
    assert _publications(copy) == published_before

    rerun = _start_headless_build(copy)
    output, _ = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, output[-3000:]
    assert marts_content_hash(copy.published_db) == marts_content_hash(built_warehouse.published_db)


def test_quality_report_lists_checks_per_source_and_model(built_warehouse, tmp_path):
    events = built_warehouse.result.all_events
    evaluations = [e for e in events if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION]

    path = write_quality_report(events, built_warehouse.result.run_id, True, tmp_path)

    text = path.read_text(encoding="utf-8")
    assert f"{len(evaluations)} run, {len(evaluations)} passed, 0 failed" in text
    assert "| landing/tf_soc_pop_struct | 1 | 1 | 0 |" in text
    assert "| marts/fct_bevolking |" in text
    assert (tmp_path / "quality_latest.md").read_text(encoding="utf-8") == text
    assert len(evaluations) > 40  # GX on both sources and every dbt test


def test_freshness_policy_flags_stale_sources(built_warehouse):
    from datetime import date, timedelta

    from dagster_project.assets.freshness_checks import evaluate_freshness
    from dagster_project.landing.raw_store import DuckDBRawStore
    from dagster_project.sources import FISCAL_INCOME, LANDING_SOURCES, MELDINGEN, POPULATION_STRUCTURE

    today = date.today()
    with DuckDBRawStore(built_warehouse.build_db, read_only=True) as store:
        population = store.freshness_facts(POPULATION_STRUCTURE, POPULATION_STRUCTURE.freshness.period_column)
        meldingen_facts = store.freshness_facts(MELDINGEN, MELDINGEN.freshness.period_column)
        income_facts = store.freshness_facts(FISCAL_INCOME, FISCAL_INCOME.freshness.period_column)
        newest_income_year = int(store.con.execute("select max(cd_year) from raw.tf_psnl_inc_tax_munty").fetchone()[0])
    policy = POPULATION_STRUCTURE.freshness
    # The sample's newest population year is 2025: within the 2-year lag until the end of 2027, whatever
    # year the suite runs in (the delivery, loaded today, is young by any of these dates).
    fresh, _ = evaluate_freshness(population, policy, date(2027, 12, 31))
    stale, message = evaluate_freshness(population, policy, date(2031, 6, 1))
    # The daily feed: the sample's extracts were delivered (loaded) today, so fresh now and for the
    # policy's 3 days, stale on the 4th day without a new extract; behind at once when one is refused.
    meldingen = MELDINGEN.freshness
    meldingen_fresh, _ = evaluate_freshness(meldingen_facts, meldingen, today + timedelta(days=3))
    meldingen_stale, meldingen_message = evaluate_freshness(meldingen_facts, meldingen, today + timedelta(days=4))
    refused_fresh, refused_message = evaluate_freshness(meldingen_facts, meldingen, today, refused=1)
    assert not refused_fresh
    assert "1 newer delivery(ies) refused in this run" in refused_message
    # Income: the period comes from CD_YEAR (one workbook for all years), with Statbel's lag of 2-3 years.
    income = FISCAL_INCOME.freshness
    income_stale, income_message = evaluate_freshness(income_facts, income, date(newest_income_year + 4, 1, 15))
    _, income_lag_3 = evaluate_freshness(income_facts, income, date(newest_income_year + 3, 12, 31))
    assert fresh
    assert not stale
    assert "newest period is 2025, 6 years behind" in message
    assert "days old (policy: 400)" in message
    assert meldingen_fresh
    assert not meldingen_stale
    assert meldingen_message == "newest delivery is 4 days old (policy: 3)"
    assert not income_stale
    assert f"newest period is {newest_income_year}, 4 years behind (policy: 3)" in income_message
    assert "newest period" not in income_lag_3  # 3 years behind is within the policy
    freshness = [
        e.asset_check_evaluation_data
        for e in built_warehouse.result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
        and e.asset_check_evaluation_data.check_name == "freshness"
    ]
    assert sorted(ev.asset_key.to_user_string() for ev in freshness) == sorted(f"raw/{s.name}" for s in LANDING_SOURCES)
    # The demo build delivers the sample files now: no source may warn about the age of its delivery (the
    # strict daily policy of the service requests included).
    assert not [ev.description for ev in freshness if not ev.passed and "days old" in (ev.description or "")]


def test_failing_dbt_test_blocks_publication(warehouse_copy):
    """A delivery that passes landing but breaks a model rule (two versions of Gent valid on the same
    days) fails dbt's tests: the previous publication stays, byte for byte."""
    from tests.conftest import run_build_job

    refnis = warehouse_copy.landing_dir / "TU_COM_REFNIS.txt"
    lines = refnis.read_bytes().decode("utf-8-sig").split("\r\n")
    gent = next(line for line in lines if line.startswith("4|44021|"))
    overlapping = gent.replace("|01/01/1970|31/12/9999", "|01/01/2000|31/12/9999")
    lines.insert(lines.index(gent) + 1, overlapping)
    refnis.write_bytes(("\ufeff" + "\r\n".join(lines)).encode())
    published_before = _publications(warehouse_copy)

    result = run_build_job(warehouse_copy.landing_dir, warehouse_copy.warehouse_dir)

    assert not result.success
    failed_checks = {
        e.asset_check_evaluation_data.check_name
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION and not e.asset_check_evaluation_data.passed
    }
    assert any(name.startswith("validity_windows_do_not_overlap") for name in failed_checks), failed_checks
    materialized = {
        e.asset_key.to_user_string()
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION
    }
    assert not {"published/obmi_duckdb", "published/obmi_intern_duckdb"} & materialized
    assert _publications(warehouse_copy) == published_before
    # The report explains the blocking test with the rows it found: which municipality, which versions.
    report = write_quality_report(
        result.all_events, result.run_id, False, warehouse_copy.warehouse_dir / "reports", warehouse_copy.build_db
    ).read_text(encoding="utf-8")
    assert "- build: failed, previous publication kept" in report
    assert "> First rows it found" in report and "44021" in report
