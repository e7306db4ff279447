"""Least privilege on disk: what holds raw or archived data is readable by the owner only (the account that
runs the pipeline); the open published copy stays readable for BI. On Windows, where these mode bits do not
apply, the handbook (chapter 9) gives the folder permissions to set instead."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
READABLE_DIR = 0o755
READABLE_FILE = 0o644


def private_dir(path: Path) -> Path:
    """Create the folder (and its parents) if needed and make it owner-only."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR)
    return path


def write_private_bytes(target: Path, content: bytes) -> None:
    """Write owner-only, atomically (a partial file never carries the final name)."""
    private_dir(target.parent)
    partial = target.with_name(f".{target.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as out:
        out.write(content)
    os.chmod(partial, PRIVATE_FILE)  # an existing partial file keeps its old mode through os.open
    partial.replace(target)


def make_private(path: Path) -> None:
    """Owner-only for a file or a whole folder tree that exists already (a warehouse from an earlier version)."""
    if not path.exists():
        return
    if path.is_file():
        os.chmod(path, PRIVATE_FILE)
        return
    os.chmod(path, PRIVATE_DIR)
    for folder, subfolders, files in os.walk(path):
        for name in subfolders:
            os.chmod(Path(folder, name), PRIVATE_DIR)
        for name in files:
            os.chmod(Path(folder, name), PRIVATE_FILE)


def make_readable(path: Path) -> None:
    """Readable for every user of the machine (the open copy, for BI)."""
    os.chmod(path, READABLE_DIR if path.is_dir() else READABLE_FILE)
