"""What a delivery is checked against besides itself: the other deliveries in the landing folder and what
was loaded before. Made once per landing asset run, before any file is validated; a source that needs
another source's delivery (municipality codes from REFNIS) reads it through `files_of` and caches what it
derives by the file's identity, so the code list is read once however many files are checked against it."""

from dataclasses import dataclass, field
from pathlib import Path

from dagster_project.landing.raw_store import current_loads
from dagster_project.landing.source import LandingSource

# A delivery may shrink or grow by this factor against the previous one before it is refused as
# implausible (a truncated export, or a whole-country file where one city was expected).
PLAUSIBLE_ROW_FACTOR = 3
# Small deliveries (a day of service requests) vary naturally: judge plausibility only from this size on.
PLAUSIBLE_ROW_MINIMUM = 1000
ACCEPT_ROW_COUNT_CHANGE_ENV = "OBMI_ACCEPT_ROW_COUNT_CHANGE"


@dataclass(frozen=True)
class DeliveryContext:
    landing_dir: Path
    # Rows of the current load of each file of this source, by file name (empty on a new warehouse).
    previous_rows: dict[str, int] = field(default_factory=dict)
    # sha256 of the current load of each file: a file delivered again unchanged is not judged again.
    loaded_sha256: dict[str, str] = field(default_factory=dict)
    # The deliveries of every source in the landing folder (zip members unpacked), by source name.
    deliveries: dict[str, tuple[Path, ...]] = field(default_factory=dict)

    def files_of(self, source_name: str) -> tuple[Path, ...]:
        """Another source's deliveries, in name order (the newest period last)."""
        return self.deliveries.get(source_name, ())

    def expected_rows(self, file_name: str) -> int | None:
        """Rows the previous delivery of this file had, or else the median of the source's files."""
        if file_name in self.previous_rows:
            return self.previous_rows[file_name]
        counts = sorted(self.previous_rows.values())
        return counts[len(counts) // 2] if counts else None


def load_context(
    landing_dir: Path, build_db: Path, source: LandingSource, deliveries: dict[str, tuple[Path, ...]] | None = None
) -> DeliveryContext:
    loads = current_loads(build_db, source)
    return DeliveryContext(
        landing_dir=landing_dir,
        previous_rows={name: rows for name, (_sha256, rows) in loads.items()},
        loaded_sha256={name: sha256 for name, (sha256, _rows) in loads.items()},
        deliveries=deliveries or {},
    )
