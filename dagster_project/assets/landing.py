"""Landing and raw assets, one pair per source, plus the inventory of the landing folder.

landing/<source>: the source's deliveries, archived, validated by Great Expectations and sorted into
accepted and refused. A refused delivery is quarantined and fails the check `great_expectations_suite`
(severity ERROR) without holding back the other sources: they are loaded, built and published, while the
refused source keeps its previous load. A required source without any accepted delivery and nothing loaded
before stops the build at raw/<source>, with its own message.
raw/<source>: the accepted deliveries loaded into the raw schema, idempotently.
landing/inventory: every file in the landing folder that is no source's, named with the known sources.
"""

from pathlib import Path

import dagster as dg

from dagster_project.landing.archive import archive_delivery, quarantine_delivery
from dagster_project.landing.context import load_context
from dagster_project.landing.discovery import LandingInventory, sha256_of, take_inventory, unknown_file_message
from dagster_project.landing.findings import Finding
from dagster_project.landing.raw_store import DuckDBRawStore
from dagster_project.landing.source import LandingSource, LoadMode
from dagster_project.landing.validation import validate_deliveries
from dagster_project.resources import WarehouseLocations
from dagster_project.sources import LANDING_SOURCES

GX_CHECK_NAME = "great_expectations_suite"
UNKNOWN_FILES_CHECK = "only_known_sources"
INVENTORY_KEY = dg.AssetKey(["landing", "inventory"])


def landing_key(source: LandingSource) -> dg.AssetKey:
    return dg.AssetKey(["landing", source.name])


def raw_key(source: LandingSource) -> dg.AssetKey:
    # The translator maps dbt's source <publisher>.<table> to this key, which joins the lineage to the models.
    return dg.AssetKey(["raw", source.name])


def inventory_of(locations: WarehouseLocations) -> LandingInventory:
    settings = locations.settings
    return take_inventory(settings.landing_dir, LANDING_SOURCES, settings.warehouse_dir / "unpacked")


def files_to_judge(inventory: LandingInventory, source: LandingSource):
    files = inventory.files_of(source)
    if source.load_mode is LoadMode.SNAPSHOT:
        return files[-1:]  # a code list is complete: only the newest delivery counts
    return files


def _as_delivered(inventory: LandingInventory, path: Path) -> tuple[Path, str]:
    """The file as it was delivered, with its sha256: a zip member is kept and quarantined as its archive."""
    delivered = inventory.containers.get(path, path)
    return delivered, sha256_of(delivered)


def _refused_archive_findings(inventory: LandingInventory, source: LandingSource, settings) -> tuple[list, list]:
    findings, quarantined = [], []
    for refused in inventory.refused_archives:
        if source.name in refused.sources:
            sha256 = sha256_of(refused.path)
            archive_delivery(refused.path, sha256, settings.archive_dir)
            folder = quarantine_delivery(refused.path, sha256, list(refused.findings), settings.quarantine_dir)
            findings += refused.findings
            quarantined.append(str(folder))
    return findings, quarantined


def build_landing_asset(source: LandingSource) -> dg.AssetsDefinition:
    @dg.asset(
        key=landing_key(source),
        group_name="landing",
        description=f"Delivered files: {source.description} Publisher: {source.publisher_url}",
        kinds={"file"},
        check_specs=[
            dg.AssetCheckSpec(
                name=GX_CHECK_NAME,
                asset=landing_key(source),
                description="Great Expectations suite on every delivered file (structure, then values), with the "
                "source's frame checks (dates in order, parent codes). A refused file is quarantined; the other "
                "sources go on.",
            )
        ],
    )
    def _landing(context: dg.AssetExecutionContext, locations: WarehouseLocations):
        settings = locations.settings
        inventory = inventory_of(locations)
        files = files_to_judge(inventory, source)
        delivery_context = load_context(settings.landing_dir, settings.build_db, source, inventory.as_context_map())
        findings, quarantined = _refused_archive_findings(inventory, source, settings)
        accepted, rows, expectations_run = [], 0, 0
        for path in files:  # archived before anything else: nothing delivered is lost
            archive_delivery(*_as_delivered(inventory, path), settings.archive_dir)
        for validation, sha256 in validate_deliveries(files, source, delivery_context):
            expectations_run += validation.expectations_run
            if validation.findings:
                delivered, delivered_sha256 = _as_delivered(inventory, validation.file)
                folder = quarantine_delivery(delivered, delivered_sha256, validation.findings, settings.quarantine_dir)
                quarantined.append(str(folder))
                findings += validation.findings
            else:
                accepted.append({"file": validation.file.name, "path": str(validation.file), "sha256": sha256})
                rows += validation.rows
        for finding in findings:
            context.log.error(finding.describe())
        message = _check_message(source, settings, files, findings)
        yield dg.MaterializeResult(
            metadata={
                "files": [p.name for p in files],
                "accepted": accepted,
                "rows": rows,
                "quarantined": quarantined,
            }
        )
        yield dg.AssetCheckResult(
            check_name=GX_CHECK_NAME,
            passed=not findings and (bool(files) or not source.required),
            severity=dg.AssetCheckSeverity.ERROR,
            description=message,
            metadata={
                "files_validated": len(files),
                "files_refused": len(quarantined),
                "expectations_run": expectations_run,
                "findings": dg.MetadataValue.md("\n".join(f"- {f.describe()}" for f in findings) or "none"),
                "quarantine": dg.MetadataValue.md("\n".join(f"- `{q}/report.md`" for q in quarantined) or "none"),
            },
        )

    return _landing


def _check_message(source: LandingSource, settings, files: list, findings: list[Finding]) -> str:
    if findings:
        return "\n".join(f.describe() for f in findings)
    if not files:
        needed = "required" if source.required else "optional, nothing to load"
        return f"no file matching {source.file_pattern.pattern} in {settings.landing_dir} ({needed})"
    return f"{len(files)} file(s) passed"


def _accepted_deliveries(context: dg.AssetExecutionContext, source: LandingSource) -> list[dict]:
    """What this run's landing step accepted, from its materialization (the raw step never re-judges)."""
    event = context.instance.get_latest_materialization_event(landing_key(source))
    if event is None or event.run_id != context.run.run_id:
        raise dg.Failure(f"raw/{source.name} needs landing/{source.name} in the same run: select both")
    materialization = event.asset_materialization
    return list(materialization.metadata["accepted"].value)


def build_raw_asset(source: LandingSource) -> dg.AssetsDefinition:
    @dg.asset(
        key=raw_key(source),
        deps=[landing_key(source)],
        group_name="raw",
        description=f"Raw load of {source.name}: published columns as text plus audit columns.",
        kinds={"duckdb"},
    )
    def _raw(context: dg.AssetExecutionContext, locations: WarehouseLocations) -> dg.MaterializeResult:
        outcomes = []
        with DuckDBRawStore(locations.settings.build_db) as store:
            for delivery in _accepted_deliveries(context, source):
                outcomes.append(store.load(source, Path(delivery["path"]), delivery["sha256"]))
            store.ensure_tables(source)
            total = store.row_count(source)
        for outcome in outcomes:
            verb = "loaded" if outcome.loaded else "unchanged, skipped"
            context.log.info(f"{outcome.file} ({outcome.rows} rows, sha256 {outcome.sha256[:12]}): {verb}")
        if source.required and total == 0:
            raise dg.Failure(
                f"{source.name} is required and has no accepted delivery and no earlier load: deliver a valid "
                f"file matching {source.file_pattern.pattern} (see the quarantine report of landing/{source.name})"
            )
        return dg.MaterializeResult(
            metadata={
                "files_loaded": sum(o.loaded for o in outcomes),
                "rows_loaded": sum(o.rows for o in outcomes if o.loaded),
                "files_unchanged": sum(not o.loaded for o in outcomes),
                "raw_rows": int(total),
            }
        )

    return _raw


@dg.asset(
    key=INVENTORY_KEY,
    group_name="landing",
    description="Every file of the landing folder that belongs to no source, named in the run log and the "
    "data-quality report (never silently ignored).",
    kinds={"file"},
    check_specs=[dg.AssetCheckSpec(name=UNKNOWN_FILES_CHECK, asset=INVENTORY_KEY)],
)
def landing_inventory(context: dg.AssetExecutionContext, locations: WarehouseLocations):
    inventory = inventory_of(locations)
    messages = [unknown_file_message(u, LANDING_SOURCES) for u in inventory.unknown]
    for message in messages:
        context.log.warning(message)
    yield dg.MaterializeResult(
        metadata={
            "deliveries": {name: [p.name for p in paths] for name, paths in inventory.deliveries.items()},
            "unknown_files": [u.path.name for u in inventory.unknown],
        }
    )
    yield dg.AssetCheckResult(
        check_name=UNKNOWN_FILES_CHECK,
        passed=not messages,
        severity=dg.AssetCheckSeverity.WARN,
        description="\n".join(messages) or "every file in the landing folder belongs to a source",
    )


landing_assets = [build_landing_asset(s) for s in LANDING_SOURCES]
raw_assets = [build_raw_asset(s) for s in LANDING_SOURCES]
