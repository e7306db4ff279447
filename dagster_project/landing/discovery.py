"""What is in the landing folder: each source's deliveries, zip archives opened as published, and every
other file named, never silently ignored.

A zip archive (Statbel publishes most files zipped) is kept as delivered; each member is validated and
loaded under its own name. An archive is refused as a whole when a member is not a file of a known source,
when a member's path would leave the folder, or when it expands absurdly (a zip bomb).

Members of a source with personal data are never unpacked into the warehouse: they go to an owner-only
temporary folder of the running process, removed when it ends (the encrypted archive keeps the zip)."""

from __future__ import annotations

import atexit
import functools
import hashlib
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from dagster_project.landing.findings import Finding
from dagster_project.landing.source import LandingSource

# A real Statbel zip compresses text about 10 to 30 times; far beyond this is a zip bomb, not a publication.
MAX_EXPANSION_RATIO = 200
# The whole-country population file is about 100 MB unzipped; an archive expanding beyond this is refused.
MAX_UNPACKED_BYTES = 4 * 1024**3
# Files a landing folder may hold besides deliveries without being reported (the folder's own notes).
IGNORED_NAMES = {"readme.md", "readme.txt", ".gitkeep", "desktop.ini", "thumbs.db", ".ds_store"}


@dataclass(frozen=True)
class RefusedArchive:
    path: Path
    findings: tuple[Finding, ...]
    sources: tuple[str, ...]  # the sources its members would have delivered (reported under each)


@dataclass(frozen=True)
class UnknownFile:
    path: Path
    hint: str  # empty, or the source whose file name this one almost has


@dataclass
class LandingInventory:
    deliveries: dict[str, list[Path]] = field(default_factory=dict)
    # A zip member's path -> the archive it came in (archived and quarantined as delivered).
    containers: dict[Path, Path] = field(default_factory=dict)
    refused_archives: list[RefusedArchive] = field(default_factory=list)
    unknown: list[UnknownFile] = field(default_factory=list)

    def files_of(self, source: LandingSource) -> list[Path]:
        return self.deliveries.get(source.name, [])

    def as_context_map(self) -> dict[str, tuple[Path, ...]]:
        return {name: tuple(paths) for name, paths in self.deliveries.items()}


_scratch: Path | None = None


def personal_scratch_dir() -> Path:
    """This process's owner-only temporary folder for unpacked personal data (mkdtemp makes it 0700)."""
    global _scratch
    if _scratch is None or not _scratch.exists():
        _scratch = Path(tempfile.mkdtemp(prefix="obmi-personal-"))
        atexit.register(shutil.rmtree, _scratch, True)
    return _scratch


def sha256_of(path: Path) -> str:
    """The file's sha256, hashed once per process for as long as the file is unchanged: the archive and the
    validation of one run both need it (a whole-country folder is 1.3 GB to hash)."""
    status = path.stat()
    return _sha256_of(path.resolve(), status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


@functools.lru_cache(maxsize=4096)
def _sha256_of(path: Path, size: int, mtime_ns: int, ctime_ns: int, inode: int) -> str:
    # Size, times and inode are the cache key: a file written again is hashed again, even by a tool that
    # restores its modification time (the change time cannot be set back).
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _source_of(name: str, sources: tuple[LandingSource, ...]) -> LandingSource | None:
    return next((s for s in sources if s.matches(name)), None)


def _hint(name: str, sources: tuple[LandingSource, ...]) -> str:
    lowered = name.lower()
    for source in sources:
        if source.name_hint and lowered.startswith(source.name_hint.lower()):
            return f"the name looks like {source.name} but does not match its pattern {source.file_pattern.pattern}"
    return ""


def _archive_findings(archive: Path, members: list[zipfile.ZipInfo], sources) -> list[Finding]:
    findings = []
    for member in members:
        parts = PurePosixPath(member.filename.replace("\\", "/")).parts
        if member.filename.startswith(("/", "\\")) or ".." in parts or (parts and parts[0].endswith(":")):
            findings.append(
                Finding(
                    file=archive.name, check="zip_path", message=f"member {member.filename!r} would leave the folder"
                )
            )
        elif _source_of(PurePosixPath(member.filename).name, sources) is None:
            findings.append(
                Finding(
                    file=archive.name,
                    check="zip_member",
                    message=f"member {member.filename!r} is not a file of a known source; deliver only the "
                    "publication's own files in the archive",
                )
            )
    member_sources = {
        s.name: s for m in members if (s := _source_of(PurePosixPath(m.filename).name, sources)) is not None
    }.values()
    if any(s.personal_data for s in member_sources) and len(member_sources) > 1:
        # Its archived copy could not be both encrypted (for the personal data) and plain (for the rest).
        findings.append(
            Finding(
                file=archive.name,
                check="zip_personal_data",
                message="mixes a source with personal data ("
                + ", ".join(sorted(s.name for s in member_sources if s.personal_data))
                + ") with other sources: deliver it in an archive of its own",
            )
        )
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 10 * 1024**2 and unpacked / packed > MAX_EXPANSION_RATIO):
        findings.append(
            Finding(
                file=archive.name,
                check="zip_bomb",
                message=f"expands to {unpacked:,} bytes from {packed:,} (ratio {unpacked / packed:.0f}): "
                "not a publication; refused unread",
            )
        )
    return findings


def _open_archive(archive: Path, sources, unpack_dir: Path, inventory: LandingInventory) -> None:
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [m for m in zipped.infolist() if not m.is_dir()]
            findings = _archive_findings(archive, members, sources)
            matched = tuple(
                dict.fromkeys(
                    s.name for m in members if (s := _source_of(PurePosixPath(m.filename).name, sources)) is not None
                )
            )
            if findings or not members:
                findings = findings or [Finding(file=archive.name, check="zip_member", message="the archive is empty")]
                inventory.refused_archives.append(RefusedArchive(archive, tuple(findings), matched))
                return
            archive_sha256 = sha256_of(archive)
            for member in members:
                name = PurePosixPath(member.filename).name
                source = _source_of(name, sources)
                target_dir = (personal_scratch_dir() if source.personal_data else unpack_dir) / archive_sha256
                target = target_dir / name
                if not target.exists():
                    target_dir.mkdir(parents=True, exist_ok=True)
                    partial = target.with_name(f".{name}.partial")
                    with zipped.open(member) as source_bytes, partial.open("wb") as out:
                        shutil.copyfileobj(source_bytes, out, 1 << 20)
                    partial.replace(target)
                inventory.deliveries.setdefault(source.name, []).append(target)
                inventory.containers[target] = archive
    except zipfile.BadZipFile as error:
        finding = Finding(file=archive.name, check="zip", message=f"not a readable zip archive ({error})")
        inventory.refused_archives.append(RefusedArchive(archive, (finding,), ()))


def take_inventory(landing_dir: Path, sources: tuple[LandingSource, ...], unpack_dir: Path) -> LandingInventory:
    """Sort every file of the landing folder: deliveries per source (in name order, so periods load in
    order), zip members unpacked into `unpack_dir`, refused archives, and files that are no source's."""
    inventory = LandingInventory()
    if not landing_dir.is_dir():
        return inventory
    for path in sorted(landing_dir.iterdir()):
        if path.name.lower() in IGNORED_NAMES or path.name.startswith("."):
            continue
        if path.is_dir():
            inventory.unknown.append(UnknownFile(path, "a folder: the landing folder is read without its subfolders"))
            continue
        source = _source_of(path.name, sources)
        if source is not None:
            inventory.deliveries.setdefault(source.name, []).append(path)
        elif path.suffix.lower() == ".zip":
            _open_archive(path, sources, unpack_dir, inventory)
        else:
            inventory.unknown.append(UnknownFile(path, _hint(path.name, sources)))
    for paths in inventory.deliveries.values():
        paths.sort(key=lambda p: p.name)
    return inventory


def unknown_file_message(unknown: UnknownFile, sources: tuple[LandingSource, ...]) -> str:
    known = ", ".join(s.name for s in sources)
    text = f"{unknown.path.name}: not a source of this warehouse"
    if unknown.hint:
        text += f" ({unknown.hint})"
    return f"{text}; known sources: {known}"
