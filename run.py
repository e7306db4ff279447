#!/usr/bin/env python3
"""One entry point for Linux, macOS and Windows, standard library only.

    python3 run.py demo    build the demo warehouse from the sample files (creates .venv and installs on first use)
    python3 run.py build   build from your own landing folder (OBMI_LANDING_DIR); needs OBMI_PSEUDONYMISATION_KEY
                           before it loads service requests
    python3 run.py sql     an interactive read-only SQL shell on the published copy; or one query:
                           python3 run.py sql "select * from marts.dim_indicator"
    python3 run.py dev     open the Dagster UI on http://127.0.0.1:3000 (run history in .dagster/)
    python3 run.py docs    serve the handbook on http://127.0.0.1:8000; `docs build` writes it to site/
    python3 run.py test    run the test suite (same set-up); `test -m "not slow"` is the fast tier
    python3 run.py bench   build a generated whole-country warehouse and time it (report in warehouse/bench/)
    python3 run.py archive the encrypted archive of personal data: `archive new-key`, `list`,
                           `restore NAME --to DIR`, `rotate` (needs OBMI_ARCHIVE_KEY_FILE)
    python3 run.py audit   play the attacker on the published copy's suppressed request counts (linear
                           programming): exit status 1 when a cell can be narrowed below k

On Windows use `py run.py demo` etc. Set-up is repeated only when pyproject.toml or constraints.txt
changed since the last install.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".obmi-install-stamp"
DAGSTER_HOME = ROOT / ".dagster"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - run.py may be started by any python3 on the machine
        sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}.")
    if not venv_python().exists():
        # Set-up messages go to stderr: `run.py archive new-key > file` must capture the key alone.
        print(f"Creating the virtual environment in {VENV} ...", file=sys.stderr, flush=True)
        venv.create(VENV, with_pip=True)
    fingerprint = install_fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    print(
        "Installing the project and its pinned dependencies (first run takes a few minutes) ...",
        file=sys.stderr,
        flush=True,
    )
    pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True, stdout=sys.stderr)
    subprocess.run([*pip, "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[dev]"], check=True, stdout=sys.stderr)
    STAMP.write_text(fingerprint)


def project_environment() -> dict[str, str]:
    env = dict(os.environ)
    DAGSTER_HOME.mkdir(exist_ok=True)
    dagster_yaml = DAGSTER_HOME / "dagster.yaml"
    if not dagster_yaml.exists():
        dagster_yaml.write_text("telemetry:\n  enabled: false\n")
    env.setdefault("DAGSTER_HOME", str(DAGSTER_HOME))
    # dbt and friends live in the venv: put it first on PATH even when it is not activated.
    env["PATH"] = str(venv_python().parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("DO_NOT_TRACK", "1")
    env.setdefault("GX_ANALYTICS_ENABLED", "False")
    return env


COMMANDS = {
    "demo": ["-m", "dagster_project.demo"],
    "build": ["-m", "dagster_project.handover.build"],
    "sql": ["-m", "dagster_project.handover.sql"],
    "dev": ["-m", "dagster", "dev", "-m", "dagster_project.definitions"],
    "docs": ["-m", "mkdocs"],
    "test": ["-m", "pytest"],
    "bench": ["scripts/benchmark_whole_country.py"],
    "archive": ["-m", "dagster_project.archive_cli"],
    "audit": ["-m", "tests.disclosure_audit"],
}
# What a subcommand does when given no arguments of its own.
DEFAULT_ARGUMENTS = {"docs": ["serve"]}
# Commands that load the Dagster definitions; `sql` and `docs` open neither dbt nor Dagster and start at once.
NEEDS_MANIFEST = {"demo", "build", "dev", "test", "bench"}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    ensure_environment()
    env = project_environment()
    if argv[0] in NEEDS_MANIFEST:
        # dbt's manifest, which the Dagster definitions read, is prepared here rather than when they are imported.
        subprocess.run([str(venv_python()), "-m", "dagster_project.dbt_manifest"], cwd=ROOT, env=env, check=True)
    if argv[0] == "dev" and not env.get("OBMI_LANDING_DIR"):
        # The UI on the sample files (invented persons): throwaway keys, as in the demo; never on real data.
        env.setdefault("OBMI_THROWAWAY_KEYS", "1")
    arguments = argv[1:] or DEFAULT_ARGUMENTS.get(argv[0], [])
    command = [str(venv_python()), *COMMANDS[argv[0]], *arguments]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
