"""The city's monitor: the offline HTML report the build writes from the open copy, opened in Debian's
headless Chromium. Every page loads without console errors, every chart on it has data and a table view,
and nothing is fetched from outside the report's folder."""

import functools
import http.server
import math
import re
import shutil
import threading
from contextlib import contextmanager
from decimal import ROUND_HALF_EVEN, Decimal

import duckdb
import pytest

from dagster_project.handover import report
from tests import report_pages
from tests.chromium import Browser, chromium_binary, running_in_ci

PAGE_CHECK = """
(() => {
  const numeric = v => typeof v === 'number' && Number.isFinite(v);
  // calcdata: the points plotly computed and drew (bars: s = size, scatter: y).
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const empty = plots.filter(p => !(p.calcdata || []).some(trace =>
      trace.some(point => numeric(point.s) || numeric(point.y)))).map(p => p.id);
  const figures = [...document.querySelectorAll('figure.chart')];
  return JSON.stringify({
    figures: figures.length,
    plots: plots.length,
    empty: empty,
    without_table: figures.filter(f => !f.querySelector('table tbody tr')).length,
    without_source: figures.filter(f => !/Bron/.test(f.querySelector('dl.meta')?.textContent || '')).length,
    outside: [...document.querySelectorAll('script[src], link[href], img[src]')]
        .map(e => e.src || e.href).filter(u => !u.startsWith(location.origin + '/') && !u.startsWith('file:')
                                             && !u.startsWith('data:')),
    plotly: typeof Plotly !== 'undefined',
  });
})()
"""


@pytest.fixture(scope="module")
def report_dir(built_warehouse):
    return built_warehouse.warehouse_dir / "report"


def test_a_page_for_every_municipality_of_the_default_set_in_the_data(report_dir):
    pages = sorted(p.name for p in report_dir.glob("gemeente-*.html"))
    # The sample holds every centrumstad and every Brussels municipality: none is absent.
    assert pages == sorted(report.page_name(code) for code in report.default_set())
    assert "Alle gemeenten uit de gekozen set zitten in de gegevens" in (report_dir / "index.html").read_text()


def test_plotly_is_written_once_and_loaded_relatively(report_dir):
    assert (report_dir / report.PLOTLY_FILE).stat().st_size > 1_000_000
    for page in report_dir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert f'<script src="{report.PLOTLY_FILE}"></script>' in text, page.name
        assert not re.search(r"""(src|href)=["']https?://""", text), f"{page.name} fetches from the internet"
        assert text.count("plotly.js v") == 0, f"{page.name} embeds its own copy of plotly.js"


def test_a_missing_source_is_a_note_not_an_empty_chart(report_dir):
    brussel = (report_dir / report.page_name("21004")).read_text(encoding="utf-8")
    gent = (report_dir / report.page_name("44021")).read_text(encoding="utf-8")
    assert "geen BBC-DR-rapportering" in brussel and "leverde geen meldingen" in brussel
    assert 'id="meldingen-servicenorm"' in gent and 'id="uitgaven-beleidsdomein"' in gent and 'id="doel-0"' in gent


def test_a_smaller_set_names_the_municipalities_without_data(built_warehouse, tmp_path):
    result = report.write_report(built_warehouse.published_db, tmp_path / "report", ["44021", "99999"])
    assert [p.name for p in result.pages] == ["gemeente-44021.html"] and result.absent == ["99999"]
    assert "99999" in (tmp_path / "report" / "index.html").read_text(encoding="utf-8")


# --- the Brussels-Capital Region beside the centrumsteden ------------------------------------------------

BRUSSEL = "21004"  # Brussel (the city), a municipality of the Brussels-Capital Region
GENT = "44021"  # a Flemish centrumstad
SHARE = "bev_aandeel_65_plus"  # unit procent: 100 x numerator / denominator
BRUSSELS_REGION = "04000"


def _region_name(published_db) -> str:
    with duckdb.connect(str(published_db), read_only=True) as con:
        return con.execute(
            "select gewest_name_nl from marts.dim_gemeente where gemeente_nis_code = ? and is_current", [BRUSSEL]
        ).fetchone()[0]


def _recomputed(published_db, indicator: str, nis_code: str | None = None) -> dict[str, Decimal]:
    """Per year, 100 x sum of numerators / sum of denominators over the municipality values of the 19
    municipalities of the Brussels-Capital Region (or of one municipality) in the published mart: the
    region's value worked out here, not read from the mart's aggregate or the report's code."""
    with duckdb.connect(str(published_db), read_only=True) as con:
        rows = con.execute(
            """
            select f.period, sum(f.numerator), sum(f.denominator), count(f.numerator), count(*)
            from marts.fct_indicator_waarde f
            join marts.dim_gemeente g on f.geografie_code = g.gemeente_nis_code and g.is_current
            where f.geografie_niveau = 'gemeente' and f.indicator_code = ? and g.gewest_nis_code = ?
              and regexp_full_match(f.period, '[0-9]{4}') and (? is null or f.geografie_code = ?)
            group by f.period
            order by f.period
            """,
            [indicator, BRUSSELS_REGION, nis_code, nis_code],
        ).fetchall()
    expected_members = 1 if nis_code else 19
    assert rows and all(published == members == expected_members for *_, published, members in rows), rows
    return {period: Decimal(100) * numerator / denominator for period, numerator, denominator, _, _ in rows}


def _dutch(value: Decimal, decimals: int) -> str:
    """Dutch notation (decimal comma, thousands point), rounded half to even on the exact value."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return f"{rounded:,}".replace(",", " ").replace(".", ",").replace(" ", ".")


def test_a_brussels_page_shows_the_brussels_region_beside_the_centrumsteden(built_warehouse, report_dir):
    region = _region_name(built_warehouse.published_db)
    expected = _recomputed(built_warehouse.published_db, SHARE)
    city = _recomputed(built_warehouse.published_db, SHARE, BRUSSEL)
    page = (report_dir / report.page_name(BRUSSEL)).read_text(encoding="utf-8")
    shown = report_pages.chart(page, f"trend-{SHARE}")
    assert shown is not None
    # The table view: the region's value for every year, next to the centrumsteden.
    assert shown.header[2:] == ["centrumsteden", "index (centrumsteden = 100)", region, f"index ({region} = 100)"]
    assert shown.column(region) == {year: _dutch(value, 2) for year, value in expected.items()}
    latest = max(expected)
    assert shown.column(f"index ({region} = 100)")[latest] == _dutch(100 * city[latest] / expected[latest], 1)
    # The chart: the region's series, to the mart's six decimals.
    trace = shown.traces[f"{region} (samen)"]
    assert trace["x"] == list(expected)
    assert trace["y"] == pytest.approx([float(v) for v in expected.values()], abs=1e-6)
    assert set(shown.traces) == {"Brussel", "Centrumsteden (samen)", f"{region} (samen)"}
    # The same caption as every chart: source, period, unit, suppressed and provisional values.
    assert list(shown.caption) == ["Bron", "Periode", "Eenheid", "Onderdrukt", "Voorlopig"]
    assert shown.caption["Eenheid"] == "procent" and shown.caption["Onderdrukt"] == "geen"
    # Every key indicator of the page has the region's column.
    trends = report_pages.chart_ids(page, "trend-")
    assert trends and all(region in report_pages.chart(page, t).header for t in trends)


def test_a_centrumstad_page_has_no_brussels_series(built_warehouse, report_dir):
    region = _region_name(built_warehouse.published_db)
    page = (report_dir / report.page_name(GENT)).read_text(encoding="utf-8")
    trends = report_pages.chart_ids(page, "trend-")
    assert f"trend-{SHARE}" in trends
    for chart_id in trends:
        shown = report_pages.chart(page, chart_id)
        assert set(shown.traces) == {"Gent", "Centrumsteden (samen)"}, chart_id
        assert shown.header == ["jaar", "Gent", "centrumsteden", "index (centrumsteden = 100)"], chart_id
    assert region not in page


def test_a_suppressed_or_missing_brussels_value_is_said_not_left_blank(built_warehouse, tmp_path):
    published = tmp_path / "obmi.duckdb"
    shutil.copy(built_warehouse.published_db, published)
    region = _region_name(published)
    years = sorted(_recomputed(published, SHARE))
    suppressed, incomplete, absent = years[-1], years[-2], years[-3]
    with duckdb.connect(str(published)) as con:
        where = "where geografie_niveau = 'gewest' and geografie_code = ? and indicator_code = ? and period = ?"
        con.execute(
            f"update marts.fct_indicator_waarde set value = null, status = 'onderdrukt', status_reden = 'bron' {where}",
            [BRUSSELS_REGION, SHARE, suppressed],
        )
        con.execute(
            "update marts.fct_indicator_waarde set value = null, status = 'ontbrekend', status_reden = 'onvolledig'"
            f" {where}",
            [BRUSSELS_REGION, SHARE, incomplete],
        )
        con.execute(f"delete from marts.fct_indicator_waarde {where}", [BRUSSELS_REGION, SHARE, absent])
    report.write_report(published, tmp_path / "report", [BRUSSEL])
    page = (tmp_path / "report" / report.page_name(BRUSSEL)).read_text(encoding="utf-8")
    shown = report_pages.chart(page, f"trend-{SHARE}")
    cells = shown.column(region)
    assert (cells[suppressed], cells[incomplete], cells[absent]) == ("onderdrukt", "ontbrekend", "ontbrekend")
    assert shown.caption["Onderdrukt"] == f"{region} {suppressed}"
    assert (
        f"Geen waarde voor het {region} samen in {absent} (niet in de open publicatie), "
        f"{incomplete} (niet elke gemeente van de groep heeft een waarde)." in shown.notes
    )
    # The line has a gap there, not a value: a year without a row is not drawn at all.
    trace = dict(zip(*shown.traces[f"{region} (samen)"].values(), strict=True))
    assert absent not in trace
    assert all(trace[year] is None or math.isnan(trace[year]) for year in (suppressed, incomplete))


@contextmanager
def web_server(folder):
    """The report served as any web server would, on the loopback address only."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


needs_chromium = pytest.mark.skipif(
    not chromium_binary() and not running_in_ci(), reason="no Chromium here (.ci/run installs it)"
)


def _problems(name: str, result) -> list[str]:
    found = result.evaluation
    problems = [f"{name}: console errors {result.errors}"] if result.errors else []
    if not found.get("plotly") or found["plots"] != found["figures"] or found["empty"]:
        problems.append(f"{name}: {found}")
    if found["without_table"] or found["without_source"] or found["outside"]:
        problems.append(f"{name}: {found}")
    return problems


@needs_chromium
def test_the_report_opens_from_the_file_system(report_dir):
    browser = Browser(chromium_binary())
    try:
        problems = []
        for page in ("index.html", report.page_name("44021")):
            problems += _problems(page, browser.open((report_dir / page).resolve().as_uri(), PAGE_CHECK))
        assert problems == []
    finally:
        browser.close()


@needs_chromium
def test_every_page_loads_in_chromium_without_errors_and_every_chart_has_data(report_dir):
    browser = Browser(chromium_binary())
    try:
        with web_server(report_dir) as origin:
            problems, charts = [], 0
            # The handbook's screenshot of a page is made by scripts/take_screenshots.py.
            for page in sorted(report_dir.glob("*.html")):
                result = browser.open(f"{origin}/{page.name}", PAGE_CHECK)
                charts += result.evaluation["plots"]
                problems += _problems(page.name, result)
            assert problems == []
            assert charts > 33 * 3
    finally:
        browser.close()
