"""Where things live. Every path can be moved with an environment variable, so a city can point the
pipeline at its own landing folder and warehouse location without touching code."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt"

LANDING_DIR_ENV = "OBMI_LANDING_DIR"
WAREHOUSE_DIR_ENV = "OBMI_WAREHOUSE_DIR"

BUILD_DB_NAME = "obmi.duckdb"
PUBLISHED_DB_NAME = "obmi.duckdb"
INTERNAL_DB_NAME = "obmi_intern.duckdb"


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse_dir: Path

    @property
    def build_db(self) -> Path:
        """The working database: the only file the pipeline writes to (one writer at a time)."""
        return self.warehouse_dir / "build" / BUILD_DB_NAME

    @property
    def handover_dir(self) -> Path:
        """Validated records landing hands to raw (Parquet), deleted once loaded; inside the private build folder."""
        return self.build_db.parent / "handover"

    @property
    def archive_dir(self) -> Path:
        """Every delivered file, unchanged, stored under its sha256: nothing delivered is lost. A delivery with
        personal data is stored encrypted and kept for its retention period only (landing/retention.py)."""
        return self.warehouse_dir / "archive"

    @property
    def quarantine_dir(self) -> Path:
        """Refused deliveries with a readable report of why."""
        return self.warehouse_dir / "quarantine"

    @property
    def reports_dir(self) -> Path:
        """Data-quality reports of every build."""
        return self.warehouse_dir / "reports"

    @property
    def published_dir(self) -> Path:
        """The read-only copies for BI tools and notebooks, replaced atomically after a successful build."""
        return self.warehouse_dir / "published"

    @property
    def published_db(self) -> Path:
        """The open copy: every mart that may leave the organisation."""
        return self.published_dir / PUBLISHED_DB_NAME

    @property
    def internal_db(self) -> Path:
        """The internal copy: every mart, request-level data included."""
        return self.published_dir / INTERNAL_DB_NAME

    @property
    def unpacked_dir(self) -> Path:
        """Members of zipped deliveries, unpacked as published (never those of a source with personal data)."""
        return self.warehouse_dir / "unpacked"

    @property
    def logs_dir(self) -> Path:
        """Build logs and the purge log of the retention periods."""
        return self.warehouse_dir / "logs"

    @property
    def purge_log(self) -> Path:
        return self.logs_dir / "purge_log.jsonl"

    def private_dirs(self) -> tuple[Path, ...]:
        """Folders holding raw, archived or refused data: readable by the pipeline's account only."""
        return (self.build_db.parent, self.archive_dir, self.quarantine_dir, self.unpacked_dir, self.logs_dir)

    def secure_folders(self) -> None:
        """Create the warehouse's folders with least privilege (and tighten those of an older warehouse)."""
        from dagster_project.landing.permissions import make_private, make_readable, private_dir

        for folder in self.private_dirs():
            if folder.exists():
                make_private(folder)
            else:
                private_dir(folder)
        self.published_dir.mkdir(parents=True, exist_ok=True)
        make_readable(self.published_dir)
        make_readable(self.warehouse_dir)


def load_settings() -> Settings:
    """Read the settings at call time, so tests and CLI wrappers can set the environment first.

    dbt's profiles.yml reads the same OBMI_WAREHOUSE_DIR variable, so dbt and Dagster always agree on
    the database file.
    """
    landing = Path(os.environ.get(LANDING_DIR_ENV) or REPO_ROOT / "seeds")
    warehouse = Path(os.environ.get(WAREHOUSE_DIR_ENV) or REPO_ROOT / "warehouse")
    return Settings(landing_dir=landing.resolve(), warehouse_dir=warehouse.resolve())
