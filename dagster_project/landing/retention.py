"""Storage limitation (AVG art. 5.1.e), done by the build itself: the encrypted archive and quarantine copies
of a delivery with personal data are deleted once their retention period has passed, counted from the day
the warehouse archived (or refused) the file; the pseudonymised raw rows are then the lasting record. Every
purge is written to the purge log (what, when, why), a JSON Lines file a DPO can read.

A city sets its own periods and legal ground in the environment; the template's defaults are in each
source's PersonalData:
    OBMI_<SOURCE>_LEGAL_GROUND, OBMI_<SOURCE>_ARCHIVE_RETENTION_DAYS, OBMI_<SOURCE>_LOCATION_RETENTION_DAYS
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dagster_project.landing.permissions import private_dir
from dagster_project.landing.source import LandingSource, PersonalData

DELIVERY_RECORD = "delivery.json"  # next to an encrypted archive copy: which file, when archived
QUARANTINE_RECORD = "report.json"  # the quarantine report, with refused_at
# Precise locations are cleared in batches, so the build database is rewritten at most weekly: a location is
# kept at least (retention - PURGE_BATCH_DAYS) and never more than its retention.
PURGE_BATCH_DAYS = 7


@dataclass(frozen=True)
class RetentionPolicy:
    source: str
    personal_columns: tuple[str, ...]
    location_columns: tuple[str, ...]
    legal_ground: str
    archive_retention_days: int
    location_retention_days: int

    @classmethod
    def of(cls, source: LandingSource) -> RetentionPolicy:
        personal: PersonalData = source.personal_data
        prefix = f"OBMI_{source.name.upper()}_"

        def days(setting: str, default: int) -> int:
            value = os.environ.get(prefix + setting)
            if value is None or value.strip() == "":
                return default
            if not value.strip().isdigit():
                raise ValueError(f"{prefix}{setting} must be a whole number of days, not {value!r}")
            return int(value)

        return cls(
            source=source.name,
            personal_columns=personal.columns,
            location_columns=personal.location_columns,
            legal_ground=os.environ.get(prefix + "LEGAL_GROUND") or personal.legal_ground,
            archive_retention_days=days("ARCHIVE_RETENTION_DAYS", personal.archive_retention_days),
            location_retention_days=days("LOCATION_RETENTION_DAYS", personal.location_retention_days),
        )

    def describe(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class PurgeRecord:
    what: str  # the archive or quarantine folder, or the raw table and its columns
    source: str
    purged_at: str
    why: str
    file: str | None = None
    sha256: str | None = None
    rows: int | None = None


def write_delivery_record(
    folder: Path, file_name: str, source: str, sha256: str, archived_at: datetime | None = None
) -> None:
    record = {
        "file": file_name,
        "source": source,
        "sha256": sha256,
        "archived_at": (archived_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "encrypted": True,
    }
    (folder / DELIVERY_RECORD).write_text(json.dumps(record, indent=2), encoding="utf-8")


def _stamp(folder: Path, record_name: str, field: str) -> tuple[dict, datetime] | None:
    record_file = folder / record_name
    if not record_file.is_file():
        return None
    record = json.loads(record_file.read_text(encoding="utf-8"))
    return record, datetime.fromisoformat(record[field])


def expired_folders(archive_dir: Path, quarantine_dir: Path, policy: RetentionPolicy, now: datetime):
    """(folder, record, kind, when) of the source's archive and quarantine folders past the archive retention."""
    limit = now - timedelta(days=policy.archive_retention_days)
    places = (
        (archive_dir, DELIVERY_RECORD, "archived_at", "archive"),
        (quarantine_dir, QUARANTINE_RECORD, "refused_at", "quarantine"),
    )
    for root, record_name, field, kind in places:
        if not root.is_dir():
            continue
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            stamped = _stamp(folder, record_name, field)
            if stamped is None:
                continue
            record, when = stamped
            if record.get("source") == policy.source and record.get("encrypted") and when <= limit:
                yield folder, record, kind, when


def purge_expired(archive_dir: Path, quarantine_dir: Path, policy: RetentionPolicy, now: datetime) -> list[PurgeRecord]:
    """Delete the source's encrypted archive and quarantine copies past their retention; returns what went."""
    purged = []
    for folder, record, kind, when in list(expired_folders(archive_dir, quarantine_dir, policy, now)):
        shutil.rmtree(folder)
        purged.append(
            PurgeRecord(
                what=f"{kind}/{folder.name}",
                source=policy.source,
                purged_at=now.isoformat(timespec="seconds"),
                why=f"{kind} copy older than the retention of {policy.archive_retention_days} days "
                f"({kind}d {when.date().isoformat()}); the pseudonymised raw rows remain",
                file=record.get("file"),
                sha256=record.get("sha256"),
            )
        )
    return purged


class PurgeLog:
    """warehouse/logs/purge_log.jsonl: one line per purge, appended, never rewritten."""

    def __init__(self, path: Path):
        self.path = path

    def append(self, records: list[PurgeRecord]) -> None:
        if not records:
            return
        private_dir(self.path.parent)
        with self.path.open("a", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps({k: v for k, v in asdict(record).items() if v is not None}) + "\n")

    def entries(self) -> list[dict]:
        if not self.path.is_file():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def purged_archives(self, source: str) -> dict[str, str]:
        """sha256 -> when its archive copy was purged: such a file left in the landing folder is not archived
        again (that would restart its retention), and the build asks for it to be removed there."""
        return {
            e["sha256"]: e["purged_at"]
            for e in self.entries()
            if e.get("source") == source and e.get("sha256") and e["what"].startswith("archive/")
        }
