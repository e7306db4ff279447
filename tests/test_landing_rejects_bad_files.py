"""A bad delivery is stopped at landing with a message naming the file and the column, and nothing in
the warehouse changes: not the raw tables, not the published copy."""

import hashlib

import dagster as dg
import duckdb

from tests.conftest import run_build_job


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _raw_fingerprint(build_db) -> list[tuple]:
    con = duckdb.connect(str(build_db), read_only=True)
    try:
        return (
            con.execute(
                "select _source_file, _file_sha256, count(*) from raw.tf_soc_pop_struct group by 1, 2 order by 1"
            ).fetchall()
            + con.execute("select * from raw._load_log order by loaded_at, source_file").fetchall()
        )
    finally:
        con.close()


def _drop_column(path, column: str) -> None:
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    index = lines[0].split("|").index(column)
    kept = ["|".join(v for i, v in enumerate(line.split("|")) if i != index) if line else line for line in lines]
    path.write_text("\r\n".join(kept), encoding="utf-8-sig", newline="")


def _published_rows(db, table: str, where: str = "true") -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"select count(*), sum(hash(columns(*))) from marts.{table} where {where}").fetchone()
    finally:
        con.close()


def test_refused_population_file_keeps_its_previous_load_and_the_rest_is_published(warehouse_copy):
    """A refused delivery is quarantined and reported without holding back what passed: the build
    publishes, the refused file's year keeps exactly the rows published before."""
    bad = warehouse_copy.landing_dir / "TF_SOC_POP_STRUCT_2023.txt"
    _drop_column(bad, "CD_AGE")
    population_2023 = _published_rows(warehouse_copy.published_db, "fct_bevolking", "reference_year = 2023")
    raw_before = _raw_fingerprint(warehouse_copy.build_db)

    result = run_build_job(warehouse_copy.landing_dir, warehouse_copy.warehouse_dir)

    assert result.success  # published, with a refused delivery
    evaluations = [
        e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ]
    failed = [ev for ev in evaluations if not ev.passed and ev.severity == dg.AssetCheckSeverity.ERROR]
    assert [ev.asset_key.to_user_string() for ev in failed] == ["landing/tf_soc_pop_struct"]
    message = failed[0].description
    assert "TF_SOC_POP_STRUCT_2023.txt" in message
    assert "column CD_AGE" in message and "missing" in message
    assert "TF_SOC_POP_STRUCT_2022.txt" not in message  # the good files are not blamed
    freshness = [
        ev for ev in evaluations if ev.check_name == "freshness" and ev.asset_key.path[-1] == "tf_soc_pop_struct"
    ]
    assert not freshness[0].passed and "refused in this run" in freshness[0].description
    materialized = {
        e.asset_key.to_user_string()
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION
    }
    assert {"raw/tf_soc_pop_struct", "published/obmi_duckdb"} <= materialized
    assert _raw_fingerprint(warehouse_copy.build_db) == raw_before
    assert _published_rows(warehouse_copy.published_db, "fct_bevolking", "reference_year = 2023") == population_2023
    assert bad.exists()  # the delivered file is kept as it was


def test_bad_value_is_reported_with_file_line_and_column(tmp_path):
    from dagster_project.landing.validation import validate_file
    from dagster_project.sources import POPULATION_STRUCTURE

    header = "|".join(POPULATION_STRUCTURE.columns)
    good = "11002|Antwerpen|Anvers|11000|A|A|10000|P|P|02000|V|R|F|BEL|Belgen|Belges|1|Ongehuwd|Célibataire|34|12"
    bad = good.replace("|F|BEL|", "|X|BEL|").replace("|34|12", "|35|12")
    path = tmp_path / "TF_SOC_POP_STRUCT_2024.txt"
    path.write_text("\r\n".join([header, good, bad]) + "\r\n", encoding="utf-8-sig", newline="")

    validation = validate_file(path, POPULATION_STRUCTURE)

    assert not validation.passed
    [finding] = validation.findings
    assert (finding.file, finding.column, finding.rows, finding.examples) == (
        "TF_SOC_POP_STRUCT_2024.txt",
        "CD_SEX",
        (3,),
        ("X",),
    )
    assert "TF_SOC_POP_STRUCT_2024.txt: line 3: column CD_SEX" in finding.describe()


def test_missing_required_source_keeps_its_load_and_is_reported_while_optional_ones_pass(warehouse_copy):
    from dagster_project.sources import LANDING_SOURCES

    for path in warehouse_copy.landing_dir.glob("TF_SOC_POP_STRUCT_*.txt"):
        path.unlink()
    population = _published_rows(warehouse_copy.published_db, "fct_bevolking")
    selection = [dg.AssetKey([layer, s.name]) for s in LANDING_SOURCES for layer in ("landing", "raw")]

    result = run_build_job(warehouse_copy.landing_dir, warehouse_copy.warehouse_dir, selection)

    evaluations = {
        e.asset_check_evaluation_data.asset_key.to_user_string(): e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
        and e.asset_check_evaluation_data.check_name == "great_expectations_suite"
    }
    population_check = evaluations["landing/tf_soc_pop_struct"]
    assert not population_check.passed
    assert "(required)" in population_check.description
    assert evaluations["landing/tu_com_refnis"].passed
    for source in LANDING_SOURCES:
        if not source.required:  # sources a city may not have never block the build by their absence
            assert evaluations[f"landing/{source.name}"].passed
    assert result.success  # the population loaded before stays: nothing to stop
    assert _published_rows(warehouse_copy.published_db, "fct_bevolking") == population
