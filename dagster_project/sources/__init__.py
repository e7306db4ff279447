"""The catalogue of landing sources: one line per dataset. Each publisher is a package named like its dbt
staging folder (statbel, abb, stad, planningstool), with one module per dataset holding its definition,
reader, expectation suites, frame checks and freshness policy.

Adding a source (handbook, chapter 12): write its module, add it to LANDING_SOURCES below, and add a dbt
staging folder with the source (schema raw, named after the publisher) and its staging model. Dagster
builds the landing and raw assets and the freshness check from this list."""

from dagster_project.landing.source import LandingSource
from dagster_project.sources.abb.bbc_beleidsveld_bedragen import BBC_DR_BELEIDSVELDEN
from dagster_project.sources.planningstool.doelstellingen import MEERJARENPLAN_DOELSTELLINGEN
from dagster_project.sources.stad.meldingen import MELDINGEN
from dagster_project.sources.statbel.bevolking_sector import SECTOR_POPULATION
from dagster_project.sources.statbel.bevolking_structuur import POPULATION_STRUCTURE
from dagster_project.sources.statbel.fiscale_inkomens import FISCAL_INCOME
from dagster_project.sources.statbel.huishoudens_sector import HOUSEHOLDS_CARS
from dagster_project.sources.statbel.refnis import REFNIS

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
]
