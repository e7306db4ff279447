"""Generate the handbook's reference pages from the project itself, so they never drift from the code:

- guide/referentie/marts.md: every mart with its description and columns, from dbt's manifest;
- guide/referentie/busmatrix.md: facts x conformed dimensions, from the relationship tests in the manifest;
- guide/referentie/indicatoren.md: the indicator catalogue, from the dbt seeds ref_indicatoren*.csv;
- guide/referentie/meldingen.md: what a delivery of service requests must look like, from the source's own
  definition (dagster_project/sources/stad/meldingen.py) and the category seed ref_melding_categorieen.csv.

Usage: python scripts/generate_guide_reference.py [--out DIR]   (needs dbt/target/manifest.json: any dbt
command, or `python run.py demo`, writes it). tests/test_guide_reference.py checks the committed pages
are up to date.
"""

import argparse
import csv
import json
import re
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


# What each field of a service-request delivery means (seeds/README.md, "Meldingen"): the one thing the source
# definition does not say. A field the definition adds or drops fails the generator until it is described here.
MELDINGEN_MEANINGS = {
    "melding_id": "de identificatie van de melding in het portaal",
    "categorie": "de categorie van de melding, zoals het portaal ze publiceert",
    "status": "de status van de melding op het einde van de dag van het uittreksel",
    "kanaal": "langs waar de melding binnenkwam",
    "aangemaakt_op": "wanneer de melding werd aangemaakt",
    "gewijzigd_op": "wanneer de melding het laatst werd gewijzigd",
    "afgesloten_op": "wanneer de melding werd afgesloten; leeg zolang ze open is",
    "straat": "de straat van het probleem",
    "huisnummer": "het huisnummer van het probleem",
    "postcode": "de postcode van het probleem",
    "gemeente": "de gemeente van het probleem, zoals het portaal ze schrijft",
    "statistische_sector": "de statistische sector van Statbel waarin het probleem ligt",
    "geo_point_2d": "de plaats van het probleem als coördinaten (breedtegraad, lengtegraad)",
    "melder_naam": "de naam van de melder",
    "melder_email": "het e-mailadres van de melder",
    "melder_telefoon": "het telefoonnummer van de melder",
}
# An example value per field; the generator checks each against the definition's own rules.
MELDINGEN_EXAMPLES = {
    "melding_id": "M25-000123",
    "aangemaakt_op": "2025-03-10T08:15:00+01:00",
    "gewijzigd_op": "2025-03-11T09:30:00+01:00",
    "afgesloten_op": "2025-03-11T09:30:00+01:00",
    "straat": "Nieuwstraat",
    "huisnummer": "226",
    "postcode": "9000",
    "gemeente": "Gent",
    "statistische_sector": "44021A00-",
    "geo_point_2d": "51.05423, 3.71956",
    "melder_naam": "An Voorbeeld",
    "melder_email": "an.voorbeeld@example.org",
    "melder_telefoon": "+32 470 00 00 00",
}
# The definition's patterns in words. A pattern changed in the code fails the generator until it is described
# again here, so the page never describes a rule the code no longer has.
MELDINGEN_PATTERNS = {
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:00$": (
        "datum en tijd volgens ISO 8601 in de tijd van Europe/Brussels, met het verschil met UTC in hele uren, "
        "zoals het portaal ze schrijft (`+01:00`, in de zomertijd `+02:00`)"
    ),
    r"^\d{5}[A-Z][0-9A-Z]{2}[0-9A-Z-]$": (
        "een sectorcode van Statbel van 9 tekens: de NIS-code van de gemeente (5 cijfers), een hoofdletter, "
        "twee cijfers of hoofdletters, en een cijfer, een hoofdletter of `-`"
    ),
    r"^\d{4}$": "4 cijfers",
}
MELDINGEN_EMAIL_FORM = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
MELDINGEN_PHONE_FORM = r"^\+?[0-9 ./()-]+$"


def _meldingen_definition():
    """The source definition of the checkout this script belongs to."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from dagster_project.landing.suites import structure_suite
    from dagster_project.sources.stad import meldingen

    return meldingen, structure_suite


def _described(found, expected, what: str) -> None:
    if found != expected:
        raise ValueError(
            f"{what} changed in dagster_project/sources/stad/meldingen.py ({found!r}, described: {expected!r}): "
            "describe it again in scripts/generate_guide_reference.py"
        )


def meldingen_page() -> str:
    """The delivery specification of the service requests, from their LandingSource and its value suite."""
    m, structure_suite = _meldingen_definition()
    source = m.MELDINGEN
    fields = list(m.MELDINGEN_PUBLISHED_FIELDS)
    _described(sorted(fields), sorted(MELDINGEN_MEANINGS), "the published fields")
    _described(m.EMAIL_FORM.pattern, MELDINGEN_EMAIL_FORM, "the e-mail form")
    _described(m.PHONE_FORM.pattern, MELDINGEN_PHONE_FORM, "the phone form")
    personal = set(m.PERSONAL_FIELDS)
    required, unique, allowed, patterns = set(), set(), {}, {}
    for expectation in source.value_suite():
        kind, column = type(expectation).__name__, expectation.column
        if kind == "ExpectColumnValuesToNotBeNull":
            required.add(column)
        elif kind == "ExpectColumnValuesToBeUnique":
            unique.add(column)
        elif kind == "ExpectColumnValuesToBeInSet":
            allowed[column] = list(expectation.value_set)
        elif kind == "ExpectColumnValuesToMatchRegex":
            patterns[column] = expectation.regex
        else:
            raise ValueError(f"{kind} on {column} is not described in scripts/generate_guide_reference.py")
    for column, pattern in patterns.items():
        if column in fields and pattern not in MELDINGEN_PATTERNS:
            raise ValueError(f"the pattern {pattern} of {column} is not described in generate_guide_reference.py")
    with (SEEDS / "ref_melding_categorieen.csv").open(encoding="utf-8", newline="") as handle:
        categories = [row["categorie_name_nl"] for row in csv.DictReader(handle)]
    examples = dict(MELDINGEN_EXAMPLES, categorie=categories[0])
    examples.update({column: values[0] for column, values in allowed.items()})
    for column, pattern in patterns.items():
        if column in examples and not re.search(pattern, examples[column]):
            raise ValueError(f"the example {examples[column]!r} of {column} breaks its own rule {pattern}")
    digits = re.sub(r"\D", "", examples["melder_telefoon"])
    if not (m.EMAIL_FORM.match(examples["melder_email"]) and m.PHONE_FORM.match(examples["melder_telefoon"])):
        raise ValueError("an example of the reporter's contact details breaks its own rule")
    if len(digits) not in m.PHONE_DIGITS:
        raise ValueError("the example phone number has a number of digits the rule refuses")
    names = ["meldingen_2025-03-10.csv", "meldingen_20250310.json", "MELDINGEN_2025-03-10.CSV"]
    if not all(source.matches(name) for name in names) or source.matches("meldingen_2025-03.csv"):
        raise ValueError("the file names on the page no longer match the source's file pattern")
    minimum = next(e.min_value for e in structure_suite(source) if type(e).__name__ == "ExpectTableRowCountToBeBetween")
    personal_data = source.personal_data
    prefix = f"OBMI_{source.name.upper()}_"

    def requirement(field: str) -> str:
        if field in personal:
            return "optioneel: de kolom mag wegblijven"
        if field in required:
            return "verplicht, nooit leeg"
        return "kolom verplicht, waarde mag leeg"

    def rule(field: str) -> str:
        parts = []
        if field in allowed:
            parts.append("een van: " + ", ".join(f"`{value}`" for value in allowed[field]))
        if field in patterns:
            parts.append(f"{MELDINGEN_PATTERNS[patterns[field]]} (patroon `{patterns[field]}`)")
        if field in unique:
            parts.append("uniek binnen het bestand")
        if field == "categorie":
            parts.append("vrije tekst; het warehouse kent: " + ", ".join(f"`{c}`" for c in categories))
        if field == "geo_point_2d":
            parts.append('CSV: `breedtegraad, lengtegraad`; JSON: `{"lon": ..., "lat": ...}`')
        if field == "melder_email":
            parts.append("een e-mailadres: iets voor en na één `@`, met een punt in het deel erna, zonder spaties")
        if field == "melder_telefoon":
            parts.append(
                f"een telefoonnummer van {m.PHONE_DIGITS.start} tot {m.PHONE_DIGITS.stop - 1} cijfers, "
                "eventueel met `+` vooraan en spaties, punten, schuine strepen, haakjes of koppeltekens"
            )
        return "; ".join(parts) or "vrije tekst"

    lines = [GENERATED, "", "# Aanleverspecificatie meldingen", ""]
    lines += [
        "Wat het warehouse aanvaardt als levering van meldingen (de bron `meldingen`), gegenereerd uit de "
        "definitie van de bron in `dagster_project/sources/stad/meldingen.py` en uit de dbt-seed "
        "`ref_melding_categorieen.csv`. Voor meldingen bestaat geen publiek schema: deze indeling is een ontwerp "
        "van het project, naar een uittreksel uit een open-dataportaal op Opendatasoft (`seeds/README.md`). Een "
        "bestand dat één regel breekt, wordt als geheel geweigerd en met een verslag in quarantaine gezet; de "
        "rest van de build gaat door ([hoofdstuk 12](../12-aan-de-slag.md#echte-data)).",
        "",
        "## Het bestand",
        "",
        "| | |",
        "|---|---|",
        "| Naam | `meldingen_<jjjj-mm-dd>.csv` of `.json`, of `meldingen_<jjjjmmdd>.csv` of `.json`, met de dag van "
        "het uittreksel; hoofdletters of kleine letters maken niet uit. Aanvaard zijn bijvoorbeeld "
        + ", ".join(f"`{name}`" for name in names)
        + ". |",
        "| Inhoud | Eén bestand per dag, met elke melding die die dag werd aangemaakt of gewijzigd, in haar toestand "
        "op het einde van de dag: een melding die maandag binnenkwam en donderdag werd afgesloten, staat in "
        f"beide bestanden. Minstens {minimum} melding per bestand. |",
        f"| CSV | De export van het portaal: UTF-8 (met of zonder BOM), scheidingsteken `{source.delimiter}`, "
        'een waarde mag tussen `"` staan. De eerste regel bevat de veldnamen hieronder, in die volgorde. Een '
        "leeg veld is een lege waarde. |",
        "| JSON | Het antwoord van de records-API van het portaal, in UTF-8: "
        '`{"total_count": n, "results": [...]}`, met per melding één object met de veldnamen hieronder als '
        "sleutels en `null` voor een lege waarde. `total_count` moet gelijk zijn aan het aantal objecten in "
        "`results`; anders ontbreekt een pagina van het antwoord en wordt het bestand geweigerd. |",
        f"| Versheid | De nieuwste levering is hoogstens {source.freshness.max_days_since_delivery} dagen oud; "
        "anders geeft de versheidscontrole een waarschuwing (geen weigering). |",
        "",
        "## De velden",
        "",
        "In de CSV staan de kolommen in deze volgorde; in de JSON doet de volgorde van de sleutels er niet toe. "
        "Een veld dat hier niet staat, doet het bestand weigeren, net als een ontbrekend veld dat niet "
        "optioneel is.",
        "",
        "| veld | betekenis | aanwezig | formaat en toegelaten waarden | voorbeeld |",
        "|---|---|---|---|---|",
    ]
    for field in fields:
        lines.append(
            f"| `{field}` | {MELDINGEN_MEANINGS[field]} | {requirement(field)} | {_cell(rule(field))} "
            f"| `{examples[field]}` |"
        )
    lines += [
        "",
        "## Regels over meer dan één veld",
        "",
        f"- `aangemaakt_op` ligt niet vóór {m.EARLIEST_REQUEST_DAY.isoformat()} en niet na de dag in de "
        "bestandsnaam: een vroegere datum is een conversiefout (zoals 1970-01-01), geen oude melding.",
        "- `gewijzigd_op` en `afgesloten_op` liggen niet vóór `aangemaakt_op`. De tijdstippen worden vergeleken "
        "als momenten, met hun verschil met UTC, zodat het uur dat zich herhaalt op het einde van de zomertijd "
        "juist vergeleken wordt.",
        "- Een categorie die niet in de lijst hierboven staat, weigert het bestand niet: de melding wordt "
        "geladen zonder norm voor de doorlooptijd, met een waarschuwing.",
        "- De gemeente van een melding volgt uit `statistische_sector`, opgezocht in de geladen sectorbestanden "
        "van Statbel op de datum van de melding; gebruik dus de sectorcodes van Statbel. Een code die de geladen "
        "sectorbestanden niet kennen, weigert het bestand niet bij de ingang, maar doet een test in dbt falen: "
        "dan stopt de build en blijft de vorige publicatie staan "
        "([afsluitcode 1](../12-aan-de-slag.md#afsluitcodes)).",
        "",
        "## De melder: optioneel, en nooit leesbaar in de tabellen",
        "",
        "- De kolommen "
        + ", ".join(f"`{f}`" for f in m.PERSONAL_FIELDS)
        + " zijn persoonsgegevens. Lever ze alleen als het doel ze nodig heeft (minimale gegevensverwerking, "
        "[hoofdstuk 9](../09-privacy-ethiek-beveiliging.md#pseudonimisering)): ze mogen samen of apart uit de "
        "kop van de CSV en uit de objecten van de JSON wegblijven.",
        "- Elke levering van meldingen, ook een zonder deze kolommen, wordt pas gelezen als de sleutel `"
        + m.KEY_ENV
        + f"` (minstens {m.MIN_KEY_LENGTH} tekens) en een archiefsleutel gezet zijn "
        "([hoofdstuk 12](../12-aan-de-slag.md#echte-data)).",
        "- Lever je ze wel, dan vervangt de pijplijn de drie kolommen bij het inlezen door één pseudoniem, "
        f"`{m.PSEUDONYM_FIELD}`: een HMAC-SHA256 met die sleutel van het e-mailadres, anders van het "
        "telefoonnummer (alleen de cijfers), anders van de naam. Een anonieme melding krijgt geen pseudoniem. "
        "De leesbare waarden komen niet in de `raw`-tabellen en in niets wat daarop volgt.",
        "- Het geleverde bestand wordt versleuteld bewaard in het archief (of de quarantaine), "
        f"{personal_data.archive_retention_days} dagen lang "
        f"(`{prefix}ARCHIVE_RETENTION_DAYS`). "
        + ", ".join(f"`{f}`" for f in personal_data.location_columns)
        + f" blijven {personal_data.location_retention_days} dagen in de `raw`-tabel "
        f"(`{prefix}LOCATION_RETENTION_DAYS`) en worden daarna gewist; de statistische sector blijft "
        "([hoofdstuk 9](../09-privacy-ethiek-beveiliging.md#purge)).",
        f"- De rechtsgrond die het template standaard vermeldt: {personal_data.legal_ground} "
        f"(`{prefix}LEGAL_GROUND`); de functionaris voor gegevensbescherming bevestigt hem in het register van "
        "verwerkingsactiviteiten.",
    ]
    return "\n".join(lines) + "\n"


def generate(out_dir: Path, manifest_path: Path = MANIFEST) -> list[Path]:
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = {
        "marts.md": marts_page(manifest),
        "busmatrix.md": bus_matrix_page(manifest),
        "indicatoren.md": indicators_page(),
        "meldingen.md": meldingen_page(),
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
