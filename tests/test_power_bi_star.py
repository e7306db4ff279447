"""The open copy works in Power BI without repairs (issue 11, item 4): label dimensions for the codes,
one sort key per band, display names without Statbel's disambiguation, one unit vocabulary and exact
numeric types. Checked on the published copy, as a report would read it."""

from __future__ import annotations

import duckdb
import pytest


@pytest.fixture(scope="module")
def published(built_warehouse):
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    yield con
    con.close()


def _columns(con) -> list[tuple[str, str, str]]:
    return con.execute(
        "select table_name, column_name, data_type from information_schema.columns where table_schema = 'marts'"
    ).fetchall()


def test_every_band_has_exactly_one_sort_key(published):
    for label, sort in [("leeftijdsklasse_5j", "leeftijdsklasse_5j_sort"), ("leeftijdsgroep", "leeftijdsgroep_sort")]:
        clashes = published.execute(
            f"select {label} from marts.dim_leeftijd group by 1 having count(distinct {sort}) > 1"
        ).fetchall()
        assert clashes == [], label
    assert published.execute(
        "select distinct leeftijdsklasse_5j_sort from marts.dim_leeftijd where leeftijdsklasse_5j = '95+'"
    ).fetchall() == [(95,)]


@pytest.mark.parametrize(
    "dimension, code, fact_column",
    [
        ("dim_geslacht", "geslacht_code", "geslacht_code"),
        ("dim_nationaliteit", "nationaliteit_code", "nationaliteit_code"),
    ],
)
def test_codes_have_a_label_dimension(published, dimension, code, fact_column):
    missing = published.execute(
        f"select distinct {fact_column} from marts.fct_bevolking"
        f" where {fact_column} not in (select {code} from marts.{dimension})"
    ).fetchall()
    assert missing == []
    assert published.execute(f"select count(*) from marts.{dimension}").fetchone()[0] == 2
    assert published.execute("select count(*) from marts.dim_burgerlijke_staat").fetchone()[0] > 0


def test_display_names_drop_statbels_disambiguation(published):
    rows = published.execute(
        "select gemeente_name_nl, gemeente_display_name_nl from marts.dim_gemeente where gemeente_name_nl like '%(%'"
    ).fetchall()
    assert rows, "the sample holds names like 'Aalst (Aalst)'"
    assert all("(" not in display and name.startswith(display + " (") for name, display in rows)


def test_one_unit_vocabulary(published):
    units = set()
    for table in ("dim_indicator", "fct_indicator_waarde", "fct_doelstelling_indicator"):
        units |= {r[0] for r in published.execute(f"select distinct unit from marts.{table}").fetchall()}
    assert not [u for u in units if "%" in u or "EUR" in u or u != u.strip()], units
    catalogue = {r[0] for r in published.execute("select distinct unit from marts.dim_indicator").fetchall()}
    indicator_units = {
        r[0] for r in published.execute("select distinct unit from marts.fct_indicator_waarde").fetchall()
    }
    assert indicator_units <= catalogue


def test_exact_numeric_types(published):
    columns = _columns(published)
    assert not [c for c in columns if c[2] in ("DOUBLE", "FLOAT", "REAL", "HUGEINT")], "no floating point or HUGEINT"
    counts = [c for c in columns if c[1].endswith("_count")]
    assert counts and all(c[2] == "BIGINT" for c in counts), [c for c in counts if c[2] != "BIGINT"]
    money_and_ratios = [
        c
        for c in columns
        if c[1].endswith(("_eur", "_amount"))
        or c[1] in ("value", "numerator", "denominator", "streefwaarde", "realisatie")
    ]
    assert money_and_ratios and all(c[2].startswith("DECIMAL") for c in money_and_ratios), [
        c for c in money_and_ratios if not c[2].startswith("DECIMAL")
    ]


def test_the_open_copy_has_no_timestamp_without_a_zone(published):
    naive = [c for c in _columns(published) if c[2] == "TIMESTAMP"]
    assert naive == []


def test_every_local_time_in_the_internal_copy_has_its_utc_time_beside_it(built_warehouse):
    """The request-level fact (internal copy only) keeps the Europe/Brussels wall clock, naive on purpose (the
    local hour and day a report groups by); beside each such column sits the same moment in UTC
    (<name>_utc), so durations can be recomputed across the change to and from summer time. Columns
    starting with an underscore are load metadata, already in UTC."""
    con = duckdb.connect(str(built_warehouse.internal_db), read_only=True)
    try:
        naive = {
            (table, column)
            for table, column, data_type in _columns(con)
            if data_type == "TIMESTAMP" and not column.startswith("_")
        }
    finally:
        con.close()
    local = {(table, column) for table, column in naive if not column.endswith("_utc")}
    assert {("fct_melding", "created_at"), ("fct_melding", "closed_at")} <= local
    assert [(table, column) for table, column in sorted(local) if (table, column + "_utc") not in naive] == []


def test_every_published_mart_is_under_an_enforced_contract(built_warehouse, published):
    """A column's name and type never change without a failing build: dbt enforces each mart's contract."""
    import json

    from tests.conftest import REPO_ROOT

    manifest = json.loads((REPO_ROOT / "dbt" / "target" / "manifest.json").read_text(encoding="utf-8"))
    marts = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    }
    published_tables = {
        r[0]
        for r in published.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    assert published_tables <= set(marts)
    for name, node in marts.items():
        assert node["config"]["contract"]["enforced"], name
        assert node["columns"] and all(column.get("data_type") for column in node["columns"].values()), name
