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
# What a translation returns: the part of the query after `select t._rid` (the staged table is `t`), and its
# parameters.
Body = tuple[str, list]


def _not_null(table: str, kwargs: dict, part: str | None) -> Body:
    return f"from {table} t where t.{quote(kwargs['column'])} is null", []


def _regex(table: str, kwargs: dict, part: str | None) -> Body:
    column = "t." + quote(kwargs["column"])
    # regexp_matches searches like GX's pandas implementation (re.search); the suites anchor with ^ and $.
    return f"from {table} t where {column} is not null and not regexp_matches({column}, ?)", [kwargs["regex"]]


def _in_set(table: str, kwargs: dict, part: str | None) -> Body:
    column = "t." + quote(kwargs["column"])
    values = [str(v) for v in kwargs["value_set"]]
    return f"from {table} t where {column} is not null and not list_contains(?::varchar[], {column})", [values]


def _unique(table: str, kwargs: dict, part: str | None) -> Body:
    return _compound_unique(table, {"column_list": [kwargs["column"]], "ignore_row_if": "any_value_is_missing"}, part)


def _compound_unique(table: str, kwargs: dict, part: str | None) -> Body:
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
    return (
        f"""from {table} t join (
            select {", ".join(keys)} from {table} where {considered("")} group by all having count(*) > 1) d
            on {matches}
            where {considered("t.")}""",
        [],
    )


def _strftime(table: str, kwargs: dict, part: str | None) -> Body:
    column = "t." + quote(kwargs["column"])
    condition = f"{column} is not null and try_strptime({column}, ?) is null"
    return f"from {table} t where {condition}", [kwargs["strftime_format"]]


TRANSLATIONS: dict[str, Callable[[str, dict, str | None], Body]] = {
    "expect_column_values_to_not_be_null": _not_null,
    "expect_column_values_to_match_regex": _regex,
    "expect_column_values_to_be_in_set": _in_set,
    "expect_column_values_to_be_unique": _unique,
    "expect_compound_columns_to_be_unique": _compound_unique,
    "expect_column_values_to_match_strftime_format": _strftime,
}


def failing_records_query(expectation: Expectation, table: str, config=None, part: str | None = None) -> Query | None:
    """The query for one expectation, or None when it has no translation (or uses options such as
    `mostly` or a row condition that the translation does not model): GX then runs it itself. `config` is
    the expectation's configuration when the caller has read it already.

    With `part`, the table holds many deliveries, that column naming each record's file: the query returns
    the files with a failing record (distinct), and a uniqueness is judged within each file."""
    config = expectation.configuration if config is None else config
    kwargs = dict(config.kwargs)
    if kwargs.get("mostly") not in (None, 1, 1.0) or kwargs.get("row_condition"):
        return None
    translate = TRANSLATIONS.get(config.type)
    if translate is None:
        return None
    body, parameters = translate(table, kwargs, part)
    selected = "t._rid" if part is None else f"distinct t.{quote(part)}"
    return f"select {selected} {body}", parameters
