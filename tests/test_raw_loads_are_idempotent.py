"""Loading the same files twice changes nothing in raw; a corrected delivery replaces its own rows."""

import duckdb

from tests.conftest import run_build_job


def _raw_state(build_db):
    con = duckdb.connect(str(build_db), read_only=True)
    try:
        return (
            con.execute("select * from raw.tf_soc_pop_struct order by _source_file, _row_number").fetchall(),
            con.execute("select * from raw.tu_com_refnis order by _row_number").fetchall(),
            con.execute("select * from raw._load_log order by loaded_at, source_file").fetchall(),
        )
    finally:
        con.close()


def _landing_and_raw_keys():
    import dagster as dg

    return [
        dg.AssetKey([layer, name]) for layer in ("landing", "raw") for name in ("tu_com_refnis", "tf_soc_pop_struct")
    ]


def test_second_load_of_the_same_files_changes_nothing(warehouse_copy):
    before = _raw_state(warehouse_copy.build_db)
    result = run_build_job(warehouse_copy.landing_dir, warehouse_copy.warehouse_dir, _landing_and_raw_keys())
    assert result.success
    assert _raw_state(warehouse_copy.build_db) == before


def test_corrected_redelivery_replaces_only_its_own_rows(warehouse_copy):
    path = warehouse_copy.landing_dir / "TF_SOC_POP_STRUCT_2021.txt"
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    fields = lines[1].split("|")
    fields[-1] = str(int(fields[-1]) + 1000)  # a correction in one cell
    lines[1] = "|".join(fields)
    path.write_text("\r\n".join(lines), encoding="utf-8-sig", newline="")
    pop_before, _, log_before = _raw_state(warehouse_copy.build_db)

    result = run_build_job(warehouse_copy.landing_dir, warehouse_copy.warehouse_dir, _landing_and_raw_keys())

    assert result.success
    pop_after, _, log_after = _raw_state(warehouse_copy.build_db)
    assert len(pop_after) == len(pop_before)
    changed = [r for r in pop_after if r[21] == "TF_SOC_POP_STRUCT_2021.txt" and r[24] == 2]
    assert changed[0][20] == fields[-1]
    untouched_before = [r for r in pop_before if r[21] != "TF_SOC_POP_STRUCT_2021.txt"]
    untouched_after = [r for r in pop_after if r[21] != "TF_SOC_POP_STRUCT_2021.txt"]
    assert untouched_after == untouched_before
    assert len(log_after) == len(log_before) + 1  # the earlier delivery stays in the load log
    assert sum(1 for row in log_after if row[1] == "TF_SOC_POP_STRUCT_2021.txt" and row[5]) == 1
