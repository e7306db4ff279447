"""The city's monitor: the offline HTML report the build writes from the open copy, opened in Debian's
headless Chromium. Every page loads without console errors, every chart on it has data and a table view,
and nothing is fetched from outside the report's folder."""

import functools
import http.server
import os
import re
import threading
from contextlib import contextmanager

import pytest

from dagster_project.handover import report
from tests.chromium import Browser, chromium_binary, running_in_ci
from tests.conftest import REPO_ROOT

SCREENSHOT = REPO_ROOT / "guide" / "assets" / "report.png"
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
            for page in sorted(report_dir.glob("*.html")):
                wanted = page.name == report.page_name("44021")
                result = browser.open(f"{origin}/{page.name}", PAGE_CHECK, screenshot=wanted)
                charts += result.evaluation["plots"]
                problems += _problems(page.name, result)
                if wanted and os.environ.get("OBMI_UPDATE_SCREENSHOT"):
                    SCREENSHOT.write_bytes(result.screenshot)
            assert problems == []
            assert charts > 33 * 3
    finally:
        browser.close()
