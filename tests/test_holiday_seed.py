"""The seed of Belgian public holidays equals the output of the maintained `holidays` package."""

from __future__ import annotations

import importlib.util

from tests.conftest import REPO_ROOT

SEED = REPO_ROOT / "dbt" / "seeds" / "ref_feestdagen.csv"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_holiday_seed", REPO_ROOT / "scripts" / "generate_holiday_seed.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_holiday_seed_equals_the_librarys_belgian_holidays():
    generator = _generator()
    assert SEED.read_text(encoding="utf-8") == generator.render(generator.holiday_rows())


def test_the_seed_holds_the_ten_legal_holidays_of_a_year():
    generator = _generator()
    rows_2025 = [row for row in generator.holiday_rows() if row[0].startswith("2025-")]
    days = {day for day, _ in rows_2025}
    assert {"2025-01-01", "2025-04-21", "2025-05-01", "2025-05-29", "2025-06-09", "2025-07-21"} <= days
    assert {"2025-08-15", "2025-11-01", "2025-11-11", "2025-12-25"} <= days
