"""The city's monitor: a static, offline HTML report in Dutch, built from the OPEN published copy only.

One page per municipality of a configurable set (OBMI_REPORT_GEMEENTEN, NIS codes separated by commas;
by default the 13 centrumsteden and the 19 Brussels municipalities) and an overview. Only municipalities
present in the data get a page; the overview says which are absent. Pages work from the file system and
from any web server: plotly.js is written once as plotly.min.js next to them and loaded with a relative
<script src>, nothing is fetched from the internet.
"""

from __future__ import annotations

import csv
import html
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from dagster_project.handover import marts
from dagster_project.handover.benchmarks import Benchmark
from dagster_project.handover.charts import (
    CITY_COLOUR,
    FIRST_YEAR_COLOUR,
    REFERENCE_COLOUR,
    REGION_COLOUR,
    STATUS_LABEL,
    Chart,
    missing_source,
    nl_number,
)
from dagster_project.settings import DBT_PROJECT_DIR

REPORT_SET_ENV = "OBMI_REPORT_GEMEENTEN"
BRUSSELS = tuple(f"210{n:02d}" for n in range(1, 20))
PLOTLY_FILE = "plotly.min.js"
CSS_FILE = "rapport.css"
POPULATION_SOURCE = "Statbel, bevolking naar woonplaats, nationaliteit, burgerlijke staat, leeftijd en geslacht"
GOALS_SOURCE = "Meerjarenplan uit de planningstool van het bestuur; realisatie uit het warehouse of de planningstool"

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232a;background:#f6f7f9;
line-height:1.45}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
nav a{margin-right:.75rem}
h1{margin:.4rem 0}
h2{margin-top:2rem;border-bottom:2px solid #1f5fa8;padding-bottom:.2rem}
.grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:1rem}
@media (max-width:900px){.grid{grid-template-columns:minmax(0,1fr)}}
.plot{width:100%;min-width:0;overflow:hidden}
figure.chart,section.missing{min-width:0;background:#fff;border:1px solid #dde1e6;border-radius:6px;margin:0;
padding:.75rem}
figure.chart h3,section.missing h3{margin:.1rem 0 .3rem;font-size:1.05rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 .6rem;margin:0;font-size:.82rem;color:#4a5563}
dl.meta dt{font-weight:600}
dl.meta dd{margin:0}
.note,section.missing p{font-size:.85rem;color:#7a4b00}
details{font-size:.85rem;margin-top:.3rem}
table{border-collapse:collapse;margin:.4rem 0;font-size:.85rem}
th,td{border:1px solid #dde1e6;padding:.15rem .45rem;text-align:right}
th[scope=row],thead th{text-align:left;background:#f0f2f5}
caption{text-align:left;font-weight:600;padding-bottom:.2rem}
ul.cities{columns:3;padding-left:1.2rem}
footer{font-size:.8rem;color:#4a5563;padding:2rem 1rem}
"""


@dataclass(frozen=True)
class ReportResult:
    index: Path
    pages: list[Path]
    absent: list[str]


def default_set() -> list[str]:
    """The 13 centrumsteden (dbt's reference list) and the 19 Brussels municipalities."""
    with (DBT_PROJECT_DIR / "seeds" / "ref_centrumsteden.csv").open(encoding="utf-8") as handle:
        cities = [row["gemeente_nis_code"] for row in csv.DictReader(handle)]
    return [*cities, *BRUSSELS]


def configured_set() -> list[str]:
    configured = os.environ.get(REPORT_SET_ENV, "").strip()
    if not configured:
        return default_set()
    return [code.strip() for code in configured.split(",") if code.strip()]


def page_name(nis_code: str) -> str:
    return f"gemeente-{nis_code}.html"


# --- data helpers -------------------------------------------------------------------------------------


def _period_range(periods) -> str:
    periods = sorted(set(periods))
    if not periods:
        return ""
    return periods[0] if len(periods) == 1 else f"{periods[0]} tot {periods[-1]}"


def _flags(rows: pd.DataFrame, label: str) -> tuple[list[str], list[str]]:
    suppressed = [f"{label} {r.period}" for r in rows.itertuples() if r.status == "onderdrukt"]
    provisional = [f"{label} {r.period}" for r in rows.itertuples() if bool(r.is_voorlopig)]
    return suppressed, provisional


class ReportData:
    """Everything the pages need, read once from the open copy."""

    def __init__(self, published_db: Path):
        with marts.open_copy(published_db) as con:
            self.municipalities = marts.municipalities(con)
            self.catalogue = marts.indicator_catalogue(con).set_index("indicator_code")
            self.values = marts.municipal_indicators(con)
            self.brussels = marts.brussels_comparison(con)
            self.pyramids = {}
            self.goals = {}
            for code in self.municipalities["gemeente_nis_code"]:
                self.pyramids[code] = marts.population_pyramid(con, code)
                self.goals[code] = marts.plan_goals(con, code)
        self.names = dict(
            zip(self.municipalities["gemeente_nis_code"], self.municipalities["gemeente_name_nl"], strict=True)
        )
        self.regions = dict(
            zip(self.municipalities["gemeente_nis_code"], self.municipalities["gewest_name_nl"], strict=True)
        )
        # Taken from the data (dim_gemeente), not from a list of codes: only these pages get the region.
        in_brussels = self.municipalities["is_brussels_gewest"].fillna(False).astype(bool)
        self.in_brussels = set(self.municipalities.loc[in_brussels, "gemeente_nis_code"])
        self.reference = self.values[self.values["geografie_niveau"] == "centrumsteden"]

    def city_values(self, nis_code: str, indicator: str) -> pd.DataFrame:
        v = self.values
        return v[
            (v["geografie_niveau"] == "gemeente")
            & (v["geografie_code"] == nis_code)
            & (v["indicator_code"] == indicator)
        ]

    def reference_values(self, indicator: str) -> pd.DataFrame:
        return self.reference[self.reference["indicator_code"] == indicator]

    def region_values(self, nis_code: str, indicator: str) -> pd.DataFrame:
        """The Brussels-Capital Region as one area on the municipality's periods; a period without a
        region row is dropped here, so that it reads as missing."""
        b = self.brussels
        rows = b[(b["geografie_code"] == nis_code) & (b["indicator_code"] == indicator)]
        return rows[rows["status"].notna()]

    def region_index(self, nis_code: str, indicator: str) -> dict:
        b = self.brussels
        rows = b[(b["geografie_code"] == nis_code) & (b["indicator_code"] == indicator)]
        return dict(zip(rows["period"], rows["brussel_index"], strict=True))

    def indicator(self, code: str) -> pd.Series:
        return self.catalogue.loc[code]


# --- the charts ---------------------------------------------------------------------------------------


def benchmarks(data: ReportData, nis_code: str, indicator: str, periods) -> list[Benchmark]:
    """The centrumsteden for every municipality; the Brussels-Capital Region too for a Brussels one."""
    city = data.city_values(nis_code, indicator)
    reference = data.reference_values(indicator)
    groups = [
        Benchmark(
            label="centrumsteden",
            phrase="de centrumsteden",
            legend="Centrumsteden (samen)",
            colour=REFERENCE_COLOUR,
            dash="dash",
            rows=reference[reference["period"].isin(periods)],
            index=dict(zip(city["period"], city["centrumsteden_index"], strict=True)),
        )
    ]
    if nis_code in data.in_brussels:
        region = data.regions[nis_code]
        rows = data.region_values(nis_code, indicator)
        groups.append(
            Benchmark(
                label=region,
                phrase=f"het {region}",
                legend=f"{region} (samen)",
                colour=REGION_COLOUR,
                dash="dot",
                rows=rows[rows["period"].isin(periods)],
                index=data.region_index(nis_code, indicator),
            )
        )
    return groups


def trend_chart(data: ReportData, nis_code: str, indicator: str) -> Chart | None:
    """The municipality per year against its benchmark groups as one area: the centrumsteden, and for a
    Brussels municipality the Brussels-Capital Region as well."""
    city = data.city_values(nis_code, indicator)
    city = city[city["period"].str.fullmatch(r"\d{4}")]
    if city.empty:
        return None
    meta = data.indicator(indicator)
    name = data.names[nis_code]
    groups = benchmarks(data, nis_code, indicator, city["period"])
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=city["period"],
            y=city["value"],
            name=name,
            mode="lines+markers",
            line={"color": CITY_COLOUR},
            marker={"symbol": ["circle-open" if p else "circle" for p in city["is_voorlopig"]], "size": 8},
        )
    )
    for group in groups:
        if group.rows.empty:
            continue
        figure.add_trace(
            go.Scatter(
                x=group.rows["period"],
                y=group.rows["value"],
                name=group.legend,
                mode="lines+markers",
                line={"color": group.colour, "dash": group.dash},
            )
        )
    figure.update_xaxes(type="category", title_text="jaar")
    figure.update_yaxes(title_text=meta["unit"])
    suppressed, provisional = _flags(city, name)
    header = ["jaar", name]
    for group in groups:
        group_suppressed, group_provisional = _flags(group.rows, group.label)
        suppressed += group_suppressed
        provisional += group_provisional
        header += [group.label, f"index ({group.label} = 100)"]
    rows = [
        [r.period, nl_number(r.value, 2) or STATUS_LABEL.get(r.status, "")]
        + [cell for g in groups for cell in (g.cell(r.period), nl_number(g.index.get(r.period), 1))]
        for r in city.itertuples()
    ]
    notes = [g.gaps_note(city["period"]) for g in groups]
    return Chart(
        chart_id=f"trend-{indicator}",
        title=f"{meta['name_nl']}: {name} tegenover " + " en ".join(g.phrase for g in groups),
        source=meta["source"],
        period=_period_range(city["period"]),
        unit=meta["unit"],
        figure=figure,
        table_header=header,
        table_rows=rows,
        suppressed=suppressed,
        provisional=provisional,
        note=" ".join(n for n in notes if n),
    )


def pyramid_chart(data: ReportData, nis_code: str) -> Chart | None:
    """Residents by sex and five-year age class, the latest year against the first (its evolution)."""
    pyramid = data.pyramids.get(nis_code)
    if pyramid is None or pyramid.empty:
        return None
    years = sorted(pyramid["reference_year"].unique())
    first, latest = years[0], years[-1]
    classes = (
        pyramid[["leeftijdsklasse_5j", "leeftijdsklasse_5j_sort"]]
        .drop_duplicates()
        .sort_values("leeftijdsklasse_5j_sort")
    )
    order = list(classes["leeftijdsklasse_5j"])

    def counts(year: int, sex: str) -> list[int]:
        subset = pyramid[(pyramid["reference_year"] == year) & (pyramid["geslacht_code"] == sex)]
        by_class = subset.set_index("leeftijdsklasse_5j")["bevolking_count"]
        return [int(by_class.get(c, 0)) for c in order]

    figure = go.Figure()
    for sex, label, sign in (("M", "mannen", -1), ("F", "vrouwen", 1)):
        figure.add_trace(
            go.Bar(
                y=order,
                x=[sign * n for n in counts(latest, sex)],
                orientation="h",
                name=f"{label} {latest}",
                marker={"color": CITY_COLOUR if sex == "M" else REFERENCE_COLOUR},
                customdata=counts(latest, sex),
                hovertemplate="%{y}: %{customdata}<extra>" + f"{label} {latest}" + "</extra>",
            )
        )
        if first != latest:
            figure.add_trace(
                go.Scatter(
                    y=order,
                    x=[sign * n for n in counts(first, sex)],
                    mode="lines",
                    name=f"{label} {first}",
                    line={"color": FIRST_YEAR_COLOUR, "shape": "hvh"},
                )
            )
    figure.update_layout(barmode="relative", bargap=0.05)
    # Men are drawn to the left as negative numbers; the axis shows them as the counts they are.
    widest = max([*counts(latest, "M"), *counts(latest, "F"), *counts(first, "M"), *counts(first, "F"), 1])
    ticks = [round(widest * f / 2, -len(str(int(widest))) + 2) for f in (-2, -1, 0, 1, 2)]
    figure.update_xaxes(
        title_text="inwoners (mannen links, vrouwen rechts)",
        tickvals=ticks,
        ticktext=[nl_number(abs(v), 0) for v in ticks],
    )
    rows = [
        [c, nl_number(m, 0), nl_number(f, 0), nl_number(m0, 0), nl_number(f0, 0)]
        for c, m, f, m0, f0 in zip(
            order, counts(latest, "M"), counts(latest, "F"), counts(first, "M"), counts(first, "F"), strict=True
        )
    ]
    return Chart(
        chart_id="bevolkingspiramide",
        title=f"Bevolkingspiramide {latest}, met {first} als lijn",
        source=f"{POPULATION_SOURCE} (TF_SOC_POP_STRUCT), op de huidige gemeentegrenzen",
        period=f"{first} tot {latest} (1 januari)",
        unit="inwoners",
        figure=figure,
        table_header=["leeftijd", f"mannen {latest}", f"vrouwen {latest}", f"mannen {first}", f"vrouwen {first}"],
        table_rows=rows,
    )


def spending_chart(data: ReportData, nis_code: str) -> Chart | None:
    """Operating expenditure per inhabitant per beleidsdomein, the latest year, against the centrumsteden."""
    codes = [c for c in data.catalogue.index if c.startswith(marts.SPENDING_PREFIX)]
    v = data.values
    city = v[
        (v["geografie_niveau"] == "gemeente") & (v["geografie_code"] == nis_code) & v["indicator_code"].isin(codes)
    ]
    city = city[city["status"] != "ontbrekend"]
    if city.empty:
        return None
    latest = city["period"].max()
    city = city[city["period"] == latest].sort_values("indicator_code")
    reference = data.reference[(data.reference["period"] == latest) & data.reference["indicator_code"].isin(codes)]
    ref_by_code = reference.set_index("indicator_code")["value"]
    labels = [data.indicator(c)["name_nl"].split("beleidsdomein ")[-1] for c in city["indicator_code"]]
    name = data.names[nis_code]
    figure = go.Figure()
    figure.add_trace(go.Bar(x=labels, y=city["value"], name=name, marker={"color": CITY_COLOUR}))
    figure.add_trace(
        go.Bar(
            x=labels,
            y=[ref_by_code.get(c) for c in city["indicator_code"]],
            name="Centrumsteden (samen)",
            marker={"color": REFERENCE_COLOUR},
        )
    )
    figure.update_layout(barmode="group")
    figure.update_yaxes(title_text="EUR per inwoner")
    suppressed, provisional = _flags(city.assign(period=labels), name)
    rows = [
        [
            label,
            nl_number(r.value, 0) or STATUS_LABEL.get(r.status, ""),
            nl_number(ref_by_code.get(r.indicator_code), 0),
        ]
        for label, r in zip(labels, city.itertuples(), strict=True)
    ]
    return Chart(
        chart_id="uitgaven-beleidsdomein",
        title=f"Exploitatie-uitgaven per inwoner per beleidsdomein, {latest}",
        source=data.indicator(codes[0])["source"],
        period=str(latest),
        unit="EUR per inwoner",
        figure=figure,
        table_header=["beleidsdomein", name, "centrumsteden"],
        table_rows=rows,
        suppressed=suppressed,
        provisional=provisional,
    )


def requests_charts(data: ReportData, nis_code: str) -> list[Chart]:
    """Share of service requests closed within the norm per month, and the median lead time per category."""
    v = data.values
    city = v[(v["geografie_niveau"] == "gemeente") & (v["geografie_code"] == nis_code)]
    city = city[city["indicator_code"].str.startswith(marts.REQUESTS_PREFIX)]
    if city.empty:
        return []
    name = data.names[nis_code]
    charts = []
    sla = city[(city["indicator_code"] == "meld_sla_aandeel") & city["period"].str.fullmatch(r"\d{4}-\d{2}")]
    if not sla.empty:
        meta = data.indicator("meld_sla_aandeel")
        figure = go.Figure(
            go.Bar(
                x=sla["period"],
                y=sla["value"],
                name=name,
                marker={"color": CITY_COLOUR},
                marker_pattern_shape=["/" if p else "" for p in sla["is_voorlopig"]],
            )
        )
        figure.update_xaxes(type="category", title_text="maand")
        figure.update_yaxes(title_text=meta["unit"], range=[0, 100])
        suppressed, provisional = _flags(sla, name)
        charts.append(
            Chart(
                chart_id="meldingen-servicenorm",
                title=f"{meta['name_nl']}, per maand",
                source=meta["source"],
                period=_period_range(sla["period"]),
                unit=meta["unit"],
                figure=figure,
                table_header=["maand", meta["unit"]],
                table_rows=[
                    [r.period, nl_number(r.value, 1) or STATUS_LABEL.get(r.status, "")] for r in sla.itertuples()
                ],
                suppressed=suppressed,
                provisional=provisional,
                note="Gearceerde balken zijn voorlopig: meldingen die nog open stonden bij de afsluitdatum.",
            )
        )
    medians = city[city["indicator_code"].str.startswith("meld_med_") & city["period"].str.fullmatch(r"\d{4}")]
    if not medians.empty:
        latest = medians["period"].max()
        medians = medians[medians["period"] == latest].sort_values("indicator_code")
        labels = [data.indicator(c)["name_nl"].split("categorie ")[-1] for c in medians["indicator_code"]]
        figure = go.Figure(
            go.Bar(y=labels, x=medians["value"], orientation="h", marker={"color": CITY_COLOUR}, name=name)
        )
        figure.update_xaxes(title_text="uur")
        suppressed, provisional = _flags(medians.assign(period=labels), name)
        charts.append(
            Chart(
                chart_id="meldingen-doorlooptijd",
                title=f"Mediane doorlooptijd per categorie, {latest}",
                source=data.indicator(medians["indicator_code"].iloc[0])["source"],
                period=str(latest),
                unit="uur",
                figure=figure,
                table_header=["categorie", "mediaan (uur)"],
                table_rows=[
                    [label, nl_number(r.value, 1) or STATUS_LABEL.get(r.status, "")]
                    for label, r in zip(labels, medians.itertuples(), strict=True)
                ],
                suppressed=suppressed,
                provisional=provisional,
            )
        )
    return charts


def goals_charts(data: ReportData, nis_code: str) -> list[Chart]:
    """Per indicator of the multi-year plan: target against actual value per year."""
    goals = data.goals.get(nis_code)
    if goals is None or goals.empty:
        return []
    charts = []
    for i, ((goal, indicator), rows) in enumerate(goals.groupby(["doelstelling_code", "indicator_name_nl"], sort=True)):
        rows = rows.sort_values("jaar")
        years = rows["jaar"].astype(str)
        figure = go.Figure()
        figure.add_trace(
            go.Bar(
                x=years,
                y=rows["realisatie"],
                name="realisatie",
                marker={"color": CITY_COLOUR},
                marker_pattern_shape=["/" if s == "voorlopig" else "" for s in rows["realisatie_status"]],
            )
        )
        figure.add_trace(
            go.Scatter(
                x=years,
                y=rows["streefwaarde"],
                name="streefwaarde",
                mode="lines+markers",
                line={"color": REFERENCE_COLOUR, "dash": "dash"},
            )
        )
        figure.update_xaxes(type="category", title_text="jaar")
        figure.update_yaxes(title_text=rows["unit"].iloc[0])
        provisional = [str(r.jaar) for r in rows.itertuples() if r.realisatie_status == "voorlopig"]
        evolution = rows["gewenste_evolutie"].iloc[0]
        bound = "minimum" if evolution == "stijgen" else "maximum"
        charts.append(
            Chart(
                chart_id=f"doel-{i}",
                title=f"{goal} {rows['doelstelling_titel'].iloc[0]}: {indicator}",
                source=GOALS_SOURCE,
                period=_period_range(years),
                unit=rows["unit"].iloc[0],
                figure=figure,
                table_header=["jaar", "streefwaarde", "realisatie", "gehaald"],
                table_rows=[
                    [
                        str(r.jaar),
                        nl_number(r.streefwaarde, 1),
                        nl_number(r.realisatie, 1),
                        "" if pd.isna(r.is_streefwaarde_gehaald) else ("ja" if r.is_streefwaarde_gehaald else "nee"),
                    ]
                    for r in rows.itertuples()
                ],
                provisional=provisional,
                note=f"Gewenste evolutie: {evolution} (de streefwaarde is een {bound}).",
            )
        )
    return charts


# --- pages --------------------------------------------------------------------------------------------


def _page(title: str, body: str, built_at: str) -> str:
    return f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{CSS_FILE}">
<script src="{PLOTLY_FILE}"></script>
</head>
<body>
<header><nav><a href="index.html">Overzicht</a></nav><h1>{html.escape(title)}</h1></header>
<main>
{body}
</main>
<footer>Gemaakt op {built_at} uit de open publicatie van het OBMi-warehouse (warehouse/published/obmi.duckdb).
Waarden op minder dan k personen of huishoudens zijn onderdrukt (kleine cellen); voorlopige waarden kunnen nog
veranderen. Grafieken met plotly.js, lokaal meegeleverd.</footer>
<script>
// A chart drawn while the page was still loading took the width it had then: fit every chart once.
window.addEventListener("load", () =>
  document.querySelectorAll(".js-plotly-plot").forEach(p => Plotly.Plots.resize(p)));
</script>
</body>
</html>
"""


def municipality_page(data: ReportData, nis_code: str, built_at: str) -> tuple[str, int]:
    """The page of one municipality and the number of charts on it."""
    name = data.names[nis_code]
    region = data.municipalities.set_index("gemeente_nis_code").loc[nis_code, "gewest_name_nl"]
    sections, count = [], 0

    def section(title: str, charts: list[Chart], missing: str | None, intro: str = "") -> None:
        nonlocal count
        sections.append(f"<section><h2>{html.escape(title)}</h2>")
        if intro:
            sections.append(f"<p>{html.escape(intro)}</p>")
        if charts:
            sections.append('<div class="grid">' + "".join(c.html() for c in charts) + "</div>")
            count += len(charts)
        elif missing:
            sections.append(missing_source(title, missing))
        sections.append("</section>")

    key = [c for c in (trend_chart(data, nis_code, i) for i in marts.KEY_INDICATORS) if c is not None]
    title = "Kerncijfers tegenover de centrumsteden"
    intro = (
        "Elke grafiek zet de gemeente tegenover de 13 centrumsteden samen "
        "(som van de tellers gedeeld door de som van de noemers)."
    )
    if nis_code in data.in_brussels:
        title += f" en het {region}"
        intro = (
            f"Elke grafiek zet de gemeente tegenover de 13 centrumsteden samen en tegenover het {region} "
            "(de 19 Brusselse gemeenten samen), telkens als de som van de tellers gedeeld door de som van de "
            "noemers."
        )
    section(
        title,
        key,
        "Geen indicatoren voor deze gemeente in de open publicatie.",
        intro,
    )
    pyramid = pyramid_chart(data, nis_code)
    section(
        "Bevolking",
        [pyramid] if pyramid else [],
        "Statbel-bevolkingscijfers voor deze gemeente ontbreken in de levering.",
    )
    spending = spending_chart(data, nis_code)
    section(
        "Uitgaven per beleidsdomein",
        [spending] if spending else [],
        "Niet getoond: er is geen BBC-DR-rapportering (jaarrekening of meerjarenplan) van deze gemeente geleverd.",
    )
    section(
        "Dienstverlening: meldingen",
        requests_charts(data, nis_code),
        "Niet getoond: de gemeente leverde geen meldingen (dagelijkse extracten van het open-dataportaal).",
    )
    section(
        "Meerjarenplan: streefwaarde tegenover realisatie",
        goals_charts(data, nis_code),
        "Niet getoond: de gemeente leverde geen export van haar meerjarenplan (doelstellingen met indicatoren).",
    )
    return _page(f"{name} ({nis_code}), {region}", "\n".join(sections), built_at), count


def overview_page(data: ReportData, present: list[str], absent: list[str], built_at: str) -> str:
    population = data.values[
        (data.values["indicator_code"] == "bev_dichtheid") & (data.values["geografie_niveau"] == "gemeente")
    ]
    latest = population["period"].max() if not population.empty else ""
    rows, values = [], []
    for code in present:
        city = data.city_values(code, "bev_aandeel_65_plus")
        city = city[city["period"] == city["period"].max()] if not city.empty else city
        value = city["value"].iloc[0] if not city.empty else None
        values.append(value)
        rows.append([data.names[code], nl_number(value, 1)])
    meta = data.indicator("bev_aandeel_65_plus")
    figure = go.Figure(
        go.Bar(x=[data.names[c] for c in present], y=values, marker={"color": CITY_COLOUR}, name=meta["name_nl"])
    )
    reference = data.reference_values("bev_aandeel_65_plus")
    if not reference.empty:
        figure.add_hline(
            y=reference.sort_values("period")["value"].iloc[-1],
            line_dash="dash",
            line_color=REFERENCE_COLOUR,
            annotation_text="centrumsteden",
        )
    figure.update_yaxes(title_text=meta["unit"])
    chart = Chart(
        chart_id="overzicht-65-plus",
        title=f"{meta['name_nl']} per gemeente",
        source=meta["source"],
        period=str(latest),
        unit=meta["unit"],
        figure=figure,
        table_header=["gemeente", meta["unit"]],
        table_rows=rows,
    )
    links = "".join(f'<li><a href="{page_name(c)}">{html.escape(data.names[c])}</a> ({c})</li>' for c in present)
    missing = (
        "<p>Deze gemeenten uit de gekozen set zitten niet in de gegevens en krijgen geen pagina: "
        + ", ".join(html.escape(c) for c in absent)
        + ".</p>"
        if absent
        else "<p>Alle gemeenten uit de gekozen set zitten in de gegevens.</p>"
    )
    body = f"""
<section><h2>Gemeenten</h2>
<p>Een pagina per gemeente met de kerncijfers tegenover de centrumsteden, de bevolkingspiramide, de uitgaven per
beleidsdomein, de meldingen en het meerjarenplan, voor zover de gemeente die bronnen leverde. De set kies je met
de omgevingsvariabele {REPORT_SET_ENV} (NIS-codes, met komma's); standaard de 13 centrumsteden en de 19 Brusselse
gemeenten.</p>
<ul class="cities">{links}</ul>
{missing}
</section>
<section><h2>Vergelijking</h2><div class="grid">{chart.html()}</div></section>
"""
    return _page("Stadsmonitor OBMi: overzicht", body, built_at)


def write_report(published_db: Path, out_dir: Path, municipalities: list[str] | None = None) -> ReportResult:
    """Write the report into out_dir (replaced as a whole: written beside it, then renamed)."""
    wanted = municipalities or configured_set()
    data = ReportData(published_db)
    present = [c for c in wanted if c in data.names]
    absent = [c for c in wanted if c not in data.names]
    built_at = datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    staging = out_dir.with_name(f".{out_dir.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / PLOTLY_FILE).write_text(get_plotlyjs(), encoding="utf-8")
    (staging / CSS_FILE).write_text(CSS.strip() + "\n", encoding="utf-8")
    pages = []
    for code in present:
        text, _ = municipality_page(data, code, built_at)
        (staging / page_name(code)).write_text(text, encoding="utf-8")
        pages.append(out_dir / page_name(code))
    (staging / "index.html").write_text(overview_page(data, present, absent, built_at), encoding="utf-8")
    previous = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(previous, ignore_errors=True)
    if out_dir.exists():
        os.replace(out_dir, previous)
    os.replace(staging, out_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return ReportResult(index=out_dir / "index.html", pages=pages, absent=absent)
