"""The metrics report: Markdown and HTML with tables and plots, a CSV per table, GraphML/GEXF per network.

All numbers come from ``graph.metrics`` over ``graph.projections``; this module
only lays them out, so the report and a notebook using the same functions
agree. The plots are drawn in ``viz.report_plots``.

Layout of ``DIR``::

    report.md, report.html     the report
    tables/<name>.csv          every table in full (UTF-8 with BOM, so spreadsheet programs read Cyrillic)
    plots/<name>.png           the plots
    networks/<name>.graphml    each projection for Gephi and other tools (and .gexf)
    networks/<name>.dynamic.gexf, <name>.dated_edges.csv
                               the place and institution networks through time (GEXF 1.3 spells, dated edge list)
"""
from __future__ import annotations

import csv
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ties.graph import change as ch
from ties.graph import dynamic as dyn
from ties.graph import metrics as m
from ties.graph import projections as proj
from ties.viz.report_plots import TOP, plot_bars, plot_coverage, plot_degrees, plot_ties_over_time


@dataclass
class Table:
    name: str
    title: str
    rows: list[dict]
    note: str = ""
    #: rows shown in the report (the CSV holds all)
    shown: int | None = None
    #: columns only the CSV holds (IRIs)
    hidden: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        return list(self.rows[0]) if self.rows else []

    @property
    def visible(self) -> list[str]:
        return [c for c in self.columns if c not in self.hidden]


@dataclass
class Section:
    title: str
    text: str = ""
    tables: list[Table] = field(default_factory=list)
    plots: list[tuple[str, Path]] = field(default_factory=list)


@dataclass
class ReportFiles:
    markdown: Path
    html: Path
    tables: list[Path]
    plots: list[Path]
    networks: list[Path]
    seconds: dict[str, float]


# --------------------------------------------------------------------------- writing

def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def write_csv(table: Table, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{table.name}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.columns)
        writer.writerows([[_cell(row.get(c)) for c in table.columns] for row in table.rows])
    return path


def _md_cell(value: object) -> str:
    return _cell(value).replace("|", "\\|").replace("\n", " ")


def _md_table(table: Table) -> str:
    if not table.rows:
        return "_(empty)_\n"
    rows = table.rows[:table.shown] if table.shown else table.rows
    lines = ["| " + " | ".join(table.visible) + " |", "|" + "---|" * len(table.visible)]
    lines += ["| " + " | ".join(_md_cell(r.get(c)) for c in table.visible) + " |" for r in rows]
    if len(rows) < len(table.rows):
        lines.append(f"\n_{len(table.rows) - len(rows)} more rows in `tables/{table.name}.csv`_")
    return "\n".join(lines) + "\n"


def render_markdown(title: str, intro: str, sections: list[Section], out: Path) -> str:
    parts = [f"# {title}\n", intro + "\n"]
    for section in sections:
        parts.append(f"## {section.title}\n")
        if section.text:
            parts.append(section.text + "\n")
        for caption, path in section.plots:
            parts.append(f"![{caption}]({path.relative_to(out).as_posix()})\n")
        for table in section.tables:
            parts.append(f"### {table.title}\n")
            if table.note:
                parts.append(f"{table.note}\n")
            parts.append(_md_table(table))
            parts.append(f"CSV: [`tables/{table.name}.csv`](tables/{table.name}.csv)\n")
    return "\n".join(parts)


def render_html(title: str, intro: str, sections: list[Section], out: Path) -> str:
    """The report page from ``viz/templates/report.html.j2``: every value from the data (titles,
    names in cells, captions) is escaped by the template; the sections' own prose, written here with
    its ``<code>`` and links, is passed as Markup."""
    from markupsafe import Markup

    from ties.viz.pages import environment

    def table(t: Table) -> dict:
        rows = t.rows[:t.shown] if t.shown else t.rows
        return {"title": t.title, "note": t.note, "name": t.name, "columns": t.visible, "more": len(t.rows) - len(rows),
                "rows": [[_cell(r.get(c)) for c in t.visible] for r in rows]}
    shown = [{"title": s.title, "text": Markup(s.text) if s.text else "",
              "plots": [(caption, path.relative_to(out).as_posix()) for caption, path in s.plots],
              "tables": [table(t) for t in s.tables]} for s in sections]
    return environment().get_template("report.html.j2").render(title=title, intro=Markup(intro), sections=shown)


# --------------------------------------------------------------------------- the report

def _named_pairs(graph, pairs) -> list[dict]:
    rows = []
    for u, v in pairs:
        if graph.nodes[v].get("russian") and not graph.nodes[u].get("russian"):
            u, v = v, u
        attrs = graph.edges[u, v]
        rows.append({"place_a": graph.nodes[u]["label"], "place_b": graph.nodes[v]["label"],
                     "country_b": graph.nodes[v].get("country"), "kind": attrs["kind"], "events": attrs["events"]})
    return rows


def _community_rows(graph) -> list[dict]:
    rows = []
    for i, members in enumerate(m.communities(graph)):
        labels = sorted(graph.nodes[n]["label"] for n in members)
        countries = sorted({graph.nodes[n].get("country") or "?" for n in members})
        rows.append({"community": i, "size": len(members), "countries": ", ".join(countries),
                     "members": ", ".join(labels[:15]) + (" …" if len(labels) > 15 else "")})
    return rows


def project(data: proj.StoreData, cut: proj.Cut) -> dict[str, object]:
    """Every projection the report covers, by the file stem of its export."""
    bounds = {"since": cut.since, "until": cut.until, "sphere": cut.sphere}
    return {"place_network": proj.place_network(data, **bounds),
            "institution_network": proj.institution_network(data, **bounds),
            "country_network": proj.country_network(data, **bounds),
            "country_cooccurrence": proj.country_network(data, **bounds, mode="events"),
            "event_participants": proj.event_participant_graph(data, **bounds)}


def _coverage_rows(place) -> list[dict]:
    """Each report's reporter and period, with the period's label (2023, 2023-Q1) where it is one."""
    rows = ch.coverage_table(ch.coverage(place), place.graph.get("reports", {}))
    for row in rows:
        row["period"] = _period_name(row["from"], row["to"])
    return rows


def _period_name(start, end) -> str:
    if not (start and end):
        return ""
    for freq in ch.FREQS:
        label = ch.period_label(start, freq)
        if ch.Period.of(label) == ch.Period(label, start, end):
            return label
    return f"{start} – {end}"


def compute_tables(data: proj.StoreData, networks: dict, cut: proj.Cut) -> dict[str, Table]:
    """Every table of the report, by CSV name."""
    place = networks["place_network"]
    yearly, quarterly = ch.change_table(place, "year"), ch.change_table(place, "quarter")
    change_note = ("from: the last period the tie's state was known (last shown, or last covered without it); "
                   "reporters: who showed it, or whose covering report no longer does.")
    tables = [
        Table("networks", "Summary", [m.summary(g) for n, g in networks.items() if n != "event_participants"]),
        Table("coverage", "Reports: who reports and which period each covers", _coverage_rows(place)),
        Table("ties_by_year", "Per year", ch.ties_over_time(place, "year")),
        Table("ties_by_quarter", "Per quarter", ch.ties_over_time(place, "quarter")),
        Table("tie_changes", "Ties gained, lost and not reported, per year",
              [r for r in yearly if r["change"] != "first_reported"], note=change_note, shown=40),
        Table("tie_changes_by_quarter", "Ties gained, lost and not reported, per quarter",
              [r for r in quarterly if r["change"] != "first_reported"], note=change_note, shown=40),
        Table("ties_first_reported", "Ties first reported, per year (no earlier report of their reporter covers "
              "a period without them)", [r for r in yearly if r["change"] == "first_reported"], shown=20),
        Table("events_by_country", "Events by foreign country", m.events_by_country(data, cut)),
        Table("events_by_sphere", "Events by sphere", m.events_by_sphere(data, cut)),
        Table("countries", "Per country, in the place network", m.country_table(place)),
        Table("spheres", "Per sphere, in the place network", m.sphere_table(place)),
        Table("place_centrality", "Places", m.node_table(place), shown=TOP, hidden=("node",)),
        Table("institution_centrality", "Institutions", m.node_table(networks["institution_network"]),
              shown=TOP, hidden=("node",)),
        Table("degree_distribution", "Degree distribution of the place network", m.degree_distribution(place)),
        Table("communities", "Louvain communities of the place network", _community_rows(place), shown=TOP),
        Table("bridges", "Bridges (ties whose loss splits a component)", _named_pairs(place, m.bridges(place)),
              shown=TOP),
        Table("articulation_points", "Articulation points (places whose loss splits a component)",
              [{"place": place.nodes[n]["label"], "country": place.nodes[n].get("country"),
                "degree": place.degree(n)} for n in m.articulation_points(place)]),
    ]
    return {t.name: t for t in tables}


def draw_plots(tables: dict[str, Table], folder: Path) -> dict[str, Path]:
    return {
        "coverage": plot_coverage(tables["coverage"].rows, folder / "coverage.png"),
        "time": plot_ties_over_time(tables["ties_by_year"].rows, tables["ties_by_quarter"].rows,
                                    folder / "ties_over_time.png"),
        "country": plot_bars(tables["events_by_country"].rows, "name", "events", "Events by foreign country",
                             folder / "events_by_country.png"),
        "sphere": plot_bars(tables["events_by_sphere"].rows, "sphere", "events", "Events by sphere",
                            folder / "events_by_sphere.png"),
        "degree": plot_degrees(tables["degree_distribution"].rows, folder / "degree_distribution.png"),
        "central": plot_bars(tables["place_centrality"].rows, "label", "weighted_degree",
                             "Most central places (events shared with partners)", folder / "central_places.png"),
    }


def sections(tables: dict[str, Table], plots: dict[str, Path]) -> list[Section]:
    """The report's sections: which tables and plots go together, and what they mean."""
    t = tables
    return [
        Section("Networks", "Size and shape of each projection. <code>place</code>: Russian and foreign places "
                "joined by ties; <code>institution</code>: organizations of different countries in the same "
                "event; <code>country-ties</code>: places merged into countries; <code>country-events</code>: "
                "countries named in the same event.", [t["networks"]]),
        Section("Reports and what they cover", "A reporter covers a year or quarter when its reports' periods "
                "together contain all of it. Only there can a tie be found lost: where no report of a reporter "
                "covers a period, its ties are not reported, not lost.", [t["coverage"]],
                [("Periods covered by each reporter", plots["coverage"])]),
        Section("Ties over time", "<code>ties</code>, <code>events</code>, <code>places</code>: ties with at "
                "least one event dated in the period (undated events and stated ties count only for periods that "
                "contain their whole report period). <code>covered_by</code>: reporters whose reports cover the "
                "whole period. A report <i>shows</i> a tie in a period when it states the tie and its own period "
                "overlaps it, or cites an event dated in it. <code>lost</code>: a report of the reporter that "
                "last showed the tie covers the period and no longer shows it. <code>not_reported</code>: shown "
                "in the period before, and no report of that reporter covers this one, so nothing is known. "
                "<code>gained</code>: shown, where a report of the same reporter covered an earlier period "
                "(since it was last shown) without it. <code>first_reported</code>: shown, and never known before. "
                "Shaded in the plot: periods no reporter covers whole.",
                [t["ties_by_year"], t["ties_by_quarter"], t["tie_changes"], t["tie_changes_by_quarter"],
                 t["ties_first_reported"]],
                [("Ties per year and per quarter", plots["time"])]),
        Section("Events by country and by sphere", "The first two tables count all reported events, not only "
                "those behind ties; the last two count the ties of the place network.",
                [t["events_by_country"], t["events_by_sphere"], t["countries"], t["spheres"]],
                [("Events by foreign country", plots["country"]), ("Events by sphere", plots["sphere"])]),
        Section("Centrality", "Degree (partners), weighted degree (events shared with partners), betweenness "
                "(share of shortest paths through the place), PageRank, Louvain community (seed "
                f"{m.SEED}) and connected component.",
                [t["place_centrality"], t["institution_centrality"], t["degree_distribution"]],
                [("Degree distribution", plots["degree"]), ("Most central places", plots["central"])]),
        Section("Structure", "Communities, and the ties and places that alone hold parts of the network together.",
                [t["communities"], t["bridges"], t["articulation_points"]]),
    ]


def write_report(source: proj.Source, out: Path, cut: proj.Cut = proj.NO_CUT, quiet: bool = False) -> ReportFiles:
    """Compute every metric of the store (as far as ``cut`` reaches) and write the report into ``out``."""
    out = Path(out)
    seconds: dict[str, float] = {}
    bar = tqdm(total=6, desc="metrics", unit="step", disable=quiet, file=sys.stderr)

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        bar.set_postfix_str(name)
        started = time.perf_counter()
        yield
        seconds[name] = round(time.perf_counter() - started, 3)
        bar.update()

    with stage("read store"):
        data = proj.load(source, require_reports=True)
    with stage("projections"):
        networks = project(data, cut)
    with stage("metrics"):
        tables = compute_tables(data, networks, cut)
    with stage("plots"):
        plots = draw_plots(tables, out / "plots")
    with stage("exports"):
        exports = [p for name, g in networks.items() for p in proj.write_exports(g, out / "networks" / name)]
        dynamic, undated = [], 0
        for name in ("place_network", "institution_network"):
            files, dated = dyn.write_dynamic(networks[name], out / "networks" / name)
            dynamic += files
            undated += len(dated.undated)
    with stage("write"):
        csvs = [write_csv(table, out / "tables") for table in tables.values()]
        parts = sections(tables, plots)
        links = [f'<a href="{p.relative_to(out).as_posix()}">{p.name}</a>' for p in (*exports, *dynamic)]
        left_out = f" {undated} ties without any date are left out of them." if undated else ""
        parts.append(Section("Network files", f"GraphML and GEXF (open in Gephi): {', '.join(links[:len(exports)])}. "
                             "Through time: the place and institution networks as dynamic GEXF 1.3 (every tie and "
                             "place with spells from its events' dates, or its report's period where an event has "
                             "none; Gephi's timeline plays them) and the same spells as a dated edge list, one row "
                             f"per event: {', '.join(links[len(exports):])}.{left_out}"))
        title = "ties: metrics report"
        intro = (f"{len(data.reports)} reports, {len(data.events)} events; cut: {cut.label}. "
                 "Every table is also a CSV in <code>tables/</code>.")
        markdown, page = out / "report.md", out / "report.html"
        markdown.write_text(render_markdown(title, intro, parts, out), encoding="utf-8")
        page.write_text(render_html(title, intro, parts, out), encoding="utf-8")
    bar.close()
    return ReportFiles(markdown, page, csvs, list(plots.values()), [*exports, *dynamic], seconds)
