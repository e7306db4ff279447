"""The omgeving checks are wired into the pipeline and can fail: the dbt tests for disclosure control and
reconciliation are asset checks that block publication, and they do report bad data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb

from tests.conftest import REPO_ROOT

BIN = Path(sys.executable).parent


def test_omgeving_lineage_runs_from_landing_files_to_the_indicator_mart():
    from dagster_project.definitions import defs

    graph = defs.resolve_asset_graph()

    def upstream(key: dg.AssetKey) -> set[dg.AssetKey]:
        seen, todo = set(), [key]
        while todo:
            for parent in graph.get(todo.pop()).parent_keys:
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    indicators = upstream(dg.AssetKey(["marts", "fct_indicator_waarde"]))
    for name in ("opendata_sectoren", "tf_car_hh_sector", "tf_psnl_inc_tax_munty", "tf_soc_pop_struct"):
        assert dg.AssetKey(["landing", name]) in indicators, name
    assert dg.AssetKey(["reference", "ref_indicatoren"]) in indicators
    assert dg.AssetKey(["marts", "fct_indicator_waarde"]) in upstream(dg.AssetKey(["published", "obmi_duckdb"]))
    checks = graph.asset_check_keys
    for name in ("opendata_sectoren", "tf_car_hh_sector", "tf_psnl_inc_tax_munty"):
        assert dg.AssetCheckKey(dg.AssetKey(["landing", name]), "great_expectations_suite") in checks
    on_indicators = {k.name for k in checks if k.asset_key == dg.AssetKey(["marts", "fct_indicator_waarde"])}
    assert "assert_no_published_indicator_below_k" in on_indicators


def test_disclosure_and_reconciliation_tests_fail_on_bad_data(warehouse_copy, tmp_path):
    con = duckdb.connect(str(warehouse_copy.build_db))
    try:
        # Publish one value of the organisation's own data resting on 2 requests, and move one resident
        # between two sectors' municipalities.
        leaked = con.execute(
            "update marts.fct_indicator_waarde set status = 'gepubliceerd', value = 1, eenheden_count = 2"
            " where indicator_waarde_id = (select min(indicator_waarde_id) from marts.fct_indicator_waarde"
            " where bron_openbaarheid = 'eigen' and status = 'gepubliceerd')"
        ).fetchone()[0]
        moved = con.execute(
            "update marts.fct_bevolking_sector set bevolking_count = bevolking_count + 1"
            " where bevolking_sector_id = (select min(bevolking_sector_id) from marts.fct_bevolking_sector"
            " where reference_year = 2022)"
        ).fetchone()[0]
    finally:
        con.close()
    assert (leaked, moved) == (1, 1)

    result = subprocess.run(
        [
            str(BIN / "dbt"),
            "test",
            "--select",
            "assert_no_published_indicator_below_k assert_sector_bevolking_reconciles_per_year",
            "--project-dir",
            "dbt",
            "--profiles-dir",
            "dbt",
            "--target-path",
            str(tmp_path / "target"),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "OBMI_WAREHOUSE_DIR": str(warehouse_copy.warehouse_dir), "NO_COLOR": "1"},
    )

    assert result.returncode == 1, result.stdout[-3000:]
    assert "Failure in test assert_no_published_indicator_below_k" in result.stdout
    # One sector too many in one municipality: the published and today's municipality both fail.
    assert "Failure in test assert_sector_bevolking_reconciles_per_year" in result.stdout
    assert "Got 2 results" in result.stdout
