"""Finding a source's files in the landing folder and fingerprinting them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dagster_project.sources.base import LandingSource


def find_source_files(landing_dir: Path, source: LandingSource) -> list[Path]:
    """The source's files in the landing folder, in name order (so periods load in order)."""
    if not landing_dir.is_dir():
        return []
    return sorted(p for p in landing_dir.iterdir() if p.is_file() and source.matches(p))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
