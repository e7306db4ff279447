"""`run.py build`: the build on real data. The same Dagster job as the demo, with one guard: deliveries with
personal data (service requests) are not loaded until both their keys are configured, and no key is ever
made up for the run. OBMI_PSEUDONYMISATION_KEY keeps a reporter's pseudonym the same from one day's file to
the next (a throwaway key would give tomorrow's file other pseudonyms, which breaks every analysis across
days); the archive key encrypts the archived and quarantined files (landing/encryption.py)."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path, PurePosixPath

from dagster_project.landing.encryption import THROWAWAY_KEYS_ENV, KeyNotConfigured, archive_cipher
from dagster_project.settings import REPO_ROOT, load_settings
from dagster_project.sources import LANDING_SOURCES
from dagster_project.sources.stad.meldingen import KEY_ENV

__all__ = ["KEY_ENV", "main", "refusal"]


def _delivers(path: Path, sources) -> bool:
    """The file is a delivery of one of the sources, or a zip archive holding one."""
    if any(s.matches(path) for s in sources):
        return True
    if path.suffix.lower() != ".zip" or not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as bundle:
        return any(s.matches(PurePosixPath(name).name) for s in sources for name in bundle.namelist())


def refusal() -> str | None:
    """Why the build must not run, or None."""
    settings = load_settings()
    if not settings.landing_dir.is_dir():
        return None
    personal = [s for s in LANDING_SOURCES if s.personal_data is not None]
    deliveries = sorted(p.name for p in settings.landing_dir.iterdir() if _delivers(p, personal))
    if not deliveries:
        return None
    problems = [p for s in personal if s.configuration_problems for p in s.configuration_problems()]
    try:
        archive_cipher({"the warehouse": settings.warehouse_dir, "the repository": REPO_ROOT})
    except KeyNotConfigured as error:
        problems.append(str(error))
    if not problems:
        return None
    more = f" and {len(deliveries) - 1} more" if len(deliveries) > 1 else ""
    return (
        f"The landing folder {settings.landing_dir} holds personal data ({deliveries[0]}{more}), but:\n"
        + "".join(f"- {problem}\n" for problem in problems)
        + "Nothing was loaded. (`run.py demo` builds the sample data with throwaway keys.)"
    )


def main() -> int:
    os.environ.pop(THROWAWAY_KEYS_ENV, None)  # real data: keys are configured, never made up for the run
    reason = refusal()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    from dagster_project import demo

    return demo.main(throwaway_keys=False)


if __name__ == "__main__":
    sys.exit(main())
