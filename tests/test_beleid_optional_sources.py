"""A city can start with some sources: the beleid and management sources are optional, so a landing folder
without their files passes landing with empty raw tables, while a required source without a file still
stops the run. (A full build from the Statbel files alone then gives empty beleid marts.)"""

import dagster as dg
import duckdb

from tests.conftest import run_build_job

OPTIONAL = ("bbc_dr_beleidsvelden", "meldingen", "meerjarenplan_doelstellingen")


def test_optional_sources_without_files_pass_landing_with_empty_raw_tables(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    selection = [dg.AssetKey([layer, name]) for name in OPTIONAL for layer in ("landing", "raw")]
    result = run_build_job(landing, tmp_path / "warehouse", selection)
    assert result.success
    checks = {
        e.asset_check_evaluation_data.asset_key.path[1]: e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
        and e.asset_check_evaluation_data.check_name == "great_expectations_suite"
    }
    assert sorted(checks) == sorted(OPTIONAL)
    assert all(c.passed and "optional, nothing to load" in c.description for c in checks.values())
    con = duckdb.connect(str(tmp_path / "warehouse" / "build" / "obmi.duckdb"), read_only=True)
    try:
        assert [con.execute(f"select count(*) from raw.{name}").fetchone()[0] for name in OPTIONAL] == [0, 0, 0]
    finally:
        con.close()


def test_a_required_source_without_files_stops_a_new_warehouse_with_its_own_message(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    selection = [dg.AssetKey(["landing", "tu_com_refnis"]), dg.AssetKey(["raw", "tu_com_refnis"])]
    result = run_build_job(landing, tmp_path / "warehouse", selection)
    assert not result.success
    [evaluation] = [
        e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
        and e.asset_check_evaluation_data.check_name == "great_expectations_suite"
    ]
    assert not evaluation.passed and "no file matching" in evaluation.description
    [failure] = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    assert "tu_com_refnis is required and has no accepted delivery" in failure.step_failure_data.error.message
