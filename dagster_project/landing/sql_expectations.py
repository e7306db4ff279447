"""Great Expectations suites executed where the data is: each expectation of a suite translated into one
DuckDB query over the staged table that returns the records failing it.

GX stays the declaration of every expectation and the source of every finding: the engine runs GX itself
on the few records these queries return (validation.py), so a finding's wording, line numbers and examples
are GX's own, and a record the query flags but GX accepts (a dialect difference) is not refused. An
expectation with no translation here runs in GX on the whole delivery, which is correct but slower.
"""

from __future__ import annotations

from collections.abc import Callable

from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.delimited import quote

Query = tuple[str, list]  # SQL selecting the _rid of failing records, and its parameters


def _not_null(table: str, kwargs: dict) -> Query:
    return f"select _rid from {table} where {quote(kwargs['column'])} is null", []


def _regex(table: str, kwargs: dict) -> Query:
    column = quote(kwargs["column"])
    # regexp_matches searches like GX's pandas implementation (re.search); the suites anchor with ^ and $.
    return f"select _rid from {table} where {column} is not null and not regexp_matches({column}, ?)", [kwargs["regex"]]


def _in_set(table: str, kwargs: dict) -> Query:
    column = quote(kwargs["column"])
    values = [str(v) for v in kwargs["value_set"]]
    return (
        f"select _rid from {table} where {column} is not null and not list_contains(?::varchar[], {column})",
        [values],
    )


def _unique(table: str, kwargs: dict) -> Query:
    column = quote(kwargs["column"])
    return (
        f"""select _rid from {table} where {column} in (
            select {column} from {table} where {column} is not null group by all having count(*) > 1)""",
        [],
    )


def _compound_unique(table: str, kwargs: dict) -> Query:
    columns = [quote(c) for c in kwargs["column_list"]]
    ignore = kwargs.get("ignore_row_if") or "all_values_are_missing"

    def considered(prefix: str) -> str:
        present = [f"{prefix}{c} is not null" for c in columns]
        if ignore == "any_value_is_missing":
            return " and ".join(present)
        if ignore == "all_values_are_missing":
            return "(" + " or ".join(present) + ")"
        return "true"

    key = ", ".join(columns)
    matches = " and ".join(f"t.{c} is not distinct from d.{c}" for c in columns)
    return (
        f"""select t._rid from {table} t join (
            select {key} from {table} where {considered("")} group by all having count(*) > 1) d on {matches}
            where {considered("t.")}""",
        [],
    )


def _strftime(table: str, kwargs: dict) -> Query:
    column = quote(kwargs["column"])
    return (
        f"select _rid from {table} where {column} is not null and try_strptime({column}, ?) is null",
        [kwargs["strftime_format"]],
    )


TRANSLATIONS: dict[str, Callable[[str, dict], Query]] = {
    "expect_column_values_to_not_be_null": _not_null,
    "expect_column_values_to_match_regex": _regex,
    "expect_column_values_to_be_in_set": _in_set,
    "expect_column_values_to_be_unique": _unique,
    "expect_compound_columns_to_be_unique": _compound_unique,
    "expect_column_values_to_match_strftime_format": _strftime,
}


def failing_records_query(expectation: Expectation, table: str, config=None) -> Query | None:
    """The query for one expectation, or None when it has no translation (or uses options such as
    `mostly` or a row condition that the translation does not model): GX then runs it itself. `config` is
    the expectation's configuration when the caller has read it already."""
    config = expectation.configuration if config is None else config
    kwargs = dict(config.kwargs)
    if kwargs.get("mostly") not in (None, 1, 1.0) or kwargs.get("row_condition"):
        return None
    translate = TRANSLATIONS.get(config.type)
    return translate(table, kwargs) if translate else None
