"""The closing lines of a successful build: where the report, the exports and the quality report are,
what changed since the previous publication, and the commands to open it, as they run from a plain
shell on this platform (no venv to activate)."""

from __future__ import annotations

import os
from pathlib import Path

from dagster_project.handover import changes
from dagster_project.handover.assets import WORKBOOK_NAME, exports_dir, report_dir
from dagster_project.settings import PUBLISHED_DB_NAME, REPO_ROOT, Settings

EXAMPLE_QUERY = "select * from marts.fct_bevolking_huidige_gemeente order by 2, 4 limit 5"


def python_launcher() -> str:
    return "py" if os.name == "nt" else "python3"


def run_py() -> str:
    """How to call run.py from where the user is: `run.py` in the project folder, else its full path."""
    return "run.py" if Path.cwd().resolve() == REPO_ROOT else f'"{REPO_ROOT / "run.py"}"'


def open_commands(settings: Settings) -> list[str]:
    """The commands the summary prints; tests run them from a plain shell."""
    run = f"{python_launcher()} {run_py()}"
    default = (REPO_ROOT / "warehouse").resolve() / "published" / PUBLISHED_DB_NAME
    database = "" if settings.published_db == default else f' --db "{settings.published_db}"'
    return [
        f'{run} sql{database} "{EXAMPLE_QUERY}"',
        f"{run} sql{database}",
        f"{run} dev",
        f"{run} docs",
    ]


def _changes_lines(settings: Settings) -> list[str]:
    found = changes.read_changes(exports_dir(settings))
    if found is None:
        return ["Changes since the previous publication: unknown (no export ran)."]
    if found["first_publication"]:
        return ["Changes since the previous publication: none to compare, this is the first publication here."]
    if not found["tables"]:
        return [
            f"Changes since the previous publication ({found['previous_exported_at']}): none, same rows and periods."
        ]
    lines = [f"Changes since the previous publication ({found['previous_exported_at']}):"]
    for table, change in found["tables"].items():
        before, now = change["rows_before"], change["rows_now"]
        if before is None:
            text = f"new mart, {now} rows"
        elif now is None:
            text = "no longer published"
        else:
            text = f"{before} -> {now} rows"
        if change["new_periods"]:
            text += f"; new periods {', '.join(change['new_periods'])}"
        lines.append(f"  {table}: {text}")
    return lines


def handover_summary(settings: Settings, quality_report=None) -> str:
    exports = exports_dir(settings)
    lines = [
        f"  Report (open in a browser, works offline): {report_dir(settings) / 'index.html'}",
        f"  Exports: {exports}",
        "    xlsx/ (opens in Excel with codes as text), parquet/ and csv/ (Belgian: ';' and decimal comma) per mart;",
        f"    {WORKBOOK_NAME} (the centrumsteden compared, for management);",
        "    datadictionary.md, POWERBI.md (the Power BI route and the star's relationships),",
        "    swing/ (upload for Stad in Cijfers), catalogus.jsonld and dcat/ (DCAT-AP Vlaanderen)",
    ]
    if quality_report is not None:
        lines.append(f"  Data-quality report: {quality_report}")
    lines += _changes_lines(settings)
    commands = open_commands(settings)
    lines += [
        "Open it (from this folder, nothing to activate):",
        f"  {commands[0]}",
        f"  {commands[1]}    (an interactive SQL shell on the published copy, read-only)",
        f"  {commands[2]}    (Dagster UI: lineage and runs, http://127.0.0.1:3000)",
        f"  {commands[3]}    (the handbook, http://127.0.0.1:8000)",
        "  Power BI: see POWERBI.md in the exports folder.",
    ]
    return "\n".join(lines)
