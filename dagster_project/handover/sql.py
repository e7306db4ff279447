"""`run.py sql`: a read-only query, or an interactive SQL shell, on the published copy.

    python3 run.py sql "select * from marts.dim_indicator"     one query, printed as a table
    python3 run.py sql                                          a shell: end a statement with ;
    python3 run.py sql --db warehouse/published/obmi_intern.duckdb "..."   another copy

The file is opened read-only, so the shell can run while a build replaces the publication and nothing
typed here can change it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import duckdb

from dagster_project.settings import load_settings

PROMPT, CONTINUATION = "obmi> ", "  ...> "


def run_query(con: duckdb.DuckDBPyConnection, query: str) -> None:
    relation = con.sql(query)
    if relation is None:
        return
    if sys.stdout.isatty():
        relation.show(max_rows=200, max_width=shutil.get_terminal_size().columns)
    else:
        # Piped into a file or another program: every column and many rows, no terminal to fit.
        relation.show(max_rows=100_000, max_width=100_000)


def shell(con: duckdb.DuckDBPyConnection, database: Path) -> int:
    print(f"Read-only SQL on {database}. End a statement with ; and leave with .quit or Ctrl+D.")
    print("Try: show all tables;  or  describe marts.fct_indicator_waarde;")
    buffer: list[str] = []
    while True:
        try:
            line = input(CONTINUATION if buffer else PROMPT)
        except EOFError:
            print()
            return 0
        if not buffer and line.strip() in {".quit", ".exit", "quit", "exit"}:
            return 0
        buffer.append(line)
        statement = "\n".join(buffer).strip()
        if statement.endswith(";"):
            buffer = []
            try:
                run_query(con, statement)
            except duckdb.Error as error:
                print(f"Error: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py sql", description="Read-only SQL on the published warehouse.")
    parser.add_argument("query", nargs="?", help="one SQL statement; without it an interactive shell starts")
    parser.add_argument("--db", type=Path, help="the DuckDB file (default: the open published copy)")
    args = parser.parse_args(argv)
    database = args.db or load_settings().published_db
    if not database.exists():
        print(f"{database} does not exist yet: build it first with `run.py demo` or `run.py build`.", file=sys.stderr)
        return 1
    con = duckdb.connect(str(database), read_only=True)
    try:
        if args.query:
            try:
                run_query(con, args.query)
            except duckdb.Error as error:
                print(f"Error: {error}", file=sys.stderr)
                return 1
            return 0
        return shell(con, database)
    finally:
        con.close()


if __name__ == "__main__":
    sys.exit(main())
