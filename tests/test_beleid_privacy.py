"""No personal data in any mart: the reporters' names, e-mail addresses and phone numbers of the sample
extracts appear nowhere in the warehouse (they are pseudonymised before raw), the pseudonym and the address
stay in raw, every column of every published table is inspected, and dbt's manifest shows that no model
downstream of the raw meldingen carries or reads a personal column."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from tests.beleid_sample_files import REPORTER_FIELDS, meldingen_records
from tests.conftest import REPO_ROOT, SEEDS

# Raw columns that identify or locate a person: never selected after raw.
PERSONAL_COLUMNS = {
    "melder_naam",
    "melder_email",
    "melder_telefoon",
    "melder_pseudoniem",
    "straat",
    "huisnummer",
    "geo_point_2d",
}
PSEUDONYM = re.compile(r"^[0-9a-f]{64}$")
MANIFEST = REPO_ROOT / "dbt" / "target" / "manifest.json"


@pytest.fixture(scope="module")
def personal_values() -> set[str]:
    values = {r[field] for r in meldingen_records(SEEDS) for field in REPORTER_FIELDS if r[field]}
    assert len(values) > 300  # names, e-mail addresses and phone numbers of the sample reporters
    return values


def scan(con: duckdb.DuckDBPyConnection, personal: set[str], allowed_pseudonyms: set[tuple] = frozenset()):
    """Every table and text column of the database: personal column names, clear personal values (exact or
    inside a longer text), e-mail-like values and pseudonyms outside the allowed places (a 64-hex value in a
    *sha256 audit column is a file fingerprint, not a pseudonym)."""
    findings, scanned = [], set()
    columns = con.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns"
        " where table_schema not in ('information_schema', 'pg_catalog') order by 1, 2, 3"
    ).fetchall()
    for schema, table, column, data_type in columns:
        scanned.add(f"{schema}.{table}")
        if column in PERSONAL_COLUMNS and (schema, table, column) not in allowed_pseudonyms:
            findings.append(f"{schema}.{table}.{column}: personal column")
        if data_type.upper() not in ("VARCHAR", "TEXT"):
            continue
        distinct = [v for (v,) in con.execute(f'select distinct "{column}" from {schema}.{table}').fetchall() if v]
        for value in distinct:
            if any(p in value for p in personal):
                findings.append(f"{schema}.{table}.{column}: clear personal data {value[:40]!r}")
            elif re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", value):
                findings.append(f"{schema}.{table}.{column}: e-mail address {value[:40]!r}")
            elif (
                PSEUDONYM.match(value) and "sha256" not in column and (schema, table, column) not in allowed_pseudonyms
            ):
                findings.append(f"{schema}.{table}.{column}: reporter pseudonym")
    return findings, scanned


def test_no_personal_data_in_either_published_copy(built_warehouse, personal_values):
    for copy in (built_warehouse.published_db, built_warehouse.internal_db):
        con = duckdb.connect(str(copy), read_only=True)
        try:
            findings, scanned = scan(con, personal_values)
        finally:
            con.close()
        assert findings == [], copy.name
        assert {"marts.dim_melding_categorie", "marts.fct_financien_beleidsveld"} <= scanned


def _tables(path) -> set[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    finally:
        con.close()


def test_request_level_fact_is_published_only_in_the_internal_copy(built_warehouse):
    """fct_melding (one row per request, no small-cell rule) is `meta: {publication: internal}` in dbt."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    internal = {
        n["name"] for n in manifest["nodes"].values() if n["config"].get("meta", {}).get("publication") == "internal"
    }
    assert internal == {"fct_melding"}
    open_copy, internal_copy = _tables(built_warehouse.published_db), _tables(built_warehouse.internal_db)
    assert "fct_melding" in internal_copy
    assert open_copy == internal_copy - internal
    assert {"fct_indicator_waarde", "dim_melding_categorie"} <= open_copy  # the aggregates, with disclosure control


def test_clear_personal_data_never_enters_the_warehouse(built_warehouse, personal_values):
    """Every table of the build database, raw included: only the pseudonym, and only in raw."""
    con = duckdb.connect(str(built_warehouse.build_db), read_only=True)
    try:
        allowed = {("raw", "meldingen", c) for c in PERSONAL_COLUMNS}  # raw keeps what the reader returns
        findings, scanned = scan(con, personal_values, allowed)
        raw_columns = {c for (c,) in con.execute("select column_name from (describe raw.meldingen)").fetchall()}
        pseudonyms = con.execute("select count(distinct melder_pseudoniem) from raw.meldingen").fetchone()[0]
    finally:
        con.close()
    assert findings == []
    assert {"raw.meldingen", "staging.stg_stad__meldingen", "marts.fct_melding"} <= scanned
    assert not {"melder_naam", "melder_email", "melder_telefoon"} & raw_columns
    assert pseudonyms > 100


def test_the_scan_finds_planted_personal_data(personal_values):
    """A control: the same scan flags a clear e-mail, a name inside a text and a stray pseudonym."""
    email = next(v for v in personal_values if "@" in v)
    name = next(v for v in personal_values if " " in v and not v.startswith("+"))
    con = duckdb.connect()
    try:
        con.execute("create schema marts")
        con.execute("create table marts.leak (note varchar, code varchar, melder_pseudoniem varchar)")
        con.execute(
            "insert into marts.leak values (?, 'x', null), (?, ?, null)", [email, f"gemeld door {name}", "a" * 64]
        )
        findings, _ = scan(con, personal_values)
    finally:
        con.close()
    assert any("clear personal data" in f and "note" in f for f in findings)
    assert sum("clear personal data" in f for f in findings) == 2
    assert any(f.endswith("code: reporter pseudonym") for f in findings)
    assert any(f.endswith("melder_pseudoniem: personal column") for f in findings)


def test_raw_to_mart_lineage_never_carries_personal_columns(built_warehouse):
    """In dbt's manifest: every node downstream of raw.meldingen neither declares nor reads a personal
    column, and the lineage does reach the marts (so the check is not vacuous)."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    source_id = "source.obmi_warehouse.stad.meldingen"
    source_columns = manifest["sources"][source_id]["columns"]
    flagged = {name for name, column in source_columns.items() if column.get("meta", {}).get("contains_personal_data")}
    assert flagged == {"melder_pseudoniem"}, "the source documents its personal column"

    downstream, todo = set(), [source_id]
    while todo:
        for child in manifest["child_map"].get(todo.pop(), []):
            if child not in downstream:
                downstream.add(child)
                todo.append(child)
    models = {n for n in downstream if n.startswith("model.")}
    assert {
        "model.obmi_warehouse.stg_stad__meldingen",
        "model.obmi_warehouse.int_meldingen__doorlooptijd",
        "model.obmi_warehouse.fct_melding",
    } <= models
    for node_id in models:
        node = manifest["nodes"][node_id]
        assert not PERSONAL_COLUMNS & set(node["columns"]), node_id
        code = node["raw_code"]
        used = {c for c in PERSONAL_COLUMNS if re.search(rf"\b{c}\b", code)}
        assert used == set(), f"{node_id} reads {used}"
    # Staging names every column it takes from raw (a `select *` there would pass any new raw column on).
    staging = manifest["nodes"]["model.obmi_warehouse.stg_stad__meldingen"]["raw_code"]
    selected = re.search(r"renamed as \(\s*select(?P<columns>.*?)\bfrom source\b", staging, re.S)
    assert selected and "*" not in selected["columns"]
