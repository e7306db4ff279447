"""`run.py archive`: the encrypted archive of deliveries with personal data, for whoever holds its key.

    run.py archive new-key                  print a new key (put it in the file OBMI_ARCHIVE_KEY_FILE names)
    run.py archive list                     encrypted archive and quarantine copies, with their age
    run.py archive restore NAME --to DIR    decrypt a copy (file name or sha256 prefix) into DIR, owner-only
    run.py archive rotate                   re-encrypt every copy with the first key of the key file

Rotating a key: put the new key on the first line of the key file, keep the old one below it, run
`run.py archive rotate`, then remove the old line (and its backups). Standard library and `cryptography`
only: no Dagster or dbt start-up."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from cryptography.fernet import InvalidToken

from dagster_project.landing.encryption import ENCRYPTED_SUFFIX, KeyNotConfigured, archive_cipher, new_key
from dagster_project.landing.permissions import PRIVATE_FILE, private_dir
from dagster_project.landing.retention import DELIVERY_RECORD, QUARANTINE_RECORD
from dagster_project.settings import REPO_ROOT, Settings, load_settings

RESTORE_LOG = "restore_log.jsonl"  # in the warehouse's logs folder, beside the purge log


def encrypted_copies(settings: Settings) -> list[tuple[str, Path, dict]]:
    """(kind, encrypted file, record) of every encrypted archive and quarantine copy."""
    copies = []
    for kind, root, record_name in (
        ("archive", settings.archive_dir, DELIVERY_RECORD),
        ("quarantine", settings.quarantine_dir, QUARANTINE_RECORD),
    ):
        for encrypted in sorted(root.glob(f"*/*{ENCRYPTED_SUFFIX}")) if root.is_dir() else []:
            record_file = encrypted.parent / record_name
            record = json.loads(record_file.read_text(encoding="utf-8")) if record_file.is_file() else {}
            copies.append((kind, encrypted, record))
    return copies


def _cipher(settings: Settings):
    return archive_cipher({"the warehouse": settings.warehouse_dir, "the repository": REPO_ROOT})


def restore(settings: Settings, name: str, target_dir: Path) -> list[Path]:
    """Decrypt the copies whose file name or sha256 starts with `name` into target_dir; returns the files.
    The clear file must not land where the warehouse or the repository keeps things; every restore is logged
    (who, when, what, where) next to the purge log."""
    target_dir = target_dir.expanduser().resolve()
    for label, folder in (("the warehouse", settings.warehouse_dir), ("the repository", REPO_ROOT)):
        if target_dir == folder.resolve() or folder.resolve() in target_dir.parents:
            raise KeyNotConfigured(
                f"restore into {label} ({target_dir}) refused: clear personal data would sit beside the "
                "published or versioned files; choose a folder of your own"
            )
    cipher = _cipher(settings)
    matches = [
        (encrypted, record)
        for _kind, encrypted, record in encrypted_copies(settings)
        if record.get("file") == name or str(record.get("sha256", "")).startswith(name)
    ]
    if matches and not target_dir.exists():
        private_dir(target_dir)  # a folder of its own is made owner-only; an existing one is left as it is
    restored = []
    for encrypted, record in matches:
        target = target_dir / record.get("file", encrypted.name.removesuffix(ENCRYPTED_SUFFIX))
        content = cipher.decrypt_file(encrypted)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
        restored.append(target)
        _log_restore(settings, encrypted, record, target)
    return restored


def _log_restore(settings: Settings, encrypted: Path, record: dict, target: Path) -> None:
    entry = {
        "restored_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "by": getpass.getuser(),
        "copy": str(encrypted.relative_to(settings.warehouse_dir)),
        "file": record.get("file"),
        "sha256": record.get("sha256"),
        "to": str(target),
    }
    private_dir(settings.logs_dir)
    with (settings.logs_dir / RESTORE_LOG).open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")


def rotate(settings: Settings) -> tuple[int, list[Path]]:
    """Re-encrypt every copy with the first key. Returns (copies rotated, copies no key opens): a copy of a
    demo run's throwaway key, or of a key removed too early, is named, not a reason to stop half-way."""
    cipher = _cipher(settings)
    rotated, unreadable = 0, []
    for _kind, encrypted, _record in encrypted_copies(settings):
        try:
            cipher.rotate_file(encrypted)
            rotated += 1
        except InvalidToken:
            unreadable.append(encrypted)
    return rotated, unreadable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py archive", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("new-key", help="print a new archive key")
    commands.add_parser("list", help="list the encrypted copies")
    restore_parser = commands.add_parser("restore", help="decrypt a copy into a folder")
    restore_parser.add_argument("name", help="the delivered file name, or a prefix of its sha256")
    restore_parser.add_argument("--to", required=True, type=Path, help="folder to write the clear file to")
    commands.add_parser("rotate", help="re-encrypt every copy with the first key")
    arguments = parser.parse_args(argv)
    settings = load_settings()
    try:
        if arguments.command == "new-key":
            print(new_key())
        elif arguments.command == "list":
            now = datetime.now(UTC)
            for kind, encrypted, record in encrypted_copies(settings):
                stamp = record.get("archived_at") or record.get("refused_at")
                age = f"{(now - datetime.fromisoformat(stamp)).days} days" if stamp else "age unknown"
                print(f"{kind:10} {record.get('source', '?'):12} {record.get('file', encrypted.name)}  {age}")
        elif arguments.command == "restore":
            restored = restore(settings, arguments.name, arguments.to)
            if not restored:
                print(f"no encrypted copy named {arguments.name!r} (see `run.py archive list`)", file=sys.stderr)
                return 1
            for path in restored:
                print(f"restored {path} (clear personal data: delete it when done)")
        elif arguments.command == "rotate":
            rotated, unreadable = rotate(settings)
            print(f"re-encrypted {rotated} copies with the first key of the key file")
            for path in unreadable:
                print(f"  not opened by any key, left as it was: {path}", file=sys.stderr)
            return 1 if unreadable else 0
    except KeyNotConfigured as error:
        print(str(error), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
