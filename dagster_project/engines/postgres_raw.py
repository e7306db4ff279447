"""Copy the raw schema of a built DuckDB warehouse into PostgreSQL, so the dbt project can run there.

The landing and raw loaders (dagster_project/landing) write DuckDB only: one embedded file is the default
engine. A city that wants its warehouse on PostgreSQL today builds the DuckDB warehouse as usual, copies
its raw layer with this module and runs the unchanged dbt project against the `postgres` target:

    python3 run.py demo
    .venv/bin/python -m dagster_project.engines.postgres_raw
    cd dbt && DBT_TARGET_PATH=target-postgres ../.venv/bin/dbt build --target postgres --profiles-dir .

Every table of the `raw` schema (the audit table `_load_log` included) gets the same schema, table and
column names and mapped column types, and is filled with PostgreSQL's COPY from a CSV file that DuckDB
writes (unquoted empty field = NULL, quoted "" = empty text, as both engines read CSV). A table that already
has exactly those columns is emptied and refilled, so dbt's staging views on it stay in place for the daily
re-run; a table whose columns changed (a source gained a column) is dropped with the views that depend on
it (`cascade`) and recreated: the next `dbt build` recreates those views.
The connection settings are the dbt profile's: OBMI_PG_HOST, OBMI_PG_PORT, OBMI_PG_USER,
OBMI_PG_PASSWORD and OBMI_PG_DATABASE, with the same defaults (dbt/profiles.yml).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

import duckdb
import psycopg2
from psycopg2 import sql

from dagster_project.settings import load_settings

RAW_SCHEMA = "raw"

# DuckDB type (information_schema.columns.data_type) -> PostgreSQL type. Types outside this list are
# refused by name rather than guessed; the raw loader itself only writes VARCHAR, BIGINT, TIMESTAMP and
# BOOLEAN.
TYPE_MAP = {
    "VARCHAR": "text",
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric(38, 0)",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric(20, 0)",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP_S": "timestamp",
    "TIMESTAMP_MS": "timestamp",
    "TIMESTAMP_NS": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "INTERVAL": "interval",
    "UUID": "uuid",
    "JSON": "jsonb",
}
DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


def postgres_type(duckdb_type: str) -> str:
    """The PostgreSQL column type for a DuckDB column type, e.g. DECIMAL(18,2) -> numeric(18, 2)."""
    decimal = DECIMAL.fullmatch(duckdb_type)
    if decimal:
        return f"numeric({decimal.group(1)}, {decimal.group(2)})"
    if duckdb_type not in TYPE_MAP:
        raise ValueError(f"no PostgreSQL type for DuckDB type {duckdb_type}")
    return TYPE_MAP[duckdb_type]


def connect_from_env() -> psycopg2.extensions.connection:
    """A connection with the dbt profile's settings and defaults (dbt/profiles.yml, target postgres)."""
    return psycopg2.connect(
        host=os.environ.get("OBMI_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("OBMI_PG_PORT", "5432")),
        user=os.environ.get("OBMI_PG_USER", "postgres"),
        password=os.environ.get("OBMI_PG_PASSWORD", ""),
        dbname=os.environ.get("OBMI_PG_DATABASE", "obmi"),
    )


def _raw_tables(source: duckdb.DuckDBPyConnection, schema: str) -> dict[str, list[tuple[str, str]]]:
    rows = source.execute(
        """select columns.table_name, columns.column_name, columns.data_type
        from information_schema.columns as columns
        inner join information_schema.tables as tables
            on columns.table_catalog = tables.table_catalog
            and columns.table_schema = tables.table_schema
            and columns.table_name = tables.table_name
        where columns.table_catalog = current_database()
            and columns.table_schema = ?
            and tables.table_type = 'BASE TABLE'
        order by columns.table_name, columns.ordinal_position""",
        [schema],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


COLUMNS_OF = """select attname, format_type(atttypid, atttypmod) from pg_attribute
    where attrelid = to_regclass(%s) and attnum > 0 and not attisdropped order by attnum"""


def _prepare_table(cursor, schema: str, table: str, column_list: sql.Composable) -> None:
    """Empty the table when it already has exactly these columns, else (re)create it."""
    cursor.execute("drop table if exists pg_temp.obmi_raw_shape")
    cursor.execute(sql.SQL("create temporary table obmi_raw_shape ({})").format(column_list))
    cursor.execute(COLUMNS_OF, ["pg_temp.obmi_raw_shape"])
    wanted = cursor.fetchall()
    relation = sql.Identifier(schema, table)
    cursor.execute(COLUMNS_OF, [relation.as_string(cursor)])
    if cursor.fetchall() == wanted:
        cursor.execute(sql.SQL("truncate table {}").format(relation))
    else:
        cursor.execute(sql.SQL("drop table if exists {} cascade").format(relation))
        cursor.execute(sql.SQL("create table {} ({})").format(relation, column_list))


def copy_raw_schema(
    duckdb_path: Path, target: psycopg2.extensions.connection, schema: str = RAW_SCHEMA
) -> dict[str, int]:
    """Replace `schema` in PostgreSQL by a copy of the same schema of the DuckDB file, in one transaction.

    Returns the number of rows copied per table; raises when a table's row count differs afterwards.
    """
    source = duckdb.connect(str(duckdb_path), read_only=True)
    copied: dict[str, int] = {}
    try:
        source.execute("set TimeZone = 'UTC'")  # timestamptz text with offset +00, unambiguous for COPY
        tables = _raw_tables(source, schema)
        if not tables:
            raise ValueError(f"{duckdb_path} has no tables in schema {schema}")
        with tempfile.TemporaryDirectory(prefix="obmi_raw_") as scratch, target, target.cursor() as cursor:
            cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
            for table, columns in tables.items():
                relation = sql.Identifier(schema, table)
                column_list = sql.SQL(", ").join(
                    sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(postgres_type(data_type)))
                    for name, data_type in columns
                )
                _prepare_table(cursor, schema, table, column_list)

                csv_file = Path(scratch) / f"{table}.csv"
                duckdb_relation = f'"{schema}"."{table}"'
                quoted = ", ".join(f'"{name}"' for name, _ in columns)
                source.execute(
                    f"copy (select {quoted} from {duckdb_relation}) to '{csv_file.as_posix()}'"
                    " (format csv, header false, force_quote *)"
                )
                with csv_file.open(encoding="utf-8") as data:
                    cursor.copy_expert(sql.SQL("copy {} from stdin with (format csv)").format(relation), data)

                expected = source.execute(f"select count(*) from {duckdb_relation}").fetchone()[0]
                cursor.execute(sql.SQL("select count(*) from {}").format(relation))
                found = cursor.fetchone()[0]
                if found != expected:
                    raise RuntimeError(f"{schema}.{table}: copied {found} rows, DuckDB holds {expected}")
                copied[table] = found
    finally:
        source.close()
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duckdb",
        type=Path,
        default=load_settings().build_db,
        help="the built DuckDB warehouse (default: the pipeline's build database, $OBMI_WAREHOUSE_DIR/build)",
    )
    args = parser.parse_args(argv)
    connection = connect_from_env()
    try:
        copied = copy_raw_schema(args.duckdb, connection)
    finally:
        connection.close()
    for table, rows in copied.items():
        print(f"{RAW_SCHEMA}.{table}: {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
