"""Source freshness as asset checks on the raw tables, one per source, with the policy its definition
carries (dagster_project/sources/<publisher>/<dataset>.py). Severity WARN: stale data is reported, not
blocked, because last year's figures are still the right ones to publish until the publisher releases new
ones.

The delivery's age is measured from when the pipeline first loaded it (raw `_loaded_at`), not from the
period it covers: a fresh build on the sample files, delivered "now", is fresh by that measure, while the
period lag compares the newest period (from the file name, or from a column such as CD_YEAR) with today.
A re-delivery with the same content is not loaded again, so it does not make a source look fresh; a
delivery refused in this run makes the source behind, whatever its age."""

from datetime import UTC, date, datetime

import dagster as dg

from dagster_project.assets.landing import landing_key, raw_key
from dagster_project.landing.raw_store import DuckDBRawStore
from dagster_project.landing.source import FreshnessPolicy, LandingSource
from dagster_project.resources import WarehouseLocations
from dagster_project.sources import LANDING_SOURCES


def evaluate_freshness(
    facts: tuple[datetime | None, str | None], policy: FreshnessPolicy, today: date, refused: int = 0
) -> tuple[bool, str]:
    last_loaded, last_period = facts
    if last_loaded is None:
        return False, "no delivery loaded yet"
    age_days = (today - last_loaded.date()).days
    problems = []
    if refused:
        problems.append(f"{refused} newer delivery(ies) refused in this run: the warehouse keeps the previous load")
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


def _refused_in_run(context: dg.AssetCheckExecutionContext, source: LandingSource) -> int:
    event = context.instance.get_latest_materialization_event(landing_key(source))
    if event is None or event.run_id != context.run.run_id:
        return 0
    return len(event.asset_materialization.metadata["quarantined"].value)


def build_freshness_check(source: LandingSource) -> dg.AssetChecksDefinition:
    policy = source.freshness

    @dg.asset_check(
        asset=raw_key(source),
        name="freshness",
        description=f"Newest delivery at most {policy.max_days_since_delivery} days old"
        + (f", newest period at most {policy.max_period_lag_years} years behind" if policy.max_period_lag_years else "")
        + f" ({policy.rhythm})",
    )
    def _freshness(context: dg.AssetCheckExecutionContext, locations: WarehouseLocations) -> dg.AssetCheckResult:
        with DuckDBRawStore(locations.settings.build_db, read_only=True) as store:
            facts = store.freshness_facts(source, policy.period_column)
        passed, message = evaluate_freshness(facts, policy, datetime.now(UTC).date(), _refused_in_run(context, source))
        return dg.AssetCheckResult(passed=passed, severity=dg.AssetCheckSeverity.WARN, description=message)

    return _freshness


freshness_checks = [build_freshness_check(s) for s in LANDING_SOURCES]
