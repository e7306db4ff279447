"""The marts of the demo build hold exactly the numbers recomputed from the sample files."""

import duckdb
import pytest

from tests.conftest import SEEDS
from tests.sample_files import totals_by


@pytest.fixture(scope="module")
def published(built_warehouse):
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    yield con
    con.close()


def test_population_fact_equals_sample_files_per_year_and_municipality(published):
    expected = totals_by(SEEDS)["total"]
    rows = published.execute(
        "select reference_year, gemeente_nis_code, sum(bevolking_count) from marts.fct_bevolking group by 1, 2"
    ).fetchall()
    actual = {(year, code): total for year, code, total in rows}
    assert actual == dict(expected)
    assert len(actual) == 6 * 34 + 32  # 2019-2024: 34 municipalities; 2025: 32 after the mergers


def test_harmonised_mart_equals_recomputed_totals_on_todays_boundaries(published):
    expected = totals_by(SEEDS, harmonise=True)
    columns = {
        "total": "bevolking_count",
        "M": "mannen_count",
        "F": "vrouwen_count",
        "BEL": "belgen_count",
        "ETR": "niet_belgen_count",
        "0_17": "leeftijd_0_17_count",
        "18_64": "leeftijd_18_64_count",
        "65_plus": "leeftijd_65_plus_count",
    }
    for split, column in columns.items():
        rows = published.execute(
            f"select reference_year, gemeente_nis_code, {column} from marts.fct_bevolking_huidige_gemeente"
        ).fetchall()
        assert {(y, c): v for y, c, v in rows} == dict(expected[split]), column


def test_hasselt_and_antwerpen_are_comparable_across_the_2025_mergers(published):
    expected = totals_by(SEEDS)["total"]
    series = dict(
        published.execute(
            "select reference_year, bevolking_count from marts.fct_bevolking_huidige_gemeente"
            " where gemeente_nis_code = '71072'"
        ).fetchall()
    )
    assert sorted(series) == list(range(2019, 2026))
    for year in range(2019, 2025):
        assert series[year] == expected[(year, "71022")] + expected[(year, "73040")]
    assert series[2025] == expected[(2025, "71072")]
    assert series[2024] == 87_669  # 79,093 Hasselt + 8,576 Kortessem in the sample
    antwerpen_2024 = published.execute(
        "select bevolking_count, published_gemeente_count from marts.fct_bevolking_huidige_gemeente"
        " where gemeente_nis_code = '11002' and reference_year = 2024"
    ).fetchone()
    assert antwerpen_2024 == (expected[(2024, "11002")] + expected[(2024, "11007")], 2)


def test_geography_dimension_keeps_versions_over_time(published):
    versions = published.execute(
        "select gemeente_nis_code, valid_from::varchar, valid_to::varchar, huidige_gemeente_nis_code,"
        " arrondissement_nis_code from marts.dim_gemeente"
        " where gemeente_nis_code in ('71022', '71072', '73040') order by 1"
    ).fetchall()
    assert versions == [
        ("71022", "1970-01-01", "2024-12-31", "71072", "71000"),
        ("71072", "2025-01-01", "9999-12-31", "71072", "71000"),
        ("73040", "1970-01-01", "2024-12-31", "71072", "73000"),
    ]
    brussels = published.execute(
        "select count(*), count(provincie_nis_code), min(gewest_name_nl) from marts.dim_gemeente"
        " where gewest_nis_code = '04000'"
    ).fetchone()
    assert brussels == (19, 0, "Brussels Hoofdstedelijk Gewest")
    centrumsteden_today = published.execute(
        "select count(distinct huidige_gemeente_nis_code) from marts.dim_gemeente where is_centrumstad_today"
    ).fetchone()[0]
    assert centrumsteden_today == 13


def test_every_fact_row_points_at_the_municipality_version_valid_on_the_counting_date(published):
    mismatches = published.execute(
        """select count(*) from marts.fct_bevolking as f
           left join marts.dim_gemeente as d on f.gemeente_key = d.gemeente_key
           where d.gemeente_nis_code is distinct from f.gemeente_nis_code
              or f.reference_date not between d.valid_from and d.valid_to"""
    ).fetchone()[0]
    assert mismatches == 0


def test_publication_holds_only_the_marts(built_warehouse, published):
    schemas = {row[0] for row in published.execute("select distinct schema_name from duckdb_tables()").fetchall()}
    assert schemas == {"marts"}
    assert built_warehouse.published_db.with_suffix(".json").exists()
