"""The handbook builds as a static site in strict mode: a broken internal link or anchor fails the suite. Its
diagrams are drawn in a browser that cannot reach the internet, from the bundled Mermaid script."""

import functools
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.chromium import Browser, chromium_binary, running_in_ci
from tests.conftest import REPO_ROOT

needs_chromium = pytest.mark.skipif(
    not chromium_binary() and not running_in_ci(), reason="no Chromium here (.ci/run installs it)"
)

# What Mermaid leaves once it has drawn a diagram: mkdocs-material replaces each <pre class="mermaid"> holding
# the diagram's text by an empty <div class="mermaid"> with the drawing in a closed shadow root, so the drawing
# shows as the element's height. Resolved once every diagram is drawn, or after 20 s with what there is.
DRAWN = """new Promise(resolve => { const started = Date.now(); const look = () => {
  const blocks = [...document.querySelectorAll('.mermaid')].map(b => ({
    tag: b.tagName, text: b.textContent.trim().slice(0, 60), height: Math.round(b.getBoundingClientRect().height)}));
  const drawn = blocks.filter(b => b.tag === 'DIV' && !b.text && b.height > 40).length;
  if ((blocks.length && drawn === blocks.length) || Date.now() - started > 20000)
    resolve(JSON.stringify({blocks, drawn}));
  else setTimeout(look, 250); }; look(); })"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site_dir = tmp_path_factory.mktemp("guide") / "site"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return site_dir


def test_guide_builds_strictly(site):
    assert (site / "12-aan-de-slag" / "index.html").exists()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@needs_chromium
def test_every_diagram_is_drawn_offline_in_a_browser(site):
    pages = {
        page: len(re.findall(r'<pre class="mermaid"', page.read_text(encoding="utf-8")))
        for page in sorted(site.rglob("index.html"))
    }
    pages = {page: count for page, count in pages.items() if count}
    sources = sum(p.read_text(encoding="utf-8").count("```mermaid") for p in (REPO_ROOT / "guide").rglob("*.md"))
    assert sum(pages.values()) == sources >= 5, "every ```mermaid block of the guide is on a built page"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = Browser(chromium_binary(), offline=True)
    try:
        for page, count in pages.items():
            folder = page.parent.relative_to(site).as_posix()
            url = f"http://127.0.0.1:{server.server_port}/" + ("" if folder == "." else f"{folder}/")
            result = browser.open(url, DRAWN)
            assert result.evaluation["drawn"] == count, (url, result.evaluation["blocks"], result.errors)
            assert not [e for e in result.errors if "mermaid" in e.lower()], (url, result.errors)
    finally:
        browser.close()
        server.shutdown()
