"""A delivery's sha256 is computed once per process while the file is unchanged (the archive and the
validation of one run both need it), and computed again as soon as the file is written again, even when a
tool restores its modification time and size."""

from __future__ import annotations

import hashlib
import os

from dagster_project.landing.discovery import sha256_of


def test_a_file_written_again_is_hashed_again_even_with_its_old_modification_time(tmp_path):
    path = tmp_path / "meldingen_2025-03-10.csv"
    path.write_bytes(b"first")
    first = sha256_of(path)
    assert sha256_of(path) == first == hashlib.sha256(b"first").hexdigest()
    status = path.stat()
    path.write_bytes(b"other")  # same size
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # as `cp -p` or `touch -r` would leave it
    assert sha256_of(path) == hashlib.sha256(b"other").hexdigest()
