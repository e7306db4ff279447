"""dbt's manifest, which dagster-dbt reads to build the asset graph: parsed when missing or older than the
dbt project, before Dagster loads the definitions (never at import time, which would make every import of
the definitions start dbt). run.py runs this before each command; the test suite's set-up does the same.

Usage: python -m dagster_project.dbt_manifest [--force]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from dagster_project.settings import DBT_PROJECT_DIR

TARGET = DBT_PROJECT_DIR / "target"
MANIFEST = TARGET / "manifest.json"
DBT_SOURCE_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md"}


def _dbt_executable() -> str:
    """dbt installed next to this interpreter (the project's venv), even when the venv is not activated,
    as when a Windows user starts `.venv\\Scripts\\python run.py demo`."""
    beside = Path(sys.executable).parent / ("dbt.exe" if sys.platform == "win32" else "dbt")
    return str(beside) if beside.exists() else shutil.which("dbt") or "dbt"


DBT_EXECUTABLE = _dbt_executable()


def manifest_is_stale() -> bool:
    """True when the manifest is missing or older than any file of the dbt project."""
    if not MANIFEST.exists():
        return True
    built = MANIFEST.stat().st_mtime
    return any(
        path.stat().st_mtime > built
        for path in DBT_PROJECT_DIR.rglob("*")
        if path.suffix in DBT_SOURCE_SUFFIXES and TARGET not in path.parents and "logs" not in path.parts
    )


def ensure_manifest(force: bool = False) -> None:
    if force or manifest_is_stale():
        subprocess.run(
            [
                DBT_EXECUTABLE,
                "parse",
                "--quiet",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
            ],
            check=True,
        )


def require_manifest(project) -> None:
    if not Path(project.manifest_path).exists():
        raise RuntimeError(
            f"dbt's manifest is missing ({project.manifest_path}): run `python3 run.py demo` (or "
            "`python -m dagster_project.dbt_manifest`) once to prepare the dbt project"
        )


if __name__ == "__main__":
    ensure_manifest(force="--force" in sys.argv[1:])
