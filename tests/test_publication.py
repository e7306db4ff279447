"""Publication details that need no pipeline run: a published file held open by another program (as
Windows does for Power BI) is retried, then refused with a message that says what to do, and the
previous publication stays as it was."""

import os

import pytest

from dagster_project.assets import publish
from dagster_project.assets.publish import PublishedFileInUse, swap_in


def _locked(monkeypatch, failures: int) -> list[int]:
    """Make os.replace fail like Windows does on an open file, `failures` times."""
    calls = []
    real_replace = os.replace

    def replace(src, dst):
        calls.append(1)
        if len(calls) <= failures:
            raise PermissionError(13, "The process cannot access the file because it is being used")
        real_replace(src, dst)

    monkeypatch.setattr(publish.os, "replace", replace)
    return calls


def test_a_briefly_locked_file_is_replaced_on_a_later_attempt(monkeypatch, tmp_path):
    published, candidate = tmp_path / "obmi.duckdb", tmp_path / ".obmi.duckdb.candidate"
    published.write_bytes(b"old")
    candidate.write_bytes(b"new")
    calls = _locked(monkeypatch, failures=2)

    swap_in(candidate, published, attempts=5, wait_seconds=0)

    assert published.read_bytes() == b"new"
    assert len(calls) == 3


def test_a_file_that_stays_locked_fails_clearly_and_keeps_the_previous_publication(monkeypatch, tmp_path):
    published, candidate = tmp_path / "obmi.duckdb", tmp_path / ".obmi.duckdb.candidate"
    published.write_bytes(b"old")
    candidate.write_bytes(b"new")
    calls = _locked(monkeypatch, failures=99)

    with pytest.raises(PublishedFileInUse, match=r"obmi\.duckdb is open in another program .* unchanged"):
        swap_in(candidate, published, attempts=3, wait_seconds=0)

    assert published.read_bytes() == b"old"
    assert len(calls) == 3
