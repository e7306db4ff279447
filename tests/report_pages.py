"""Read what a built report page shows, as a reader (or a screen reader) gets it: a chart's caption, its
table view and the series plotly draws. Parsed from the HTML with the standard library only, so the
tests do not go through the report's own code to learn what it wrote."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import numpy as np


@dataclass
class PageChart:
    chart_id: str
    caption: dict[str, str]  # dt -> dd: Bron, Periode, Eenheid, Onderdrukt, Voorlopig
    notes: list[str]
    header: list[str]
    rows: list[list[str]]
    traces: dict[str, dict[str, list]]  # trace name -> {"x": [...], "y": [...]}

    def column(self, name: str) -> dict[str, str]:
        """First column (the period) -> the cell of the named column."""
        index = self.header.index(name)
        return {row[0]: row[index] for row in self.rows}


class _ChartParser(HTMLParser):
    """Collects the caption terms, notes and table cells of one <figure class="chart">."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.terms: list[str] = []
        self.definitions: list[str] = []
        self.notes: list[str] = []
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag in ("dt", "dd", "th", "td") or (tag == "p" and ("class", "note") in attrs):
            self.text = []
        if tag == "tr" and "tbody" in self.stack:
            self.rows.append([])

    def handle_endtag(self, tag):
        if self.text is not None and tag in ("dt", "dd", "th", "td", "p"):
            value = " ".join("".join(self.text).split())
            if tag == "dt":
                self.terms.append(value)
            elif tag == "dd":
                self.definitions.append(value)
            elif tag == "p":
                self.notes.append(value)
            elif "thead" in self.stack:
                self.header.append(value)
            elif "tbody" in self.stack:
                self.rows[-1].append(value)
            self.text = None
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def _values(encoded) -> list:
    """A plotly data array: a plain list, or a typed array ({"dtype", "bdata"}) as plotly 6+ writes it."""
    if isinstance(encoded, dict) and "bdata" in encoded:
        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=np.dtype(encoded["dtype"])).tolist()
    return list(encoded)


def _traces(block: str, chart_id: str) -> dict[str, dict[str, list]]:
    start = re.search(r'Plotly\.newPlot\(\s*"' + re.escape(chart_id) + r'",\s*', block)
    assert start, f"no plot for {chart_id}"
    data, _ = json.JSONDecoder().raw_decode(block, start.end())
    return {trace["name"]: {"x": _values(trace["x"]), "y": _values(trace["y"])} for trace in data}


def chart(page: str, chart_id: str) -> PageChart | None:
    """The chart with this id on the page, or None when the page has no such chart."""
    match = re.search(
        r'<figure class="chart" aria-labelledby="' + re.escape(chart_id) + r'-title">(.*?)</figure>', page, re.S
    )
    if not match:
        return None
    block = match.group(1)
    parser = _ChartParser()
    parser.feed(re.sub(r"<script.*?</script>", "", block, flags=re.S))
    return PageChart(
        chart_id=chart_id,
        caption=dict(zip(parser.terms, parser.definitions, strict=True)),
        notes=parser.notes,
        header=parser.header,
        rows=parser.rows,
        traces=_traces(block, chart_id),
    )


def chart_ids(page: str, prefix: str) -> list[str]:
    return re.findall(r'<figure class="chart" aria-labelledby="(' + re.escape(prefix) + r'[^"]*)-title">', page)
