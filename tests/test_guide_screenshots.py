"""The handbook's screenshots: every image `scripts/take_screenshots.py` makes is committed as a PNG of a sensible
size and is shown in the handbook, and the handbook shows no screenshot the script does not make. Fast: no build,
no browser; the script itself is run by hand (it needs Chromium and LibreOffice, which CI does not install)."""

import re

import pytest

from scripts.screenshots import OUTPUT_DIR, SHOTS
from scripts.screenshots.png import png_size
from tests.conftest import REPO_ROOT

GUIDE = REPO_ROOT / "guide"
MAX_BYTES = 400_000
REFERENCE = re.compile(r"assets/screenshots/([\w.-]+\.png)")


def _guide_references() -> dict[str, set[str]]:
    """Screenshot file name -> the handbook pages that show it."""
    found: dict[str, set[str]] = {}
    for page in GUIDE.rglob("*.md"):
        for name in REFERENCE.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(str(page.relative_to(GUIDE)))
    return found


@pytest.mark.parametrize("shot", SHOTS, ids=[s.name for s in SHOTS])
def test_every_screenshot_is_a_committed_png_of_sensible_size(shot):
    data = shot.path.read_bytes()
    width, height = png_size(data)
    assert 600 <= width <= 2400 and 250 <= height <= 2400, (shot.file, width, height)
    assert len(data) < MAX_BYTES, f"{shot.file} is {len(data)} bytes: crop or scale it"


@pytest.mark.parametrize("shot", SHOTS, ids=[s.name for s in SHOTS])
def test_every_screenshot_is_shown_in_the_handbook_and_listed_on_the_reference_page(shot):
    pages = _guide_references().get(shot.file, set())
    assert pages - {"referentie/schermafbeeldingen.md"}, f"{shot.file} is not shown in any chapter"
    assert "referentie/schermafbeeldingen.md" in pages, f"{shot.file} is missing from the list of screenshots"


def test_the_handbook_shows_only_screenshots_the_script_makes():
    made = {s.file for s in SHOTS}
    assert set(_guide_references()) <= made
    assert {p.name for p in OUTPUT_DIR.glob("*.png")} == made, "a PNG in the folder that the script does not make"


def test_every_screenshot_in_a_chapter_has_alt_text_and_a_caption():
    """Alt text of a few words in the image, and the handbook's caption convention: an italic line under it."""
    for page in GUIDE.rglob("*.md"):
        if page.name == "schermafbeeldingen.md":
            continue
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            for alt, source in re.findall(r"!\[([^\]]*)\]\(([^)]*assets/screenshots/[^)]+)\)", line):
                assert len(alt.split()) >= 4, f"{page.name}:{number + 1}: {source} needs alt text"
                following = next((x.strip() for x in lines[number + 1 :] if x.strip()), "")
                assert following.startswith("*") and following.endswith("*"), f"{page.name}:{number + 1}: caption"
