"""Every variant of the bad-input catalogue (tests/bad_inputs.py) gets a clear message naming the file
(and line and column where there is one) and changes nothing in the warehouse; legitimate real-world
forms load exactly like the clean file."""

import hashlib
import shutil

import dagster as dg
import duckdb
import pytest

from dagster_project.landing.encryption import ENCRYPTED_SUFFIX, archive_cipher
from dagster_project.landing.readers import read_delivery
from dagster_project.landing.validation import validate_file
from dagster_project.sources import LANDING_SOURCES
from tests.bad_inputs import ACCEPTS, REJECTS, VARIANTS, Variant
from tests.conftest import SEEDS, BuiltWarehouse, run_build_job

SOURCES = {s.name: s for s in LANDING_SOURCES}


def test_catalogue_covers_every_source_type():
    """At least 25 variants, rejects and accepts, and every landing source is in the catalogue."""
    assert len(VARIANTS) >= 25
    assert len({v.id for v in VARIANTS}) == len(VARIANTS)
    assert {v.source.name for v in VARIANTS} == set(SOURCES)
    assert {v.source.name for v in ACCEPTS} >= {"tf_soc_pop_struct", "bbc_dr_beleidsvelden", "meldingen"}


@pytest.mark.parametrize("variant", REJECTS, ids=lambda v: v.id)
def test_bad_delivery_is_refused_with_a_message_naming_file_and_column(variant: Variant, tmp_path):
    path = variant.landing(tmp_path / "landing")
    source = variant.source

    validation = validate_file(path, source, variant.context(path.parent))

    if variant.with_original:
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
    source = variant.source
    clean = read_delivery(SEEDS / variant.file_name, source)
    path = variant.landing(tmp_path / "landing")

    validation = validate_file(path, source, variant.context(path.parent))
    loaded = read_delivery(path, source)

    assert validation.passed, [f.describe() for f in validation.findings]
    if variant.expected_change:
        assert not loaded.equals(clean)  # the variant really changes a value
        variant.expected_change(clean)
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
    copies = (warehouse.published_db, warehouse.internal_db)
    published = tuple(hashlib.sha256(copy.read_bytes()).hexdigest() for copy in copies)
    return raw, log, published


@pytest.fixture(scope="module")
def shared_copy(built_warehouse, tmp_path_factory) -> BuiltWarehouse:
    root = tmp_path_factory.mktemp("bad_inputs")
    shutil.copytree(built_warehouse.warehouse_dir, root / "warehouse")
    return BuiltWarehouse(landing_dir=root / "landing", warehouse_dir=root / "warehouse", result=built_warehouse.result)


@pytest.mark.parametrize("variant", REJECTS, ids=lambda v: v.id)
def test_bad_delivery_is_quarantined_and_leaves_raw_as_it_was(variant: Variant, shared_copy, tmp_path):
    """The landing and raw steps of the variant's source (the rest of the build goes on without it: see
    tests/test_landing_rejects_bad_files.py for a whole build with a refused delivery)."""
    landing = tmp_path / "landing"
    variant.landing(landing)
    before = _fingerprint(shared_copy)
    selection = [dg.AssetKey([layer, variant.source.name]) for layer in ("landing", "raw")]

    result = run_build_job(landing, shared_copy.warehouse_dir, selection)

    [evaluation] = [
        e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
        and e.asset_check_evaluation_data.check_name == "great_expectations_suite"
    ]
    assert not evaluation.passed and variant.delivered_name in evaluation.description
    assert _fingerprint(shared_copy) == before
    delivered = landing / variant.delivered_name
    sha256 = hashlib.sha256(delivered.read_bytes()).hexdigest()
    archived = shared_copy.warehouse_dir / "archive" / sha256 / variant.delivered_name
    if variant.source.personal_data is None:
        assert archived.read_bytes() == delivered.read_bytes()  # nothing delivered is lost
    else:  # kept encrypted, with this test run's throwaway key
        encrypted = archived.with_name(archived.name + ENCRYPTED_SUFFIX)
        assert archive_cipher({}).decrypt_file(encrypted) == delivered.read_bytes()
        assert delivered.read_bytes()[:40] not in encrypted.read_bytes()
    report = shared_copy.warehouse_dir / "quarantine" / f"{variant.delivered_name}__{sha256[:12]}" / "report.md"
    assert variant.delivered_name in report.read_text(encoding="utf-8")
