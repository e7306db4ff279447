"""`run.py build`: the build on real data. The same Dagster job as the demo, with one guard: service
requests are not loaded until OBMI_PSEUDONYMISATION_KEY is configured. Without a configured key each run
makes a throwaway one (fine for the demo's sample files), and the same reporter would get another
pseudonym in tomorrow's file, which breaks every analysis across days."""

from __future__ import annotations

import os
import re
import sys

from dagster_project.settings import load_settings

KEY_ENV = "OBMI_PSEUDONYMISATION_KEY"
# Daily extracts of service requests in the landing folder (see dagster_project/sources/stad.py).
SERVICE_REQUEST_FILES = re.compile(r"meldingen_.*\.(csv|json)", re.IGNORECASE)


def refusal() -> str | None:
    """Why the build must not run, or None."""
    settings = load_settings()
    if os.environ.get(KEY_ENV) or not settings.landing_dir.is_dir():
        return None
    requests = sorted(p.name for p in settings.landing_dir.iterdir() if SERVICE_REQUEST_FILES.fullmatch(p.name))
    if not requests:
        return None
    return (
        f"The landing folder {settings.landing_dir} holds service requests ({requests[0]}"
        f"{f' and {len(requests) - 1} more' if len(requests) > 1 else ''}), but {KEY_ENV} is not set.\n"
        f"Set {KEY_ENV} to a secret of at least 16 characters, kept outside the warehouse and the repository, "
        "so a reporter keeps the same pseudonym from one day's file to the next; then run the build again.\n"
        "Nothing was loaded. (`run.py demo` builds the sample data with a throwaway key.)"
    )


def main() -> int:
    reason = refusal()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    from dagster_project import demo

    return demo.main()


if __name__ == "__main__":
    sys.exit(main())
