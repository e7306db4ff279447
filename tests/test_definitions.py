"""The Dagster definitions load, hold one build job with a schedule, and the lineage runs from the
landing files through raw, staging and marts to the publication."""

import warnings

import dagster as dg


def test_definitions_load_without_deprecation_warnings():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from dagster_project.definitions import build_definitions

        defs = build_definitions()
        defs.resolve_all_job_defs()
    ours = [
        w
        for w in caught
        if issubclass(w.category, DeprecationWarning | dg.BetaWarning | dg.PreviewWarning)
        and ("dagster" in w.filename or "dagster_project" in w.filename)
    ]
    assert ours == [], [str(w.message) for w in ours]


def test_build_job_and_schedule_exist():
    from dagster_project.definitions import BUILD_JOB_NAME, defs

    job = defs.resolve_job_def(BUILD_JOB_NAME)
    assert job.executor_def.name == "in_process"  # DuckDB: one writer at a time
    schedule = defs.resolve_schedule_def("build_warehouse_daily")
    assert schedule.job_name == BUILD_JOB_NAME


def test_lineage_runs_from_landing_file_to_published_marts():
    from dagster_project.definitions import defs

    graph = defs.resolve_asset_graph()

    def upstream_closure(key: dg.AssetKey) -> set[dg.AssetKey]:
        seen, todo = set(), [key]
        while todo:
            for parent in graph.get(todo.pop()).parent_keys:
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    harmonised = dg.AssetKey(["marts", "fct_bevolking_huidige_gemeente"])
    upstream = upstream_closure(harmonised)
    for key in (
        ["landing", "tf_soc_pop_struct"],
        ["landing", "tu_com_refnis"],
        ["raw", "tf_soc_pop_struct"],
        ["staging", "stg_statbel__bevolking_structuur"],
        ["intermediate", "int_bevolking__huidige_gemeente"],
        ["reference", "ref_gemeente_fusies"],
    ):
        assert dg.AssetKey(key) in upstream, key
    published = upstream_closure(dg.AssetKey(["published", "obmi_duckdb"]))
    assert harmonised in published
    assert dg.AssetKey(["marts", "dim_gemeente"]) in published


def test_landing_validation_and_dbt_tests_are_asset_checks():
    from dagster_project.definitions import defs

    graph = defs.resolve_asset_graph()
    check_keys = graph.asset_check_keys
    assert dg.AssetCheckKey(dg.AssetKey(["landing", "tf_soc_pop_struct"]), "great_expectations_suite") in check_keys
    fct_checks = {k.name for k in check_keys if k.asset_key == dg.AssetKey(["marts", "fct_bevolking"])}
    assert any(name.startswith("unique_fct_bevolking_bevolking_id") for name in fct_checks), fct_checks
