"""The data-quality report of a build: which checks ran, passed and failed, per source and per model,
written as Markdown (for people) and JSON (for tools) in warehouse/reports/. The same checks are visible
in the Dagster UI as asset checks; this file is what a data steward opens or mails around."""

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from dagster_project.dbt_explanations import explain_failed_test


def _check_rows(events: Iterable[dg.DagsterEvent]) -> list[dict]:
    rows = []
    for event in events:
        if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.asset_check_evaluation_data
            rows.append(
                {
                    "asset": evaluation.asset_key.to_user_string(),
                    "check": evaluation.check_name,
                    "passed": evaluation.passed,
                    "severity": evaluation.severity.value,
                    "description": (evaluation.description or "").strip(),
                }
            )
    return rows


def _failed_steps(events: Iterable[dg.DagsterEvent]) -> list[dict]:
    return [
        {"step": e.step_key, "error": e.step_failure_data.error.message.strip().splitlines()[0]}
        for e in events
        if e.event_type == dg.DagsterEventType.STEP_FAILURE and e.step_failure_data and e.step_failure_data.error
    ]


def build_outcome(events: list[dg.DagsterEvent], succeeded: bool) -> str:
    """What a build did, in one phrase: the console, the report and the exit status all say the same."""
    if not succeeded:
        return FAILED
    refused = any(r["severity"] == "ERROR" and not r["passed"] for r in _check_rows(events))
    return PUBLISHED_WITH_REFUSALS if refused else PUBLISHED


PUBLISHED = "succeeded, published"
PUBLISHED_WITH_REFUSALS = "published with refused deliveries (the refused sources keep their previous load)"
FAILED = "failed, previous publication kept"


def write_quality_report(
    events: list[dg.DagsterEvent], run_id: str, succeeded: bool, reports_dir: Path, build_db: Path | None = None
) -> Path:
    """Write quality_<time>_<run>.md/.json and quality_latest.md; return the Markdown path. With the build
    database, a failed dbt test is explained with the rows it found."""
    checks = _check_rows(events)
    failed_steps = _failed_steps(events)
    errors = [r for r in checks if not r["passed"] and r["severity"] == "ERROR"]
    warnings = [r for r in checks if not r["passed"] and r["severity"] != "ERROR"]
    by_asset: dict[str, list[dict]] = defaultdict(list)
    for row in checks:
        by_asset[row["asset"]].append(row)
    created = datetime.now(UTC)
    summary = {
        "run_id": run_id,
        "created_at": created.isoformat(timespec="seconds"),
        "build": build_outcome(events, succeeded),
        "checks_run": len(checks),
        "checks_passed": sum(r["passed"] for r in checks),
        "checks_failed": len(errors),
        "checks_warned": len(warnings),
        "assets": {asset: rows for asset, rows in sorted(by_asset.items())},
        "failed_steps": failed_steps,
    }
    lines = [
        f"# Data-quality report, run {run_id[:8]}",
        "",
        f"- created: {summary['created_at']}",
        f"- build: {summary['build']}",
        f"- checks: {summary['checks_run']} run, {summary['checks_passed']} passed, {summary['checks_failed']} failed, "
        f"{summary['checks_warned']} warnings",
        *(
            ["- the build stopped before every check could run: see the steps that failed below"]
            if failed_steps or not succeeded
            else []
        ),
        "",
        "| source or model | checks run | passed | failed | failing checks |",
        "|---|---|---|---|---|",
    ]
    for asset, rows in sorted(by_asset.items()):
        failing = "; ".join(r["check"] for r in rows if not r["passed"])
        passed = sum(r["passed"] for r in rows)
        lines.append(f"| {asset} | {len(rows)} | {passed} | {len(rows) - passed} | {failing} |")
    for title, rows in (("Failures", errors), ("Warnings (not failures: freshness, stray files)", warnings)):
        if rows:
            lines += ["", f"## {title}", ""]
            for row in rows:
                lines.append(f"### {row['asset']}: {row['check']}")
                lines += ["", "```", row["description"] or "(no description)", "```", ""]
                explanation = explain_failed_test(row["check"], build_db) if build_db else []
                lines += [*(f"> {line}" for line in explanation), ""] if explanation else []
    if failed_steps:
        lines += ["", "## Steps that failed", ""]
        lines += [f"- `{s['step']}`: {s['error']}" for s in failed_steps]
    reports_dir.mkdir(parents=True, exist_ok=True)
    stem = f"quality_{created.strftime('%Y%m%dT%H%M%SZ')}_{run_id[:8]}"
    markdown = reports_dir / f"{stem}.md"
    markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (reports_dir / f"{stem}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    (reports_dir / "quality_latest.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return markdown
