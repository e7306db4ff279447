"""Service requests: lead times and service-level outcomes recomputed from the daily extracts with the csv
and json modules; the reader's pseudonymisation; and the incremental fact, fed one more day, equal to a
full rebuild."""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.beleid_sample_files import latest_meldingen, meldingen_records, sla_targets, utc, working_day_deadline
from tests.conftest import REPO_ROOT, SEEDS, run_build_job

CATEGORY_SEED = REPO_ROOT / "dbt" / "seeds" / "ref_melding_categorieen.csv"


@pytest.fixture(scope="module")
def published(built_warehouse):
    """The internal copy: the request-level fact is kept out of the open one (see test_beleid_privacy)."""
    con = duckdb.connect(str(built_warehouse.internal_db), read_only=True)
    yield con
    con.close()


def expected_requests(folder: Path) -> dict[str, tuple]:
    """melding_id -> (category code, status, closed, lead seconds or None, within target or None)."""
    targets = sla_targets(CATEGORY_SEED)
    out = {}
    for melding_id, record in latest_meldingen(meldingen_records(folder)).items():
        code, working_days = targets.get(record["categorie"], (None, None))  # a label the list lacks: no target
        closed = record["afgesloten_op"] != ""
        seconds = int((utc(record["afgesloten_op"]) - utc(record["aangemaakt_op"])).total_seconds()) if closed else None
        within = None
        if closed and working_days is not None:
            deadline = working_day_deadline(record["aangemaakt_op"][:10], working_days, CATEGORY_SEED.parent)
            within = record["afgesloten_op"][:10] <= deadline
        out[melding_id] = (code, record["status"], closed, seconds, within)
    return out


def _fact(con) -> dict[str, tuple]:
    rows = con.execute(
        "select melding_id, categorie_code, status_name_nl, is_closed, doorlooptijd_hours, is_within_sla"
        " from marts.fct_melding"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def _assert_fact_matches(actual: dict[str, tuple], expected: dict[str, tuple]) -> None:
    assert sorted(actual) == sorted(expected)
    for melding_id, (code, status, closed, seconds, within) in expected.items():
        got_code, got_status, got_closed, hours, got_within = actual[melding_id]
        assert (got_code, got_status, got_closed, got_within) == (code, status, closed, within), melding_id
        if seconds is None:
            assert hours is None
        else:
            assert abs(hours - Decimal(seconds) / 3600) <= Decimal("0.005"), melding_id


def test_every_request_has_its_latest_state_lead_time_and_sla_outcome(published):
    expected = expected_requests(SEEDS)
    _assert_fact_matches(_fact(published), expected)
    assert len(expected) == 862
    # Reassigned requests count in their new category; requests still open have no outcome yet.
    per_category = Counter((code, within) for code, _, _, _, within in expected.values())
    rows = published.execute(
        "select categorie_code, is_within_sla, sum(melding_count) from marts.fct_melding group by 1, 2"
    ).fetchall()
    assert {(c, w): n for c, w, n in rows} == dict(per_category)
    assert per_category[("sluikstort", True)] == 193  # two working days, not 48 hours: the weekend does not count
    assert sum(n for (_, within), n in per_category.items() if within is None) == 118


def test_lead_time_is_measured_in_utc_across_the_change_to_summer_time(published):
    # Created on 25 March 07:04:35 (+01:00), closed on 31 March 07:20:17 (+02:00): 6 days and 15 minutes on
    # the wall clock, one hour less in reality.
    records = meldingen_records(SEEDS)
    crossing = [
        r
        for r in latest_meldingen(records).values()
        if r["afgesloten_op"].endswith("+02:00") and r["aangemaakt_op"].endswith("+01:00")
    ]
    assert len(crossing) > 20
    sample = crossing[0]
    hours = published.execute(
        "select doorlooptijd_hours from marts.fct_melding where melding_id = ?", [sample["melding_id"]]
    ).fetchone()[0]
    wall_clock = (
        utc(sample["afgesloten_op"].replace("+02:00", "+00:00"))
        - utc(sample["aangemaakt_op"].replace("+01:00", "+00:00"))
    ).total_seconds() / 3600
    assert abs(float(hours) - (wall_clock - 1)) < 0.006


def test_request_times_are_published_in_utc_beside_the_wall_clock(published):
    """Issue 11, item 4, on the internal copy: every request's creation and closing time as the Europe/Brussels
    wall clock and in UTC, both equal to the extracts' ISO 8601 text parsed here with datetime.fromisoformat;
    the lead time equals the true elapsed time between the two offset-aware moments, and a user can recompute
    it from the published closed_at_utc - created_at_utc. For every request spanning the start of summer time
    (30 March 2025, 02:00 -> 03:00) the wall clock shows one hour more than really elapsed."""
    latest = latest_meldingen(meldingen_records(SEEDS))
    rows = published.execute(
        "select melding_id, created_at, created_at_utc, closed_at, closed_at_utc, doorlooptijd_hours"
        " from marts.fct_melding"
    ).fetchall()
    fact = {r[0]: r[1:] for r in rows}
    assert sorted(fact) == sorted(latest)

    def hours(delta) -> Decimal:
        return Decimal(int(delta.total_seconds())) / 3600

    spanning = []
    for melding_id, record in latest.items():
        created = datetime.fromisoformat(record["aangemaakt_op"])
        closed = datetime.fromisoformat(record["afgesloten_op"]) if record["afgesloten_op"] else None
        created_at, created_at_utc, closed_at, closed_at_utc, lead_hours = fact[melding_id]
        assert created_at == created.replace(tzinfo=None), melding_id
        assert created_at_utc == created.astimezone(UTC).replace(tzinfo=None), melding_id
        if closed is None:
            assert (closed_at, closed_at_utc, lead_hours) == (None, None, None), melding_id
            continue
        assert closed_at == closed.replace(tzinfo=None), melding_id
        assert closed_at_utc == closed.astimezone(UTC).replace(tzinfo=None), melding_id
        true_elapsed = hours(closed.astimezone(UTC) - created.astimezone(UTC))
        assert abs(lead_hours - true_elapsed) <= Decimal("0.005"), melding_id
        assert abs(lead_hours - hours(closed_at_utc - created_at_utc)) <= Decimal("0.005"), melding_id
        if created.utcoffset() != closed.utcoffset():
            spanning.append(melding_id)
            assert created.utcoffset().total_seconds() == 3600 and closed.utcoffset().total_seconds() == 7200
            assert hours(closed_at - created_at) - true_elapsed == 1, melding_id
    # The sample's six weeks (10 March - 20 April) cross the start of summer time, not its end; the end, with
    # its repeated hour, is covered by the dbt unit tests of stg_stad__meldingen and int_meldingen__doorlooptijd.
    assert len(spanning) == 102


def test_request_municipality_comes_from_statbels_sector_files(published):
    """Each request's sector lies in the municipality that the sector population file of the request's year
    names (CD_REFNIS), read here with the csv module; no request is left without a municipality."""
    sector_municipality = {}
    with (SEEDS / "OPENDATA_SECTOREN_2025.txt").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="|"):
            sector_municipality[row["CD_SECTOR"]] = row["CD_REFNIS"]
    latest = latest_meldingen(meldingen_records(SEEDS))
    expected = {m: sector_municipality[r["statistische_sector"]] for m, r in latest.items()}
    rows = published.execute("select melding_id, statistische_sector_code, gemeente_nis_code from marts.fct_melding")
    actual = {m: g for m, sector, g in rows.fetchall()}
    assert actual == expected
    assert set(actual.values()) == {"44021"}
    assert len({r["statistische_sector"] for r in latest.values()}) == 24


def test_reader_pseudonymises_reporters_with_the_configured_key(monkeypatch, tmp_path):
    from dagster_project.landing.readers import read_delivery
    from dagster_project.sources import MELDINGEN

    key = "a-test-key-of-sufficient-length"
    monkeypatch.setenv("OBMI_PSEUDONYMISATION_KEY", key)
    csv_day, json_day = SEEDS / "meldingen_2025-03-31.csv", SEEDS / "meldingen_2025-04-01.json"
    records = [r for r in meldingen_records(SEEDS) if r["_file"] in (csv_day.name, json_day.name)]
    frames = [read_delivery(csv_day, MELDINGEN), read_delivery(json_day, MELDINGEN)]
    pseudonyms = {}
    for frame in frames:
        assert not {"melder_naam", "melder_email", "melder_telefoon"} & set(frame.columns)
        pseudonyms |= dict(zip(frame["melding_id"] + frame["gewijzigd_op"], frame["melder_pseudoniem"], strict=True))

    def expected(record: dict) -> str | None:
        if record["melder_email"]:
            identity = "email:" + record["melder_email"].lower()
        elif record["melder_telefoon"]:
            identity = "telefoon:" + "".join(ch for ch in record["melder_telefoon"] if ch.isdigit())
        elif record["melder_naam"]:
            identity = "naam:" + record["melder_naam"].casefold()
        else:
            return None
        return hmac.new(key.encode(), identity.encode(), hashlib.sha256).hexdigest()

    assert len(records) == len(pseudonyms) > 50
    for record in records:
        assert pseudonyms[record["melding_id"] + record["gewijzigd_op"]] == expected(record)
    # The same reporter in the CSV export and in the API response gets the same pseudonym.
    by_email: dict[str, set] = {}
    for record in records:
        if record["melder_email"]:
            by_email.setdefault(record["melder_email"], set()).add(
                pseudonyms[record["melding_id"] + record["gewijzigd_op"]]
            )
    assert all(len(found) == 1 for found in by_email.values())
    assert any(
        {r["_file"] for r in records if r["melder_email"] == email} == {csv_day.name, json_day.name}
        for email in by_email
    ), "the sample has a reporter in both forms"

    monkeypatch.setenv("OBMI_PSEUDONYMISATION_KEY", "short")
    with pytest.raises(ValueError, match="at least 16"):
        read_delivery(csv_day, MELDINGEN)


def test_incomplete_api_extract_and_a_missing_field_are_refused(tmp_path):
    from dagster_project.landing.validation import validate_file
    from dagster_project.sources import MELDINGEN

    response = json.loads((SEEDS / "meldingen_2025-04-02.json").read_text(encoding="utf-8"))
    response["total_count"] += 100  # the extract stopped after the first page
    incomplete = tmp_path / "meldingen_2025-04-02.json"
    incomplete.write_text(json.dumps(response), encoding="utf-8")
    [finding] = validate_file(incomplete, MELDINGEN).findings
    assert "page of the API response is missing" in finding.describe()

    lines = (SEEDS / "meldingen_2025-03-12.csv").read_bytes().decode("utf-8").split("\r\n")
    header = lines[0].split(";")
    drop = header.index("statistische_sector")
    cut = ["" if not line else ";".join(v for i, v in enumerate(line.split(";")) if i != drop) for line in lines]
    broken = tmp_path / "meldingen_2025-03-12.csv"
    broken.write_text("\r\n".join(cut), encoding="utf-8", newline="")
    findings = validate_file(broken, MELDINGEN).findings
    assert [f.describe() for f in findings] == [
        "meldingen_2025-03-12.csv: line 1: column statistische_sector: column is missing from the header [header]"
    ]


UNLISTED_CATEGORY = "Fietswrak"  # not in dbt/seeds/ref_melding_categorieen.csv
WARN = dg.AssetCheckSeverity.WARN
NEXT_DAY = "2025-04-21"
DAY_AFTER = "2025-04-22"
BACKFILLED = "M24-900004"  # created in December 2024, delivered late: the first request of another year


def _next_day_extract(folder: Path) -> dict:
    """One more day, written as the API extract would: three open requests closed (one of them reassigned
    to another category), one taken in hand, two new requests (one closed the same day), one new request
    in a category the city's list does not have yet, and one request of the previous year delivered late."""
    latest = latest_meldingen(meldingen_records(folder))
    still_open = sorted((r for r in latest.values() if r["status"] != "Afgesloten"), key=lambda r: r["melding_id"])
    results = []
    for index, record in enumerate(still_open[:4]):
        changed = {k: v for k, v in record.items() if k != "_file"}
        changed["gewijzigd_op"] = f"{NEXT_DAY}T{9 + index:02d}:30:00+02:00"
        if index < 3:
            changed["status"] = "Afgesloten"
            changed["afgesloten_op"] = changed["gewijzigd_op"]
        else:
            changed["status"] = "In behandeling"
        if index == 0:
            changed["categorie"] = "Graffiti"
        results.append(changed)
    template = {k: v for k, v in still_open[0].items() if k != "_file"}
    for number, closed, category in (
        ("M25-900001", True, "Sluikstort"),
        ("M25-900002", False, "Sluikstort"),
        ("M25-900003", True, UNLISTED_CATEGORY),
        (BACKFILLED, True, "Sluikstort"),
    ):
        new = dict(template, melding_id=number, categorie=category, kanaal="App")
        new["aangemaakt_op"] = "2024-12-30T08:05:00+01:00" if number == BACKFILLED else f"{NEXT_DAY}T08:05:00+02:00"
        new["gewijzigd_op"] = f"{NEXT_DAY}T15:45:00+02:00" if closed else new["aangemaakt_op"]
        new["status"] = "Afgesloten" if closed else "Nieuw"
        new["afgesloten_op"] = new["gewijzigd_op"] if closed else ""
        results.append(new)
    return _as_api_extract(results)


def _day_after_extract(folder: Path) -> dict:
    """The day after: one more request of this year, closed the same day."""
    latest = latest_meldingen(meldingen_records(folder))
    template = {
        k: v for k, v in next(r for r in latest.values() if r["_file"].endswith(".csv")).items() if k != "_file"
    }
    new = dict(template, melding_id="M25-900005", aangemaakt_op=f"{DAY_AFTER}T08:05:00+02:00")
    new["gewijzigd_op"] = new["afgesloten_op"] = f"{DAY_AFTER}T11:00:00+02:00"
    return _as_api_extract([new])


def _as_api_extract(results: list[dict]) -> dict:
    for result in results:
        lat, lon = (float(v) for v in result["geo_point_2d"].split(", "))
        result["geo_point_2d"] = {"lon": lon, "lat": lat}
        for field, value in result.items():
            if value == "":
                result[field] = None
    return {"total_count": len(results), "results": results}


def _fact_rows(database: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        columns = [
            c
            for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = 'marts'"
                " and table_name = 'fct_melding' order by ordinal_position"
            ).fetchall()
        ]
        rows = con.execute(f"select {', '.join(columns)} from marts.fct_melding").fetchall()
    finally:
        con.close()
    return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}


REBUILT = ("fct_melding", "int_meldingen__aantal_cellen", "int_meldingen__aantal_beschermd", "fct_indicator_waarde")


def _count_rows(database: Path) -> dict[str, dict]:
    """The disclosure decision per cell but the sectors', keyed by level, area, category and period, with the
    technical columns of the incremental run."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        result = con.execute(
            "select * from intermediate.int_meldingen__aantal_beschermd where geografie_niveau <> 'sector'"
        )
        columns = [column[0] for column in result.description]
        rows = [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()
    return {"|".join((r["geografie_niveau"], r["geografie_code"], r["categorie_code"], r["period"])): r for r in rows}


def _indicator_rows(database: Path) -> dict[str, dict]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        result = con.execute("select * from marts.fct_indicator_waarde")
        columns = [column[0] for column in result.description]
        rows = [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()
    return {row["indicator_waarde_id"]: row for row in rows}


def test_incremental_fact_fed_one_more_day_equals_a_full_rebuild(warehouse_copy):
    build_db = warehouse_copy.build_db
    before = _fact_rows(build_db)
    extract = _next_day_extract(warehouse_copy.landing_dir)
    (warehouse_copy.landing_dir / f"meldingen_{NEXT_DAY}.json").write_text(json.dumps(extract), encoding="utf-8")
    touched = {r["melding_id"] for r in extract["results"]}

    # 1. The daily run: land and load the new extract, then everything downstream of it up to the marts
    # (the service-request models, the counts with their disclosure control, the beleid and management part
    # of the indicator mart and the mart itself) with their tests, as a sensor-triggered daily run does.
    from dagster_project.definitions import build_definitions

    graph = build_definitions().resolve_asset_graph()
    daily = dg.AssetSelection.assets(dg.AssetKey(["landing", "meldingen"])).downstream().resolve(graph)
    selection = sorted(
        (key for key in daily if key.path[0] in {"landing", "raw", "staging", "intermediate", "marts"}),
        key=lambda key: key.to_user_string(),
    )
    assert dg.AssetKey(["intermediate", "int_indicatoren__waarden_omgeving"]) not in selection
    indicators_before = _indicator_rows(build_db)
    result = run_build_job(warehouse_copy.landing_dir, warehouse_copy.warehouse_dir, selection)
    failed = [
        e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION and not e.asset_check_evaluation_data.passed
    ]
    assert result.success, [c.description for c in failed]
    # The request in a category the list lacks is kept without a category; it is only a warning, so the
    # run goes on, and the indicators (whose codes are built from the category) leave it out.
    assert {(c.asset_key.to_user_string(), c.check_name, c.severity) for c in failed} == {
        ("intermediate/int_meldingen__doorlooptijd", "not_null_int_meldingen__doorlooptijd_categorie_code", WARN),
        ("marts/fct_melding", "not_null_fct_melding_categorie_code", WARN),
    }
    incremental = _fact_rows(build_db)

    # Only the touched requests were rewritten: the others keep the time dbt wrote them.
    assert set(incremental) == set(before) | touched
    rewritten = {m for m, row in incremental.items() if m not in before or row["_built_at"] != before[m]["_built_at"]}
    assert rewritten == touched
    assert incremental["M25-900001"]["is_within_sla"] is True
    assert (incremental["M25-900003"]["categorie_code"], incremental["M25-900003"]["is_within_sla"]) == (None, None)
    assert incremental[sorted(touched)[0]]["categorie_code"] in {"graffiti", "sluikstort"}

    # The result is what the extracts say, recomputed independently, the new day included.
    expected = expected_requests(warehouse_copy.landing_dir)
    _assert_fact_matches(
        {
            m: (r["categorie_code"], r["status_name_nl"], r["is_closed"], r["doorlooptijd_hours"], r["is_within_sla"])
            for m, r in incremental.items()
        },
        expected,
    )

    # The daily run computed the beleid and management part again, not the omgeving part (Statbel): its
    # rows in the mart still carry the time of the full build. (That the mart rewrote only the beleid and
    # management rows is a matter of speed, not of result: the benchmark measures it.)
    indicators = _indicator_rows(build_db)
    kept = {
        key
        for key, row in indicators.items()
        if row["_berekend_at"] == indicators_before.get(key, {}).get("_berekend_at")
    }
    assert kept == {key for key, row in indicators_before.items() if row["obmi_domein"] == "omgeving"}
    assert {indicators[key]["obmi_domein"] for key in set(indicators) - kept} == {"beleid", "management"}

    # 2. The day after: a request of this year only. The counts and their disclosure control are per
    # creation year, so 2024 (the backfilled request's year) is not counted or decided again; 2025 is.
    counts_before = _count_rows(build_db)
    assert {row["jaar"] for row in counts_before.values()} == {"2024", "2025"}
    day_after = _day_after_extract(warehouse_copy.landing_dir)
    (warehouse_copy.landing_dir / f"meldingen_{DAY_AFTER}.json").write_text(json.dumps(day_after), encoding="utf-8")
    assert run_build_job(warehouse_copy.landing_dir, warehouse_copy.warehouse_dir, selection).success
    counts = _count_rows(build_db)
    redecided = {
        row["jaar"] for key, row in counts.items() if row["_berekend_at"] != counts_before[key]["_berekend_at"]
    }
    assert redecided == {"2025"}
    december = [
        r
        for r in counts.values()
        if r["geografie_niveau"] == "gemeente" and r["categorie_code"] == "_alle" and r["period"] == "2024-12"
    ]
    assert [(r["melding_count"], r["is_onderdrukt"], r["is_volledig"]) for r in december] == [(1, True, False)]
    incremental = _fact_rows(build_db)
    indicators = _indicator_rows(build_db)

    # 3. A full rebuild of the same models gives the same rows.
    env = {**os.environ, "OBMI_WAREHOUSE_DIR": str(warehouse_copy.warehouse_dir)}
    dbt = Path(sys.executable).parent / "dbt"
    rebuild = subprocess.run(
        [str(dbt), "run", "--select", *REBUILT, "--full-refresh", "--quiet"],
        cwd=REPO_ROOT / "dbt",
        env=env,
        capture_output=True,
        text=True,
    )
    assert rebuild.returncode == 0, rebuild.stdout[-3000:]
    rebuilt = _fact_rows(build_db)
    strip = lambda rows: {m: {k: v for k, v in r.items() if k != "_built_at"} for m, r in rows.items()}  # noqa: E731
    assert strip(rebuilt) == strip(incremental)
    assert all(r["_built_at"] > max(v["_built_at"] for v in incremental.values()) for r in rebuilt.values())
    strip = lambda rows: {k: {c: v for c, v in r.items() if c != "_berekend_at"} for k, r in rows.items()}  # noqa: E731
    assert len(counts) > 50  # municipality, group and region cells of two years
    rebuilt_indicators = _indicator_rows(build_db)
    assert strip(rebuilt_indicators) == strip(indicators)
    assert strip(_count_rows(build_db)) == strip(counts)
    assert any(row["status"] == "onderdrukt" for row in indicators.values() if row["obmi_domein"] == "management")


def _staging_tests(warehouse_dir: Path, target: Path, *extra: str) -> dict[str, str]:
    """Run the data tests on the staging view of the service requests; their outcome by test name."""
    dbt_dir = REPO_ROOT / "dbt"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "test",
            "--select",
            "stg_stad__meldingen,test_type:data",
            "--project-dir",
            str(dbt_dir),
            "--profiles-dir",
            str(dbt_dir),
            "--target-path",
            str(target),
            *extra,
        ],
        env={**os.environ, "OBMI_WAREHOUSE_DIR": str(warehouse_dir)},
        capture_output=True,
        text=True,
    )
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    return {r["unique_id"].split(".")[2]: r["status"] for r in results}


def test_staging_tests_check_what_arrived_since_the_last_run(warehouse_copy, tmp_path):
    """The tests on the staging view check the records loaded after the incremental models' watermark (and,
    for the key within a file, every record of such a file), so a daily run does not parse every earlier
    extract again; a variable tests everything."""
    con = duckdb.connect(str(warehouse_copy.build_db))
    try:
        watermark = con.execute(
            "select max(_last_loaded_at) from intermediate.int_meldingen__laatste_versie"
        ).fetchone()[0]
        # A record of an earlier load without a category, as a changed cast in staging could make it.
        con.execute(
            "insert into raw.meldingen select * replace (null as categorie, 'M-bad' as melding_id,"
            " ?::timestamp - interval 1 hour as _loaded_at) from raw.meldingen limit 1",
            [watermark],
        )
    finally:
        con.close()
    not_null = "not_null_columns_stg_stad__meldingen"
    key = "unique_combination_of_columns_stg_stad__meldingen__source_file__melding_id"

    earlier = _staging_tests(warehouse_copy.warehouse_dir, tmp_path / "earlier")
    assert (earlier[not_null], earlier[key]) == ("pass", "pass")
    everything = _staging_tests(
        warehouse_copy.warehouse_dir, tmp_path / "all", "--vars", "{staging_tests_alle_ladingen: true}"
    )
    assert everything[not_null] == "fail"

    # The same record in a load after the watermark is tested, and so is its file's key: the record repeats
    # one of the same file.
    con = duckdb.connect(str(warehouse_copy.build_db))
    try:
        con.execute(
            "insert into raw.meldingen select * replace (?::timestamp + interval 1 hour as _loaded_at)"
            " from raw.meldingen where melding_id <> 'M-bad' order by _source_file, melding_id limit 1",
            [watermark],
        )
        con.execute(
            "update raw.meldingen set _loaded_at = ?::timestamp + interval 1 hour where melding_id = 'M-bad'",
            [watermark],
        )
    finally:
        con.close()
    later = _staging_tests(warehouse_copy.warehouse_dir, tmp_path / "later")
    assert (later[not_null], later[key]) == ("fail", "fail")
