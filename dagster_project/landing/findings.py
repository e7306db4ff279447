"""A finding is one reason to refuse a file, located as precisely as a data steward needs to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    file: str
    check: str
    message: str
    column: str | None = None
    rows: tuple[int, ...] = ()  # line numbers in the file (the header is line 1)
    examples: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        where = [self.file]
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:5])
            more = f" (+{len(self.rows) - 5} more)" if len(self.rows) > 5 else ""
            where.append(f"line {shown}{more}")
        if self.column:
            where.append(f"column {self.column}")
        text = f"{': '.join(where)}: {self.message}"
        if self.examples:
            text += f" (e.g. {', '.join(repr(e) for e in self.examples[:3])})"
        return f"{text} [{self.check}]"


def layout_findings(
    file_name: str,
    header: list[str],
    expected: tuple[str, ...] | list[str],
    *,
    optional: tuple[str, ...] = (),
    line: int = 1,
    also_allowed=lambda column: False,
    layout: str = "the published layout",
) -> list[Finding]:
    """The one header check of every reader: each column the header lacks (optional ones may be left out)
    and each it adds, named on the header's line."""
    missing = [c for c in expected if c not in header and c not in optional]
    extra = [c for c in header if c not in expected and not also_allowed(c)]
    findings = [
        Finding(file=file_name, check="header", message="column is missing from the header", column=c, rows=(line,))
        for c in missing
    ]
    findings += [
        Finding(file=file_name, check="header", message=f"column is not in {layout}", column=c, rows=(line,))
        for c in extra
    ]
    return findings


class LandingRejected(Exception):
    """Raised when a file may not reach the warehouse; the message lists every finding."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(f.describe() for f in findings))
