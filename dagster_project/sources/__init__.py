"""The catalogue of landing sources. Adding a source: define a LandingSource (file pattern, published
columns, reader, GX value suite) in a module of this package, add it to LANDING_SOURCES, then add the dbt
source and its staging model. Dagster builds the landing and raw assets from this list."""

from dagster_project.sources.base import LandingSource, LoadMode, raw_column_name
from dagster_project.sources.statbel import POPULATION_STRUCTURE, REFNIS
from dagster_project.sources.statbel_omgeving import FISCAL_INCOME, HOUSEHOLDS_CARS, SECTOR_POPULATION

LANDING_SOURCES: tuple[LandingSource, ...] = (
    REFNIS,
    POPULATION_STRUCTURE,
    SECTOR_POPULATION,
    HOUSEHOLDS_CARS,
    FISCAL_INCOME,
)

__all__ = [
    "FISCAL_INCOME",
    "HOUSEHOLDS_CARS",
    "LANDING_SOURCES",
    "POPULATION_STRUCTURE",
    "REFNIS",
    "SECTOR_POPULATION",
    "LandingSource",
    "LoadMode",
    "raw_column_name",
]
