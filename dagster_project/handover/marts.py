"""The only place where the handover (report, exports, Swing, open data) reads the marts' columns.

Everything here runs against the OPEN published copy, opened read-only, so nothing internal can end up
in a report or an export. When a mart's columns change, this module is what to adapt.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

SCHEMA = "marts"
INDICATOR_FACT = "fct_indicator_waarde"
INDICATOR_DIM = "dim_indicator"

# Columns that say which period a row belongs to, in order of preference: used for "new periods since
# the previous publication". Dimensions have none.
PERIOD_COLUMNS = ("period", "reference_year", "boekjaar", "jaar", "created_date")

# The key indicators of a municipality page and the management workbook: the omgeving indicators, which
# every municipality has from Statbel's open data.
KEY_INDICATORS = (
    "bev_dichtheid",
    "bev_aandeel_0_17",
    "bev_aandeel_65_plus",
    "bev_aandeel_niet_belgen",
    "hh_gemiddelde_grootte",
    "hh_wagens_per_huishouden",
    "ink_per_inwoner",
    "ink_per_aangifte",
)
SPENDING_PREFIX = "fin_expl_uitg_inw_d"
REQUESTS_PREFIX = "meld_"


@contextmanager
def open_copy(published_db: Path):
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        yield con
    finally:
        con.close()


def published_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from duckdb_tables() where schema_name = ? order by table_name", [SCHEMA]
    ).fetchall()
    return [row[0] for row in rows]


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str | None]]:
    """(column, type, comment) in the table's order."""
    return con.execute(
        "select column_name, data_type, comment from duckdb_columns()"
        " where schema_name = ? and table_name = ? order by column_index",
        [SCHEMA, table],
    ).fetchall()


def table_comment(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    row = con.execute(
        "select comment from duckdb_tables() where schema_name = ? and table_name = ?", [SCHEMA, table]
    ).fetchone()
    return row[0] if row else None


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f'select count(*) from {SCHEMA}."{table}"').fetchone()[0]


def read_table(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    return con.execute(f'select * from {SCHEMA}."{table}"').df()


def relation(table: str) -> str:
    return f'{SCHEMA}."{table}"'


def periods(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The distinct periods a table holds (as text), from its first period column; [] for a dimension."""
    columns = {name for name, _, _ in table_columns(con, table)}
    column = next((c for c in PERIOD_COLUMNS if c in columns), None)
    if column is None:
        return []
    rows = con.execute(
        f'select distinct cast("{column}" as varchar) as p from {relation(table)}'
        f' where "{column}" is not null order by p'
    ).fetchall()
    return [row[0] for row in rows]


def municipalities(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Today's municipalities in the data: code, name, region, centrumstad or not, Brussels or not."""
    return con.execute(
        f"""
        select gemeente_nis_code, gemeente_name_nl, gewest_name_nl, is_centrumstad_today, is_brussels_gewest
        from {relation("dim_gemeente")}
        where is_current
        order by gemeente_nis_code
        """
    ).df()


def indicator_catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        f"select indicator_code, obmi_domein, name_nl, definition_nl, unit, source, licence"
        f" from {relation(INDICATOR_DIM)} order by indicator_code"
    ).df()


def municipal_indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every indicator value of a municipality and of the centrumsteden as one area (geografie_code
    'centrumsteden'), with its status and whether it is provisional."""
    return con.execute(
        f"""
        select f.indicator_code, f.geografie_niveau, f.geografie_code, f.period, f.value, f.unit,
               f.status, f.status_reden, f.is_voorlopig, f.centrumsteden_value, f.centrumsteden_index,
               f.centrumsteden_rang
        from {relation(INDICATOR_FACT)} f
        where f.geografie_niveau in ('gemeente', 'centrumsteden')
        order by f.indicator_code, f.geografie_code, f.period
        """
    ).df()


def brussels_comparison(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """For every value of a municipality of the Brussels-Capital Region: the region as one area in the
    same period (its value, status, reason and provisional flag) and the municipality's index against it.

    A left join, so a period the region has no row for stays, with an empty status: the report must be
    able to say that the region's value is missing, not leave the period out."""
    return con.execute(
        f"""
        select f.indicator_code, f.geografie_code, f.period, f.brussel_index,
               g.gewest_nis_code as gewest_code, r.value, r.status, r.status_reden, r.is_voorlopig
        from {relation(INDICATOR_FACT)} f
        join {relation("dim_gemeente")} g on f.geografie_code = g.gemeente_nis_code and g.is_current
        left join {relation(INDICATOR_FACT)} r
            on r.geografie_niveau = 'gewest' and r.geografie_code = g.gewest_nis_code
            and r.indicator_code = f.indicator_code and r.period = f.period
        where f.geografie_niveau = 'gemeente' and g.is_brussels_gewest
        order by f.indicator_code, f.geografie_code, f.period
        """
    ).df()


def yearly_indicator_values(con: duckdb.DuckDBPyConnection, geografie_niveau: str) -> pd.DataFrame:
    """Indicator values of one geography level for whole years only (period 'YYYY'), for Swing."""
    return con.execute(
        f"""
        select indicator_code, geografie_code, cast(period as integer) as period, value, status
        from {relation(INDICATOR_FACT)}
        where geografie_niveau = ? and regexp_full_match(period, '[0-9]{{4}}')
        order by period, geografie_code, indicator_code
        """,
        [geografie_niveau],
    ).df()


def population_pyramid(con: duckdb.DuckDBPyConnection, nis_code: str) -> pd.DataFrame:
    """Residents per year, sex and five-year age class of today's municipality (over the mergers)."""
    return con.execute(
        f"""
        select b.reference_year, b.geslacht_code, l.leeftijdsklasse_5j,
               min(l.leeftijdsklasse_5j_sort) as leeftijdsklasse_5j_sort, sum(b.bevolking_count) as bevolking_count
        from {relation("fct_bevolking")} b
        join {relation("dim_gemeente")} g using (gemeente_key)
        join {relation("dim_leeftijd")} l using (leeftijd)
        where g.huidige_gemeente_nis_code = ?
        group by b.reference_year, b.geslacht_code, l.leeftijdsklasse_5j
        order by b.reference_year, leeftijdsklasse_5j_sort, b.geslacht_code
        """,
        [nis_code],
    ).df()


def plan_goals(con: duckdb.DuckDBPyConnection, nis_code: str) -> pd.DataFrame:
    """Targets against actual values of the multi-year plan's indicators, with the goal's title."""
    return con.execute(
        f"""
        select f.doelstelling_code, d.doelstelling_titel, f.indicator_name_nl, f.unit, f.gewenste_evolutie,
               f.jaar, f.streefwaarde, f.realisatie, f.realisatie_status, f.is_streefwaarde_gehaald
        from {relation("fct_doelstelling_indicator")} f
        join {relation("dim_doelstelling")} d using (doelstelling_key)
        where f.gemeente_nis_code = ?
        order by f.doelstelling_code, f.indicator_name_nl, f.jaar
        """,
        [nis_code],
    ).df()
