"""The place and institution networks through time: dynamic GEXF 1.3 for Gephi's timeline, and a dated edge list.

Every tie gets one *spell* (a first and a last day) per event behind it: the
event's dates, or its report's period when the event has none; a tie a report
states without events gets the report's period. Overlapping spells of a tie are
merged, and a place lives in the union of its ties' spells, so Gephi's timeline
shows a tie while there is evidence for it. The dated edge list holds the same
spells before merging, one row per event (or stated tie), with the evidence.
A tie with no date at all (an undated event in a report without a period) can
not be placed in time: it is left out of both and counted.

networkx writes the GEXF: its 1.3 output declares the XML Schema instance
namespace as ``http://w3.org/…`` (without ``www``) and gives ``<graph>`` a
``name`` attribute the 1.3 schema does not have; both are put right here.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from ties.graph.change import merge_spans
from ties.graph.projections import EventRecord, exportable

XSI = "http://www.w3.org/2001/XMLSchema-instance"
CSV_COLUMNS = ("source", "target", "source_label", "target_label", "source_country", "target_country", "kind",
               "start", "end", "event", "title", "report", "document", "row")

Row = dict[str, object]


@dataclass(frozen=True)
class DatedEdges:
    """The dated rows of a network, and the ties left out for want of any date."""

    rows: list[Row]
    undated: list[tuple[str, str]]


def _event_span(event: EventRecord) -> tuple[date, date] | None:
    start, end = event.start or event.end, event.end or event.start
    if start:
        return start, max(start, end)
    if event.period_start and event.period_end:
        return event.period_start, event.period_end
    return None


def dated_edges(graph: nx.Graph) -> DatedEdges:
    """One row per event (or stated tie) behind each edge, with its first and last day."""
    events: dict[str, EventRecord] = graph.graph.get("events", {})
    reports: dict[str, Row] = graph.graph.get("reports", {})
    rows, undated = [], []
    for u, v, statements in graph.edges(data="statements"):
        if graph.nodes[v].get("russian") and not graph.nodes[u].get("russian"):
            u, v = v, u
        found: dict[tuple, Row] = {}
        for s in statements or ():
            cited = [events[e] for e in s.events] or [None]
            for event in cited:
                span = _event_span(event) if event else (s.period if all(s.period) else None)
                if span is None:
                    continue
                report = event.report if event else s.report
                found[(event.iri if event else s.report, span)] = {
                    "source": u, "target": v, "source_label": graph.nodes[u].get("label"),
                    "target_label": graph.nodes[v].get("label"), "source_country": graph.nodes[u].get("country"),
                    "target_country": graph.nodes[v].get("country"), "kind": graph.edges[u, v]["kind"],
                    "start": span[0], "end": span[1], "event": event.iri if event else None,
                    "title": event.title if event else None, "report": report,
                    "document": (reports.get(report) or {}).get("document"), "row": event.row if event else None}
        if found:
            rows.extend(sorted(found.values(), key=lambda r: (r["start"], r["end"], r["event"] or "")))
        else:
            undated.append((u, v))
    return DatedEdges(rows, undated)


def dynamic_graph(graph: nx.Graph, dated: DatedEdges | None = None) -> nx.Graph:
    """The exportable network with spells on every edge and node; undated ties are left out."""
    dated = dated or dated_edges(graph)
    by_edge: dict[tuple[str, str], list[tuple[date, date]]] = {}
    for row in dated.rows:
        by_edge.setdefault((row["source"], row["target"]), []).append((row["start"], row["end"]))
    flat = exportable(graph)
    out = nx.Graph(mode="dynamic")
    by_node: dict[str, list[tuple[date, date]]] = {}
    for (u, v), spans in by_edge.items():
        by_node.setdefault(u, []).extend(spans)
        by_node.setdefault(v, []).extend(spans)
    for node, spans in sorted(by_node.items()):
        out.add_node(node, **flat.nodes[node], spells=_iso(merge_spans(spans)))
    for (u, v), spans in sorted(by_edge.items()):
        merged = merge_spans(spans)
        out.add_edge(u, v, **flat.edges[u, v], spells=_iso(merged),
                     first=merged[0][0].isoformat(), last=merged[-1][1].isoformat())
    return out


def _iso(spans: tuple[tuple[date, date], ...]) -> list[tuple[str, str]]:
    return [(s.isoformat(), e.isoformat()) for s, e in spans]


def write_gexf(graph: nx.Graph, path: Path) -> Path:
    """A dynamic graph (``dynamic_graph``) as GEXF 1.3 with ``timeformat="date"``."""
    writer = GEXFWriter(version="1.3")
    writer.xml.set("xmlns:xsi", XSI)
    writer.add_graph(graph)
    writer.graph_element.attrib.pop("name", None)
    writer.graph_element.set("timerepresentation", "interval")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_csv(dated: DatedEdges, path: Path) -> Path:
    """The dated edge list (UTF-8 with BOM, so spreadsheet programs read Cyrillic)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, CSV_COLUMNS)
        writer.writeheader()
        for row in dated.rows:
            writer.writerow({k: "" if v is None else (v.isoformat() if isinstance(v, date) else v)
                             for k, v in row.items()})
    return path


def write_dynamic(graph: nx.Graph, stem: Path) -> tuple[list[Path], DatedEdges]:
    """``stem.dynamic.gexf`` and ``stem.dated_edges.csv``; the dated rows are returned for the report."""
    dated = dated_edges(graph)
    stem.parent.mkdir(parents=True, exist_ok=True)
    gexf = write_gexf(dynamic_graph(graph, dated), stem.with_name(f"{stem.name}.dynamic.gexf"))
    table = write_csv(dated, stem.with_name(f"{stem.name}.dated_edges.csv"))
    return [gexf, table], dated
