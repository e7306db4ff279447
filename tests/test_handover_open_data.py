"""Swing and open data: the indicator mart in Swing's upload format, checked against the layout of a real
Provincies in Cijfers upload, and DCAT-AP Vlaanderen metadata with its mandatory properties."""

import csv
import json
import re

import duckdb
import pytest

from dagster_project.handover.swing import CENSORED
from tests.conftest import SHARED_REFERENCE_DATA

REAL_UPLOAD = SHARED_REFERENCE_DATA / "pinc_swing_upload_level_gemeente_v2801.txt"


@pytest.fixture(scope="module")
def swing_file(built_warehouse):
    return built_warehouse.warehouse_dir / "exports" / "swing" / "swing_upload_level_gemeente.txt"


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_swing_upload_holds_the_published_and_censored_values(swing_file, built_warehouse):
    rows = _rows(swing_file)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["period", "geolevel", "geoitem"]
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    try:
        mart = con.execute(
            "select period, geografie_code, indicator_code, value, status from marts.fct_indicator_waarde"
            " where geografie_niveau = 'gemeente' and regexp_full_match(period, '[0-9]{4}')"
        ).fetchall()
    finally:
        con.close()
    cells = {(r[0], r[2], name): value for r in body for name, value in zip(header[3:], r[3:], strict=True)}
    assert len(body) == len({(p, g) for p, g, *_ in mart})
    for period, area, code, value, status in mart:
        cell = cells[(period, area, code)]
        if status == "onderdrukt":
            assert cell == str(CENSORED), (period, area, code)
        elif status == "gepubliceerd":
            assert float(cell) == pytest.approx(float(value), abs=1e-6), (period, area, code)
        else:
            assert cell == ""
    assert any(c == str(CENSORED) for c in cells.values())


@pytest.mark.skipif(not REAL_UPLOAD.exists(), reason="the real Swing upload lives in ../shared (not in this clone)")
def test_swing_upload_has_the_layout_of_a_real_provincies_in_cijfers_upload(swing_file):
    real, ours = REAL_UPLOAD.read_bytes(), swing_file.read_bytes()
    # Both: no byte-order mark, LF line ends, comma-separated.
    for content in (real, ours):
        assert not content.startswith(b"\xef\xbb\xbf") and b"\r\n" not in content
    real_rows, our_rows = _rows(REAL_UPLOAD), _rows(swing_file)
    # The real file's first, unnamed column is the index pandas wrote; it is not part of the format.
    assert real_rows[0][0] == "" and all(r[0].isdigit() for r in real_rows[1:])
    real_header, real_body = real_rows[0][1:], [r[1:] for r in real_rows[1:]]
    our_header, our_body = our_rows[0], our_rows[1:]
    assert our_header[:3] == real_header[:3] == ["period", "geolevel", "geoitem"]
    variable = re.compile(r"[a-z][a-z0-9_]*")
    assert all(variable.fullmatch(v) for v in real_header[3:] + our_header[3:])
    for body in (real_body, our_body):
        assert {r[1] for r in body} == {"gemeente"}
        assert all(re.fullmatch(r"\d{4}", r[0]) and re.fullmatch(r"\d{5}", r[2]) for r in body)
        assert all(re.fullmatch(r"-?\d+(\.\d+)?|", cell) for r in body for cell in r[3:])
    assert {r[2] for r in our_body} <= {r[2] for r in real_body} | {"71072"}  # 2025 Hasselt is after the example


# DCAT-AP Vlaanderen 2.0: the mandatory properties of a dataset, and what the issue asks on top.
MANDATORY = ["dct:title", "dct:description", "dct:identifier", "dcat:contactPoint", "dct:accessRights", "dcat:keyword"]
ASKED = ["dct:publisher", "dct:license", "dct:temporal", "dct:spatial", "dcat:distribution"]


def test_every_open_mart_has_dcat_ap_vlaanderen_metadata(built_warehouse):
    exports = built_warehouse.warehouse_dir / "exports"
    catalogue = json.loads((exports / "catalogus.jsonld").read_text(encoding="utf-8"))
    assert catalogue["@type"] == "dcat:Catalog"
    con = duckdb.connect(str(built_warehouse.published_db), read_only=True)
    try:
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    finally:
        con.close()
    assert {d["@id"].rsplit("/", 1)[-1] for d in catalogue["dcat:dataset"]} == tables
    for dataset in catalogue["dcat:dataset"]:
        for prop in MANDATORY + ASKED[:2] + ["dcat:distribution"]:
            assert dataset.get(prop), (dataset["@id"], prop)
        for prop in ("dct:title", "dct:description"):
            assert dataset[prop]["@language"] == "nl" and dataset[prop]["@value"]
        assert all(k["@language"] == "nl" for k in dataset["dcat:keyword"])
        assert dataset["dcat:contactPoint"]["vcard:hasEmail"]["@id"].startswith("mailto:")
        assert dataset["dct:accessRights"]["@id"].endswith("/access-right/PUBLIC")
        assert dataset["dct:spatial"]
        for distribution in dataset["dcat:distribution"]:
            assert distribution["dcat:accessURL"]["@id"] and distribution["dct:license"]["@id"]
    facts = [d for d in catalogue["dcat:dataset"] if "/dataset/fct_" in d["@id"]]
    assert all(
        d["dct:temporal"]["dcat:startDate"]["@value"] <= d["dct:temporal"]["dcat:endDate"]["@value"] for d in facts
    )
    indicator = json.loads((exports / "dcat" / "fct_indicator_waarde.jsonld").read_text(encoding="utf-8"))
    assert indicator["dct:temporal"]["dcat:startDate"]["@value"] == "2019-01-01"
    assert any("swing" in d["dcat:accessURL"]["@id"] for d in indicator["dcat:distribution"])
    assert "@context" in indicator
