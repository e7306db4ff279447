"""What changed since the previous publication: rows per mart and new periods.

Each export run stores the state of the open copy it exported (rows and periods per mart) in
exports/publicatie.json, after comparing it with the state stored by the previous run. The comparison is
kept in exports/wijzigingen.json, which the build's closing summary reads.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from dagster_project.handover import marts

STATE_FILE = "publicatie.json"
CHANGES_FILE = "wijzigingen.json"


def publication_state(published_db: Path) -> dict:
    with marts.open_copy(published_db) as con:
        tables = {
            t: {"rows": marts.row_count(con, t), "periods": marts.periods(con, t)} for t in marts.published_tables(con)
        }
    return {"exported_at": datetime.now(UTC).isoformat(timespec="seconds"), "tables": tables}


def compare(previous: dict | None, current: dict) -> dict:
    """Per mart: rows before and now, and the periods that are new; marts added or gone."""
    if previous is None:
        return {"previous_exported_at": None, "tables": {}, "first_publication": True}
    before, now = previous.get("tables", {}), current["tables"]
    changes = {}
    for table in sorted(set(before) | set(now)):
        old, new = before.get(table), now.get(table)
        if old is None or new is None:
            changes[table] = {"rows_before": old and old["rows"], "rows_now": new and new["rows"], "new_periods": []}
            continue
        new_periods = sorted(set(new["periods"]) - set(old["periods"]))
        if old["rows"] != new["rows"] or new_periods:
            changes[table] = {"rows_before": old["rows"], "rows_now": new["rows"], "new_periods": new_periods}
    return {"previous_exported_at": previous.get("exported_at"), "tables": changes, "first_publication": False}


def record_publication(published_db: Path, exports_dir: Path) -> dict:
    """Compare the open copy with the previous export run, store both; return the comparison."""
    exports_dir.mkdir(parents=True, exist_ok=True)
    state_path = exports_dir / STATE_FILE
    previous = json.loads(state_path.read_text(encoding="utf-8")) if state_path.exists() else None
    current = publication_state(published_db)
    changes = compare(previous, current)
    for path, content in ((exports_dir / CHANGES_FILE, changes), (state_path, current)):
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    return changes


def read_changes(exports_dir: Path) -> dict | None:
    path = exports_dir / CHANGES_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
