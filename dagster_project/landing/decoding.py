"""Turning a delivered file's bytes into text, or a clear refusal.

Accepted as legitimate real-world forms: UTF-8 with or without BOM, Windows-1252 (what Excel on a Belgian
Windows PC writes), CRLF or LF line ends. Refused with a reason: empty files, Excel workbooks or zip
archives delivered where text was expected, UTF-16 and other binary content, and text that is neither UTF-8
nor Windows-1252.
"""

from pathlib import Path

from dagster_project.landing.findings import Finding, LandingRejected

ZIP_SIGNATURE = b"PK\x03\x04"  # xlsx, docx and zip files all start with it
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # old .xls workbooks


def refuse_other_file_types(path: Path, head: bytes) -> None:
    """Raise LandingRejected when the file's first bytes show a workbook, an archive, UTF-16 or binary
    content: what no delimited reader should try. `head`: at least the first 4 KB (or the whole file)."""

    def reject(check: str, message: str) -> LandingRejected:
        return LandingRejected([Finding(file=path.name, check=check, message=message)])

    if head.startswith(ZIP_SIGNATURE) or head.startswith(OLE_SIGNATURE):
        raise reject(
            "file_type",
            "this is an Excel workbook or zip archive, not delimited text: export it as text (CSV) "
            "or unzip it, keeping the publisher's file name",
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4096]:
        raise reject("encoding", "the file is UTF-16 or binary; save it as UTF-8 text")


def decode_delivery(path: Path) -> tuple[str, str]:
    """Return (text, encoding name). Raises LandingRejected when the bytes are not a text file we read."""
    raw = path.read_bytes()
    if not raw.strip():
        raise LandingRejected([Finding(file=path.name, check="non_empty", message="the file is empty")])
    refuse_other_file_types(path, raw[:4096])
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 maps almost every byte, so this fallback only runs on files that are not UTF-8.
        return raw.decode("cp1252", errors="strict"), "cp1252"
    except UnicodeDecodeError as error:
        # Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): another encoding or a damaged file.
        line = raw[: error.start].count(b"\n") + 1
        raise LandingRejected(
            [
                Finding(
                    file=path.name,
                    check="encoding",
                    message=f"neither UTF-8 nor Windows-1252 (byte 0x{raw[error.start]:02X} at offset {error.start}): "
                    "another encoding or a damaged file; save it as UTF-8 text",
                    rows=(line,),
                    examples=(_line_up_to(raw, error.start),),
                )
            ]
        ) from error


def decode_utf8(path: Path) -> str:
    """The file as UTF-8 text (a BOM is accepted), for sources whose publisher writes only UTF-8 (a city's
    portal export, the planning tool). Raises LandingRejected naming the byte and line."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LandingRejected(
            [Finding(file=path.name, check="encoding", message=f"not valid UTF-8 at byte {error.start}", rows=(line,))]
        ) from error


def _line_up_to(raw: bytes, offset: int) -> str:
    """The last 30 characters of the line up to and including the byte at `offset`, for a finding's example."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw[max(start, offset - 30) : offset + 1].decode("cp1252", errors="replace")
