"""Adding an indicator to an existing domain stays small (issue 11, item 5): a catalogue row plus one model
change, as the handbook (chapter 12) says. The test adds the share of 18- to 64-year-olds that way to a copy
of the dbt project, builds it on a copy of the warehouse and sees the new indicator benchmarked (the
centrumsteden and the Brussels-Capital Region), under the disclosure rule of its source and documented in
dim_indicator and the generated reference page. No test holds a list of the indicators."""

from __future__ import annotations

import csv
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import REPO_ROOT

BIN = Path(sys.executable).parent
NEW = "bev_aandeel_18_64"


def _add_indicator(project: Path) -> None:
    catalogue = project / "seeds" / "ref_indicatoren.csv"
    with catalogue.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        rows = list(reader)
    template = next(row for row in rows if row["indicator_code"] == "bev_aandeel_65_plus")
    row = {
        **template,
        "indicator_code": NEW,
        "name_nl": "Aandeel 18- tot 64-jarigen",
        "definition_nl": "Inwoners van 18 tot en met 64 jaar op 1 januari, in procent van alle inwoners.",
        "formula": "100 * leeftijd_18_64_count / bevolking_count",
        "is_kernindicator": "false",
    }
    with catalogue.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerow(row)
    model = project / "models" / "intermediate" / "indicatoren" / "int_indicatoren__bevolking.sql"
    text = model.read_text(encoding="utf-8")
    anchor = "        ('bev_aandeel_65_plus', 'leeftijd_65_plus_count'),\n"
    assert anchor in text
    model.write_text(text.replace(anchor, anchor + f"        ('{NEW}', 'leeftijd_18_64_count'),\n"), encoding="utf-8")


def test_a_new_indicator_is_a_catalogue_row_and_one_model_change(warehouse_copy, tmp_path):
    project = tmp_path / "dbt"
    shutil.copytree(REPO_ROOT / "dbt", project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    _add_indicator(project)
    result = subprocess.run(
        [
            str(BIN / "dbt"),
            "build",
            "--full-refresh",
            "--select",
            "ref_indicatoren+",
            "int_indicatoren__bevolking+",
            "--exclude",
            "fct_melding",
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
            "--target-path",
            str(tmp_path / "target"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "OBMI_WAREHOUSE_DIR": str(warehouse_copy.warehouse_dir), "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout[-4000:]

    con = duckdb.connect(str(warehouse_copy.build_db), read_only=True)
    try:
        levels = dict(
            con.execute(
                "select geografie_niveau, count(*) from marts.fct_indicator_waarde where indicator_code = ? group by 1",
                [NEW],
            ).fetchall()
        )
        benchmarked = con.execute(
            """
            select count(*), count(centrumsteden_value), count(centrumsteden_index)
            from marts.fct_indicator_waarde where indicator_code = ? and geografie_niveau = 'gemeente'
            """,
            [NEW],
        ).fetchone()
        brussels = con.execute(
            """
            select count(brussel_value) from marts.fct_indicator_waarde
            where indicator_code = ? and geografie_niveau = 'gemeente' and geografie_code like '21%'
            """,
            [NEW],
        ).fetchone()[0]
        documented = con.execute(
            "select bron_openbaarheid, onthullingsregel, richting from marts.dim_indicator where indicator_code = ?",
            [NEW],
        ).fetchone()
        statuses = {
            r[0]
            for r in con.execute(
                "select distinct status from marts.fct_indicator_waarde where indicator_code = ?", [NEW]
            ).fetchall()
        }
    finally:
        con.close()
    assert set(levels) == {"gemeente", "centrumsteden", "gewest"}
    assert benchmarked[0] > 0 and benchmarked[0] == benchmarked[1] == benchmarked[2]
    assert brussels > 0
    assert documented[0] == "publiek" and "geen onderdrukking" in documented[1] and documented[2] == "neutraal"
    assert statuses == {"gepubliceerd"}

    # Documented on the handbook's generated reference page, from the copy's manifest and catalogue.
    spec = importlib.util.spec_from_file_location("reference", REPO_ROOT / "scripts" / "generate_guide_reference.py")
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    reference.SEEDS = project / "seeds"
    pages = reference.generate(tmp_path / "pages", tmp_path / "target" / "manifest.json")
    assert NEW in (tmp_path / "pages" / "indicatoren.md").read_text(encoding="utf-8"), pages
