"""The loaders accept the real publications kept in ../shared/reference-data (when present): the sample
files imitate their layout, and this proves the imitation is faithful where a real copy exists."""

import pytest

from dagster_project.landing.validation import validate_file
from dagster_project.sources import REFNIS
from tests.conftest import SHARED_REFERENCE_DATA

REAL_REFNIS = SHARED_REFERENCE_DATA / "statbel_TU_COM_REFNIS_pre2025.txt"


@pytest.mark.skipif(not REAL_REFNIS.exists(), reason=f"real REFNIS file not available at {REAL_REFNIS}")
def test_real_statbel_refnis_file_passes_landing_validation(tmp_path):
    landed = tmp_path / "TU_COM_REFNIS.txt"  # the name a city would give the download
    landed.write_bytes(REAL_REFNIS.read_bytes())
    validation = validate_file(landed, REFNIS)
    assert validation.passed, [f.describe() for f in validation.findings]
    assert validation.rows == 2769
