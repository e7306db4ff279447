"""Landing discipline: every delivered file is archived unchanged before anything else happens, and a
refused file is copied to quarantine with a report a data steward can read. The landing folder itself is
never modified: the city's own copy stays where it was dropped.

A delivery with personal data is archived and quarantined encrypted (encryption.py), owner-only, with a
record of when (retention.py purges it after its retention period); its findings arrive here masked."""

import json
import os
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from dagster_project.landing.encryption import ENCRYPTED_SUFFIX, ArchiveCipher
from dagster_project.landing.findings import Finding
from dagster_project.landing.masking import mask_finding
from dagster_project.landing.permissions import PRIVATE_FILE, private_dir
from dagster_project.landing.retention import write_delivery_record
from dagster_project.landing.source import LandingSource


def _copy_atomically(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copy2(source, partial)
    os.chmod(partial, PRIVATE_FILE)  # copy2 would keep the landing file's mode
    partial.replace(target)


def archive_delivery(
    path: Path, sha256: str, archive_dir: Path, cipher: ArchiveCipher | None = None, source: str | None = None
) -> Path:
    """Content-addressed copy: archive/<sha256>/<file name>. Re-delivering the same bytes is a no-op;
    a corrected re-delivery gets its own folder, so every version stays available. With a cipher (a source
    with personal data): archive/<sha256>/<file name>.fernet and delivery.json (when, for the retention)."""
    private_dir(archive_dir)
    if cipher is None:
        target = archive_dir / sha256 / path.name
        if not target.exists():
            _copy_atomically(path, target)
        return target
    target = archive_dir / sha256 / (path.name + ENCRYPTED_SUFFIX)
    if not target.exists():
        cipher.encrypt_file(path, target)
        write_delivery_record(target.parent, path.name, source or "", sha256)
    return target


def quarantine_delivery(
    path: Path,
    sha256: str,
    findings: list[Finding],
    quarantine_dir: Path,
    cipher: ArchiveCipher | None = None,
    source: str | None = None,
) -> Path:
    """quarantine/<file name>__<sha256 prefix>/ with the file (encrypted with a cipher), report.md and
    report.json."""
    folder = private_dir(quarantine_dir / f"{path.name}__{sha256[:12]}")
    if cipher is None and not (folder / path.name).exists():
        _copy_atomically(path, folder / path.name)
    elif cipher is not None and not (folder / (path.name + ENCRYPTED_SUFFIX)).exists():
        cipher.encrypt_file(path, folder / (path.name + ENCRYPTED_SUFFIX))
    _write_reports(folder, path.name, source, sha256, findings, cipher is not None)
    return folder


def _write_reports(
    folder: Path,
    file_name: str,
    source: str | None,
    sha256: str,
    findings: list[Finding],
    encrypted: bool,
    refused_at: str | None = None,
) -> None:
    """report.md for a person, report.json for tools (and for the retention: refused_at, source)."""
    refused_at = refused_at or datetime.now(UTC).isoformat(timespec="seconds")
    lines = [
        f"# Refused delivery: {file_name}",
        "",
        f"- sha256: `{sha256}`",
        f"- refused at: {refused_at}",
        "- the file in the landing folder was left as delivered; fix or replace it and run the pipeline again",
        *(
            [
                "- the file holds personal data: the copy here is encrypted and values below are masked; "
                "`run.py archive restore` decrypts it for whoever holds the archive key"
            ]
            if encrypted
            else []
        ),
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
                "file": file_name,
                "source": source,
                "sha256": sha256,
                "refused_at": refused_at,
                "encrypted": encrypted,
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


def encrypt_clear_copies(
    archive_dir: Path,
    quarantine_dir: Path,
    source: LandingSource,
    cipher: ArchiveCipher,
    known_columns: frozenset[str],
    unpacked_dir: Path | None = None,
) -> list[str]:
    """A warehouse of an earlier version kept clear copies of this source's deliveries (and zip archives
    holding them): encrypt them (the retention then counts from the clear copy's own date), mask the examples
    of their quarantine reports, and delete members an earlier version unpacked into the warehouse.
    Returns what was encrypted or deleted."""
    done = []
    for root in (archive_dir, quarantine_dir):
        for clear in sorted(root.glob("*/*")) if root.is_dir() else []:
            if not clear.is_file() or not _holds_deliveries_of(clear, source):
                continue
            encrypted = clear.with_name(clear.name + ENCRYPTED_SUFFIX)
            if not encrypted.exists():
                cipher.encrypt_file(clear, encrypted)
            copied_on = datetime.fromtimestamp(clear.stat().st_mtime, UTC)
            if root == archive_dir:
                write_delivery_record(clear.parent, clear.name, source.name, clear.parent.name, copied_on)
            else:
                _mask_quarantine_report(clear.parent, source.name, known_columns)
            clear.unlink()
            done.append(f"{root.name}/{clear.parent.name}/{clear.name}")
    for member in sorted(unpacked_dir.glob("*/*")) if unpacked_dir is not None and unpacked_dir.is_dir() else []:
        if member.is_file() and source.matches(member.name):
            member.unlink()  # the encrypted archive keeps the zip it came from
            done.append(f"{unpacked_dir.name}/{member.parent.name}/{member.name} (deleted)")
    return done


def _holds_deliveries_of(path: Path, source: LandingSource) -> bool:
    """The file is one of the source's deliveries, or a zip archive with one among its members."""
    if source.matches(path.name):
        return True
    if path.suffix.lower() != ".zip" or not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as bundle:
        return any(source.matches(PurePosixPath(name).name) for name in bundle.namelist())


def _mask_quarantine_report(folder: Path, source: str, known_columns: frozenset[str]) -> None:
    report_file = folder / "report.json"
    report = json.loads(report_file.read_text(encoding="utf-8")) if report_file.is_file() else {}
    findings = [
        mask_finding(
            Finding(
                file=f["file"] if "file" in f else report.get("file", folder.name),
                check=f["check"],
                message=f["message"],
                column=f.get("column"),
                rows=tuple(f.get("rows") or ()),
                examples=tuple(f.get("examples") or ()),
            ),
            known_columns,
        )
        for f in report.get("findings", [])
    ]
    _write_reports(
        folder,
        report.get("file", folder.name),
        source,
        report.get("sha256", ""),
        findings,
        True,
        report.get("refused_at"),
    )
