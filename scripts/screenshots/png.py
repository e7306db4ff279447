"""Small PNG facts without an imaging library: the size of a PNG, and the box of non-white pixels in a
greyscale rendering (pdftoppm's PGM), so a spreadsheet page is cropped to its cells."""

from __future__ import annotations

import struct
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Anything lighter than this counts as paper: anti-aliasing leaves near-white pixels around the cells.
PAPER = 240
_TO_PAPER = bytes(255 if value >= PAPER else value for value in range(256))


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the IHDR chunk; ValueError when the bytes are not a PNG."""
    if data[:8] != SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    return struct.unpack(">II", data[16:24])


def _read_pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    fields, offset = [], 0
    while len(fields) < 4:  # magic, width, height, maximum value, separated by whitespace
        while data[offset : offset + 1].isspace():
            offset += 1
        start = offset
        while not data[offset : offset + 1].isspace():
            offset += 1
        fields.append(data[start:offset])
    if fields[0] != b"P5":
        raise ValueError(f"{path}: not a binary greyscale PGM")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[offset + 1 : offset + 1 + width * height]


def ink_box(pgm: Path) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the pixels darker than paper, in pixels; None for a blank page."""
    width, height, pixels = _read_pgm(pgm)
    rows = [pixels[y * width : (y + 1) * width].translate(_TO_PAPER) for y in range(height)]
    inked = [y for y, row in enumerate(rows) if row.count(255) != width]
    if not inked:
        return None
    left = min(len(rows[y]) - len(rows[y].lstrip(b"\xff")) for y in inked)
    right = max(len(rows[y].rstrip(b"\xff")) for y in inked)
    return left, inked[0], right, inked[-1] + 1
