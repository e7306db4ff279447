"""Open-data metadata: DCAT-AP Vlaanderen as JSON-LD for every mart of the open copy.

Followed: DCAT-AP Vlaanderen 2.0 (ontwerpstandaard of 27 June 2021, data.vlaanderen.be), on top of
DCAT-AP 2. Its mandatory properties of a dataset are title, description, identifier, contact point (an
organisation with an e-mail address or a web page), access rights and at least one keyword, with title,
description and keywords as language-tagged strings; we add the publisher, licence, temporal and spatial
coverage and the distributions (Parquet, CSV, and Swing for the indicator mart), each with its access URL.
A portal (Open Data Vlaanderen, data.europa.eu) harvests these files from where the city hosts the
exports: set OBMI_OPENDATA_BASE_URL to that address, and the publisher with the variables below.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

from dagster_project.handover import marts
from dagster_project.handover.dbt_docs import model_docs

PROFILE = "https://data.vlaanderen.be/doc/applicatieprofiel/DCAT-AP-VL/"
PROFILE_VERSION = "DCAT-AP Vlaanderen 2.0 (ontwerpstandaard 2021-06-27)"
PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
# Modellicentie Gratis Hergebruik, the Flemish government's default open licence.
DEFAULT_LICENCE = "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0"
CATALOGUE_LICENCE = "https://data.vlaanderen.be/id/licentie/creative-commons-zero-verklaring/v1.0"
THEMES = {  # marts sub-folder -> EU data theme
    "bevolking": "SOCI",
    "huishoudens": "SOCI",
    "inkomens": "ECON",
    "financien": "GOVE",
    "doelstellingen": "GOVE",
    "meldingen": "GOVE",
    "indicatoren": "GOVE",
    "geografie": "REGI",
}
MEDIA_TYPES = {
    "parquet": ("application/vnd.apache.parquet", "http://publications.europa.eu/resource/authority/file-type/PARQUET"),
    "csv": ("text/csv", "http://publications.europa.eu/resource/authority/file-type/CSV"),
}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _publisher() -> dict:
    return {
        "@id": os.environ.get("OBMI_PUBLISHER_URI", "https://www.example.org/lokaal-bestuur"),
        "@type": "foaf:Agent",
        "foaf:name": {
            "@value": os.environ.get("OBMI_PUBLISHER_NAME", "Lokaal bestuur (in te vullen)"),
            "@language": "nl",
        },
    }


def _contact() -> dict:
    return {
        "@type": "vcard:Organization",
        "vcard:fn": os.environ.get("OBMI_PUBLISHER_NAME", "Lokaal bestuur (in te vullen)"),
        "vcard:hasEmail": {"@id": "mailto:" + os.environ.get("OBMI_CONTACT_EMAIL", "data@example.org")},
    }


def _nl(text: str) -> dict:
    return {"@value": text, "@language": "nl"}


def _period_bounds(periods: list[str]) -> tuple[date, date] | None:
    """First and last day covered by periods such as '2019', '2025-Q1', '2025-03' or '2025-03-14'."""
    if not periods:
        return None
    starts, ends = [], []
    for period in periods:
        if period[5:6] == "Q":  # a quarter: its first and last month
            year, quarter = int(period[:4]), int(period[6:7])
            periods_of_quarter = [f"{year}-{3 * quarter - 2:02d}", f"{year}-{3 * quarter:02d}"]
            first, last = _period_bounds(periods_of_quarter)
            starts.append(first)
            ends.append(last)
            continue
        parts = [int(p) for p in period[:10].split("-")]
        if len(parts) == 1:
            starts.append(date(parts[0], 1, 1))
            ends.append(date(parts[0], 12, 31))
        elif len(parts) == 2:
            year, month = parts
            starts.append(date(year, month, 1))
            following = date(year + month // 12, month % 12 + 1, 1)
            ends.append(date.fromordinal(following.toordinal() - 1))
        else:
            starts.append(date(*parts))
            ends.append(date(*parts))
    return min(starts), max(ends)


def dataset_jsonld(
    table: str, description: str, folder: str, periods: list[str], places: list[tuple], base: str
) -> dict:
    identifier = f"{base}/dataset/{table}"
    distributions = []
    for kind, (media, file_type) in MEDIA_TYPES.items():
        url = f"{base}/{kind}/{table}.{kind}"
        distributions.append(
            {
                "@id": f"{identifier}/{kind}",
                "@type": "dcat:Distribution",
                "dct:title": _nl(f"{table} ({kind.upper()})"),
                "dcat:accessURL": {"@id": url},
                "dcat:downloadURL": {"@id": url},
                "dcat:mediaType": media,
                "dct:format": {"@id": file_type},
                "dct:license": {"@id": os.environ.get("OBMI_LICENCE_URI", DEFAULT_LICENCE)},
            }
        )
    if table == marts.INDICATOR_FACT:
        url = f"{base}/swing/swing_upload_level_gemeente.txt"
        distributions.append(
            {
                "@id": f"{identifier}/swing",
                "@type": "dcat:Distribution",
                "dct:title": _nl("Swing-uploadformaat (Stad in Cijfers, Provincies in Cijfers), niveau gemeente"),
                "dcat:accessURL": {"@id": url},
                "dcat:downloadURL": {"@id": url},
                "dcat:mediaType": "text/csv",
                "dct:license": {"@id": os.environ.get("OBMI_LICENCE_URI", DEFAULT_LICENCE)},
            }
        )
    dataset = {
        "@id": identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": _nl(table.replace("_", " ")),
        "dct:description": _nl(description or table),
        "dcat:keyword": [_nl("OBMi"), _nl(folder or "warehouse"), _nl("lokaal bestuur")],
        "dcat:theme": {
            "@id": f"http://publications.europa.eu/resource/authority/data-theme/{THEMES.get(folder, 'GOVE')}"
        },
        "dct:publisher": _publisher(),
        "dcat:contactPoint": _contact(),
        "dct:accessRights": {"@id": PUBLIC},
        "dct:license": {"@id": os.environ.get("OBMI_LICENCE_URI", DEFAULT_LICENCE)},
        "dct:modified": {"@value": datetime.now(UTC).date().isoformat(), "@type": "xsd:date"},
        "dct:spatial": [
            {"@type": "dct:Location", "skos:prefLabel": _nl(name), "dct:identifier": code} for code, name in places
        ],
        "dcat:distribution": distributions,
        "dct:conformsTo": {"@id": PROFILE},
    }
    bounds = _period_bounds(periods)
    if bounds:
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": bounds[0].isoformat(), "@type": "xsd:date"},
            "dcat:endDate": {"@value": bounds[1].isoformat(), "@type": "xsd:date"},
        }
    return dataset


def write_dcat(published_db: Path, out_dir: Path) -> list[Path]:
    """One JSON-LD file per open mart in out_dir/dcat/, and catalogus.jsonld holding them all."""
    base = os.environ.get("OBMI_OPENDATA_BASE_URL", "https://data.example.org/obmi").rstrip("/")
    docs = model_docs()
    (out_dir / "dcat").mkdir(parents=True, exist_ok=True)
    written, datasets = [], []
    with marts.open_copy(published_db) as con:
        places = [tuple(r) for r in marts.municipalities(con)[["gemeente_nis_code", "gemeente_name_nl"]].values]
        for table in marts.published_tables(con):
            doc = docs.get(table)
            dataset = dataset_jsonld(
                table,
                doc.description if doc else "",
                doc.folder if doc else "",
                marts.periods(con, table),
                places,
                base,
            )
            datasets.append(dataset)
            path = out_dir / "dcat" / f"{table}.jsonld"
            path.write_text(
                json.dumps({"@context": CONTEXT, **dataset}, indent=2, ensure_ascii=False), encoding="utf-8"
            )
            written.append(path)
    catalogue = {
        "@context": CONTEXT,
        "@id": f"{base}/catalogus",
        "@type": "dcat:Catalog",
        "dct:title": _nl("OBMi-warehouse: open publicatie"),
        "dct:description": _nl(
            "Marts van het OBMi-warehouse die de organisatie mogen verlaten (omgevings-, beleids- en "
            f"managementinformatie), beschreven volgens {PROFILE_VERSION}."
        ),
        "dct:publisher": _publisher(),
        "dct:license": {"@id": CATALOGUE_LICENCE},
        "dct:conformsTo": {"@id": PROFILE},
        "dcat:dataset": datasets,
    }
    path = out_dir / "catalogus.jsonld"
    path.write_text(json.dumps(catalogue, indent=2, ensure_ascii=False), encoding="utf-8")
    return [path, *written]
