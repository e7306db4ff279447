"""The data-quality report of the latest build (warehouse/reports/quality_<time>_<run>.md) as a data steward
reads it in a Markdown viewer: rendered to HTML with the `markdown` package (which mkdocs brings) and a little
CSS, then screenshotted in Chromium."""

from __future__ import annotations

import html
from pathlib import Path

import markdown

WIDTH = 1100
MAX_HEIGHT = 1000  # the top of the report: the outcome, the counts and the first rows of the table
STYLE = """
body { font: 15px/1.5 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1f2328; margin: 0;
       background: #fff; }
.file { font: 13px "DejaVu Sans Mono", monospace; background: #f6f8fa; border-bottom: 1px solid #d0d7de;
        padding: 8px 24px; color: #57606a; }
main { padding: 8px 32px 24px; }
h1 { font-size: 26px; border-bottom: 1px solid #d8dee4; padding-bottom: 6px; }
h2 { font-size: 20px; border-bottom: 1px solid #d8dee4; padding-bottom: 4px; margin-top: 28px; }
h3 { font-size: 16px; }
table { border-collapse: collapse; margin: 12px 0; }
th, td { border: 1px solid #d0d7de; padding: 4px 12px; text-align: left; }
td:nth-child(2), td:nth-child(3), td:nth-child(4) { text-align: right; }
tr:nth-child(2n) td { background: #f6f8fa; }
th { background: #eef1f4; }
pre, code { font: 13px "DejaVu Sans Mono", monospace; background: #f6f8fa; }
pre { padding: 10px; border-radius: 6px; white-space: pre-wrap; }
blockquote { margin: 0; padding: 0 12px; color: #57606a; border-left: 4px solid #d0d7de; }
"""
RENDERED = "document.readyState === 'complete' && document.fonts.status === 'loaded'"
PAGE_AREA = f"""
(() => ({{x: 0, y: 0, width: {WIDTH},
           height: Math.min(document.documentElement.scrollHeight, {MAX_HEIGHT})}}))()
"""


def latest_report(reports_dir: Path) -> Path:
    """The newest quality_<time>_<run>.md (the time in the name sorts); quality_latest.md is its copy."""
    reports = sorted(p for p in reports_dir.glob("quality_*.md") if p.name != "quality_latest.md")
    if not reports:
        raise FileNotFoundError(f"no quality_*.md in {reports_dir}: build the warehouse first")
    return reports[-1]


def as_html(report: Path) -> str:
    body = markdown.markdown(report.read_text(encoding="utf-8"), extensions=["tables", "fenced_code"])
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{STYLE}</style></head>'
        f'<body><div class="file">warehouse/reports/{html.escape(report.name)}</div><main>{body}</main></body></html>'
    )


def quality_png(browser, reports_dir: Path, scratch: Path) -> bytes:
    page = scratch / "quality_report.html"
    page.write_text(as_html(latest_report(reports_dir)), encoding="utf-8")
    return browser.capture(page.resolve().as_uri(), RENDERED, WIDTH, 900, clip=PAGE_AREA)
