"""Landing and raw assets, one pair per source, plus the inventory of the landing folder.

landing/<source>: the source's deliveries, archived, validated by Great Expectations and sorted into
accepted and refused. A refused delivery is quarantined and fails the check `great_expectations_suite`
(severity ERROR) without holding back the other sources: they are loaded, built and published, while the
refused source keeps its previous load. A required source without any accepted delivery and nothing loaded
before stops the build at raw/<source>, with its own message.
raw/<source>: the accepted deliveries loaded into the raw schema, idempotently.
landing/inventory: every file in the landing folder that is no source's, named with the known sources.

A source with personal data (its PersonalData) is refused unread while its keys are not configured; its
archive and quarantine copies are encrypted and purged after their retention period, and its raw rows lose
their precise location after theirs (landing/retention.py); every purge goes to the purge log.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg

from dagster_project.landing.archive import archive_delivery, encrypt_clear_copies, quarantine_delivery
from dagster_project.landing.context import load_context
from dagster_project.landing.deliveries import validate_deliveries
from dagster_project.landing.discovery import LandingInventory, sha256_of, take_inventory, unknown_file_message
from dagster_project.landing.encryption import ArchiveCipher, KeyNotConfigured, archive_cipher
from dagster_project.landing.findings import Finding
from dagster_project.landing.handover import clear_handovers, handover_path
from dagster_project.landing.raw_store import DuckDBRawStore
from dagster_project.landing.retention import PURGE_BATCH_DAYS, PurgeLog, PurgeRecord, RetentionPolicy, purge_expired
from dagster_project.landing.source import LandingSource, LoadMode
from dagster_project.resources import WarehouseLocations
from dagster_project.settings import REPO_ROOT, Settings
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
    return take_inventory(settings.landing_dir, LANDING_SOURCES, settings.unpacked_dir)


def files_to_judge(inventory: LandingInventory, source: LandingSource):
    files = inventory.files_of(source)
    if source.load_mode is LoadMode.SNAPSHOT:
        return files[-1:]  # a code list is complete: only the newest delivery counts
    return files


def _as_delivered(inventory: LandingInventory, path: Path) -> tuple[Path, str]:
    """The file as it was delivered, with its sha256: a zip member is kept and quarantined as its archive."""
    delivered = inventory.containers.get(path, path)
    return delivered, sha256_of(delivered)


def _refused_archive_findings(
    inventory: LandingInventory, source: LandingSource, settings: Settings, cipher: ArchiveCipher | None
) -> tuple[list, list]:
    findings, quarantined = [], []
    personal = {s.name for s in LANDING_SOURCES if s.personal_data is not None}
    for refused in inventory.refused_archives:
        if source.name in refused.sources:
            if source.personal_data is None and personal & set(refused.sources):
                # It holds personal data: only that source's step keeps (encrypted) copies of it.
                findings += refused.findings
                continue
            sha256 = sha256_of(refused.path)
            archive_delivery(refused.path, sha256, settings.archive_dir, cipher, source.name)
            folder = quarantine_delivery(
                refused.path, sha256, list(refused.findings), settings.quarantine_dir, cipher, source.name
            )
            findings += refused.findings
            quarantined.append(str(folder))
    return findings, quarantined


def _configuration_problems(source: LandingSource, settings: Settings) -> tuple[list[str], ArchiveCipher | None]:
    """What keeps a source with personal data from being read (its keys), and its archive cipher."""
    if source.personal_data is None:
        return [], None
    problems = list(source.configuration_problems()) if source.configuration_problems else []
    try:
        cipher = archive_cipher({"the warehouse": settings.warehouse_dir, "the repository": REPO_ROOT})
    except KeyNotConfigured as error:
        problems.append(str(error))
        cipher = None
    return problems, cipher


def _purge_expired_copies(context, source: LandingSource, settings: Settings) -> list[PurgeRecord]:
    policy = RetentionPolicy.of(source)
    purged = purge_expired(settings.archive_dir, settings.quarantine_dir, policy, datetime.now(UTC))
    PurgeLog(settings.purge_log).append(purged)
    for record in purged:
        context.log.info(f"purged {record.what} ({record.file}): {record.why}")
    return purged


def _past_retention(context, source: LandingSource, settings: Settings, inventory: LandingInventory, files):
    """Files whose archive copy was purged after its retention and that are still in the landing folder: not
    archived or read again (that would restart the retention); the city is asked to remove them."""
    purged = PurgeLog(settings.purge_log).purged_archives(source.name)
    if not purged:
        return files
    kept = []
    for path in files:
        delivered, sha256 = _as_delivered(inventory, path)
        if sha256 in purged:
            context.log.warning(
                f"{delivered.name} is past its retention (its archive copy was purged on {purged[sha256][:10]}) "
                f"and still in the landing folder: remove it there; it is not read again"
            )
        else:
            kept.append(path)
    return kept


def _personal_data_upkeep(context, source, settings, cipher, inventory, files, metadata: dict) -> list:
    """Before a source with personal data is judged: encrypt what an earlier version kept in clear, purge
    what is past its retention, and leave out files whose archive copy was purged already. Returns the files
    to judge; what was done goes into `metadata`."""
    encrypted = encrypt_clear_copies(
        settings.archive_dir, settings.quarantine_dir, source, cipher, source.column_names(), settings.unpacked_dir
    )
    for copy in encrypted:
        context.log.info(f"{copy}: a clear copy of an earlier version, encrypted now")
    purged = _purge_expired_copies(context, source, settings)
    metadata["purged"] = [f"{r.what} ({r.file})" for r in purged]
    metadata["archive_key"] = cipher.origin
    return _past_retention(context, source, settings, inventory, files)


def _refused_unread(source: LandingSource, files: list, problems: list[str]) -> list[Finding]:
    text = "; ".join(problems) + ". The file was left in the landing folder, unread and not archived"
    if not files:
        return [Finding(file=f"landing/{source.name}", check="configuration", message=text)]
    return [Finding(file=p.name, check="configuration", message=text) for p in files]


def build_landing_asset(source: LandingSource) -> dg.AssetsDefinition:
    @dg.asset(
        key=landing_key(source),
        group_name="landing",
        description=f"Delivered files: {source.description} Publisher: {source.publisher_url}"
        + (
            " Holds personal data: archived and quarantined encrypted, purged after retention."
            if source.personal_data
            else ""
        ),
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
        problems, cipher = _configuration_problems(source, settings)
        personal = {}
        if source.personal_data is not None:
            personal = {"personal_data": RetentionPolicy.of(source).describe()}
        if problems:
            # Deleting what is past its retention needs no key: the purge runs all the same.
            purged = _purge_expired_copies(context, source, settings)
            personal["purged"] = [f"{r.what} ({r.file})" for r in purged]
            findings = _refused_unread(source, files, problems)
            yield from _landing_results(context, source, settings, files, findings, [], [], 0, {}, personal)
            return
        if source.personal_data is not None:
            files = _personal_data_upkeep(context, source, settings, cipher, inventory, files, personal)
        delivery_context = load_context(settings.landing_dir, settings.build_db, source, inventory.as_context_map())
        clear_handovers(settings.handover_dir, source)
        findings, quarantined = _refused_archive_findings(inventory, source, settings, cipher)
        accepted, rows = [], 0
        # For the check: expectations run, and files cleared together (landing/batch.py) rather than alone.
        counts = {"expectations_run": 0, "files_cleared_in_batches": 0}
        # Every file is archived while the files are judged (nothing delivered is lost), and before anything
        # is quarantined or reported. In a thread of its own: the judging runs mostly in DuckDB, which lets
        # the thread run meanwhile (encrypting two years of service requests takes about 8 s).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive") as archiving:
            archived = archiving.submit(_archive_all, inventory, files, settings, cipher, source)
            judged = validate_deliveries(files, source, delivery_context, settings.handover_dir)
            archived.result()
        for validation, sha256 in judged:
            counts["expectations_run"] += validation.expectations_run
            counts["files_cleared_in_batches"] += validation.in_batch
            if validation.findings:
                delivered, delivered_sha256 = _as_delivered(inventory, validation.file)
                folder = quarantine_delivery(
                    delivered, delivered_sha256, validation.findings, settings.quarantine_dir, cipher, source.name
                )
                quarantined.append(str(folder))
                findings += validation.findings
            else:
                handover = handover_path(settings.handover_dir, source, sha256)
                accepted.append(
                    {
                        "file": validation.file.name,
                        "path": str(validation.file),
                        "sha256": sha256,
                        "handover": str(handover) if handover.exists() else None,
                    }
                )
                rows += validation.rows
        yield from _landing_results(
            context, source, settings, files, findings, accepted, quarantined, rows, counts, personal
        )

    return _landing


def _archive_all(inventory: LandingInventory, files, settings: Settings, cipher, source: LandingSource) -> None:
    for path in files:
        archive_delivery(*_as_delivered(inventory, path), settings.archive_dir, cipher, source.name)


def _landing_results(context, source, settings, files, findings, accepted, quarantined, rows, counts, personal):
    for finding in findings:
        context.log.error(finding.describe())
    message = _check_message(source, settings, files, findings)
    yield dg.MaterializeResult(
        metadata={
            "files": [p.name for p in files],
            "accepted": accepted,
            "rows": rows,
            "quarantined": quarantined,
            **personal,
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
            "files_cleared_in_batches": counts.get("files_cleared_in_batches", 0),
            "expectations_run": counts.get("expectations_run", 0),
            "findings": dg.MetadataValue.md("\n".join(f"- {f.describe()}" for f in findings) or "none"),
            "quarantine": dg.MetadataValue.md("\n".join(f"- `{q}/report.md`" for q in quarantined) or "none"),
        },
    )


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
        deliveries = [
            (Path(d["path"]), d["sha256"], Path(d["handover"]) if d.get("handover") else None)
            for d in _accepted_deliveries(context, source)
        ]
        with DuckDBRawStore(locations.settings.build_db) as store:
            outcomes = store.load_all(source, deliveries)
            store.ensure_tables(source)
            cleared = _clear_expired_locations(context, source, store, locations.settings)
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
                **({"locations_cleared": cleared} if source.personal_data else {}),
            }
        )

    return _raw


def _clear_expired_locations(context, source: LandingSource, store: DuckDBRawStore, settings: Settings) -> int:
    """Past its location retention a raw row keeps its statistical sector, not its street and coordinates.
    Cleared in weekly batches (each clearing rewrites the build database): once a row is past the retention,
    every row within PURGE_BATCH_DAYS of it goes too."""
    if source.personal_data is None or not source.personal_data.location_columns:
        return 0
    policy = RetentionPolicy.of(source)
    now = datetime.now(UTC)
    limit = now - timedelta(days=policy.location_retention_days)
    if not store.located_rows_loaded_before(source, policy.location_columns, limit):
        return 0
    batch_limit = limit + timedelta(days=min(PURGE_BATCH_DAYS, policy.location_retention_days))
    cleared = store.clear_locations(source, policy.location_columns, batch_limit)
    record = PurgeRecord(
        what=f"raw.{source.name}: " + ", ".join(policy.location_columns),
        source=source.name,
        purged_at=now.isoformat(timespec="seconds"),
        why=f"precise location older than the retention of {policy.location_retention_days} days "
        f"(rows loaded before {batch_limit.date().isoformat()}); the statistical sector remains",
        rows=cleared,
    )
    PurgeLog(settings.purge_log).append([record])
    context.log.info(f"{record.what}: cleared on {cleared} rows; {record.why}")
    return cleared


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
