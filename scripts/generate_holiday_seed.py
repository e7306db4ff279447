"""Generate the dbt seed of Belgian public holidays (dbt/seeds/ref_feestdagen.csv) from the maintained
PyPI package `holidays` (country BE, Dutch names), so service norms in working days
(int_kalender__werkdagen) never rest on a hand-typed list. The city's own closing days are a separate
seed the city keeps itself (dbt/seeds/ref_sluitingsdagen.csv).

Usage: python scripts/generate_holiday_seed.py [--out FILE] [--first YEAR] [--last YEAR]
tests/test_holiday_seed.py checks the committed seed equals the library's output.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import holidays

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "dbt" / "seeds" / "ref_feestdagen.csv"
FIRST_YEAR = 2019
LAST_YEAR = 2030


def holiday_rows(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> list[tuple[str, str]]:
    calendar = holidays.country_holidays("BE", years=range(first, last + 1), language="nl")
    return [(day.isoformat(), name) for day, name in sorted(calendar.items())]


def render(rows: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["feestdag_date", "feestdag_name_nl"])
    writer.writerows(rows)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--first", type=int, default=FIRST_YEAR)
    parser.add_argument("--last", type=int, default=LAST_YEAR)
    args = parser.parse_args()
    args.out.write_text(render(holiday_rows(args.first, args.last)), encoding="utf-8")
    print(args.out)


if __name__ == "__main__":
    main()
