"""Publication details that need no pipeline run: a published file held open by another program (as
Windows does for Power BI) is retried, then refused with a message that says what to do, and the
previous publication stays as it was."""

import os

import pytest

from dagster_project.assets import publish
from dagster_project.assets.publish import PublishedFileInUse, swap_in


def _locked(monkeypatch, failures: int) -> list[int]:
    """Make os.replace fail like Windows does on an open file, `failures` times."""
    calls = []
    real_replace = os.replace

    def replace(src, dst):
        calls.append(1)
        if len(calls) <= failures:
            raise PermissionError(13, "The process cannot access the file because it is being used")
        real_replace(src, dst)

    monkeypatch.setattr(publish.os, "replace", replace)
    return calls


def test_a_briefly_locked_file_is_replaced_on_a_later_attempt(monkeypatch, tmp_path):
    published, candidate = tmp_path / "obmi.duckdb", tmp_path / ".obmi.duckdb.candidate"
    published.write_bytes(b"old")
    candidate.write_bytes(b"new")
    calls = _locked(monkeypatch, failures=2)

    swap_in(candidate, published, attempts=5, wait_seconds=0)

    assert published.read_bytes() == b"new"
    assert len(calls) == 3


def test_a_file_that_stays_locked_fails_clearly_and_keeps_the_previous_publication(monkeypatch, tmp_path):
    published, candidate = tmp_path / "obmi.duckdb", tmp_path / ".obmi.duckdb.candidate"
    published.write_bytes(b"old")
    candidate.write_bytes(b"new")
    calls = _locked(monkeypatch, failures=99)

    with pytest.raises(PublishedFileInUse, match=r"obmi\.duckdb is open in another program .* unchanged"):
        swap_in(candidate, published, attempts=3, wait_seconds=0)

    assert published.read_bytes() == b"old"
    assert len(calls) == 3


# --- Publishing only what changed --------------------------------------------------------------------


def _build_db(path, facts: int, extra_table: bool = True):
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("create schema if not exists marts")
    con.execute("create or replace table marts.dim_a as select range as id, 'a' || range as name from range(50)")
    con.execute(
        f"create or replace table marts.fct_b as select range % 7 as id, range * 1.5 as amount from range({facts})"
    )
    if extra_table:
        con.execute("create or replace table marts.fct_gone as select 1 as id")
    else:
        con.execute("drop table if exists marts.fct_gone")
    con.close()


def _contents(path) -> dict:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.execute("select schema_name, table_name, comment from duckdb_tables() order by all").fetchall()
        return {
            (schema, table): (comment, con.execute(f"select * from {schema}.{table} order by all").fetchall())
            for schema, table, comment in tables
        }
    finally:
        con.close()


def test_a_republication_writes_only_the_changed_tables_and_equals_one_from_scratch(tmp_path):
    from dagster_project.handover.dbt_docs import ModelDoc

    build, published, scratch = tmp_path / "build.duckdb", tmp_path / "obmi.duckdb", tmp_path / "scratch.duckdb"
    docs = {"fct_b": ModelDoc(name="fct_b", description="Facts b.", columns={"amount": "An amount."}, folder="b")}
    _build_db(build, facts=1000)
    first = publish.publish_marts(build, published, docs=docs)
    assert (first.from_previous, sorted(first.rewritten)) == (False, ["marts.dim_a", "marts.fct_b", "marts.fct_gone"])

    # The next day: one more fact row, one table no longer built; dim_a is the same.
    _build_db(build, facts=1001, extra_table=False)
    second = publish.publish_marts(build, published, docs=docs)
    assert second.from_previous
    assert second.rewritten == ("marts.fct_b",)
    assert second.row_counts == {"marts.dim_a": 50, "marts.fct_b": 1001}

    publish.publish_marts(build, scratch, docs=docs)
    assert _contents(published) == _contents(scratch)
    assert _contents(published)[("marts", "fct_b")][0] == "Facts b."


def test_a_changed_value_or_type_is_seen_even_with_the_same_row_count(tmp_path):
    import duckdb

    build, published = tmp_path / "build.duckdb", tmp_path / "obmi.duckdb"
    _build_db(build, facts=10)
    publish.publish_marts(build, published)
    con = duckdb.connect(str(build))
    con.execute("update marts.fct_b set amount = amount + 1 where id = 3")
    con.close()
    assert publish.publish_marts(build, published).rewritten == ("marts.fct_b",)
    con = duckdb.connect(str(build))
    con.execute(
        "create or replace table marts.dim_a as select range::integer as id, 'a' || range as name from range(50)"
    )
    con.close()
    assert publish.publish_marts(build, published).rewritten == ("marts.dim_a",)
    assert publish.publish_marts(build, published).rewritten == ()


def test_an_unreadable_previous_publication_is_written_from_scratch(tmp_path):
    build, published = tmp_path / "build.duckdb", tmp_path / "obmi.duckdb"
    _build_db(build, facts=10)
    published.write_bytes(b"not a database")
    result = publish.publish_marts(build, published)
    assert not result.from_previous
    assert len(result.rewritten) == 3
    assert _contents(published)[("marts", "fct_b")][1][:2] == [(0, 0.0), (0, 10.5)]


def test_daily_republication_does_not_grow_the_file_without_bound(tmp_path):
    build, published = tmp_path / "build.duckdb", tmp_path / "obmi.duckdb"
    sizes = []
    for day in range(6):
        _build_db(build, facts=200_000 + day)
        publish.publish_marts(build, published)
        sizes.append(published.stat().st_size)
    # Dropping a table frees its blocks and the next copy reuses them: at most about two copies' worth.
    assert sizes[-1] <= 2.2 * sizes[0], sizes


def _publish_with_manifest(build, published, base=None, excluded=frozenset(), increments=None):
    result = publish.publish_marts(build, published, excluded, base=base, increments=increments)
    publish.write_publication_manifest(published, result, build)
    return result


def test_recorded_fingerprints_spare_the_hashing_and_a_changed_file_is_hashed_again(tmp_path, monkeypatch):
    build, published = tmp_path / "build.duckdb", tmp_path / "obmi.duckdb"
    _build_db(build, facts=100)
    _publish_with_manifest(build, published)
    hashed = []
    real = publish.fingerprint
    monkeypatch.setattr(publish, "fingerprint", lambda con, db, *rest: hashed.append(db) or real(con, db, *rest))

    # Nothing changed: the manifest knows both sides.
    assert _publish_with_manifest(build, published).rewritten == ()
    assert hashed == []

    # The build changed: its tables are hashed, the published file's are still known.
    _build_db(build, facts=101)
    assert _publish_with_manifest(build, published).rewritten == ("marts.fct_b",)
    assert hashed == ["build"] * 3

    # The published file is not the one the manifest describes: its tables are hashed too.
    hashed.clear()
    published.with_suffix(".json").write_text(
        published.with_suffix(".json").read_text().replace('"file": [', '"file": [1, '), encoding="utf-8"
    )
    _publish_with_manifest(build, published)
    assert sorted(set(hashed)) == ["build", "obmi"]


def test_the_internal_copy_starts_from_the_open_one_and_writes_only_what_it_lacks(tmp_path):
    build, open_copy, internal = tmp_path / "build.duckdb", tmp_path / "obmi.duckdb", tmp_path / "obmi_intern.duckdb"
    scratch = tmp_path / "scratch.duckdb"
    _build_db(build, facts=100)
    _publish_with_manifest(build, open_copy, excluded=frozenset({"fct_gone"}))  # fct_gone: internal only
    result = _publish_with_manifest(build, internal, base=open_copy)
    assert result.from_previous
    assert result.rewritten == ("marts.fct_gone",)
    publish.publish_marts(build, scratch)
    assert _contents(internal) == _contents(scratch)
    assert "fct_gone" not in str(_contents(open_copy))


def _incremental_build(path, rows: int):
    """A build database with a request-level fact as dbt's incremental merge leaves it: rows 0..rows-1."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("create schema if not exists marts")
    con.execute(
        "create or replace table marts.fct_c as select range as melding_id, 'open' as status,"
        f" timestamp '2025-01-01' as _built_at from range({rows})"
    )
    con.close()


def _merge(path, ids: list[int], status: str, day: str):
    """What dbt's merge on melding_id does with a day's records: update or insert them, with a new write time."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute(f"delete from marts.fct_c where melding_id in ({', '.join(map(str, ids))})")
    con.execute(f"insert into marts.fct_c select unnest([{', '.join(map(str, ids))}]), '{status}', timestamp '{day}'")
    con.close()


INCREMENTS = {"fct_c": publish.Increment("melding_id", "_built_at")}


def test_an_incremental_table_is_updated_in_place_and_equals_one_from_scratch(tmp_path):
    build, published, scratch = tmp_path / "build.duckdb", tmp_path / "obmi.duckdb", tmp_path / "scratch.duckdb"
    _incremental_build(build, 1000)
    first = _publish_with_manifest(build, published, increments=INCREMENTS)
    assert first.in_place_rows == {}

    # A day's file: three requests closed, one new. The copy takes the four rows, not the thousand.
    _merge(build, [3, 500, 999, 1000], "afgesloten", "2025-01-02")
    second = _publish_with_manifest(build, published, increments=INCREMENTS)
    assert second.rewritten == ("marts.fct_c",) and second.in_place_rows == {"marts.fct_c": 4}
    publish.publish_marts(build, scratch)
    assert _contents(published) == _contents(scratch)

    # Nothing new: nothing written, and the count of rows updated in place is carried on.
    third = _publish_with_manifest(build, published, increments=INCREMENTS)
    assert third.rewritten == () and third.in_place_rows == {"marts.fct_c": 4}


def test_an_update_in_place_that_does_not_give_the_build_table_is_a_rewrite(tmp_path):
    """A row deleted in the build table without a newer row (not what dbt's merge does) is not seen by the
    update in place; the fingerprint check sees the difference, and the table is written whole."""
    import duckdb

    build, published, scratch = tmp_path / "build.duckdb", tmp_path / "obmi.duckdb", tmp_path / "scratch.duckdb"
    _incremental_build(build, 1000)
    _publish_with_manifest(build, published, increments=INCREMENTS)
    _merge(build, [7], "afgesloten", "2025-01-02")
    con = duckdb.connect(str(build))
    con.execute("delete from marts.fct_c where melding_id = 8")
    con.close()
    result = _publish_with_manifest(build, published, increments=INCREMENTS)
    assert result.rewritten == ("marts.fct_c",) and result.in_place_rows == {}
    publish.publish_marts(build, scratch)
    assert _contents(published) == _contents(scratch)


def test_after_updates_in_place_of_a_tenth_of_its_rows_a_table_is_written_whole(tmp_path):
    build, published = tmp_path / "build.duckdb", tmp_path / "obmi.duckdb"
    _incremental_build(build, 1000)
    _publish_with_manifest(build, published, increments=INCREMENTS)
    done = []
    for day in range(2, 6):  # 30 rows a day: 30, 60, 90, then 120 > 100 rows updated in place
        _merge(build, list(range(day * 100, day * 100 + 30)), "afgesloten", f"2025-01-0{day}")
        done.append(_publish_with_manifest(build, published, increments=INCREMENTS).in_place_rows)
    assert done == [{"marts.fct_c": 30}, {"marts.fct_c": 60}, {"marts.fct_c": 90}, {}]
