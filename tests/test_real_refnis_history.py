"""The sample builds on the real REFNIS history since 1970 (../shared/reference-data, brought to the 2025
vintage by tests/real_refnis.py), with the sample's other files: municipalities that ended before the data
begins (the 1977 mergers and earlier) stay in the geography with their validity but need no municipality
of today, and every number equals the build on the sample's own REFNIS list. The whole-country geography
(versions, keys, centrumsteden, Brussels) is checked on the same build."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from tests.conftest import SEEDS, run_build_job
from tests.real_refnis import real_refnis_available, write_refnis_2025

pytestmark = pytest.mark.skipif(
    not real_refnis_available(),
    reason="the real REFNIS file or the merger list is missing from ../shared/reference-data",
)


@pytest.fixture(scope="module")
def real_history_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("real_refnis")
    landing = root / "landing"
    shutil.copytree(SEEDS, landing)
    write_refnis_2025(landing / "TU_COM_REFNIS.txt")
    warehouse = root / "warehouse"
    result = run_build_job(landing, warehouse)
    failures = [
        event.message for event in result.all_events if event.is_failure or "failed" in (event.message or "").lower()
    ]
    assert result.success, failures[-10:]
    return warehouse


@pytest.fixture(scope="module")
def real(real_history_build):
    con = duckdb.connect(str(real_history_build / "published" / "obmi.duckdb"), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def sample(built_warehouse):
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    yield con
    con.close()


def test_the_2025_vintage_of_the_real_file_has_565_municipalities_285_in_flanders(real):
    current = real.execute(
        "select gewest_nis_code, count(*) from marts.dim_gemeente where is_current group by 1 order by 1"
    ).fetchall()
    assert dict(current) == {"02000": 285, "03000": 261, "04000": 19}


def test_municipalities_that_ended_before_the_data_are_kept_without_a_municipality_of_today(real):
    ended_1976 = real.execute(
        """
        select count(distinct gemeente_nis_code), count(huidige_gemeente_nis_code)
        from marts.dim_gemeente where valid_to = date '1976-12-31'
        """
    ).fetchone()
    assert ended_1976[0] > 1800  # the 1977 mergers
    assert ended_1976[1] == 0  # REFNIS names no successor, and none is invented
    # Every code valid in a year the warehouse holds data for maps to a municipality that exists today.
    unmapped = real.execute(
        """
        select distinct gemeente_nis_code from marts.dim_gemeente
        where valid_to >= date '2019-01-01'
          and huidige_gemeente_nis_code not in (
              select gemeente_nis_code from marts.dim_gemeente where is_current
          )
        """
    ).fetchall()
    assert unmapped == []
    assert real.execute(
        "select count(*) from marts.dim_gemeente"
        " where valid_to >= date '2019-01-01' and huidige_gemeente_nis_code is null"
    ).fetchone() == (0,)


def test_bastogne_and_bertogne_map_to_the_new_bastogne(real):
    rows = dict(
        real.execute(
            """
            select gemeente_nis_code, huidige_gemeente_nis_code from marts.dim_gemeente
            where gemeente_nis_code in ('82003', '82005', '82039')
            """
        ).fetchall()
    )
    assert rows == {"82003": "82039", "82005": "82039", "82039": "82039"}


@pytest.mark.parametrize(
    "mart, key",
    [
        ("fct_bevolking_huidige_gemeente", "reference_year, gemeente_nis_code"),
        ("fct_huishoudens_huidige_gemeente", "reference_year, gemeente_nis_code"),
        ("fct_fiscaal_inkomen_huidige_gemeente", "reference_year, gemeente_nis_code"),
    ],
)
def test_the_real_history_changes_no_harmonised_number(real, sample, mart, key):
    # Surrogate keys of versions differ (Leuven's current version starts in 1995 in the real history, in
    # 1970 in the sample's list); every number and code must not.
    columns = [r[0] for r in sample.execute(f"describe marts.{mart}").fetchall() if not r[0].endswith("_key")]
    sql = f"select {', '.join(columns)} from marts.{mart} order by {key}"
    assert real.execute(sql).fetchall() == sample.execute(sql).fetchall()


def test_every_population_fact_points_at_one_version_valid_on_its_counting_date(real):
    rows = real.execute(
        """
        select count(*), count(dim_gemeente.gemeente_key)
        from marts.fct_bevolking
        left join marts.dim_gemeente using (gemeente_key)
        """
    ).fetchone()
    assert rows[0] == rows[1] > 0


def test_at_most_one_version_of_a_code_on_any_day(real):
    for day in [date(year, 1, 1) for year in range(1970, 2027)]:
        duplicates = real.execute(
            """
            select gemeente_nis_code from marts.dim_gemeente
            where ? between valid_from and valid_to group by 1 having count(*) > 1
            """,
            [day],
        ).fetchall()
        assert duplicates == [], day


# --- Geography over the whole-country history (issue 11, item 3) ------------------------------------------


def test_exactly_13_centrumsteden_on_every_date(real):
    for day in [date(year, 1, 1) for year in range(1970, 2027)] + [date(2024, 12, 31)]:
        count = real.execute(
            "select count(*) from marts.dim_gemeente where is_centrumstad and ? between valid_from and valid_to",
            [day],
        ).fetchone()[0]
        assert count == 13, day
    assert real.execute("select count(*) from marts.dim_gemeente where is_centrumstad_today").fetchone() == (13,)


def test_antwerpen_gets_a_new_version_when_it_absorbs_borsbeek(real):
    versions = real.execute(
        "select valid_from, valid_to from marts.dim_gemeente where gemeente_nis_code = '11002' order by 1"
    ).fetchall()
    assert versions[-2:] == [(date(1970, 1, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(9999, 12, 31))]
    # The harmonised population of 2025 hangs on the new version, that of 2024 (with Borsbeek added) on it too:
    # facts on today's boundaries carry the current version's key, one-to-one.
    keys = real.execute(
        """
        select count(distinct f.gemeente_key), min(d.valid_from)
        from marts.fct_bevolking_huidige_gemeente f join marts.dim_gemeente d using (gemeente_key)
        where f.gemeente_nis_code = '11002'
        """
    ).fetchone()
    assert keys == (1, date(2025, 1, 1))


def test_every_fact_key_joins_one_to_one(real):
    facts = [
        r[0]
        for r in real.execute(
            """
            select distinct table_name from information_schema.columns
            where table_schema = 'marts' and column_name = 'gemeente_key' and table_name <> 'dim_gemeente'
            """
        ).fetchall()
    ]
    assert "fct_indicator_waarde" in facts and "fct_bevolking" in facts
    for fact in facts:
        rows, joined = real.execute(
            f"""
            select count(*), count(d.gemeente_key) from marts.{fact} f
            left join marts.dim_gemeente d on f.gemeente_key = d.gemeente_key
            where f.gemeente_key is not null
            """
        ).fetchone()
        assert rows == joined, fact
    assert real.execute(
        "select count(*) from (select gemeente_key from marts.dim_gemeente group by 1 having count(*) > 1)"
    ).fetchone() == (0,)


def test_brussels_region_is_a_level_with_19_municipalities_and_its_own_aggregate(real):
    assert real.execute(
        "select count(*) from marts.dim_gemeente where is_current and is_brussels_gewest"
    ).fetchone() == (19,)
    aggregate = real.execute(
        """
        select count(*) from marts.fct_indicator_waarde
        where geografie_niveau = 'gewest' and geografie_code = '04000' and status = 'gepubliceerd'
        """
    ).fetchone()[0]
    assert aggregate > 0
    compared = real.execute(
        """
        select count(*) from marts.fct_indicator_waarde
        where geografie_niveau = 'gemeente' and geografie_code like '21%' and brussel_value is not null
        """
    ).fetchone()[0]
    assert compared > 0


def test_display_names_drop_statbels_disambiguation_and_stay_unique_today(real):
    names = real.execute(
        "select gemeente_name_nl, gemeente_display_name_nl from marts.dim_gemeente where is_current"
    ).fetchall()
    assert ("Aalst (Aalst)", "Aalst") in names or ("Aalst", "Aalst") in names
    assert all("(" not in display for _, display in names)
    displays = [display for _, display in names]
    assert len(displays) == len(set(displays))
