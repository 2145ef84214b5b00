"""Projections of the store into NetworkX graphs, read with SPARQL.

Metrics and pages never read triples themselves: they take one of the graphs
built here, so a number in a report and a node on a page always come from the
same projection.

* :func:`place_network` — Russian and foreign places joined by their ties;
* :func:`institution_network` — organizations of different countries that take
  part in the same event;
* :func:`country_network` — the place network aggregated to countries, or the
  countries that co-occur in events;
* :func:`event_participant_graph` — the bipartite graph of events and the places
  and organizations they involve.

The store is read once into :class:`StoreData` (``graph.store_data``: eight SELECT queries, all
through ``GRAPH ?g`` so the report of every statement is known); the same
queries run against an embedded ``pyoxigraph.Store`` or, through
``graph.remote.select``, any SPARQL 1.1 endpoint. Periods and spheres are ``graph.cuts.Cut``. A network keeps, on each edge, the *statements* behind it (which
report says what kind of tie, citing which events), so :func:`restrict` can cut
an already built network to a period or a sphere without querying again; the
time series and period comparisons of ``graph.metrics`` rely on that.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx

from ties.graph.cuts import NO_CUT, Cut, parse_bound
from ties.graph.store_data import (KIND_STRENGTH, PLACE_CLASSES, ROLES, RUSSIA, TIE_CLASSES, EventRecord, Row,
                                   Source, SourceError, Statement, StoreData, load)

__all__ = ["Cut", "NO_CUT", "parse_bound", "EventRecord", "Statement", "StoreData", "Source", "SourceError", "load",
           "KIND_STRENGTH", "PLACE_CLASSES", "ROLES", "RUSSIA", "TIE_CLASSES", "strongest", "restrict",
           "place_network", "institution_network", "country_label", "country_network", "event_participant_graph",
           "find_node", "ego_network", "country_subgraph", "exportable", "write_exports"]

# --------------------------------------------------------------------------- building and cutting networks

def strongest(kinds: Iterable[str]) -> str:
    return max(kinds, key=KIND_STRENGTH.__getitem__)


def _edge_attrs(statements: list[Statement], events: dict[str, EventRecord]) -> Row:
    """Weight, kind and evidence of an edge, all derived from its statements."""
    cited = sorted({e for s in statements for e in s.events}, key=lambda e: events[e].sort_key())
    return {"kind": strongest(s.kind for s in statements),
            "weight": max(1, len(cited)),  # a tie a report states without events still counts once
            "events": len(cited),
            "evidence": [events[e].as_dict() for e in cited],
            "reports": sorted({s.report for s in statements}),
            "statements": tuple(statements)}


def _network(name: str, nodes: dict[str, Row], edges: dict[tuple[str, str], list[Statement]],
             data: StoreData) -> nx.Graph:
    graph = nx.Graph(name=name, cut="all", events=data.events, reports=data.reports)
    for (u, v), statements in sorted(edges.items()):
        for node in (u, v):
            if node not in graph:
                graph.add_node(node, **nodes[node])
        graph.add_edge(u, v, **_edge_attrs(statements, data.events))
    return graph


def _narrowed(bounds: tuple[date | None, date | None] | None, cut: Cut) -> tuple[date | None, date | None]:
    """The first and last day a graph cut twice can speak of: the later since, the earlier until."""
    since, until = bounds or (None, None)
    since = max(d for d in (since, cut.since) if d) if since or cut.since else None
    until = min(d for d in (until, cut.until) if d) if until or cut.until else None
    return since, until


def restrict(graph: nx.Graph, cut: Cut) -> nx.Graph:
    """The place or institution network as far as it lies in ``cut``.

    An edge keeps the statements (and events) inside the cut, and its kind and
    weight are computed again from them, so a pair shown as sister cities in 2021
    and only at an event in 2023 is an event tie in a 2023 cut. Nodes left
    without edges go. The graph keeps the days the cut spans as ``bounds``, so
    ``graph.change`` speaks only of periods inside them.
    """
    if cut.empty:
        return graph.copy()
    events: dict[str, EventRecord] = graph.graph["events"]
    kept = nx.Graph(**{**graph.graph, "cut": cut.label, "bounds": _narrowed(graph.graph.get("bounds"), cut)})
    for u, v, attrs in graph.edges(data=True):
        statements = [s for s in (st.within(cut, events) for st in attrs["statements"]) if s]
        if statements:
            kept.add_node(u, **graph.nodes[u])
            kept.add_node(v, **graph.nodes[v])
            kept.add_edge(u, v, **_edge_attrs(statements, events))
    return kept


def place_network(source: Source, since: str | date | None = None, until: str | date | None = None,
                  sphere: str | None = None) -> nx.Graph:
    """Places joined by ties: node attributes label, country, place_kind, russian, lat/lon when known;
    edge attributes kind (strongest), weight (events, at least 1), events, evidence, reports."""
    data = load(source)
    nodes: dict[str, Row] = {}
    edges: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for stem, _iri, kind, ru, foreign, events in data.ties:
        for place, russian in ((ru, True), (foreign, False)):
            attrs = dict(data.places.get(place) or {"label": place.rsplit("/", 1)[-1], "country": None})
            if russian and not attrs.get("country"):
                attrs["country"] = RUSSIA
            nodes[place] = {**attrs, "russian": russian}
        report = data.reports.get(stem, {})
        edges[(ru, foreign)].append(Statement(stem, kind, events, (report.get("start"), report.get("end"))))
    return restrict(_network("place", nodes, edges, data), Cut.of(since, until, sphere))


def institution_network(source: Source, since: str | date | None = None, until: str | date | None = None,
                        sphere: str | None = None) -> nx.Graph:
    """Organizations of two different (known) countries that take part in the same event.

    Participants, the acting body and agreement parties all count; an edge is of
    kind ``agreement`` when both sign an agreement of the event, else ``event``.
    """
    data = load(source)
    edges: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for event_iri, roles in sorted(data.involvement.items()):
        event = data.events.get(event_iri)
        if event is None:
            continue
        orgs = sorted({x for role in ("actor", "participant", "party") for x in roles.get(role, ())
                       if x in data.organizations and data.organizations[x]["country"]})
        parties = roles.get("party", set())
        for a, b in combinations(orgs, 2):
            if data.organizations[a]["country"] != data.organizations[b]["country"]:
                kind = "agreement" if a in parties and b in parties else "event"
                edges[(a, b)].append(Statement(event.report, kind, (event_iri,)))
    nodes = {iri: dict(org) for iri, org in data.organizations.items()}
    return restrict(_network("institution", nodes, edges, data), Cut.of(since, until, sphere))


def country_label(code: str) -> str:
    """The country's Russian short name (pycountry's translations), else its code."""
    return _country_names().get(code, code)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import gettext

    import pycountry
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    names = {c.alpha_2: ru.gettext(c.name) for c in pycountry.countries}
    names.update({"AB": "Абхазия", "OS": "Южная Осетия"})
    return names


def country_network(source: Source, since: str | date | None = None, until: str | date | None = None,
                    sphere: str | None = None, mode: str = "ties") -> nx.Graph:
    """Countries as nodes.

    ``mode="ties"``: the place network with places merged into their countries
    (Russia's municipalities become one RU node); edge weight counts distinct
    events, ``ties`` the place pairs. ``mode="events"``: countries that occur in
    the same event, Russia included since every reported event is a Russian
    municipality's; edge weight counts shared events.
    """
    data = load(source)
    cut = Cut.of(since, until, sphere)
    graph = nx.Graph(name=f"country-{mode}", cut=cut.label, events=data.events)
    if mode == "ties":
        places = place_network(data, since, until, sphere)
        pairs: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for u, v, attrs in places.edges(data=True):
            cu, cv = places.nodes[u]["country"] or "XX", places.nodes[v]["country"] or "XX"
            pairs[tuple(sorted((cu, cv)))].append(attrs)
        for code in sorted({c for pair in pairs for c in pair}):
            members = [n for n, c in places.nodes(data="country") if (c or "XX") == code]
            graph.add_node(code, label=country_label(code), country=code, places=len(members))
        for (a, b), ties in sorted(pairs.items()):
            evidence = {e["iri"]: e for t in ties for e in t["evidence"]}
            graph.add_edge(a, b, kind=strongest(t["kind"] for t in ties), ties=len(ties),
                           weight=max(1, len(evidence)), events=len(evidence),
                           evidence=sorted(evidence.values(), key=lambda e: data.events[e["iri"]].sort_key()),
                           reports=sorted({r for t in ties for r in t["reports"]}))
        return graph
    if mode != "events":
        raise ValueError(f"unknown country network mode {mode!r}; expected 'ties' or 'events'")
    shared: dict[tuple[str, str], list[EventRecord]] = defaultdict(list)
    for event_iri, codes in sorted(data.countries.items()):
        event = data.events.get(event_iri)
        if event is None or not cut.admits(event):
            continue
        for a, b in combinations(sorted(codes | {RUSSIA}), 2):
            shared[(a, b)].append(event)
    for (a, b), events in sorted(shared.items()):
        for code in (a, b):
            graph.add_node(code, label=country_label(code), country=code)
        events.sort(key=EventRecord.sort_key)
        graph.add_edge(a, b, kind="event", weight=len(events), events=len(events),
                       evidence=[e.as_dict() for e in events], reports=sorted({e.report for e in events}))
    return graph


def event_participant_graph(source: Source, since: str | date | None = None, until: str | date | None = None,
                            sphere: str | None = None) -> nx.Graph:
    """Bipartite graph: events (``bipartite=0``) and the places and organizations they
    involve (``bipartite=1``); each edge lists the roles (actor, venue, involvesPlace,
    participant, party)."""
    data = load(source)
    cut = Cut.of(since, until, sphere)
    graph = nx.Graph(name="event-participant", cut=cut.label, events=data.events)
    for event_iri, roles in sorted(data.involvement.items()):
        event = data.events.get(event_iri)
        if event is None or not cut.admits(event):
            continue
        graph.add_node(event_iri, bipartite=0, node_type="event", label=event.title or event_iri,
                       **{k: v for k, v in event.as_dict().items() if k not in ("iri", "title")})
        for role in ROLES:
            for entity in sorted(roles.get(role, ())):
                if entity not in graph:
                    info = data.organizations.get(entity) or data.places.get(entity)
                    node_type = "organization" if entity in data.organizations else "place"
                    graph.add_node(entity, bipartite=1, node_type=node_type,
                                   label=(info or {}).get("label", entity), country=(info or {}).get("country"))
                if graph.has_edge(event_iri, entity):
                    graph.edges[event_iri, entity]["roles"].append(role)
                else:
                    graph.add_edge(event_iri, entity, roles=[role])
    return graph


# --------------------------------------------------------------------------- finding and exporting

def find_node(graph: nx.Graph, name: str) -> str | None:
    """The node whose IRI or label is ``name`` (case and ё/е insensitive), else None."""
    if name in graph:
        return name
    wanted = name.casefold().replace("ё", "е").strip()
    matches = sorted(n for n, label in graph.nodes(data="label")
                     if (label or "").casefold().replace("ё", "е") == wanted)
    return matches[0] if matches else None


def ego_network(graph: nx.Graph, name: str, radius: int = 2) -> nx.Graph:
    """The nodes within ``radius`` steps of the node named ``name``; KeyError names close labels."""
    node = find_node(graph, name)
    if node is None:
        import difflib
        labels = sorted({label for _, label in graph.nodes(data="label") if label})
        close = difflib.get_close_matches(name, labels, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"no node named {name!r} in the {graph.graph.get('name', '')} network{hint}")
    ego = nx.ego_graph(graph, node, radius=radius)
    ego.graph.update(graph.graph, focus=node, radius=radius)
    return ego


def country_subgraph(graph: nx.Graph, code: str) -> nx.Graph:
    """Edges touching a node of country ``code``, with both their ends."""
    code = code.upper()
    keep = [(u, v) for u, v in graph.edges if code in (graph.nodes[u].get("country"), graph.nodes[v].get("country"))]
    sub = graph.edge_subgraph(keep).copy()
    sub.graph.update(graph.graph)
    return sub


def _scalar(value: Any) -> Any:
    """GraphML and GEXF hold scalars only: lists and records become text."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def exportable(graph: nx.Graph) -> nx.Graph:
    """A copy fit for GraphML/GEXF (Gephi): scalar attributes, no None, no statements."""
    out = nx.Graph(name=graph.graph.get("name", ""), cut=graph.graph.get("cut", "all"))
    for node, attrs in graph.nodes(data=True):
        out.add_node(node, **{k: _scalar(v) for k, v in attrs.items() if v is not None})
    for u, v, attrs in graph.edges(data=True):
        out.add_edge(u, v, **{k: _scalar(val) for k, val in attrs.items() if val is not None and k != "statements"})
    return out


def write_exports(graph: nx.Graph, stem: Path) -> list[Path]:
    """``stem.graphml`` and ``stem.gexf`` of the graph, for Gephi and other tools."""
    flat = exportable(graph)
    stem.parent.mkdir(parents=True, exist_ok=True)
    graphml, gexf = stem.with_suffix(".graphml"), stem.with_suffix(".gexf")
    nx.write_graphml(flat, graphml)
    nx.write_gexf(flat, gexf)
    return [graphml, gexf]
