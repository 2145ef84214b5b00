"""The store read once for the projections: reports, events, places, organizations, ties, who took
part in what and the quoted evidence, through eight SELECT queries over ``GRAPH ?g`` (so the report
of every statement is known), against an embedded ``pyoxigraph.Store`` or any SPARQL 1.1 endpoint
(``graph.remote.select``).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from ties.errors import TiesError
from ties.graph.cuts import Cut
from ties.graph.iris import GRAPH_PREFIX, stem_from_segment
from ties.ontology import NAMESPACE

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
