"""Dagster resources: where the landing folder and the warehouse are."""

from pathlib import Path

import dagster as dg

from dagster_project.settings import Settings, load_settings


class WarehouseLocations(dg.ConfigurableResource):
    """Paths of the landing folder and the warehouse folder (defaults from OBMI_* environment variables)."""

    landing_dir: str
    warehouse_dir: str

    @classmethod
    def from_environment(cls) -> "WarehouseLocations":
        settings = load_settings()
        return cls(landing_dir=str(settings.landing_dir), warehouse_dir=str(settings.warehouse_dir))

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # Least privilege before any step writes: raw, archive, quarantine and logs owner-only.
        self.settings.secure_folders()

    @property
    def settings(self) -> Settings:
        return Settings(landing_dir=Path(self.landing_dir), warehouse_dir=Path(self.warehouse_dir))
