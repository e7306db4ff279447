"""dbt's unit tests check the models' logic on fixed inputs (summer time, suppression, merger harmonisation,
working-day deadlines). The pipeline's dbt build leaves them out, as dbt advises for production runs: they
change only when the code does. This test runs every one of them on a copy of the demo warehouse (dbt needs
the models' parents to exist), so CI fails when one fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

DBT_DIR = REPO_ROOT / "dbt"
BIN = Path(sys.executable).parent


def test_every_dbt_unit_test_passes(warehouse_copy, tmp_path):
    manifest = json.loads((DBT_DIR / "target" / "manifest.json").read_text(encoding="utf-8"))
    declared = set(manifest["unit_tests"])
    target = tmp_path / "target"
    result = subprocess.run(
        [
            str(BIN / "dbt"),
            "test",
            "--select",
            "test_type:unit",
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(target),
        ],
        env={**os.environ, "OBMI_WAREHOUSE_DIR": str(warehouse_copy.warehouse_dir)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    outcomes = {r["unique_id"]: r["status"] for r in json.loads((target / "run_results.json").read_text())["results"]}
    assert set(outcomes) == declared
    assert set(outcomes.values()) == {"pass"}
    assert len(declared) >= 12
