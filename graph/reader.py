"""Read one report back out of the store, with SPARQL, in the form of ``shared/gold/SCHEMA.md``.

This reads the graph, not the in-memory records, so ``ties extract`` shows
what the store really holds. Lists come back in the report's order through
``ties:Mention`` nodes; ``countries`` and link ``events`` are sorted; links
are ordered by their first cited event, then by names.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pyoxigraph import Literal, NamedNode, Store

from ties.graph.iris import graph_iri, report_iri
from ties.graph.store import report_stems
from ties.ontology import NAMESPACE

__all__ = ["report_json", "report_stems"]

XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {"ties": NAMESPACE, "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#"}
TIE_KINDS = {"SisterCityTie": "sister_city", "FriendshipCityTie": "friendship_city",
             "InstitutionalTie": "institutional", "EventTie": "event"}
ROLES = {"qualifiedVenue": "venue", "qualifiedForeignPlace": "foreign_places",
         "qualifiedParticipant": "organizations"}

Row = dict[str, Any]


def _python(term: Any) -> Any:
    """RDF term → JSON value: integers and booleans typed, IRIs and other literals as strings."""
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype == XSD + "integer":
            return int(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return term.value


def _select(store: Store, query: str, graph: NamedNode) -> Iterator[Row]:
    """Rows of a SELECT whose ``{graph}`` placeholder names the report's graph."""
    solutions = store.query(query.replace("{graph}", str(graph)), prefixes=PREFIXES)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {name: _python(solution[name]) for name in names}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


HEAD = """
SELECT ?document ?layout ?reporter ?start ?end WHERE { GRAPH {graph} {
  {report} a ties:Report ; ties:document ?document ; ties:layout ?layout .
  OPTIONAL { {report} ties:reporter ?reporter }
  OPTIONAL { {report} ties:periodStart ?start }
  OPTIONAL { {report} ties:periodEnd ?end }
} }"""

EVENTS = """
SELECT ?e ?n ?position ?section ?actor ?title ?start ?end ?online ?participants ?sphere
WHERE { GRAPH {graph} {
  ?e a ties:Event ; ties:reportedIn {report} ; ties:position ?position .
  OPTIONAL { ?e ties:rowNumber ?n }
  OPTIONAL { ?e ties:section ?section }
  OPTIONAL { ?e ties:actorName ?actor }
  OPTIONAL { ?e ties:title ?title }
  OPTIONAL { ?e ties:startDate ?start }
  OPTIONAL { ?e ties:endDate ?end }
  OPTIONAL { ?e ties:online ?online }
  OPTIONAL { ?e ties:participantCount ?participants }
  OPTIONAL { ?e ties:sphere ?sphere }
} } ORDER BY ?position ?n ?e"""

MENTIONS = """
SELECT ?e ?role ?order ?name ?country ?place WHERE { GRAPH {graph} {
  VALUES ?role { ties:qualifiedVenue ties:qualifiedForeignPlace ties:qualifiedParticipant }
  ?e a ties:Event ; ?role ?m .
  ?m ties:order ?order ; ties:asWritten ?name ; ties:entity ?x .
  OPTIONAL { ?x ties:country/ties:isoCode ?country }
  OPTIONAL { ?x ties:basedIn/rdfs:label ?place }
} } ORDER BY ?e ?role ?order ?place"""

#: Other names of the institutions an event names ("БУ «…»" for "Бюджетное учреждение … «…»").
ALT_NAMES = """
SELECT ?e ?order ?alt WHERE { GRAPH {graph} {
  ?e a ties:Event ; ties:qualifiedParticipant ?m .
  ?m ties:order ?order ; ties:entity ?x .
  ?x skos:altLabel ?alt .
} } ORDER BY ?e ?order ?alt"""

COUNTRIES = """
SELECT ?e ?code WHERE { GRAPH {graph} {
  ?e a ties:Event ; ties:involvesCountry/ties:isoCode ?code .
} } ORDER BY ?e ?code"""

AGREEMENTS = """
SELECT ?e ?a ?index ?kind ?date ?order ?party WHERE { GRAPH {graph} {
  ?e a ties:Event ; ties:agreement ?a .
  OPTIONAL { ?a ties:order ?index }
  OPTIONAL { ?a ties:agreementKind ?kind }
  OPTIONAL { ?a ties:signedOn ?date }
  OPTIONAL { ?a ties:qualifiedParty ?m . ?m ties:order ?order ; ties:asWritten ?party }
} } ORDER BY ?e ?index ?a ?order"""

LINKS = """
SELECT ?t ?class ?ru ?foreign ?country ?number WHERE { GRAPH {graph} {
  VALUES ?class { ties:SisterCityTie ties:FriendshipCityTie ties:InstitutionalTie ties:EventTie }
  ?t a ?class ; ties:russianPlace ?rp ; ties:foreignPlace ?fp .
  OPTIONAL { ?rp rdfs:label ?ru }
  OPTIONAL { ?fp rdfs:label ?foreign }
  OPTIONAL { ?fp ties:country/ties:isoCode ?country }
  OPTIONAL { ?t ties:evidence ?ev . ?ev ties:position ?position .
             OPTIONAL { ?ev ties:rowNumber ?row }
             BIND(COALESCE(?row, ?position) AS ?number) }
} }"""


def _head(store: Store, stem: str) -> Row:
    query = HEAD.replace("{report}", str(report_iri(stem)))
    rows = list(_select(store, query, graph_iri(stem)))
    if not rows:
        raise LookupError(f"report {stem!r} is not in the store")
    row = rows[0]
    return {"document": row["document"], "layout": row["layout"], "reporter": row["reporter"],
            "period": {"start": row["start"], "end": row["end"]}}


def _event(row: Row) -> Row:
    return {"n": row["n"], "section": row["section"], "actor": row["actor"], "title": row["title"],
            "start": row["start"], "end": row["end"], "online": bool(row["online"]),
            "venue": [], "countries": [], "foreign_places": [], "organizations": [],
            "agreements": [], "participants": row["participants"],
            "sphere": _local(row["sphere"]) if row["sphere"] else None}


def _add_mentions(store: Store, graph: NamedNode, events: dict[str, Row]) -> None:
    seen: set[tuple[str, str, int]] = set()
    orgs: dict[tuple[str, int], Row] = {}
    for row in _select(store, MENTIONS, graph):
        key = (row["e"], row["role"], row["order"])
        if row["e"] not in events or key in seen:
            continue
        seen.add(key)
        field = ROLES[_local(row["role"])]
        if field == "venue":
            item: Any = row["name"]
        elif field == "foreign_places":
            item = {"name": row["name"], "country": row["country"]}
        else:
            item = {"name": row["name"], "place": row["place"], "country": row["country"]}
            orgs[(row["e"], row["order"])] = item
        events[row["e"]][field].append(item)
    for row in _select(store, ALT_NAMES, graph):
        item = orgs.get((row["e"], row["order"]))
        if item is not None and row["alt"] != item["name"] and row["alt"] not in item.get("alt", []):
            item.setdefault("alt", []).append(row["alt"])


def _add_countries(store: Store, graph: NamedNode, events: dict[str, Row]) -> None:
    for row in _select(store, COUNTRIES, graph):
        if row["e"] in events:
            events[row["e"]]["countries"].append(row["code"])


def _add_agreements(store: Store, graph: NamedNode, events: dict[str, Row]) -> None:
    agreements: dict[str, Row] = {}
    for row in _select(store, AGREEMENTS, graph):
        if row["e"] not in events:
            continue
        if row["a"] not in agreements:
            agreements[row["a"]] = {"kind": row["kind"], "parties": [], "date": row["date"]}
            events[row["e"]]["agreements"].append(agreements[row["a"]])
        if row["party"] is not None:
            agreements[row["a"]]["parties"].append(row["party"])


def _events(store: Store, stem: str) -> list[Row]:
    graph = graph_iri(stem)
    query = EVENTS.replace("{report}", str(report_iri(stem)))
    events = {row["e"]: _event(row) for row in _select(store, query, graph)}
    _add_mentions(store, graph, events)
    _add_countries(store, graph, events)
    _add_agreements(store, graph, events)
    return list(events.values())


def _links(store: Store, stem: str) -> list[Row]:
    links: dict[str, Row] = {}
    for row in _select(store, LINKS, graph_iri(stem)):
        link = links.setdefault(row["t"], {"ru": row["ru"], "foreign": row["foreign"],
                                           "country": row["country"],
                                           "kind": TIE_KINDS[_local(row["class"])], "events": []})
        if row["number"] is not None and row["number"] not in link["events"]:
            link["events"].append(row["number"])
    for link in links.values():
        link["events"].sort()
    return sorted(links.values(), key=lambda l: (l["events"][:1] or [float("inf")], l["ru"] or "",
                                                 l["foreign"] or ""))


def report_json(store: Store, stem: str) -> Row:
    """The report ``stem`` as SCHEMA.md JSON, read from its named graph; LookupError if absent."""
    return {**_head(store, stem), "events": _events(store, stem), "links": _links(store, stem)}
