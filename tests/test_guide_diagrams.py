"""The handbook's Mermaid diagrams render offline: mkdocs-material uses the bundled mermaid.min.js when it is
loaded through extra_javascript, instead of fetching Mermaid from a CDN."""

import re
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import REPO_ROOT

GUIDE = REPO_ROOT / "guide"
DIAGRAM_TYPES = ("flowchart", "erDiagram", "sequenceDiagram", "gantt", "pie", "stateDiagram-v2", "xychart-beta")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml uses !!python/name tags for superfences; read them as plain strings."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix)


def _config() -> dict:
    return yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def test_mermaid_script_is_bundled_with_its_licence():
    scripts = [s for s in _config()["extra_javascript"] if "mermaid" in s]
    assert len(scripts) == 1, "exactly one local mermaid script in extra_javascript"
    assert not scripts[0].startswith(("http://", "https://")), "Mermaid must not come from a CDN"
    script = GUIDE / scripts[0]
    assert script.stat().st_size > 1_000_000, "the full minified Mermaid bundle"
    licence = (script.parent / "mermaid-LICENSE.txt").read_text(encoding="utf-8")
    assert "MIT License" in licence


def test_mermaid_fence_is_configured():
    extensions = _config()["markdown_extensions"]
    configured = [e for e in extensions if isinstance(e, dict)]
    superfences = next(e["pymdownx.superfences"] for e in configured if "pymdownx.superfences" in e)
    fence = next(f for f in superfences["custom_fences"] if f["name"] == "mermaid")
    assert fence["class"] == "mermaid"


def test_every_diagram_declares_a_known_type():
    blocks = []
    for page in GUIDE.rglob("*.md"):
        blocks += [(page.name, b) for b in re.findall(r"```mermaid\n(.*?)```", page.read_text(encoding="utf-8"), re.S)]
    assert len(blocks) >= 4, "architecture, data flow, layers and governance at least"
    for page, block in blocks:
        assert block.split()[0] in DIAGRAM_TYPES, (page, block[:40])


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is needed to run the bundled Mermaid parser")
def test_every_diagram_parses_with_the_bundled_mermaid():
    script = next(s for s in _config()["extra_javascript"] if "mermaid" in s)
    pages = sorted(str(p) for p in GUIDE.rglob("*.md") if "```mermaid" in p.read_text(encoding="utf-8"))
    result = subprocess.run(
        ["node", str(REPO_ROOT / "tests" / "guide_mermaid_check.mjs"), str(GUIDE / script), *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
