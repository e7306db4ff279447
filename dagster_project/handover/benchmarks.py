"""A benchmark group in the report: the centrumsteden, or the Brussels-Capital Region, as one area next
to a municipality. It knows what the table view shows for a period and which periods lack a value and why,
so every chart says the same thing the same way."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dagster_project.handover.charts import STATUS_LABEL, nl_number

# Why a group aggregate is missing (status ontbrekend), in the reader's words; suppressed values are
# listed under "Onderdrukt" instead.
GROUP_GAP_REASON = {
    "onvolledig": "niet elke gemeente van de groep heeft een waarde",
    "onvolledige_periode": "de gegevens dekken de periode niet volledig",
    "niet_berekenbaar": "niet te berekenen",
}
NO_GROUP_ROW = "niet in de open publicatie"


@dataclass(frozen=True)
class Benchmark:
    """A group a municipality is compared with, as one area, on the municipality's periods."""

    label: str  # in table headers and the lists of suppressed and provisional values
    phrase: str  # in sentences: "de centrumsteden"
    legend: str
    colour: str
    dash: str  # the line's style, so the groups differ without colour too
    rows: pd.DataFrame  # period, value, status, status_reden, is_voorlopig; at most one row per period
    index: dict  # period -> the municipality's index against the group (group = 100)

    def cell(self, period: str) -> str:
        """The group's value, or why there is none (a missing period says so, unless the group has no
        value at all: the chart's note says that once)."""
        if self.rows.empty:
            return ""
        match = self.rows[self.rows["period"] == period]
        if match.empty:
            return STATUS_LABEL["ontbrekend"]
        row = match.iloc[0]
        return nl_number(row["value"], 2) or STATUS_LABEL.get(row["status"], "")

    def gaps_note(self, periods) -> str:
        """The periods without a value for the group that are not suppressed, with the reason."""
        if self.rows.empty:
            return f"Geen waarde voor {self.phrase} samen in de open publicatie (bijvoorbeeld een mediaan)."
        by_period = self.rows.set_index("period")
        gaps = []
        for period in periods:
            if period not in by_period.index:
                gaps.append(f"{period} ({NO_GROUP_ROW})")
            elif by_period.at[period, "status"] == "ontbrekend":
                reason = GROUP_GAP_REASON.get(by_period.at[period, "status_reden"], "ontbrekend")
                gaps.append(f"{period} ({reason})")
        return f"Geen waarde voor {self.phrase} samen in {', '.join(gaps)}." if gaps else ""
