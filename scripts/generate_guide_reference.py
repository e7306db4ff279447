"""Generate the handbook's reference pages from the project itself, so they never drift from the code:

- guide/referentie/marts.md: every mart with its description and columns, from dbt's manifest;
- guide/referentie/busmatrix.md: facts x conformed dimensions, from the relationship tests in the manifest;
- guide/referentie/indicatoren.md: the indicator catalogue, from the dbt seeds ref_indicatoren*.csv.

Usage: python scripts/generate_guide_reference.py [--out DIR]   (needs dbt/target/manifest.json: any dbt
command, or `python run.py demo`, writes it). tests/test_guide_reference.py checks the committed pages
are up to date.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "dbt" / "target" / "manifest.json"
SEEDS = ROOT / "dbt" / "seeds"
DEFAULT_OUT = ROOT / "guide" / "referentie"
GENERATED = "<!-- Gegenereerd door scripts/generate_guide_reference.py: niet met de hand aanpassen. -->"


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _marts(manifest: dict) -> list[dict]:
    nodes = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["fqn"][1] == "marts"]
    return sorted(nodes, key=lambda n: (not n["name"].startswith("dim_"), n["name"]))


def _tests_by_column(manifest: dict) -> dict[tuple[str, str], list[str]]:
    tests: dict[tuple[str, str], list[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("attached_node") and node.get("column_name"):
            name = node.get("test_metadata", {}).get("name", node["name"])
            tests.setdefault((node["attached_node"], node["column_name"]), []).append(name)
    return tests


def marts_page(manifest: dict) -> str:
    tests = _tests_by_column(manifest)
    lines = [GENERATED, "", "# Martcatalogus", ""]
    lines.append(
        "Alle tabellen die het warehouse publiceert (schema `marts` in `warehouse/published/obmi.duckdb`), "
        "met de beschrijving uit de dbt-documentatie van het project. Dimensies (`dim_`) eerst, dan feiten (`fct_`)."
    )
    for node in _marts(manifest):
        lines += ["", f"## `{node['name']}`", "", _cell(node["description"]), ""]
        lines += ["| kolom | beschrijving | tests |", "|---|---|---|"]
        for column in node["columns"].values():
            # A not_null in the model's contract is enforced by the engine, so it counts as a test here.
            constraints = [c["type"] for c in column.get("constraints", []) if c.get("type") == "not_null"]
            column_tests = ", ".join(sorted(tests.get((node["unique_id"], column["name"]), []) + constraints))
            lines.append(f"| `{column['name']}` | {_cell(column['description'])} | {column_tests} |")
    return "\n".join(lines) + "\n"


def bus_matrix_page(manifest: dict) -> str:
    marts = _marts(manifest)
    dims = [n for n in marts if n["name"].startswith("dim_")]
    facts = [n for n in marts if n["name"].startswith("fct_")]
    links: set[tuple[str, str]] = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("test_metadata", {}).get("name") == "relationships":
            parents = node["depends_on"]["nodes"]
            for fact in facts:
                for dim in dims:
                    if node.get("attached_node") == fact["unique_id"] and dim["unique_id"] in parents:
                        links.add((fact["name"], dim["name"]))
    lines = [GENERATED, "", "# Busmatrix", ""]
    lines.append(
        "Feitentabellen (rijen) tegenover conforme dimensies (kolommen): een kruisje betekent dat de feitentabel "
        "een sleutel naar die dimensie heeft, bewaakt door een relationships-test in dbt. Zie "
        "[hoofdstuk 7](../07-datamodellering.md) voor de uitleg."
    )
    lines += ["", "| feit | " + " | ".join(f"`{d['name']}`" for d in dims) + " |"]
    lines.append("|---|" + "---|" * len(dims))
    for fact in facts:
        marks = " | ".join("X" if (fact["name"], d["name"]) in links else "" for d in dims)
        lines.append(f"| `{fact['name']}` | {marks} |")
    return "\n".join(lines) + "\n"


def indicators_page() -> str:
    rows = []
    for path in sorted(SEEDS.glob("ref_indicatoren*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    lines = [GENERATED, "", "# Indicatorencatalogus", ""]
    if not rows:
        lines.append("Het project bevat nog geen indicatoren (dbt-seed `ref_indicatoren.csv`).")
        return "\n".join(lines) + "\n"
    columns = list(rows[0].keys())
    lines.append("De indicatoren van het warehouse, uit de catalogus in `dbt/seeds/ref_indicatoren*.csv`.")
    lines += ["", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in sorted(rows, key=lambda r: r[columns[0]]):
        lines.append("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def generate(out_dir: Path, manifest_path: Path = MANIFEST) -> list[Path]:
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = {
        "marts.md": marts_page(manifest),
        "busmatrix.md": bus_matrix_page(manifest),
        "indicatoren.md": indicators_page(),
    }
    written = []
    for name, text in pages.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not MANIFEST.exists():
        print(f"{MANIFEST} not found: run `python run.py demo` (or `dbt parse` in dbt/) first", file=sys.stderr)
        return 1
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
