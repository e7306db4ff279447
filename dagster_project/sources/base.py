"""What a landing source is: which files belong to it, how they are read and checked, and where they land
in the raw schema."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.expectations.expectation import Expectation


class LoadMode(Enum):
    # A full code list: the newest delivery replaces the whole raw table (older ones stay in the archive).
    SNAPSHOT = "snapshot"
    # One file per period: a delivery replaces the rows of the same file name and leaves the others.
    PER_FILE = "per_file"


@dataclass(frozen=True)
class LandingSource:
    name: str  # also the raw table name and the last part of the Dagster asset key
    description: str
    file_pattern: re.Pattern[str]  # matched against the file name, case-insensitive
    columns: tuple[str, ...]  # the exact header of the real publication, in order
    delimiter: str
    load_mode: LoadMode
    publisher_url: str
    # The value expectations run after the structure check (landing/validation.py adds the structure).
    value_suite: Callable[[], list[Expectation]]
    # How a delivery is read into a frame of text values; None means the delimited-text reader.
    reader: Callable[[Path, LandingSource], pd.DataFrame] | None = None
    # An optional source may have no delivery yet (a city that starts with some sources): its landing check
    # passes and its raw table stays empty. A required source without a file stops the run.
    optional: bool = False

    def matches(self, path: Path) -> bool:
        return self.file_pattern.fullmatch(path.name) is not None

    def period_of(self, path: Path) -> str | None:
        """The period a file covers, from its name (Statbel puts the year only in the file name)."""
        match = self.file_pattern.fullmatch(path.name)
        return match.groupdict().get("period") if match else None


def raw_column_name(publication_column: str) -> str:
    """Raw columns are lower-case ASCII so the same dbt SQL runs on DuckDB, PostgreSQL and Spark
    without quoting (PostgreSQL folds unquoted names to lower case)."""
    name = publication_column.strip().lower().replace("²", "2")
    return re.sub(r"[^0-9a-z]+", "_", name).strip("_")
