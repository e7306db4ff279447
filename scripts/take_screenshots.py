"""Regenerate the handbook's screenshots from a demo warehouse, so they show what the code does today.

    .venv/bin/python scripts/take_screenshots.py                  build the demo warehouse in a temporary folder
                                                                  (python3 run.py demo, about 7 minutes), then shoot
    .venv/bin/python scripts/take_screenshots.py --warehouse DIR  use a warehouse that is already built
    .venv/bin/python scripts/take_screenshots.py --only lineage   one or more of: lineage quality report workbook csv

Writes the PNGs listed in scripts/screenshots/__init__.py to guide/assets/screenshots/; the handbook's page
"Schermafbeeldingen" (guide/referentie/schermafbeeldingen.md) lists them. What it needs:

- Chromium (Debian: apt-get install chromium) for the Dagster lineage, the quality report and the city report;
- LibreOffice Calc and poppler's pdftoppm (Debian: apt-get install libreoffice-calc poppler-utils) for the two
  spreadsheet views.

A screenshot whose tool is missing is skipped with a message; the others are still taken. With --warehouse and
no --dagster-home the lineage shows no run history (every asset "never materialized"): pass the Dagster home the
warehouse was built with (`.dagster` after `run.py demo`) to show it. CI does not run this script.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project and tests.chromium, whichever folder this is started from

from screenshots import CHROMIUM, OUTPUT_DIR, SHOTS, Shot, png  # noqa: E402

from tests.chromium import Browser, chromium_binary  # noqa: E402

MAX_BYTES = 400_000
INSTALL_HINT = {
    CHROMIUM: "apt-get install chromium",
    "soffice": "apt-get install libreoffice-calc",
    "pdftoppm": "apt-get install poppler-utils",
}


def missing_tools(shot: Shot) -> list[str]:
    from screenshots.spreadsheet import soffice_binary

    found = {CHROMIUM: chromium_binary(), "soffice": soffice_binary(), "pdftoppm": shutil.which("pdftoppm")}
    return [tool for tool in shot.tools if not found[tool]]


def build_demo(folder: Path) -> tuple[Path, Path]:
    """`python3 run.py demo` into `folder`, with its own Dagster home so the lineage shows the run."""
    warehouse, home = folder / "warehouse", folder / "dagster-home"
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    env = dict(os.environ, OBMI_WAREHOUSE_DIR=str(warehouse), DAGSTER_HOME=str(home))
    print(f"Building the demo warehouse in {warehouse} (python3 run.py demo) ...", flush=True)
    subprocess.run([sys.executable, str(ROOT / "run.py"), "demo"], cwd=ROOT, env=env, check=True)
    return warehouse, home


def take(shot: Shot, browser: Browser | None, warehouse: Path, dagster_home: Path | None, scratch: Path) -> bytes:
    from screenshots import city_report, dagster_ui, quality_report, spreadsheet

    makers = {
        "lineage": lambda: dagster_ui.lineage_png(browser, warehouse, dagster_home, scratch),
        "quality": lambda: quality_report.quality_png(browser, warehouse / "reports", scratch),
        "report": lambda: city_report.report_png(browser, warehouse / "report"),
        "workbook": lambda: spreadsheet.workbook_png(warehouse / "exports"),
        "csv": lambda: spreadsheet.csv_png(warehouse / "exports"),
    }
    return makers[shot.name]()


def save(shot: Shot, data: bytes) -> str:
    width, height = png.png_size(data)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    shot.path.write_bytes(data)
    warning = f"  (over {MAX_BYTES // 1000} KB: crop or scale it)" if len(data) > MAX_BYTES else ""
    return f"{shot.path.relative_to(ROOT)}: {width} x {height}, {len(data) // 1000} KB{warning}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path, help="a built warehouse folder (default: build the demo)")
    parser.add_argument("--dagster-home", type=Path, help="the Dagster home the warehouse was built with")
    parser.add_argument("--only", nargs="+", choices=[s.name for s in SHOTS], help="take only these")
    args = parser.parse_args(argv)
    shots = [s for s in SHOTS if not args.only or s.name in args.only]

    runnable, skipped = [], []
    for shot in shots:
        missing = missing_tools(shot)
        if missing:
            hints = "; ".join(f"{tool} ({INSTALL_HINT[tool]})" for tool in missing)
            skipped.append(f"skipped {shot.file}: needs {hints}")
        else:
            runnable.append(shot)
    for line in skipped:
        print(line)
    if not runnable:
        return 0

    with tempfile.TemporaryDirectory(prefix="obmi-screenshots-") as folder:
        scratch = Path(folder)
        warehouse, dagster_home = args.warehouse, args.dagster_home
        if warehouse is None:
            warehouse, dagster_home = build_demo(scratch / "demo")
        warehouse = warehouse.resolve()
        if not (warehouse / "published").is_dir():
            sys.exit(f"{warehouse} is not a built warehouse (no published/ folder)")
        needs_browser = any(CHROMIUM in s.tools for s in runnable)
        browser = Browser(chromium_binary()) if needs_browser else None
        failures = 0
        try:
            for shot in runnable:
                print(f"{shot.file}: {shot.shows} ...", flush=True)
                try:
                    print("  " + save(shot, take(shot, browser, warehouse, dagster_home, scratch)), flush=True)
                except Exception as error:  # one failed screenshot does not stop the others
                    failures += 1
                    print(f"  FAILED: {type(error).__name__}: {error}", flush=True)
        finally:
            if browser:
                browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
