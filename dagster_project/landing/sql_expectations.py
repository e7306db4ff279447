"""Great Expectations suites executed where the data is: each expectation of a suite translated into DuckDB
SQL over the staged table that finds the records failing it.

GX stays the declaration of every expectation and the source of every finding: the engine runs GX itself
on the few records these queries return (validation.py), so a finding's wording, line numbers and examples
are GX's own, and a record the query flags but GX accepts (a dialect difference) is not refused. An
expectation with no translation here runs in GX on the whole delivery, which is correct but slower.

Most expectations judge one record at a time (a value present, of a form, in a set): those become a
condition on a record, and a suite's conditions are judged together in one scan of the table
(failing_records_scan). A uniqueness compares records with each other and keeps a query of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.delimited import quote

Query = tuple[str, list]  # SQL selecting the _rid of failing records, and its parameters
Condition = tuple[str, list]  # SQL true for a failing record of the staged table `t`, and its parameters


def _not_null(kwargs: dict) -> Condition:
    return f"t.{quote(kwargs['column'])} is null", []


def _regex(kwargs: dict) -> Condition:
    column = "t." + quote(kwargs["column"])
    # regexp_matches searches like GX's pandas implementation (re.search); the suites anchor with ^ and $.
    return f"({column} is not null and not regexp_matches({column}, ?))", [kwargs["regex"]]


def _in_set(kwargs: dict) -> Condition:
    column = "t." + quote(kwargs["column"])
    values = [str(v) for v in kwargs["value_set"]]
    return f"({column} is not null and not list_contains(?::varchar[], {column}))", [values]


def _strftime(kwargs: dict) -> Condition:
    column = "t." + quote(kwargs["column"])
    return f"({column} is not null and try_strptime({column}, ?) is null)", [kwargs["strftime_format"]]


RECORD_CONDITIONS: dict[str, Callable[[dict], Condition]] = {
    "expect_column_values_to_not_be_null": _not_null,
    "expect_column_values_to_match_regex": _regex,
    "expect_column_values_to_be_in_set": _in_set,
    "expect_column_values_to_match_strftime_format": _strftime,
}


def _compound_unique(table: str, kwargs: dict, part: str | None) -> str:
    columns = [quote(c) for c in kwargs["column_list"]]
    ignore = kwargs.get("ignore_row_if") or "all_values_are_missing"

    def considered(prefix: str) -> str:
        present = [f"{prefix}{c} is not null" for c in columns]
        if ignore == "any_value_is_missing":
            return " and ".join(present)
        if ignore == "all_values_are_missing":
            return "(" + " or ".join(present) + ")"
        return "true"

    # With `part` (the column naming each record's file, when many deliveries are judged in one table), a
    # key need only be unique within its file: the file is part of the key.
    keys = [*([quote(part)] if part else []), *columns]
    matches = " and ".join(f"t.{c} is not distinct from d.{c}" for c in keys)
    return f"""from {table} t join (
            select {", ".join(keys)} from {table} where {considered("")} group by all having count(*) > 1) d
            on {matches}
            where {considered("t.")}"""


def _unique(table: str, kwargs: dict, part: str | None) -> str:
    return _compound_unique(table, {"column_list": [kwargs["column"]], "ignore_row_if": "any_value_is_missing"}, part)


COMPARISONS: dict[str, Callable[[str, dict, str | None], str]] = {
    "expect_column_values_to_be_unique": _unique,
    "expect_compound_columns_to_be_unique": _compound_unique,
}


def _translatable(config) -> dict | None:
    """The expectation's arguments, or None when it uses options the translations do not model (`mostly`,
    a row condition): GX then runs it itself."""
    kwargs = dict(config.kwargs)
    if kwargs.get("mostly") not in (None, 1, 1.0) or kwargs.get("row_condition"):
        return None
    return kwargs


def record_condition(expectation: Expectation, config=None) -> Condition | None:
    """The condition a failing record meets, for an expectation that judges one record at a time; else None.
    `config` is the expectation's configuration when the caller has read it already."""
    config = expectation.configuration if config is None else config
    kwargs = _translatable(config)
    translate = RECORD_CONDITIONS.get(config.type)
    return translate(kwargs) if kwargs is not None and translate else None


def failing_records_query(expectation: Expectation, table: str, config=None, part: str | None = None) -> Query | None:
    """The query for one expectation, or None when it has no translation: GX then runs it itself.

    With `part`, the table holds many deliveries, that column naming each record's file: the query returns
    the files with a failing record (distinct), and a uniqueness is judged within each file."""
    config = expectation.configuration if config is None else config
    selected = "t._rid" if part is None else f"distinct t.{quote(part)}"
    condition = record_condition(expectation, config)
    if condition is not None:
        return f"select {selected} from {table} t where {condition[0]}", condition[1]
    kwargs = _translatable(config)
    compare = COMPARISONS.get(config.type)
    if kwargs is None or compare is None:
        return None
    return f"select {selected} {compare(table, kwargs, part)}", []


def failing_records_scan(conditions: list[Condition], table: str, part: str | None = None) -> Query:
    """One scan for many record conditions. Without `part`: each failing record's _rid and, per condition,
    whether it fails it. With `part`: the files (that column) with a record failing any of them."""
    where = " or ".join(f"coalesce({sql}, false)" for sql, _ in conditions)
    where_parameters = [p for _, parameters in conditions for p in parameters]
    if part is not None:
        return f"select distinct t.{quote(part)} from {table} t where {where}", where_parameters
    flags = ", ".join(f"coalesce({sql}, false)" for sql, _ in conditions)
    return f"select t._rid, {flags} from {table} t where {where}", where_parameters + where_parameters
