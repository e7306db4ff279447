"""Source freshness as asset checks on the raw tables, with a policy per source that follows its
publication rhythm: how old the newest delivery may be and, for sources with a period, how far the newest
period may lag behind today. Severity WARN: stale data is reported, not blocked, because last year's
figures are still the right ones to publish until the publisher releases new ones.

The delivery's age is measured from when the pipeline first loaded it (raw `_loaded_at`), not from the
period it covers: a fresh build on the sample files, delivered "now", is fresh by that measure, while the
period lag compares the newest period (from the file name, or from a column such as CD_YEAR) with today.
A re-delivery with the same content is not loaded again, so it does not make a source look fresh."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import dagster as dg
import duckdb

from dagster_project.assets.landing import raw_key
from dagster_project.resources import WarehouseLocations
from dagster_project.sources import LANDING_SOURCES, LandingSource


@dataclass(frozen=True)
class FreshnessPolicy:
    max_days_since_delivery: int
    max_period_lag_years: int | None  # None: the period is not judged (none, or not a year)
    # The raw column holding the period (a year) when the file name does not give it; None: _file_period.
    period_column: str | None = None
    rhythm: str = ""  # why these limits: the publisher's rhythm, shown in the check's description


# Statbel publishes once a year (population on 1 January of year Y around mid-Y; income year Y in the
# summer of Y+2): a yearly source may be 400 days old (a year plus a month's slack for a late release).
YEARLY = 400
POLICIES = {
    "tu_com_refnis": FreshnessPolicy(YEARLY, None, rhythm="Statbel code list, republished yearly"),
    "tf_soc_pop_struct": FreshnessPolicy(YEARLY, 2, rhythm="Statbel, yearly; year Y published mid-Y"),
    "opendata_sectoren": FreshnessPolicy(YEARLY, 2, rhythm="Statbel, yearly; year Y published mid-Y"),
    "tf_car_hh_sector": FreshnessPolicy(
        YEARLY, 2, period_column="cd_year", rhythm="Statbel, yearly; the year is CD_YEAR, not always in the name"
    ),
    "tf_psnl_inc_tax_munty": FreshnessPolicy(
        YEARLY, 3, period_column="cd_year", rhythm="Statbel, yearly; income year Y published in Y+2"
    ),
    "bbc_dr_beleidsvelden": FreshnessPolicy(
        YEARLY, None, rhythm="ABB BBC-DR, exported after each yearly report (budget or annual accounts)"
    ),
    "meldingen": FreshnessPolicy(
        3, None, rhythm="the city's daily extract; 3 days allow a weekend or a one-day outage of the export"
    ),
    "meerjarenplan_doelstellingen": FreshnessPolicy(
        YEARLY, None, rhythm="the planning tool's export, at least at each yearly plan adjustment"
    ),
}
# A source added without a policy of its own (tests/test_reliability.py requires one for every source).
DEFAULT_POLICY = FreshnessPolicy(max_days_since_delivery=YEARLY, max_period_lag_years=None)


def evaluate_freshness(
    con: duckdb.DuckDBPyConnection, source: LandingSource, policy: FreshnessPolicy, today: date
) -> tuple[bool, str]:
    period = policy.period_column or "_file_period"
    last_loaded, last_period = con.execute(f"select max(_loaded_at), max({period}) from raw.{source.name}").fetchone()
    if last_loaded is None:
        return False, "no delivery loaded yet"
    age_days = (today - last_loaded.date()).days
    problems = []
    if age_days > policy.max_days_since_delivery:
        problems.append(f"newest delivery is {age_days} days old (policy: {policy.max_days_since_delivery})")
    if policy.max_period_lag_years is not None and last_period is not None:
        lag = today.year - int(last_period)
        if lag > policy.max_period_lag_years:
            problems.append(
                f"newest period is {last_period}, {lag} years behind (policy: {policy.max_period_lag_years})"
            )
    if problems:
        return False, "; ".join(problems)
    return True, f"newest delivery {age_days} days old, newest period {last_period or '-'}"


def build_freshness_check(source: LandingSource) -> dg.AssetChecksDefinition:
    policy = POLICIES.get(source.name, DEFAULT_POLICY)

    @dg.asset_check(
        asset=raw_key(source),
        name="freshness",
        description=f"Newest delivery at most {policy.max_days_since_delivery} days old"
        + (f", newest period at most {policy.max_period_lag_years} years behind" if policy.max_period_lag_years else "")
        + (f" ({policy.rhythm})" if policy.rhythm else ""),
    )
    def _freshness(locations: WarehouseLocations) -> dg.AssetCheckResult:
        con = duckdb.connect(str(locations.settings.build_db), read_only=True)
        try:
            passed, message = evaluate_freshness(con, source, policy, datetime.now(UTC).date())
        finally:
            con.close()
        return dg.AssetCheckResult(passed=passed, severity=dg.AssetCheckSeverity.WARN, description=message)

    return _freshness


freshness_checks = [build_freshness_check(s) for s in LANDING_SOURCES]
