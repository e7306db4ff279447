"""Landing and raw assets, one pair per source.

landing/<source>: the files delivered for the source, validated by Great Expectations. The validation
is a blocking asset check, so a bad delivery stops the run before anything reaches the warehouse.
raw/<source>: the validated files loaded into the raw schema, idempotently.
"""

import dagster as dg

from dagster_project.landing.archive import archive_delivery, quarantine_delivery
from dagster_project.landing.context import load_context
from dagster_project.landing.files import find_source_files, sha256_of
from dagster_project.landing.raw_store import connect, ensure_tables, load_frame
from dagster_project.landing.readers import read_delivery
from dagster_project.landing.validation import duplicate_delivery_finding, validate_file
from dagster_project.resources import WarehouseLocations
from dagster_project.sources import LANDING_SOURCES, LandingSource, LoadMode

GX_CHECK_NAME = "great_expectations_suite"


def landing_key(source: LandingSource) -> dg.AssetKey:
    return dg.AssetKey(["landing", source.name])


def raw_key(source: LandingSource) -> dg.AssetKey:
    # dagster-dbt maps dbt source raw.<table> to this key, which joins the lineage to the dbt models.
    return dg.AssetKey(["raw", source.name])


def files_to_load(locations: WarehouseLocations, source: LandingSource):
    files = find_source_files(locations.settings.landing_dir, source)
    if source.load_mode is LoadMode.SNAPSHOT:
        return files[-1:]  # a code list is complete: only the newest delivery counts
    return files


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
                blocking=True,
                description="Great Expectations suite on every delivered file (structure, then values), with the "
                "source's frame checks (dates in order, parent codes).",
            )
        ],
    )
    def _landing(context: dg.AssetExecutionContext, locations: WarehouseLocations):
        settings = locations.settings
        files = files_to_load(locations, source)
        delivery_context = load_context(settings.landing_dir, settings.build_db, source.name)
        validations, quarantined = [], []
        first_with_content: dict[str, str] = {}
        for path in files:
            sha256 = sha256_of(path)
            archive_delivery(path, sha256, settings.archive_dir)  # before anything else
            validation = validate_file(path, source, delivery_context)
            if sha256 in first_with_content:
                validation.findings.append(duplicate_delivery_finding(path.name, first_with_content[sha256]))
            first_with_content.setdefault(sha256, path.name)
            if validation.findings:
                folder = quarantine_delivery(path, sha256, validation.findings, settings.quarantine_dir)
                quarantined.append(str(folder))
            validations.append(validation)
        findings = [finding for v in validations for finding in v.findings]
        for finding in findings:
            context.log.error(finding.describe())
        missing = not files and source.required
        if not files:
            needed = "required" if source.required else "optional, nothing to load"
            message = f"no file matching {source.file_pattern.pattern} in {settings.landing_dir} ({needed})"
        elif findings:
            message = "\n".join(f.describe() for f in findings)
        else:
            message = f"{len(files)} file(s) passed"
        yield dg.MaterializeResult(
            metadata={
                "files": [p.name for p in files],
                "rows": sum(v.rows for v in validations),
                "quarantined": quarantined,
            }
        )
        yield dg.AssetCheckResult(
            check_name=GX_CHECK_NAME,
            passed=not missing and not findings,
            severity=dg.AssetCheckSeverity.ERROR,
            description=message,
            metadata={
                "files_validated": len(validations),
                "expectations_run": sum(v.expectations_run for v in validations),
                "findings": dg.MetadataValue.md("\n".join(f"- {f.describe()}" for f in findings) or "none"),
                "quarantine": dg.MetadataValue.md("\n".join(f"- `{q}/report.md`" for q in quarantined) or "none"),
            },
        )

    return _landing


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
        con = connect(locations.settings.build_db)
        try:
            ensure_tables(con, source)
            for path in files_to_load(locations, source):
                frame = read_delivery(path, source)
                outcomes.append(load_frame(con, source, path, sha256_of(path), frame))
            total = con.execute(f"select count(*) from raw.{source.name}").fetchone()[0]
        finally:
            con.close()  # release the single-writer lock before dbt starts
        for outcome in outcomes:
            verb = "loaded" if outcome.loaded else "unchanged, skipped"
            context.log.info(f"{outcome.file} ({outcome.rows} rows, sha256 {outcome.sha256[:12]}): {verb}")
        return dg.MaterializeResult(
            metadata={
                "files_loaded": sum(o.loaded for o in outcomes),
                "files_unchanged": sum(not o.loaded for o in outcomes),
                "raw_rows": int(total),
            }
        )

    return _raw


landing_assets = [build_landing_asset(s) for s in LANDING_SOURCES]
raw_assets = [build_raw_asset(s) for s in LANDING_SOURCES]
