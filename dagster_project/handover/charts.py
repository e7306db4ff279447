"""One chart of the report: a plotly figure with its caption (source, period, unit, suppressed and
provisional values) and a table view for screen readers. Plotly's script is NOT embedded: the pages load
the one shared plotly.min.js written next to them, so nothing is fetched at view time."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import plotly.graph_objects as go

CITY_COLOUR = "#1f5fa8"
REFERENCE_COLOUR = "#d4860b"
REGION_COLOUR = "#2a8a6e"  # the Brussels-Capital Region as one area, beside the centrumsteden
FIRST_YEAR_COLOUR = "#9aa5b1"
# What a table cell says instead of a value that is not published (fct_indicator_waarde.status).
STATUS_LABEL = {"onderdrukt": "onderdrukt", "ontbrekend": "ontbrekend"}
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def nl_number(value, decimals: int = 1) -> str:
    """1234.5 -> '1.234,5' (Dutch notation); empty for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


@dataclass
class Chart:
    chart_id: str
    title: str
    source: str
    period: str
    unit: str
    figure: go.Figure
    table_header: list[str]
    table_rows: list[list[str]]
    suppressed: list[str] = field(default_factory=list)  # e.g. "Gent 2021"
    provisional: list[str] = field(default_factory=list)
    note: str = ""

    def html(self) -> str:
        self.figure.update_layout(
            separators=",.",
            margin={"l": 60, "r": 20, "t": 20, "b": 50},
            height=340,
            font={"family": "system-ui, sans-serif", "size": 13},
            legend={"orientation": "h", "y": -0.2},
            plot_bgcolor="white",
        )
        self.figure.update_xaxes(showgrid=False, linecolor="#888")
        self.figure.update_yaxes(gridcolor="#e5e5e5", zerolinecolor="#bbb")
        plot = self.figure.to_html(full_html=False, include_plotlyjs=False, div_id=self.chart_id, config=PLOT_CONFIG)
        suppressed = ", ".join(self.suppressed) if self.suppressed else "geen"
        provisional = ", ".join(self.provisional) if self.provisional else "geen"
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in self.table_header)
        body = "".join(
            "<tr>"
            + "".join(
                (f'<th scope="row">{html.escape(c)}</th>' if i == 0 else f"<td>{html.escape(c)}</td>")
                for i, c in enumerate(row)
            )
            + "</tr>"
            for row in self.table_rows
        )
        note = f'<p class="note">{html.escape(self.note)}</p>' if self.note else ""
        return f"""
<figure class="chart" aria-labelledby="{self.chart_id}-title">
  <figcaption>
    <h3 id="{self.chart_id}-title">{html.escape(self.title)}</h3>
    <dl class="meta">
      <dt>Bron</dt><dd>{html.escape(self.source)}</dd>
      <dt>Periode</dt><dd>{html.escape(self.period)}</dd>
      <dt>Eenheid</dt><dd>{html.escape(self.unit)}</dd>
      <dt>Onderdrukt</dt><dd>{html.escape(suppressed)}</dd>
      <dt>Voorlopig</dt><dd>{html.escape(provisional)}</dd>
    </dl>
    {note}
  </figcaption>
  <div class="plot" aria-hidden="true">{plot}</div>
  <details>
    <summary>Tabel met de cijfers van deze grafiek</summary>
    <table><caption>{html.escape(self.title)} ({html.escape(self.unit)})</caption>
      <thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
  </details>
</figure>"""


def missing_source(title: str, reason: str) -> str:
    """The note that replaces a chart whose source the municipality did not deliver."""
    return f'<section class="missing"><h3>{html.escape(title)}</h3><p>{html.escape(reason)}</p></section>'
