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


class LandingRejected(Exception):
    """Raised when a file may not reach the warehouse; the message lists every finding."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(f.describe() for f in findings))
