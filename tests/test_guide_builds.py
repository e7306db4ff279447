"""The handbook builds as a static site in strict mode: a broken internal link or anchor fails the suite."""

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT


def test_guide_builds_strictly(tmp_path):
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert (tmp_path / "site" / "12-aan-de-slag" / "index.html").exists()
