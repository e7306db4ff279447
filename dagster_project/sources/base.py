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

    from dagster_project.landing.context import DeliveryContext
    from dagster_project.landing.findings import Finding


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
    # A required source must have a delivery in the landing folder; an optional one may be absent (a city
    # that does not publish service requests still builds the rest).
    required: bool = False
    # Expectations that need more than the file itself (codes from another source, the file's period).
    context_suite: Callable[[DeliveryContext, Path], list[Expectation]] | None = None
    # Years a file may cover, when the period comes from its name (earlier years used another layout).
    first_period: int | None = None
    # Integer columns: thousands separators are removed at reading (legitimate Excel form).
    integer_columns: tuple[str, ...] = ()
    # How a delivery is read into a frame of text values; None means the delimited-text reader.
    reader: Callable[[Path, LandingSource], pd.DataFrame] | None = None
    # Checks a GX expectation on text values cannot express (timestamps with time zones in order, a code
    # that must exist elsewhere in the same file): the read frame and the file -> findings. They run with
    # the value suite, after the structure check passed.
    frame_checks: Callable[[pd.DataFrame, Path], list[Finding]] | None = None
    # Judge the row count against the previous delivery only when that had at least this many rows; None
    # means the landing default (1,000: a day of service requests varies naturally). Sources whose count
    # is stable whatever the size (the statistical sectors of a city) set a lower bound.
    plausible_rows_from: int | None = None

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
