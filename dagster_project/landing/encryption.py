"""Encryption at rest for deliveries that hold personal data (AVG art. 32): the archived and quarantined
copies of such a file are Fernet tokens (AES-128-CBC with an HMAC-SHA256, from the maintained
`cryptography` package), never the clear file.

The keys live outside the warehouse and the repository, in OBMI_ARCHIVE_KEY_FILE (one key per line) or in
OBMI_ARCHIVE_KEY (keys separated by commas). The first key encrypts; every key listed decrypts, so a key is
rotated by putting a new one first, running `run.py archive rotate`, and then removing the old one.

Without a key, deliveries with personal data are refused (they stay in the landing folder, untouched).
The demo and the tests, whose sample files hold invented persons, set OBMI_THROWAWAY_KEYS=1: a key is then
made for the run and forgotten with it, so what it encrypted can never be read again.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from dagster_project.landing.permissions import write_private_bytes

ARCHIVE_KEY_ENV = "OBMI_ARCHIVE_KEY"
ARCHIVE_KEY_FILE_ENV = "OBMI_ARCHIVE_KEY_FILE"
THROWAWAY_KEYS_ENV = "OBMI_THROWAWAY_KEYS"
ENCRYPTED_SUFFIX = ".fernet"

_throwaway: Fernet | None = None


class KeyNotConfigured(Exception):
    """No usable archive key: the message says what to set, and where not to keep it."""


def throwaway_keys_allowed() -> bool:
    return os.environ.get(THROWAWAY_KEYS_ENV) == "1"


def new_key() -> str:
    """A fresh key in the form OBMI_ARCHIVE_KEY_FILE holds (32 random bytes, URL-safe base64)."""
    return Fernet.generate_key().decode("ascii")


@dataclass(frozen=True)
class ArchiveCipher:
    fernet: MultiFernet
    throwaway: bool  # True: a key made for this run only (demo and tests)
    origin: str  # where the keys came from, for messages (never the key itself)

    def encrypt_file(self, source: Path, target: Path) -> None:
        """Write the encrypted form of `source` to `target`, owner-only, atomically."""
        write_private_bytes(target, self.fernet.encrypt(source.read_bytes()))

    def decrypt_file(self, encrypted: Path) -> bytes:
        try:
            return self.fernet.decrypt(encrypted.read_bytes())
        except InvalidToken as error:
            raise KeyNotConfigured(
                f"{encrypted} cannot be decrypted with the keys of {self.origin}: it was encrypted with another "
                "key (a throwaway key of a demo run, or a key removed since)"
            ) from error

    def rotate_file(self, encrypted: Path) -> None:
        """Re-encrypt with the first key; the token keeps its original timestamp."""
        write_private_bytes(encrypted, self.fernet.rotate(encrypted.read_bytes()))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _keys_from_file(key_file: Path, forbidden: dict[str, Path]) -> list[str]:
    key_file = key_file.expanduser().resolve()
    for label, folder in forbidden.items():
        if _inside(key_file, folder.resolve()):
            raise KeyNotConfigured(
                f"{ARCHIVE_KEY_FILE_ENV} points into {label} ({key_file}): a key kept next to what it encrypts "
                "protects nothing. Keep it outside the warehouse and the repository (see the handbook, chapter 9)"
            )
    if not key_file.is_file():
        raise KeyNotConfigured(f"{ARCHIVE_KEY_FILE_ENV} points to {key_file}, which is not a file")
    if os.name == "posix" and key_file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyNotConfigured(
            f"the key file {key_file} can be read by other users of this machine: make it owner-only "
            f"(chmod 600 {key_file})"
        )
    return [line.strip() for line in _key_file_text(key_file).splitlines() if line.strip()]


def _key_file_text(key_file: Path) -> str:
    """The key file as text: ASCII or UTF-8 (with or without BOM), or UTF-16 with its BOM, which Windows
    PowerShell 5.1 writes with `>`."""
    raw = key_file.read_bytes()
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise KeyNotConfigured(
            f"the key file {key_file} is not a text file of keys (one per line, as `run.py archive new-key` "
            "prints them)"
        ) from error


def archive_cipher(forbidden: dict[str, Path]) -> ArchiveCipher:
    """The configured cipher; a throwaway one where allowed. `forbidden` names the folders the key file must
    not be in (the warehouse, the repository). Raises KeyNotConfigured with what to do."""
    global _throwaway
    key_file = os.environ.get(ARCHIVE_KEY_FILE_ENV)
    if key_file:
        keys, origin = _keys_from_file(Path(key_file), forbidden), ARCHIVE_KEY_FILE_ENV
    elif os.environ.get(ARCHIVE_KEY_ENV):
        keys, origin = [k.strip() for k in os.environ[ARCHIVE_KEY_ENV].split(",") if k.strip()], ARCHIVE_KEY_ENV
    elif throwaway_keys_allowed():
        _throwaway = _throwaway or Fernet(Fernet.generate_key())
        return ArchiveCipher(MultiFernet([_throwaway]), throwaway=True, origin="a throwaway key of this run")
    else:
        raise KeyNotConfigured(
            f"no archive key: set {ARCHIVE_KEY_FILE_ENV} to a file outside the warehouse and the repository "
            f"holding a key made with `run.py archive new-key` (or {ARCHIVE_KEY_ENV} to the key itself). "
            "Deliveries with personal data are archived encrypted, so they are not loaded without one"
        )
    if not keys:
        raise KeyNotConfigured(f"{origin} holds no key")
    try:
        return ArchiveCipher(MultiFernet([Fernet(k) for k in keys]), throwaway=False, origin=origin)
    except ValueError as error:
        raise KeyNotConfigured(
            f"{origin} holds something that is not a key (32 bytes, URL-safe base64, as `run.py archive new-key` "
            "prints)"
        ) from error
