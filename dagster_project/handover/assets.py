"""The handover as Dagster assets in the build job, downstream of the OPEN publication only: the exports
(Parquet, CSV, Excel, data dictionary, Power BI route, Swing, DCAT-AP Vlaanderen) and the HTML report.
Both read warehouse/published/obmi.duckdb, so nothing from the internal copy can leave through them."""

import time
from pathlib import Path

import dagster as dg

from dagster_project.assets.publish import OPEN
from dagster_project.handover import changes, dcat, exports, report, swing
from dagster_project.resources import WarehouseLocations
from dagster_project.settings import Settings

OPEN_PUBLICATION = dg.AssetKey(["published", OPEN.name])
WORKBOOK_NAME = "indicatoren_centrumsteden.xlsx"


def exports_dir(settings: Settings) -> Path:
    return settings.warehouse_dir / "exports"


def report_dir(settings: Settings) -> Path:
    return settings.warehouse_dir / "report"


def _size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 1_000_000, 2)


@dg.asset(
    key=dg.AssetKey(["handover", "exports"]),
    deps=[OPEN_PUBLICATION],
    group_name="handover",
    kinds={"parquet", "csv", "excel"},
    description="Exports of the open copy in warehouse/exports/: Parquet and Belgian-Excel CSV per mart, the "
    "management workbook, the data dictionary, the Power BI route, the Swing upload and DCAT-AP Vlaanderen metadata.",
)
def handover_exports(context: dg.AssetExecutionContext, locations: WarehouseLocations) -> dg.MaterializeResult:
    started = time.monotonic()
    settings = locations.settings
    published, out = settings.published_db, exports_dir(settings)
    marts_exported = exports.export_marts(published, out)
    exports.write_management_workbook(published, out / WORKBOOK_NAME)
    exports.write_data_dictionary(published, out, marts_exported)
    exports.write_powerbi_route(published, out)
    swing_files = swing.write_swing_upload(published, out / "swing")
    dcat.write_dcat(published, out)
    changed = changes.record_publication(published, out)
    seconds = round(time.monotonic() - started, 1)
    context.log.info(f"exported {len(marts_exported)} marts to {out} in {seconds} s")
    return dg.MaterializeResult(
        metadata={
            "path": str(out),
            "marts": len(marts_exported),
            "size_mb": _size_mb(out),
            "seconds": seconds,
            "swing_files": len(swing_files),
            "marts_changed": len(changed["tables"]),
        }
    )


@dg.asset(
    key=dg.AssetKey(["handover", "report"]),
    deps=[OPEN_PUBLICATION],
    group_name="handover",
    kinds={"html"},
    description="The city's monitor: a static, offline HTML report in Dutch (warehouse/report/index.html), one "
    "page per municipality of OBMI_REPORT_GEMEENTEN (default the centrumsteden and Brussels) and an overview.",
)
def handover_report(context: dg.AssetExecutionContext, locations: WarehouseLocations) -> dg.MaterializeResult:
    started = time.monotonic()
    settings = locations.settings
    result = report.write_report(settings.published_db, report_dir(settings))
    seconds = round(time.monotonic() - started, 1)
    if result.absent:
        context.log.warning(f"no data, so no page, for: {', '.join(result.absent)}")
    return dg.MaterializeResult(
        metadata={
            "index": dg.MetadataValue.path(str(result.index)),
            "pages": len(result.pages),
            "absent": ", ".join(result.absent) or "none",
            "size_mb": _size_mb(result.index.parent),
            "seconds": seconds,
        }
    )


handover_assets = [handover_exports, handover_report]
