"""What a delivery is checked against besides itself: the other files in the landing folder and what was
loaded before. Read once per landing asset run, before any file is validated."""

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

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

    def expected_rows(self, file_name: str) -> int | None:
        """Rows the previous delivery of this file had, or else the median of the source's files."""
        if file_name in self.previous_rows:
            return self.previous_rows[file_name]
        counts = sorted(self.previous_rows.values())
        return counts[len(counts) // 2] if counts else None


def load_context(landing_dir: Path, build_db: Path, source_name: str) -> DeliveryContext:
    previous: dict[str, int] = {}
    if build_db.exists():
        con = duckdb.connect(str(build_db), read_only=True)
        try:
            has_log = con.execute(
                "select count(*) from duckdb_tables() where schema_name = 'raw' and table_name = '_load_log'"
            ).fetchone()[0]
            if has_log:
                previous = dict(
                    con.execute(
                        "select source_file, row_count from raw._load_log where source = ? and is_current",
                        [source_name],
                    ).fetchall()
                )
        finally:
            con.close()
    return DeliveryContext(landing_dir=landing_dir, previous_rows=previous)
