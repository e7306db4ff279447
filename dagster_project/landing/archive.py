"""Landing discipline: every delivered file is archived unchanged before anything else happens, and a
refused file is copied to quarantine with a report a data steward can read. The landing folder itself is
never modified: the city's own copy stays where it was dropped."""

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from dagster_project.landing.findings import Finding


def _copy_atomically(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copy2(source, partial)
    partial.replace(target)


def archive_delivery(path: Path, sha256: str, archive_dir: Path) -> Path:
    """Content-addressed copy: archive/<sha256>/<file name>. Re-delivering the same bytes is a no-op;
    a corrected re-delivery gets its own folder, so every version stays available."""
    target = archive_dir / sha256 / path.name
    if not target.exists():
        _copy_atomically(path, target)
    return target


def quarantine_delivery(path: Path, sha256: str, findings: list[Finding], quarantine_dir: Path) -> Path:
    """quarantine/<file name>__<sha256 prefix>/ with the file, report.md and report.json."""
    folder = quarantine_dir / f"{path.name}__{sha256[:12]}"
    if not (folder / path.name).exists():
        _copy_atomically(path, folder / path.name)
    refused_at = datetime.now(UTC).isoformat(timespec="seconds")
    lines = [
        f"# Refused delivery: {path.name}",
        "",
        f"- sha256: `{sha256}`",
        f"- refused at: {refused_at}",
        "- the file in the landing folder was left as delivered; fix or replace it and run the pipeline again",
        "",
        "| line(s) | column | check | problem | examples |",
        "|---|---|---|---|---|",
    ]
    for f in findings:
        rows = ", ".join(str(r) for r in f.rows[:10]) + (" ..." if len(f.rows) > 10 else "")
        examples = ", ".join(f"`{e}`" for e in f.examples[:3])
        lines.append(f"| {rows} | {f.column or ''} | {f.check} | {f.message} | {examples} |")
    (folder / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "report.json").write_text(
        json.dumps(
            {
                "file": path.name,
                "sha256": sha256,
                "refused_at": refused_at,
                "findings": [
                    {
                        "check": f.check,
                        "column": f.column,
                        "rows": list(f.rows),
                        "message": f.message,
                        "examples": list(f.examples),
                    }
                    for f in findings
                ],
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return folder
