"""Judging a source's deliveries of one run: a file whose bytes are loaded already is not judged again, many
small files are cleared together (batch.py), the rest are judged one by one (validation.py), in worker
processes when there are many large ones (parallel.py), and a copy of an earlier file under another name is
refused."""

from __future__ import annotations

from pathlib import Path

from dagster_project.landing.batch import clear_in_batches
from dagster_project.landing.context import DeliveryContext
from dagster_project.landing.discovery import sha256_of
from dagster_project.landing.findings import Finding
from dagster_project.landing.handover import handover_path
from dagster_project.landing.parallel import validate_in_workers, worth_parallel
from dagster_project.landing.source import LandingSource
from dagster_project.landing.validation import FileValidation, validate_file


def duplicate_delivery_finding(file_name: str, first_with_same_content: str) -> Finding:
    """Two files with one content in a landing folder: the later one is a copy under another name."""
    return Finding(
        file=file_name,
        check="duplicate_delivery",
        message=f"identical content to {first_with_same_content}: a copy under another name",
    )


def validate_deliveries(
    files: list[Path], source: LandingSource, context: DeliveryContext | None = None, handover_dir: Path | None = None
) -> list[tuple[FileValidation, str]]:
    """Validate a source's deliveries of one run, in order, and refuse a file whose content an earlier one
    of them already has (a copy under another name). A file whose bytes are the current load is not judged
    again. Returns each validation with the file's sha256."""
    hashed = [(path, sha256_of(path)) for path in files]
    validations: dict[Path, FileValidation] = {}
    jobs, handed_over = [], set()
    for path, sha256 in hashed:
        if context is not None and context.loaded_sha256.get(path.name) == sha256:
            # Loaded before with exactly these bytes: accepted then, nothing to judge again. A daily feed of
            # years of files thus costs only its new day.
            validations[path] = FileValidation(path, context.previous_rows.get(path.name, 0), 0, [])
            continue
        handover = None
        if handover_dir is not None and sha256 not in handed_over:  # a copy is refused: no second hand-over
            handover = handover_path(handover_dir, source, sha256)
            handed_over.add(sha256)
        jobs.append((path, source, context, handover))
    cleared, jobs = clear_in_batches(jobs, source)
    validations.update((v.file, v) for v in cleared)
    workers = worth_parallel([job[0] for job in jobs])
    judged_files = validate_in_workers(jobs, workers) if workers else [validate_file(*job) for job in jobs]
    validations.update((v.file, v) for v in judged_files)
    judged, first_with_content = [], {}
    for path, sha256 in hashed:
        validation = validations[path]
        if sha256 in first_with_content:
            validation.findings.append(duplicate_delivery_finding(path.name, first_with_content[sha256]))
        first_with_content.setdefault(sha256, path.name)
        judged.append((validation, sha256))
    return judged
