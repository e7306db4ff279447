"""The omgeving marts (sectors, households, income, indicators) of the demo build hold exactly the numbers
recomputed from the sample files with the csv module and openpyxl (tests/statbel_sector_sample_files.py)."""

from __future__ import annotations

import csv

import duckdb
import pytest

from tests.conftest import SEEDS
from tests.sample_files import totals_by
from tests.statbel_sector_sample_files import (
    K,
    expected_suppression,
    household_rows,
    income_rows,
    sector_indicator_cells,
    sector_rows,
    sums,
    today,
)

YEARS = range(2019, 2026)


@pytest.fixture(scope="module")
def published(built_warehouse):
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    yield con
    con.close()


def _as_dict(con, sql: str) -> dict:
    return {tuple(row[:-1]) if len(row) > 2 else row[0]: row[-1] for row in con.execute(sql).fetchall()}


# --- Reconciliation: sum of sectors = municipality total = harmonised total, per year ---------------------


def test_sectors_add_up_to_the_municipality_and_harmonised_totals_every_year(published):
    sectors = sector_rows(SEEDS)
    per_municipality = sums(sectors, lambda r: (r.year, r.municipality), lambda r: r.residents)
    per_today = sums(sectors, lambda r: (r.year, today(r.municipality)), lambda r: r.residents)
    population = totals_by(SEEDS)["total"]
    harmonised = totals_by(SEEDS, harmonise=True)["total"]
    # The sample files themselves: sectors = TF_SOC_POP_STRUCT per published and per today's municipality.
    assert per_municipality == population
    assert per_today == harmonised

    mart_sectors = _as_dict(
        published,
        "select reference_year, gemeente_nis_code, sum(bevolking_count) from marts.fct_bevolking_sector group by 1, 2",
    )
    mart_today = _as_dict(
        published,
        "select reference_year, gemeente_nis_code, bevolking_count from marts.fct_huishoudens_huidige_gemeente",
    )
    mart_harmonised = _as_dict(
        published,
        "select reference_year, gemeente_nis_code, bevolking_count from marts.fct_bevolking_huidige_gemeente",
    )
    assert mart_sectors == dict(per_municipality)
    assert mart_today == dict(per_today) == mart_harmonised

    per_year = {year: sum(v for (y, _), v in per_today.items() if y == year) for year in YEARS}
    mart_per_year = _as_dict(
        published, "select reference_year, sum(bevolking_count) from marts.fct_bevolking_sector group by 1"
    )
    assert mart_per_year == per_year
    # The figures of the sample, year by year (all 34 municipalities of 2019-2024, 32 from 2025).
    assert per_year == {
        2019: 2_875_800,
        2020: 2_887_232,
        2021: 2_899_633,
        2022: 2_912_506,
        2023: 2_925_403,
        2024: 2_938_568,
        2025: 2_951_222,
    }


def test_households_and_cars_add_up_from_sectors_to_todays_municipalities(published):
    rows = household_rows(SEEDS)
    households = sums(rows, lambda r: (r.year, today(r.municipality)), lambda r: r.households)
    cars = sums(rows, lambda r: (r.year, today(r.municipality)), lambda r: r.cars)
    mart = published.execute(
        "select reference_year, gemeente_nis_code, huishoudens_count, wagens_count"
        " from marts.fct_huishoudens_huidige_gemeente"
    ).fetchall()
    assert {(y, c): h for y, c, h, _ in mart} == dict(households)
    assert {(y, c): w for y, c, _, w in mart} == dict(cars)
    sector_mart = _as_dict(
        published,
        "select reference_year, sector_code, huishoudens_count from marts.fct_huishoudens_sector",
    )
    assert sector_mart == {(r.year, r.sector): r.households for r in rows}
    # '1.030' is 1030 and '-00' is 0: the published forms occur in the sample and are parsed, not dropped.
    assert any(r.households >= 1000 for r in rows) and any(r.cars == 0 for r in rows)


# --- Harmonisation across the 2019 and 2025 mergers ---------------------------------------------------


def test_sector_municipality_comes_from_the_lookup_not_the_code_prefix(published):
    borsbeek = published.execute(
        "select reference_year, gemeente_nis_code, huidige_gemeente_nis_code from marts.fct_bevolking_sector"
        " where sector_code like '11007%' and not is_onbekende_sector group by all order by 1"
    ).fetchall()
    assert [(y, g, h) for y, g, h in borsbeek if y < 2025] == [(y, "11007", "11002") for y in range(2019, 2025)]
    assert [(y, g, h) for y, g, h in borsbeek if y == 2025] == [(2025, "11002", "11002")]

    versions = published.execute(
        "select gemeente_nis_code, arrondissement_nis_code, provincie_nis_code, valid_from::varchar,"
        " valid_to::varchar from marts.dim_sector where sector_code = '73040A00-' order by valid_from"
    ).fetchall()
    assert versions == [
        ("73040", "73000", "70000", "2019-01-01", "2024-12-31"),  # Kortessem, arrondissement Tongeren
        ("71072", "71000", "70000", "2025-01-01", "9999-12-31"),  # Hasselt, arrondissement Hasselt
    ]
    dangling = published.execute(
        """select count(*) from marts.fct_huishoudens_sector as f
           left join marts.dim_sector as s on f.sector_key = s.sector_key
           left join marts.dim_gemeente as g on s.gemeente_key = g.gemeente_key
           where f.reference_date not between s.valid_from and s.valid_to
              or f.reference_date not between g.valid_from and g.valid_to
              or g.gemeente_nis_code <> f.gemeente_nis_code"""
    ).fetchone()[0]
    assert dangling == 0


def test_hasselt_and_antwerpen_series_are_comparable_across_the_2025_mergers(published):
    sectors = sector_rows(SEEDS)
    households = household_rows(SEEDS)
    hasselt = published.execute(
        "select reference_year, bevolking_count, huishoudens_count, published_gemeente_count"
        " from marts.fct_huishoudens_huidige_gemeente where gemeente_nis_code = '71072' order by 1"
    ).fetchall()
    assert [row[0] for row in hasselt] == list(YEARS)
    for year, residents, hh, parts in hasselt:
        old = ("71022", "73040") if year < 2025 else ("71072",)
        assert residents == sum(r.residents for r in sectors if r.year == year and r.municipality in old)
        assert hh == sum(r.households for r in households if r.year == year and r.municipality in old)
        assert parts == len(old)
    assert dict((y, r) for y, r, _, _ in hasselt)[2024] == 87_669  # 79,093 Hasselt + 8,576 Kortessem
    antwerpen = _as_dict(
        published,
        "select reference_year, huishoudens_count from marts.fct_huishoudens_huidige_gemeente"
        " where gemeente_nis_code = '11002'",
    )
    for year in YEARS:
        assert antwerpen[year] == sum(
            r.households for r in households if r.year == year and r.municipality in ("11002", "11007")
        )


def test_a_sector_split_in_2024_is_a_new_version_and_the_totals_still_reconcile(published):
    split = published.execute(
        "select sector_code, min(valid_from)::varchar, max(valid_to)::varchar from marts.dim_sector"
        " where sector_code like '44021%' group by 1 having min(valid_from) > date '2019-01-01'"
        " or max(valid_to) < date '9999-12-31' order by 1"
    ).fetchall()
    assert len(split) == 3
    ended, first, second = split
    assert ended[1:] == ("2019-01-01", "2023-12-31")
    assert first[1:] == second[1:] == ("2024-01-01", "9999-12-31")
    assert {first[0][:-1], second[0][:-1]} == {ended[0][:-1]}


# --- Fiscal income: '*' is a missing value with a reason, a real 0 stays 0 ----------------------------


def test_suppressed_income_cells_are_missing_with_a_reason_and_real_zeros_stay(published):
    rows = income_rows(SEEDS)
    mart = {
        (y, c): (value, status)
        for y, c, value, status in published.execute(
            "select reference_year, gemeente_nis_code, aangiften_nul_count, aangiften_nul_count_status"
            " from marts.fct_fiscaal_inkomen"
        ).fetchall()
    }
    suppressed = {(r["CD_YEAR"], str(r["CD_MUNTY_REFNIS"])) for r in rows if r["MS_NBR_ZERO_INC"] == "*"}
    assert suppressed == {(2021, "73040")}
    for row in rows:
        key = (row["CD_YEAR"], str(row["CD_MUNTY_REFNIS"]))
        expected = (None, "onderdrukt") if key in suppressed else (row["MS_NBR_ZERO_INC"], "gepubliceerd")
        assert mart[key] == expected, key

    zeros = published.execute(
        "select count(*), count(*) filter (where agglomeratiebelasting_amount = 0"
        " and agglomeratiebelasting_amount_status = 'gepubliceerd') from marts.fct_fiscaal_inkomen"
        " where gemeente_nis_code not like '21%'"
    ).fetchone()
    assert zeros == (sum(1 for r in rows if not str(r["CD_MUNTY_REFNIS"]).startswith("21")),) * 2
    assert all(r["MS_TOT_SUBURBS_TAXES"] == 0 for r in rows if not str(r["CD_MUNTY_REFNIS"]).startswith("21"))

    hasselt_2021 = published.execute(
        "select aangiften_nul_count, aangiften_nul_count_status, inwoners_count, netto_belastbaar_inkomen_amount"
        " from marts.fct_fiscaal_inkomen_huidige_gemeente where gemeente_nis_code = '71072' and reference_year = 2021"
    ).fetchone()
    parts = [r for r in rows if r["CD_YEAR"] == 2021 and str(r["CD_MUNTY_REFNIS"]) in ("71022", "73040")]
    assert hasselt_2021[:2] == (None, "onderdrukt")  # unknown, not Hasselt's part alone
    assert hasselt_2021[2] == sum(r["MS_TOT_RESIDENTS"] for r in parts)
    assert hasselt_2021[3] == sum(r["MS_TOT_NET_TAXABLE_INC"] for r in parts)


def test_income_rows_on_a_fixed_municipal_structure_keep_their_code_and_harmonise(published):
    """Statbel states every income year on one structure: Borsbeek 11007 still has a 2025 row. It points
    at its last version in dim_gemeente and counts in Antwerpen 11002 on today's boundaries."""
    rows = income_rows(SEEDS)
    borsbeek_2025 = published.execute(
        "select f.huidige_gemeente_nis_code, d.gemeente_nis_code, d.valid_to::varchar from marts.fct_fiscaal_inkomen"
        " as f join marts.dim_gemeente as d using (gemeente_key)"
        " where f.gemeente_nis_code = '11007' and f.reference_year = 2025"
    ).fetchone()
    assert borsbeek_2025 == ("11002", "11007", "2024-12-31")
    harmonised = _as_dict(
        published,
        "select reference_year, gemeente_nis_code, inwoners_count from marts.fct_fiscaal_inkomen_huidige_gemeente",
    )
    expected = sums(rows, lambda r: (r["CD_YEAR"], today(str(r["CD_MUNTY_REFNIS"]))), lambda r: r["MS_TOT_RESIDENTS"])
    assert harmonised == dict(expected)
    # In the sample, the residents of the income file equal the population on today's boundaries.
    assert harmonised == dict(totals_by(SEEDS, harmonise=True)["total"])


def test_income_indicators_follow_the_suppression_and_the_harmonisation(published):
    rows = income_rows(SEEDS)
    per_today: dict[tuple[int, str], list] = {}
    for r in rows:
        per_today.setdefault((r["CD_YEAR"], today(str(r["CD_MUNTY_REFNIS"]))), []).append(r)
    mart = {
        (int(p), c): (v, s, reason)
        for p, c, v, s, reason in published.execute(
            "select period, geografie_code, value, status, status_reden from marts.fct_indicator_waarde"
            " where indicator_code = 'ink_per_aangifte' and geografie_niveau = 'gemeente'"
        ).fetchall()
    }
    assert set(mart) == set(per_today)
    for key, parts in per_today.items():
        if any(p["MS_NBR_ZERO_INC"] == "*" for p in parts):
            assert mart[key] == (None, "onderdrukt", "bron"), key
            continue
        declarations = sum(p["MS_NBR_NON_ZERO_INC"] + p["MS_NBR_ZERO_INC"] for p in parts)
        income = sum(p["MS_TOT_NET_TAXABLE_INC"] for p in parts)
        assert mart[key][1:] == ("gepubliceerd", None)
        assert float(mart[key][0]) == pytest.approx(income / declarations, abs=1e-6)  # decimal, 6 places
    centrumsteden_2021 = published.execute(
        "select status, status_reden from marts.fct_indicator_waarde where indicator_code = 'ink_per_aangifte'"
        " and geografie_niveau = 'centrumsteden' and period = '2021'"
    ).fetchone()
    assert centrumsteden_2021 == ("onderdrukt", "bron")  # Hasselt is part of it


# --- Indicators: centrumsteden average and position ---------------------------------------------------


def test_centrumsteden_average_is_the_ratio_of_sums_and_cities_are_indexed_against_it(published):
    centrumsteden = [
        "11002", "12025", "13040", "24062", "31005", "34022", "35013", "36015", "41002", "44021", "46021",
        "71016", "71072",
    ]  # fmt: skip
    totals = totals_by(SEEDS, harmonise=True)
    for year in YEARS:
        old = sum(totals["65_plus"][(year, c)] for c in centrumsteden)
        everyone = sum(totals["total"][(year, c)] for c in centrumsteden)
        value = published.execute(
            "select value from marts.fct_indicator_waarde where indicator_code = 'bev_aandeel_65_plus'"
            " and geografie_niveau = 'centrumsteden' and period = ?",
            [str(year)],
        ).fetchone()[0]
        assert float(value) == pytest.approx(100 * old / everyone, abs=1e-6)
        cities = published.execute(
            "select geografie_code, value, centrumsteden_value, centrumsteden_index, centrumsteden_rang"
            " from marts.fct_indicator_waarde where indicator_code = 'bev_aandeel_65_plus'"
            " and geografie_niveau = 'gemeente' and period = ?",
            [str(year)],
        ).fetchall()
        assert len(cities) == 32  # today's municipalities, in every year
        # The share of 65-plussers is a context figure (direction neutraal): no rank, rank 1 is not "best".
        assert {row[4] for row in cities} == {None}
        for code, city_value, reference, index, _ in cities:
            expected = 100 * totals["65_plus"][(year, code)] / totals["total"][(year, code)]
            assert float(city_value) == pytest.approx(expected, abs=1e-6)
            assert reference == value
            assert float(index) == pytest.approx(100 * float(city_value) / float(value), abs=1e-6)


# --- Disclosure control at k --------------------------------------------------------------------------


def test_public_sector_values_are_republished_as_they_are_even_below_k(published):
    """Statbel's open data are public: republishing them needs no suppression (issue 11). Every sector value
    is published with the units it rests on, the small ones included."""
    cells = sector_indicator_cells(SEEDS)
    mart = published.execute(
        "select indicator_code, period, geografie_code, status, status_reden, value, numerator, eenheden_count,"
        " bron_openbaarheid from marts.fct_indicator_waarde where geografie_niveau = 'sector'"
    ).fetchall()
    assert len(mart) == len(cells)
    units = {(c.indicator, c.year, c.sector): c.units for c in cells}
    assert {row[8] for row in mart} == {"publiek"}
    assert not [row for row in mart if row[4] in ("kleine_cel", "secundair")]
    small = 0
    for indicator, period, sector, status, _, value, _numerator, eenheden, _ in mart:
        if status == "gepubliceerd":
            assert eenheden == units[(indicator, int(period), sector)]
            assert value is not None
            small += eenheden < K
    assert small > 0  # the sample has small sectors, and they are published
    assert expected_suppression(cells)  # which the old rule would have hidden


def test_no_published_indicator_value_rests_on_fewer_than_k_units(published):
    below_k = published.execute(
        "select count(*) from marts.fct_indicator_waarde"
        " where status = 'gepubliceerd' and bron_openbaarheid = 'eigen' and eenheden_count < ?",
        [K],
    ).fetchone()[0]
    assert below_k == 0
    levels = dict(
        published.execute("select geografie_niveau, count(*) from marts.fct_indicator_waarde group by 1").fetchall()
    )
    assert set(levels) == {"gemeente", "sector", "centrumsteden", "gewest"}
    # No hand-written list of indicators: the published catalogue equals the seed, whatever it holds.
    with (SEEDS.parent / "dbt" / "seeds" / "ref_indicatoren.csv").open(encoding="utf-8", newline="") as handle:
        seed = {row["indicator_code"] for row in csv.DictReader(handle) if row["obmi_domein"] == "omgeving"}
    omgeving = {
        row[0]
        for row in published.execute(
            "select indicator_code from marts.dim_indicator where obmi_domein = 'omgeving'"
        ).fetchall()
    }
    assert omgeving == seed
