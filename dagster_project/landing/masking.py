"""Findings about a delivery with personal data name the file, line, column and check, and quote values only
in a masked form: enough for a data steward to recognise the kind of mistake (an e-mail address in the phone
column, an empty value), never enough to read the value. Every column of such a file is masked, not only the
personal ones: a shifted row puts a phone number under `postcode`."""

from __future__ import annotations

import re
from dataclasses import replace

from dagster_project.landing.findings import Finding

EMAIL = re.compile(r"^(?P<local>[^@\s]+)@(?P<domain>[^@\s.]+)(?P<rest>(?:\.[^@\s.]+)*)$")
# Messages of this check come from a library's error text, which may quote the record it stumbled on.
FREE_TEXT_CHECKS = frozenset({"read"})
QUOTED = re.compile(r"'([^']*)'")
# What mask_value returns: masking again leaves it as it is.
MASKED = re.compile(r"\*\*\*|.\*\*\*.|.\*\*\*@.\*\*\*(\.[^@\s.]+)?", re.DOTALL)


def mask_value(value: str) -> str:
    """'lena.peeters@example.org' -> 'l***@e***.org'; '+32 470 12 34 56' -> '+***6'; 'Jan' -> '***'."""
    if value == "(empty)" or MASKED.fullmatch(value):
        return value  # the reader's word for a missing value, or masked already (by the source's reader)
    email = EMAIL.match(value)
    if email:
        top_level = email["rest"].rsplit(".", 1)[-1] if email["rest"] else ""
        return f"{email['local'][0]}***@{email['domain'][0]}***" + (f".{top_level}" if top_level else "")
    if len(value) < 6:
        return "***"
    return f"{value[0]}***{value[-1]}"


def mask_finding(finding: Finding, known_columns: frozenset[str]) -> Finding:
    """The finding with every value masked. A column name or a quoted name in the message that is not one of
    the source's columns is masked too: a file without its header line has a record where the header is."""
    message = finding.message
    if finding.check in FREE_TEXT_CHECKS:
        message = (
            message.split(":", 1)[0] + ": details withheld, the file holds personal data (open the encrypted "
            "quarantine copy with `run.py archive restore`)"
        )
    message = QUOTED.sub(lambda m: m[0] if m[1] in known_columns else f"'{mask_value(m[1])}'", message)
    column = finding.column
    if column is not None and not all(part.strip() in known_columns for part in column.split(",")):
        column = mask_value(column)
    return replace(finding, message=message, column=column, examples=tuple(mask_value(e) for e in finding.examples))
