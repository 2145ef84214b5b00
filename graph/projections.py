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

The store is read once into :class:`StoreData` (eight SELECT queries, all
through ``GRAPH ?g`` so the report of every statement is known); the same
queries run against an embedded ``pyoxigraph.Store`` or, through
``graph.remote.select``, any SPARQL 1.1 endpoint. A network keeps, on each edge, the *statements* behind it (which
report says what kind of tie, citing which events), so :func:`restrict` can cut
an already built network to a period or a sphere without querying again; the
time series and period comparisons of ``graph.metrics`` rely on that.
"""
from __future__ import annotations

import calendar
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
from pyoxigraph import Store

from ties.graph.iris import GRAPH_PREFIX, stem_from_segment
from ties.ingest.records import SPHERES
from ties.ontology import NAMESPACE
from ties.errors import TiesError

#: The kinds an edge can have, weakest first; an edge shows its strongest statement.
#: ``agreement`` (two organizations sign the same document) only occurs in the institution network.
KIND_STRENGTH: dict[str, int] = {kind: rank for rank, kind in enumerate(("event", "institutional", "agreement",
                                                                          "friendship_city", "sister_city"))}
TIE_CLASSES: dict[str, str] = {"SisterCityTie": "sister_city", "FriendshipCityTie": "friendship_city",
                               "InstitutionalTie": "institutional", "EventTie": "event"}
PLACE_CLASSES: dict[str, str] = {"Settlement": "settlement", "District": "district", "Region": "region",
                                 "Municipality": "municipality"}
#: Roles an entity can have in an event, as local names of the ontology's properties.
ROLES: tuple[str, ...] = ("actor", "venue", "involvesPlace", "participant", "party")
RUSSIA = "RU"

Row = dict[str, Any]


class SourceError(TiesError):
    """The store or endpoint could not be read; the message names it."""


# --------------------------------------------------------------------------- cuts

_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_bound(text: str | date | None, *, end: bool = False) -> date | None:
    """A cut bound from ``2023``, ``2023-Q2``, ``2023-05`` or ``2023-05-17``.

    A year, quarter or month stands for its first day as ``since`` and its last
    day as ``until`` (``end=True``), so ``--since 2023 --until 2023`` is the year.
    """
    if text is None or isinstance(text, date):
        return text
    text = text.strip()
    try:
        if m := _YEAR.match(text):
            year = int(m[1])
            return date(year, 12, 31) if end else date(year, 1, 1)
        if m := _QUARTER.match(text):
            year, quarter = int(m[1]), int(m[2])
            month = 3 * quarter if end else 3 * quarter - 2
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date.fromisoformat(text)
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(f"not a date: {text!r} (use 2023, 2023-Q2, 2023-05 or 2023-05-17)") from None


@dataclass(frozen=True)
class Cut:
    """A period and/or a sphere to keep.

    A dated event is kept when its start (else its end) lies in the period. An
    undated event, and a tie a report states without citing events, is only
    known to fall within its report's period, so it is kept when that whole
    period lies in the cut: an annual report's undated events count for the
    year, never for a quarter. A sphere cut keeps only events of that sphere.
    """

    since: date | None = None
    until: date | None = None
    sphere: str | None = None

    def __post_init__(self) -> None:
        if self.sphere is not None and self.sphere not in SPHERES:
            raise ValueError(f"unknown sphere {self.sphere!r}; expected one of {', '.join(SPHERES)}")

    @classmethod
    def of(cls, since: str | date | None = None, until: str | date | None = None,
           sphere: str | None = None) -> Cut:
        return cls(parse_bound(since), parse_bound(until, end=True), sphere)

    @classmethod
    def period(cls, label: str, sphere: str | None = None) -> Cut:
        """The cut of one year or quarter given as ``2023`` or ``2023-Q1``."""
        return cls.of(label, label, sphere)

    @property
    def empty(self) -> bool:
        return self.since is None and self.until is None and self.sphere is None

    @property
    def label(self) -> str:
        parts = []
        if self.since or self.until:
            parts.append(f"{self.since or '…'} – {self.until or '…'}")
        if self.sphere:
            parts.append(self.sphere)
        return ", ".join(parts) or "all"

    def _within(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def admits_period(self, start: date | None, end: date | None) -> bool:
        """Whether something known only to fall within ``start``–``end`` surely lies in the cut."""
        if self.since is not None and (start is None or start < self.since):
            return False
        return self.until is None or (end is not None and end <= self.until)

    def admits(self, event: EventRecord) -> bool:
        if self.sphere is not None and event.sphere != self.sphere:
            return False
        if event.date is not None:
            return self._within(event.date)
        return self.admits_period(event.period_start, event.period_end)


# --------------------------------------------------------------------------- records read from the store

@dataclass(frozen=True)
class EventRecord:
    """An event as edges cite it: enough to show and to date it, and where the report says it."""

    iri: str
    report: str
    document: str | None
    title: str | None
    row: int | None
    position: int | None
    start: date | None
    end: date | None
    sphere: str | None
    period_start: date | None
    period_end: date | None

    @property
    def date(self) -> date | None:
        return self.start or self.end

    def sort_key(self) -> tuple:
        return (self.date or self.period_start or date.max, self.report, self.row or self.position or 0, self.iri)

    def as_dict(self) -> Row:
        return {"iri": self.iri, "title": self.title, "start": _iso(self.start), "end": _iso(self.end),
                "report": self.report, "document": self.document, "row": self.row,
                "position": self.position, "sphere": self.sphere}


@dataclass(frozen=True)
class Statement:
    """What one report says about one edge: the kind of tie and the events it cites."""

    report: str
    kind: str
    events: tuple[str, ...]
    period: tuple[date | None, date | None] = (None, None)

    def within(self, cut: Cut, events: dict[str, EventRecord]) -> Statement | None:
        """This statement as far as it lies in ``cut``, or None."""
        if not self.events:
            return self if cut.sphere is None and cut.admits_period(*self.period) else None
        kept = tuple(e for e in self.events if cut.admits(events[e]))
        return replace(self, events=kept) if kept else None


@dataclass
class StoreData:
    """Everything the projections need, read from the store in one pass."""

    #: report stem → document, reporter, reporting level, start and end of its period
    reports: dict[str, Row] = field(default_factory=dict)
    events: dict[str, EventRecord] = field(default_factory=dict)
    places: dict[str, Row] = field(default_factory=dict)
    organizations: dict[str, Row] = field(default_factory=dict)
    #: (report, tie IRI, kind, Russian place, foreign place, cited events)
    ties: list[tuple[str, str, str, str, str, tuple[str, ...]]] = field(default_factory=list)
    #: event IRI → role → entities (places or organizations)
    involvement: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    #: event IRI → foreign countries it names
    countries: dict[str, set[str]] = field(default_factory=dict)
    #: event IRI → the row or sentence it was read from, quoted (pages show it as evidence)
    quotes: dict[str, str] = field(default_factory=dict)


Source = Store | str | Path | StoreData
#: The cut that keeps everything.
NO_CUT = Cut()

# --------------------------------------------------------------------------- SPARQL

PREFIXES = f"""PREFIX ties: <{NAMESPACE}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
"""

QUERIES: dict[str, str] = {
    "reports": """SELECT ?g ?document ?reporter ?level ?start ?end WHERE { GRAPH ?g {
  ?r a ties:Report ; ties:document ?document .
  OPTIONAL { ?r ties:reporter ?reporter } OPTIONAL { ?r ties:reportingLevel ?level }
  OPTIONAL { ?r ties:periodStart ?start } OPTIONAL { ?r ties:periodEnd ?end } } }""",
    "events": """SELECT ?g ?e ?title ?row ?position ?start ?end ?sphere WHERE { GRAPH ?g {
  ?e a ties:Event .
  OPTIONAL { ?e ties:title ?title } OPTIONAL { ?e ties:rowNumber ?row } OPTIONAL { ?e ties:position ?position }
  OPTIONAL { ?e ties:startDate ?start } OPTIONAL { ?e ties:endDate ?end } OPTIONAL { ?e ties:sphere ?sphere } } }""",
    "places": """SELECT ?p ?class ?label ?code ?wkt WHERE { GRAPH ?g {
  VALUES ?class { ties:Settlement ties:District ties:Region ties:Municipality }
  ?p a ?class .
  OPTIONAL { ?p rdfs:label ?label } OPTIONAL { ?p ties:country/ties:isoCode ?code }
  OPTIONAL { ?p geo:hasGeometry/geo:asWKT ?wkt } } }""",
    "organizations": """SELECT ?o ?label ?code ?place WHERE { GRAPH ?g {
  ?o a ties:Organization .
  OPTIONAL { ?o rdfs:label ?label } OPTIONAL { ?o ties:country/ties:isoCode ?code }
  OPTIONAL { ?o ties:basedIn/rdfs:label ?place } } }""",
    "ties": """SELECT ?g ?t ?class ?ru ?foreign ?e WHERE { GRAPH ?g {
  VALUES ?class { ties:SisterCityTie ties:FriendshipCityTie ties:InstitutionalTie ties:EventTie }
  ?t a ?class ; ties:russianPlace ?ru ; ties:foreignPlace ?foreign .
  OPTIONAL { ?t ties:evidence ?e } } }""",
    "involvement": """SELECT DISTINCT ?e ?role ?x WHERE { GRAPH ?g {
  { VALUES ?role { ties:actor ties:venue ties:involvesPlace ties:participant } ?e a ties:Event ; ?role ?x }
  UNION { ?e a ties:Event ; ties:agreement/ties:party ?x . BIND(ties:party AS ?role) } } }""",
    "countries": """SELECT DISTINCT ?e ?code WHERE { GRAPH ?g {
  ?e a ties:Event ; ties:involvesCountry/ties:isoCode ?code } }""",
    "quotes": """SELECT ?e ?quote WHERE { GRAPH ?g { ?e a ties:Event ; ties:excerpt/ties:quote ?quote } }""",
}


def _text(value: Any) -> Any:
    """A bound value as text, or as the int ``graph.remote.select`` already made of it."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return value.value  # pyoxigraph term


def _rows(source: Store | str, query: str) -> list[Row]:
    """Rows of a SELECT as {variable: text, int or None}, from the embedded store or an endpoint."""
    text = PREFIXES + query
    if isinstance(source, Store):
        solutions = source.query(text)
        names = [v.value for v in solutions.variables]
        return [{name: _text(solution[name]) for name in names} for solution in solutions]
    from ties.graph.remote import RemoteError, select
    try:
        return [{name: _text(value) for name, value in row.items()} for row in select(source, text)]
    except RemoteError as exc:  # already one line naming the endpoint
        raise SourceError(str(exc)) from None


def _local(iri: str | None) -> str | None:
    return iri.rsplit("#", 1)[-1] if iri else None


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _stem(graph: str) -> str:
    return stem_from_segment(graph[len(GRAPH_PREFIX):]) if graph.startswith(GRAPH_PREFIX) else graph


_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.IGNORECASE)


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def _open(source: Store | str | Path) -> Store | str:
    """A store folder opened read-only, or the endpoint URL; a string that is no URL is a folder."""
    if isinstance(source, str) and not re.match(r"https?://", source):
        source = Path(source)
    if isinstance(source, Path):
        if not source.is_dir():
            raise SourceError(f"store {source}: no such folder (run `ties build` first)")
        return Store.read_only(str(source))  # read-only: the store may be open elsewhere (ties serve)
    return source


def load(source: Source, require_reports: bool = False) -> StoreData:
    """Read everything the projections need; a StoreData is returned as it is.

    ``source`` is an embedded store, a store folder (opened read-only), or the
    URL of a SPARQL endpoint. Pass the result to several projections to query once.
    With ``require_reports``, a source holding no report is a SourceError, so a
    command says "run ties build" instead of writing empty pages.
    """
    if isinstance(source, StoreData):
        return source
    name = source
    source = _open(source)
    data = StoreData()
    for row in _rows(source, QUERIES["reports"]):
        data.reports[_stem(row["g"])] = {"document": row["document"], "reporter": row["reporter"],
                                         "level": row["level"], "start": _date(row["start"]),
                                         "end": _date(row["end"])}
    for row in _rows(source, QUERIES["events"]):
        stem = _stem(row["g"])
        report = data.reports.get(stem, {})
        data.events[row["e"]] = EventRecord(
            iri=row["e"], report=stem, document=report.get("document"), title=row["title"],
            row=_int(row["row"]), position=_int(row["position"]), start=_date(row["start"]),
            end=_date(row["end"]), sphere=_local(row["sphere"]), period_start=report.get("start"),
            period_end=report.get("end"))
    _load_places(data, _rows(source, QUERIES["places"]))
    _load_organizations(data, _rows(source, QUERIES["organizations"]))
    _load_ties(data, _rows(source, QUERIES["ties"]))
    for row in _rows(source, QUERIES["involvement"]):
        data.involvement.setdefault(row["e"], defaultdict(set))[_local(row["role"])].add(row["x"])
    for row in _rows(source, QUERIES["countries"]):
        data.countries.setdefault(row["e"], set()).add(row["code"])
    data.quotes = {row["e"]: row["quote"] for row in _rows(source, QUERIES["quotes"])}
    if require_reports and not data.reports:
        raise SourceError(f"{'store' if isinstance(name, Path) else 'SPARQL endpoint'} {name} holds no reports"
                          " (run `ties build REPORTS...` first)")
    return data


def _load_places(data: StoreData, rows: list[Row]) -> None:
    by_place: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_place[row["p"]].append(row)
    for iri, found in sorted(by_place.items()):
        place: Row = {"label": _most_common(r["label"] for r in found) or iri.rsplit("/", 1)[-1],
                      "country": _most_common(r["code"] for r in found),
                      "place_kind": PLACE_CLASSES[_most_common(_local(r["class"]) for r in found)]}
        wkt = _most_common(r["wkt"] for r in found)
        if wkt and (m := _POINT.search(wkt)):
            place["lon"], place["lat"] = float(m[1]), float(m[2])
        data.places[iri] = place


def _load_organizations(data: StoreData, rows: list[Row]) -> None:
    by_org: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_org[row["o"]].append(row)
    for iri, found in sorted(by_org.items()):
        data.organizations[iri] = {"label": _most_common(r["label"] for r in found) or iri.rsplit("/", 1)[-1],
                                   "country": _most_common(r["code"] for r in found),
                                   "place": _most_common(r["place"] for r in found)}


def _load_ties(data: StoreData, rows: list[Row]) -> None:
    grouped: dict[tuple[str, str, str], dict] = {}
    for row in rows:
        key = (_stem(row["g"]), row["t"], _local(row["class"]))
        tie = grouped.setdefault(key, {"ru": row["ru"], "foreign": row["foreign"], "events": set()})
        if row["e"] is not None and row["e"] in data.events:
            tie["events"].add(row["e"])
    for (stem, iri, cls), tie in sorted(grouped.items()):
        events = tuple(sorted(tie["events"], key=lambda e: data.events[e].sort_key()))
        data.ties.append((stem, iri, TIE_CLASSES[cls], tie["ru"], tie["foreign"], events))


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
