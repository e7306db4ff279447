"""Source freshness as asset checks on the raw tables, with a policy per source: how old the newest
delivery may be (Statbel publishes once a year) and, for period files, how far the newest period may lag
behind today. Severity WARN: stale data is reported, not blocked, because last year's figures are still
the right ones to publish until Statbel releases new ones."""

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
    max_period_lag_years: int | None  # None for sources without a period in the file name


POLICIES = {
    "tu_com_refnis": FreshnessPolicy(max_days_since_delivery=400, max_period_lag_years=None),
    "tf_soc_pop_struct": FreshnessPolicy(max_days_since_delivery=400, max_period_lag_years=2),
}
DEFAULT_POLICY = FreshnessPolicy(max_days_since_delivery=400, max_period_lag_years=None)


def evaluate_freshness(
    con: duckdb.DuckDBPyConnection, source: LandingSource, policy: FreshnessPolicy, today: date
) -> tuple[bool, str]:
    last_loaded, last_period = con.execute(
        f"select max(_loaded_at), max(_file_period) from raw.{source.name}"
    ).fetchone()
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
        + (
            f", newest period at most {policy.max_period_lag_years} years behind" if policy.max_period_lag_years else ""
        ),
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
