"""The catalogue of landing sources. Adding a source: define a LandingSource (file pattern, published
columns, reader, GX value suite) in a module of this package, add it to LANDING_SOURCES, then add the dbt
source and its staging model. Dagster builds the landing and raw assets from this list."""

from dagster_project.sources.abb import BBC_DR_BELEIDSVELDEN
from dagster_project.sources.base import LandingSource, LoadMode, raw_column_name
from dagster_project.sources.planning import MEERJARENPLAN_DOELSTELLINGEN
from dagster_project.sources.stad import MELDINGEN
from dagster_project.sources.statbel import POPULATION_STRUCTURE, REFNIS
from dagster_project.sources.statbel_omgeving import FISCAL_INCOME, HOUSEHOLDS_CARS, SECTOR_POPULATION

LANDING_SOURCES: tuple[LandingSource, ...] = (
    REFNIS,
    POPULATION_STRUCTURE,
    SECTOR_POPULATION,
    HOUSEHOLDS_CARS,
    FISCAL_INCOME,
    BBC_DR_BELEIDSVELDEN,
    MELDINGEN,
    MEERJARENPLAN_DOELSTELLINGEN,
)

__all__ = [
    "BBC_DR_BELEIDSVELDEN",
    "FISCAL_INCOME",
    "HOUSEHOLDS_CARS",
    "LANDING_SOURCES",
    "MEERJARENPLAN_DOELSTELLINGEN",
    "MELDINGEN",
    "POPULATION_STRUCTURE",
    "REFNIS",
    "SECTOR_POPULATION",
    "LandingSource",
    "LoadMode",
    "raw_column_name",
]
