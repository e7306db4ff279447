"""Every variant of the bad-input catalogue (tests/bad_inputs.py) gets a clear message naming the file
(and line and column where there is one) and changes nothing in the warehouse; legitimate real-world
forms load exactly like the clean file."""

import hashlib
import shutil

import duckdb
import pytest

from dagster_project.landing.context import DeliveryContext
from dagster_project.landing.readers import read_delivery
from dagster_project.landing.validation import validate_file
from dagster_project.sources import LANDING_SOURCES
from tests.bad_inputs import ACCEPTS, POP, REFNIS, REJECTS, Variant
from tests.conftest import SEEDS, BuiltWarehouse, run_build_job

SOURCES = {s.name: s for s in LANDING_SOURCES}


def _source_of(file_name: str):
    return next(s for s in LANDING_SOURCES if s.file_pattern.fullmatch(file_name))


def _rows_in(name: str) -> int:
    return (SEEDS / name).read_bytes().count(b"\r\n") - 1


def _landing_with(variant: Variant, folder) -> None:
    """A landing folder with the variant and the clean files it is checked against."""
    folder.mkdir()
    for clean in {REFNIS, POP} - {variant.file_name}:
        shutil.copy(SEEDS / clean, folder / clean)
    if variant.id == "same_content_other_name":
        shutil.copy(SEEDS / POP, folder / POP)
    variant.write(folder)


@pytest.mark.parametrize("variant", REJECTS, ids=lambda v: v.id)
def test_bad_delivery_is_refused_with_a_message_naming_file_and_column(variant: Variant, tmp_path):
    landing = tmp_path / "landing"
    _landing_with(variant, landing)
    previous = {name: _rows_in(name) for name in (POP, "TF_SOC_POP_STRUCT_2025.txt")}
    context = DeliveryContext(landing_dir=landing, previous_rows=previous)
    path = landing / variant.delivered_name
    source = _source_of(path.name)

    validation = validate_file(path, source, context)

    if variant.id == "same_content_other_name":
        # Each copy is valid on its own; the landing asset compares files: see the job-level test.
        assert validation.passed
        return
    assert not validation.passed
    matching = [f for f in validation.findings if f.check == variant.check]
    assert matching, [f.describe() for f in validation.findings]
    if variant.column:
        assert any(f.column == variant.column for f in matching), [f.describe() for f in matching]
    assert all(f.describe().startswith(variant.delivered_name) for f in validation.findings)


@pytest.mark.parametrize("variant", ACCEPTS, ids=lambda v: v.id)
def test_legitimate_variant_loads_like_the_clean_file(variant: Variant, tmp_path):
    source = _source_of(variant.file_name)
    clean = read_delivery(SEEDS / variant.file_name, source)
    path = variant.write(tmp_path)

    validation = validate_file(path, source)
    loaded = read_delivery(path, source)

    assert validation.passed, [f.describe() for f in validation.findings]
    if variant.id == "thousands_separator":
        assert loaded.loc[0, "MS_POPULATION"] == "1234"
        loaded.loc[0, "MS_POPULATION"] = clean.loc[0, "MS_POPULATION"]
    assert loaded.equals(clean)


def _fingerprint(warehouse: BuiltWarehouse) -> tuple:
    con = duckdb.connect(str(warehouse.build_db), read_only=True)
    try:
        raw = tuple(
            con.execute(f"select count(*), sum(hash(columns(* exclude (_loaded_at)))) from raw.{name}").fetchone()
            for name in SOURCES
        )
        log = con.execute("select count(*) from raw._load_log").fetchone()
    finally:
        con.close()
    published = hashlib.sha256(warehouse.published_db.read_bytes()).hexdigest()
    return raw, log, published


@pytest.fixture(scope="module")
def shared_copy(built_warehouse, tmp_path_factory) -> BuiltWarehouse:
    root = tmp_path_factory.mktemp("bad_inputs")
    shutil.copytree(built_warehouse.warehouse_dir, root / "warehouse")
    return BuiltWarehouse(landing_dir=root / "landing", warehouse_dir=root / "warehouse", result=built_warehouse.result)


@pytest.mark.parametrize("variant", REJECTS, ids=lambda v: v.id)
def test_bad_delivery_changes_nothing_published_and_is_kept(variant: Variant, shared_copy, tmp_path):
    landing = tmp_path / "landing"
    _landing_with(variant, landing)
    before = _fingerprint(shared_copy)

    result = run_build_job(landing, shared_copy.warehouse_dir)

    assert not result.success
    assert _fingerprint(shared_copy) == before
    delivered = landing / variant.delivered_name
    sha256 = hashlib.sha256(delivered.read_bytes()).hexdigest()
    archived = shared_copy.warehouse_dir / "archive" / sha256 / variant.delivered_name
    assert archived.read_bytes() == delivered.read_bytes()  # nothing delivered is lost
    report = shared_copy.warehouse_dir / "quarantine" / f"{variant.delivered_name}__{sha256[:12]}" / "report.md"
    assert variant.delivered_name in report.read_text(encoding="utf-8")
