"""A municipality page of the city report (warehouse/report/gemeente-<nis>.html): Gent, a centrumstad with
every source of the sample, opened from the file system as a reader would, once plotly has drawn every chart."""

from __future__ import annotations

from pathlib import Path

from dagster_project.handover.report import page_name

GEMEENTE = "44021"  # Gent
WIDTH, HEIGHT = 1280, 1700
CHARTS_DRAWN = """
(() => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  return document.readyState === 'complete' && typeof Plotly !== 'undefined' && plots.length > 0
      && plots.every(p => (p.calcdata || []).length > 0);
})()
"""


def report_png(browser, report_dir: Path) -> bytes:
    page = report_dir / page_name(GEMEENTE)
    if not page.exists():
        raise FileNotFoundError(f"{page} is missing: is {GEMEENTE} in OBMI_REPORT_GEMEENTEN?")
    return browser.capture(page.resolve().as_uri(), CHARTS_DRAWN, WIDTH, HEIGHT)
