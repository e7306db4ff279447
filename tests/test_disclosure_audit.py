"""Disclosure control that survives an attacker (issue 11, item 1).

Statbel's open data are public: the open copy republishes them as they are, and the catalogue says so
(bron_openbaarheid publiek). The organisation's own data - here the service requests - are protected: the
attacker audit (tests/disclosure_audit.py) derives with linear programming, from everything the open copy
publishes, the interval of every suppressed count and requires its upper bound to reach k. The exact attack
of the issue - a total minus its published parts - is kept as a regression test."""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest

from tests.conftest import REPO_ROOT
from tests.disclosure_audit import Cell, audit_request_counts, total_minus_published_parts
from tests.disclosure_audit import main as audit_main

K = 5
CATALOGUE = REPO_ROOT / "dbt" / "seeds" / "ref_indicatoren.csv"


@pytest.fixture(scope="module")
def published(built_warehouse):
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def audit(published):
    return audit_request_counts(published, K)


def test_the_sample_has_enough_protected_small_cells_for_the_audit_to_bite(audit):
    assert audit.primary >= 100
    assert audit.published > 0


def test_no_suppressed_request_count_can_be_narrowed_below_k(audit):
    leaks = audit.leaks(K)
    assert leaks == {}, list(leaks.items())[:5]
    cell, upper = audit.narrowest_upper_bound()
    assert upper >= K
    print(
        f"audit: {audit.primary} primary + {audit.secondary} secondary suppressed, {audit.published} published;"
        f" narrowest upper bound {upper} ({cell})"
    )


def test_the_open_copy_holds_no_protected_count_below_k(published):
    small = published.execute(
        f"select count(*) from marts.fct_melding_aantal where melding_count between 1 and {K - 1}"
    ).fetchone()[0]
    assert small == 0
    own = published.execute(
        f"""
        select count(*) from marts.fct_indicator_waarde
        where bron_openbaarheid = 'eigen' and status = 'gepubliceerd' and eenheden_count < {K}
        """
    ).fetchone()[0]
    assert own == 0


def test_regression_a_total_minus_its_published_parts_recovers_no_small_cell(published):
    """The attack of the issue: the municipality (or all categories) minus the published parts."""
    attacked, leaks = total_minus_published_parts(published, K)
    assert attacked > 0
    assert leaks == [], leaks[:5]


@pytest.mark.parametrize("exact", [True, False], ids=["exact", "whole-country mode"])
def test_the_audit_finds_a_cell_that_a_weaker_method_would_leak(built_warehouse, tmp_path, exact):
    """A weaker method - publish every hidden sector of one relation but one primary cell - leaks that cell
    through the municipality's total: the audit must pin it to its true value below k."""
    weakened = tmp_path / "weak.duckdb"
    shutil.copyfile(built_warehouse.published_db, weakened)
    mem = duckdb.connect(str(weakened))
    build = duckdb.connect(str(built_warehouse.build_db), read_only=True)
    try:
        truth = {
            (r[0], r[1], r[2]): r[3]
            for r in build.execute(
                """
                select geografie_code, categorie_code, period, melding_count
                from intermediate.int_meldingen__aantal_cellen where geografie_niveau = 'sector'
                """
            ).fetchall()
        }
    finally:
        build.close()
    target = mem.execute(
        """
        select geografie_code, gemeente_nis_code, categorie_code, period from marts.fct_melding_aantal
        where geografie_niveau = 'sector' and status_reden = 'kleine_cel' order by 1, 3, 4 limit 1
        """
    ).fetchone()
    code, municipality, category, period = target
    others = mem.execute(
        """
        select geografie_code from marts.fct_melding_aantal
        where geografie_niveau = 'sector' and status = 'onderdrukt' and gemeente_nis_code = ?
          and categorie_code = ? and period = ? and geografie_code <> ?
        """,
        [municipality, category, period, code],
    ).fetchall()
    for (other,) in others:
        mem.execute(
            """
            update marts.fct_melding_aantal set melding_count = ?, status = 'gepubliceerd', status_reden = null
            where geografie_niveau = 'sector' and geografie_code = ? and categorie_code = ? and period = ?
            """,
            [truth[(other, category, period)], other, category, period],
        )
    weak = audit_request_counts(mem, K, exact=exact)
    _, regression_leaks = total_minus_published_parts(mem, K)
    mem.close()
    assert regression_leaks  # the regression attack sees it too
    if not exact:  # and `python3 run.py audit` refuses that copy, while it passes the real one
        assert audit_main([str(weakened)]) == 1
        assert audit_main([str(built_warehouse.published_db)]) == 0
    cell = Cell("sector", code, municipality, category, period)
    assert weak.intervals[cell][1] == pytest.approx(truth[(code, category, period)])
    assert cell in weak.leaks(K)


def test_catalogue_marks_each_source_public_or_own_and_statbel_is_public(published):
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        catalogue = list(csv.DictReader(handle))
    assert {row["bron_openbaarheid"] for row in catalogue} == {"publiek", "eigen"}
    for row in catalogue:
        if row["source"].startswith("Statbel"):
            assert row["bron_openbaarheid"] == "publiek", row["indicator_code"]
    # Public figures are republished as they are: nothing from Statbel is suppressed as a small cell.
    suppressed_public = published.execute(
        """
        select count(*) from marts.fct_indicator_waarde
        where bron_openbaarheid = 'publiek' and status_reden in ('kleine_cel', 'secundair')
        """
    ).fetchone()[0]
    assert suppressed_public == 0
    rules = dict(
        published.execute(
            "select bron_openbaarheid, min(onthullingsregel) from marts.dim_indicator group by 1"
        ).fetchall()
    )
    assert "geen onderdrukking" in rules["publiek"] and str(K) in rules["eigen"]


def test_the_attacker_knows_that_months_add_up_to_quarters_and_quarters_to_years():
    """The audit must solve every relation the open copy implies: a quarter is the sum of its months and a
    year the sum of its quarters (as well as of its months); otherwise a quarter could give a small cell
    away while the audit still passed."""
    from tests.disclosure_audit import _equations, period_type, quarter_of

    assert [period_type(p) for p in ("2025", "2025-Q2", "2025-05")] == ["jaar", "kwartaal", "maand"]
    assert [quarter_of(m) for m in ("2025-01", "2025-03", "2025-04", "2025-12")] == [
        "2025-Q1",
        "2025-Q1",
        "2025-Q2",
        "2025-Q4",
    ]
    cells = {Cell("gemeente", "44021", "44021", "_alle", p): None for p in ("2025-01", "2025-02", "2025-03")}
    quarter, year = (
        Cell("gemeente", "44021", "44021", "_alle", "2025-Q1"),
        Cell("gemeente", "44021", "44021", "_alle", "2025"),
    )
    cells.update({quarter: 30, year: 30})
    relations = {
        (parent.period, tuple(sorted(c.period for c in children))) for parent, children in _equations(cells, {})
    }
    assert ("2025-Q1", ("2025-01", "2025-02", "2025-03")) in relations
    assert ("2025", ("2025-01", "2025-02", "2025-03")) in relations
    assert ("2025", ("2025-Q1",)) in relations
