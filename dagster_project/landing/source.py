"""The contract between the landing engine and a dataset: which files belong to it, how they are read and
checked, how fresh they must be, and where they land in the raw schema. Each publisher's package
(dagster_project/sources/<publisher>/) defines one LandingSource per dataset; the engine knows nothing else
about any of them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    from great_expectations.expectations.expectation import Expectation

    from dagster_project.landing.batch import StagedBatch
    from dagster_project.landing.context import DeliveryContext
    from dagster_project.landing.findings import Finding


class LoadMode(Enum):
    # A full code list: the newest delivery replaces the whole raw table (older ones stay in the archive).
    SNAPSHOT = "snapshot"
    # One file per period: a delivery replaces the rows of the same file name and leaves the others.
    PER_FILE = "per_file"


@dataclass(frozen=True)
class FreshnessPolicy:
    """How far behind a source may fall before its freshness check warns, after its publication rhythm."""

    max_days_since_delivery: int
    max_period_lag_years: int | None  # None: the period is not judged (none, or not a year)
    rhythm: str  # why these limits: the publisher's rhythm, shown in the check's description
    # The raw column holding the period (a year) when the file name does not give it; None: _file_period.
    period_column: str | None = None


@dataclass(frozen=True)
class PersonalData:
    """What a source's deliveries hold about persons (AVG art. 4.1), and how long the warehouse may keep it.
    The defaults are the template's; a city sets its own in its register of processing activities and in
    the environment (OBMI_<SOURCE>_LEGAL_GROUND, _ARCHIVE_RETENTION_DAYS, _LOCATION_RETENTION_DAYS; see
    landing/retention.py). A source with personal data is archived and quarantined encrypted, its findings
    never quote a value, and its deliveries are refused while no archive key is configured."""

    # Published columns that identify a person: replaced by a pseudonym in the reader, never stored.
    columns: tuple[str, ...]
    # Published columns that locate the subject precisely (street, house number, coordinates): kept in raw
    # only for location_retention_days, then cleared (the statistical sector stays).
    location_columns: tuple[str, ...]
    legal_ground: str
    # How long the delivered file (encrypted, with the clear personal data) stays in the archive and in
    # quarantine, counted from the day it was archived; after that the pseudonymised raw rows are the record.
    archive_retention_days: int
    location_retention_days: int


# Statbel, ABB and the planning tool publish once a year: a yearly source may be 400 days old (a year plus
# a month's slack for a late release).
YEARLY_DAYS = 400


@dataclass(frozen=True)
class LandingSource:
    name: str  # also the raw table name and the last part of the Dagster asset keys landing/ and raw/
    description: str
    file_pattern: re.Pattern[str]  # matched against the file name, case-insensitive
    columns: tuple[str, ...]  # the exact header of the real publication, in order
    delimiter: str
    load_mode: LoadMode
    publisher_url: str
    # The value expectations run after the structure check (the engine adds the structure suite).
    value_suite: Callable[[], list[Expectation]]
    freshness: FreshnessPolicy
    # A required source must have a delivery in the landing folder; an optional one may be absent (a city
    # that does not publish service requests still builds the rest).
    required: bool = False
    # Expectations that need more than the file itself (codes from another source, the file's period).
    context_suite: Callable[[DeliveryContext, Path], list[Expectation]] | None = None
    # Years a file may cover, when the period comes from its name (earlier years used another layout).
    first_period: int | None = None
    # Integer columns: thousands separators are removed at reading (legitimate Excel form).
    integer_columns: tuple[str, ...] = ()
    # Published columns a delivery may leave out (data minimisation: a city that does not export the
    # reporter's name); the raw table still has them, empty.
    optional_columns: tuple[str, ...] = ()
    # How a delivery is read into a frame of text values; None means the engine's delimited-text reader,
    # which reads with DuckDB and never builds a frame in Python.
    reader: Callable[[Path, LandingSource], pd.DataFrame] | None = None
    # A faster way in than the reader's frame, straight into DuckDB (con, path, source, staged table name) ->
    # the header, or None where the reader must read the file after all (it then names what is wrong).
    stager: Callable[[duckdb.DuckDBPyConnection, Path, LandingSource, str], list[str] | None] | None = None
    # Many files staged as one table, for a source that delivers many small files (a daily extract):
    # (con, files, source, table name prefix) -> the staged batches (landing/batch.py) and the files left
    # out, those it cannot read cleanly or that its own table_checks might refuse. It never refuses a file:
    # what it leaves out is judged one by one.
    batch_stager: (
        Callable[[duckdb.DuckDBPyConnection, list[Path], LandingSource, str], tuple[list[StagedBatch], list[Path]]]
        | None
    ) = None
    # Checks a GX expectation on text values cannot express (timestamps with time zones in order, a code
    # that must exist elsewhere in the same file): the read frame and the file -> findings. They run with
    # the value suite, after the structure check passed.
    frame_checks: Callable[[pd.DataFrame, Path], list[Finding]] | None = None
    # The same kind of checks on the staged table (con, table, file) -> findings, for a source whose
    # deliveries are large enough that building a frame of them costs more than the check itself.
    table_checks: Callable[[duckdb.DuckDBPyConnection, str, Path], list[Finding]] | None = None
    # Judge the row count against the previous delivery only when that had at least this many rows; None
    # means the landing default (1,000: a day of service requests varies naturally). Sources whose count
    # is stable whatever the size (the statistical sectors of a city) set a lower bound.
    plausible_rows_from: int | None = None
    # Names a person may give a file of this source by mistake (a prefix before the pattern's own
    # variable part): a file that starts like this but does not match gets a hint naming the pattern.
    name_hint: str = ""
    # None: the deliveries hold no personal data (published statistics, the city's budget and plan).
    personal_data: PersonalData | None = None
    # What must be configured before a delivery can be read (a pseudonymisation key): problems, or [].
    # While there is one, the source's deliveries are refused unread and stay in the landing folder.
    configuration_problems: Callable[[], list[str]] | None = None
    # Run in the landing step's process before its deliveries are validated in worker processes
    # (parallel.py): puts per-run state the workers must share into the environment they inherit.
    worker_setup: Callable[[], None] | None = None

    def column_names(self) -> frozenset[str]:
        """Every column name a delivery may carry, personal ones included (findings may name these)."""
        personal = (*self.personal_data.columns, *self.personal_data.location_columns) if self.personal_data else ()
        return frozenset((*self.columns, *personal))

    def matches(self, path: Path | str) -> bool:
        return self.file_pattern.fullmatch(Path(path).name) is not None

    def period_of(self, path: Path | str) -> str | None:
        """The period a file covers, from its name (Statbel puts the year only in the file name)."""
        match = self.file_pattern.fullmatch(Path(path).name)
        if not match:
            return None
        period = match.groupdict().get("period")
        if period and re.fullmatch(r"\d{8}", period):  # meldingen_20250310: write it as an ISO date
            period = f"{period[:4]}-{period[4:6]}-{period[6:]}"
        return period


def raw_column_name(publication_column: str) -> str:
    """Raw columns are lower-case ASCII so the same dbt SQL runs on DuckDB, PostgreSQL and Spark
    without quoting (PostgreSQL folds unquoted names to lower case)."""
    name = publication_column.strip().lower().replace("²", "2")
    return re.sub(r"[^0-9a-z]+", "_", name).strip("_")
