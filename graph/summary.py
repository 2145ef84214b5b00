"""Store-wide counts kept in the store, so named queries look them up instead of recounting.

Some named queries ask for counts over the whole store (events per institution, per
place, per pair of institutions). Recounting them on every call costs time in proportion
to the store (about 120 ms at 1M triples, seconds at 10M), however few rows are wanted.
``refresh`` counts once, after each build and each ``ties reason``, with the SPARQL
below (the pairs of institutions aggregated in Python, which also sorts their evidence),
and writes the counts into their own named graph, ``graph/summary``, which queries read
with ``GRAPH graph:summary { … }``.

The summary is derived data: it says nothing that the report graphs do not, is never
validated or reasoned over (``graph.reason`` reads report graphs only), and is computed
from the default graph, so it is exactly as current as the last build. It is kept out of
the default graph's merge, and written by difference: only the triples that changed since
the last build are removed and added, since rewriting a graph costs tens of microseconds
a triple (over a minute for the 1.5M summary triples of a 6M-triple store) while a build
changes few counts. A first summary is bulk-loaded. The graph's ``prov:generatedAtTime``
is removed before the writes and added after them, so a summary a crash left half
written has none: ``has_summary`` then says no, and the next opening recounts it whole.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import chain, islice

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, Triple

from ties.graph.iris import SUMMARY_GRAPH, pair_iri, vocab
from ties.graph.writer import RDF_TYPE, XSD

INTEGER = NamedNode(XSD + "integer")
#: What this code's summary holds (a newer code that adds to it changes the number): a summary
#: written by an older code is not whole for this one, and is recounted when the store is opened.
KIND = NamedNode("https://w3id.org/ties/resource/summary/3")
_CONFORMS = NamedNode("http://purl.org/dc/terms/conformsTo")
#: Quads given to the bulk loader at a time (it sorts each batch in memory, index by index).
BULK_CHUNK = 200_000
#: Written last, removed first: a summary graph without it was left half written.
GENERATED = NamedNode("http://www.w3.org/ns/prov#generatedAtTime")

_PREFIXES = """PREFIX ties: <https://w3id.org/ties/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

#: Every name of every node (label, other name, event title) in the form the named queries compare
#: a researcher's words in: lower case, ё as е. A query then finds a node by name with one index
#: look-up, instead of reading every name in the store back from disk to fold and compare it.
NAME_KEYS = _PREFIXES + """
CONSTRUCT { ?node ties:nameKey ?key }
WHERE {
  ?node rdfs:label|skos:altLabel|ties:title ?name .
  BIND(REPLACE(LCASE(STR(?name)), "ё", "е") AS ?key)
}"""

#: Per organization: the events it takes part in (participant, actor, party to an event's
#: agreement), the reports they come from, and the first start date.
ORGANIZATIONS = _PREFIXES + """
CONSTRUCT { ?org ties:eventCount ?events ; ties:reportCount ?reports ; ties:firstEventDate ?first }
WHERE {
  { SELECT ?org (COUNT(DISTINCT ?event) AS ?events) (COUNT(DISTINCT ?r) AS ?reports)
           (MIN(COALESCE(?start, "9999-12-31"^^xsd:date)) AS ?from)
    WHERE {
      { SELECT ?event ?org WHERE { ?event ties:participant|ties:actor|ties:agreement/ties:party ?org } }
      { SELECT ?org WHERE { ?org a ties:Organization } }
      { SELECT ?event ?r WHERE { ?event ties:reportedIn ?r } }
      OPTIONAL { SELECT ?event ?start WHERE { ?event ties:startDate ?start } }
    }
    GROUP BY ?org }
  BIND(IF(?from < "9999-12-31"^^xsd:date, ?from, ?none) AS ?first)
}"""

#: Per place: the events held there, involving it or carried out by it, and the ties it is
#: an end of.
PLACES = _PREFIXES + """
CONSTRUCT { ?place ties:eventCount ?events ; ties:tieCount ?ties }
WHERE {
  { SELECT DISTINCT ?place WHERE { ?place a ?class . ?class rdfs:subClassOf* ties:Place } }
  OPTIONAL { SELECT ?place (COUNT(DISTINCT ?e) AS ?eventCount) WHERE {
      { SELECT ?e WHERE { ?e a ties:Event } }
      { SELECT ?e ?place WHERE { ?e ties:venue|ties:involvesPlace|ties:actor ?place } } } GROUP BY ?place }
  OPTIONAL { SELECT ?place (COUNT(DISTINCT ?t) AS ?tieCount) WHERE {
      ?t ties:russianPlace|ties:foreignPlace ?place } GROUP BY ?place }
  BIND(COALESCE(?eventCount, 0) AS ?events)
  BIND(COALESCE(?tieCount, 0) AS ?ties)
}"""

#: Per event: the Russian municipalities (towns, districts, regions) that carried it out, themselves
#: or through an institution based there.
ACTING_MUNICIPALITIES = _PREFIXES + """
CONSTRUCT { ?event ties:actingMunicipality ?m }
WHERE {
  { SELECT DISTINCT ?m WHERE {
      VALUES ?kind { ties:Settlement ties:District ties:Region ties:Municipality }
      ?m a ?kind ; ties:country <https://w3id.org/ties/resource/country/RU> } }
  ?actor ties:basedIn? ?m .
  ?event ties:actor ?actor .
}"""

#: Per report: its events, the countries and agreements of those, and its ties, each counted in the
#: report's own graph (events, countries and agreements only when it states an event at all).
REPORTS = _PREFIXES + """
CONSTRUCT { ?report ties:reportEventCount ?events ; ties:reportCountryCount ?countries ;
                    ties:reportAgreementCount ?agreements ; ties:reportTieCount ?ties }
WHERE {
  { SELECT ?g ?report WHERE { GRAPH ?g { ?report a ties:Report } } }
  OPTIONAL { SELECT ?g (COUNT(DISTINCT ?e) AS ?events) (COUNT(DISTINCT ?c) AS ?countries)
                       (COUNT(DISTINCT ?a) AS ?agreements)
             WHERE { { SELECT ?g ?e WHERE { GRAPH ?g { ?e a ties:Event } } }
                     OPTIONAL { SELECT ?g ?e ?c WHERE { GRAPH ?g { ?e ties:involvesCountry ?c } } }
                     OPTIONAL { SELECT ?g ?e ?a WHERE { GRAPH ?g { ?e ties:agreement ?a } } } }
             GROUP BY ?g }
  OPTIONAL { SELECT ?g (COUNT(DISTINCT ?t) AS ?tieCount) WHERE { GRAPH ?g { ?t ties:russianPlace ?rp } } GROUP BY ?g }
  BIND(COALESCE(?tieCount, 0) AS ?ties)
}"""

#: Per event: its year, of its start date, else of its report's period start (none if neither).
EVENT_YEARS = _PREFIXES + """
CONSTRUCT { ?event ties:eventYear ?year }
WHERE {
  { SELECT ?event ?r WHERE { ?event ties:reportedIn ?r } }
  OPTIONAL { SELECT ?event ?start WHERE { ?event ties:startDate ?start } }
  OPTIONAL { SELECT ?r ?from WHERE { ?r ties:periodStart ?from } }
  BIND(YEAR(COALESCE(?start, ?from)) AS ?year)
}"""

#: Each (Russian institution, foreign institution, event, agreement) once: both took part in the
#: event, or both are parties to an agreement the event made; with the event's start and where it
#: is reported.
PAIR_ROWS = _PREFIXES + """
SELECT ?ro ?fo ?event ?agreement ?start ?report ?row ?line
WHERE {
  { SELECT DISTINCT ?ro ?fo ?event ?agreement WHERE {
      { SELECT ?ro WHERE {
          ?ro ties:country <https://w3id.org/ties/resource/country/RU> .
          FILTER EXISTS { ?ro a ties:Organization } } }
      { { SELECT ?event ?ro WHERE { ?event ties:participant ?ro } }
        { SELECT ?event ?fo WHERE { ?event ties:participant ?fo } } }
      UNION
      { { SELECT ?agreement ?ro WHERE { ?agreement ties:party ?ro } }
        { SELECT ?agreement ?fo WHERE { ?agreement ties:party ?fo } }
        { SELECT ?event ?agreement WHERE { ?event ties:agreement ?agreement } } }
      { SELECT ?fo WHERE {
          ?fo ties:country ?foreignCountry .
          FILTER(?foreignCountry != <https://w3id.org/ties/resource/country/RU>)
          FILTER EXISTS { ?fo a ties:Organization } } } } }
  { SELECT ?event ?report WHERE { ?event ties:reportedIn/ties:document ?report } }
  OPTIONAL { SELECT ?event ?start WHERE { ?event ties:startDate ?start } }
  OPTIONAL { SELECT ?event ?row WHERE { ?event ties:rowNumber ?row } }
  OPTIONAL { SELECT ?event ?line WHERE { ?event ties:sourceLine ?line } }
}"""

#: The names of the towns institutions are based in, as keys, so a query finds the pairs of
#: institutions in a town by its name with one look-up.
ORG_TOWN_KEYS = _PREFIXES + """
SELECT DISTINCT ?org ?key WHERE {
  ?org ties:basedIn ?town . ?town rdfs:label|skos:altLabel ?name .
  BIND(REPLACE(LCASE(STR(?name)), "ё", "е") AS ?key)
}"""


def name_key(name: str) -> str:
    """A name as the queries compare it: ``REPLACE(LCASE(STR(?name)), "ё", "е")``."""
    return name.lower().replace("ё", "е")


#: Per institution: its name, its town's name and its country's code (each the first in code-point
#: order, as the query showing the pairs takes them), so that query reads the pairs alone.
ORG_SHOWN = _PREFIXES + """
SELECT ?org ?name ?town ?code WHERE {
  { SELECT ?org (MIN(STR(?l)) AS ?name) WHERE { ?org a ties:Organization ; rdfs:label ?l } GROUP BY ?org }
  OPTIONAL { SELECT ?org (MIN(STR(?tl)) AS ?town) WHERE { ?org ties:basedIn/rdfs:label ?tl } GROUP BY ?org }
  OPTIONAL { SELECT ?org (MIN(?c) AS ?code) WHERE { ?org ties:country/ties:isoCode ?c } GROUP BY ?org }
}"""


@dataclass
class Pair:
    events: set[NamedNode] = field(default_factory=set)
    agreements: set[NamedNode] = field(default_factory=set)
    first: Literal | None = None
    evidence: set[tuple[str, str, int]] = field(default_factory=set)  # (report, "row" or "line", number)


def _pairs(store: Store) -> Iterator[Triple]:
    """Each Russian institution and foreign institution that worked together (see ``pair_triples``)."""
    pairs: dict[tuple[NamedNode, NamedNode], Pair] = defaultdict(Pair)
    for row in store.query(PAIR_ROWS):
        pair = pairs[row["ro"], row["fo"]]
        pair.events.add(row["event"])
        if row["agreement"] is not None:
            pair.agreements.add(row["agreement"])
        start = row["start"]
        if start is not None and (pair.first is None or start.value < pair.first.value):
            pair.first = start
        where = ("row", int(row["row"].value)) if row["row"] is not None else \
            ("line", int(row["line"].value)) if row["line"] is not None else ("", 0)
        pair.evidence.add((row["report"].value, *where))
    keys: dict[NamedNode, set[Literal]] = defaultdict(set)
    for row in store.query(ORG_TOWN_KEYS):
        keys[row["org"]].add(row["key"])
    wanted = {org for pair in pairs for org in pair}
    shown = {row["org"]: (row["name"], row["town"], row["code"]) for row in store.query(ORG_SHOWN)
             if row["org"] in wanted}
    yield from pair_triples(pairs, keys, shown)


def pair_triples(pairs: dict[tuple[NamedNode, NamedNode], Pair], keys: dict, shown: dict) -> Iterator[Triple]:
    """Each pair as a ``ties:InstitutionPair`` with the shared events, how many, how many agreements,
    since when, where it is reported (sorted, as one line a reader can follow), the name keys of
    both institutions' towns (``keys``: institution → its towns' keys), and their names, towns and
    the foreign one's country code (``shown``: institution → (name, town, code), each None if none)."""
    none = (None, None, None)
    for (ro, fo), pair in pairs.items():
        node = pair_iri(ro, fo)
        (r_name, r_town, _), (f_name, f_town, f_code) = shown.get(ro, none), shown.get(fo, none)
        for name, value in (("russianName", r_name), ("russianTownName", r_town), ("foreignName", f_name),
                            ("foreignTownName", f_town), ("foreignCountryCode", f_code)):
            if value is not None:
                yield Triple(node, vocab(name), value)
        yield Triple(node, RDF_TYPE, vocab("InstitutionPair"))
        yield Triple(node, vocab("russianInstitution"), ro)
        yield Triple(node, vocab("foreignInstitution"), fo)
        yield Triple(node, vocab("eventCount"), Literal(str(len(pair.events)), datatype=INTEGER))
        yield Triple(node, vocab("agreementCount"), Literal(str(len(pair.agreements)), datatype=INTEGER))
        if pair.first is not None:
            yield Triple(node, vocab("firstEventDate"), pair.first)
        text = ", ".join(f"{report} {kind} {n}" if kind else report for report, kind, n in sorted(pair.evidence))
        yield Triple(node, vocab("evidenceText"), Literal(text))
        for event in pair.events:
            yield Triple(node, vocab("sharedEvent"), event)
        for key in keys.get(ro, set()) | keys.get(fo, set()):
            yield Triple(node, vocab("placeKey"), key)


SUMMARIES = (NAME_KEYS, ORGANIZATIONS, PLACES, ACTING_MUNICIPALITIES, EVENT_YEARS, REPORTS)


def recount(store: Store) -> Iterator[Triple]:
    """Every summary triple, counted from the whole default graph (what ``refresh`` writes)."""
    yield from chain.from_iterable(store.query(text) for text in SUMMARIES)
    yield from _pairs(store)


def _line(triple: Triple | Quad) -> str:
    return f"{triple.subject} {triple.predicate} {triple.object} ."


def refresh(store: Store) -> int:
    """Recount every summary from the default graph and make ``graph/summary`` hold it; its size.

    Streamed where it can be (a 6M-triple store has 1.5M summary triples): a first summary goes
    straight into the store; a later one is compared as N-Triples lines, not as term objects.
    """
    stamp = list(store.quads_for_pattern(SUMMARY_GRAPH, GENERATED, None, SUMMARY_GRAPH))
    if not has_summary(store):  # none yet, left half written, or of an older kind: start afresh, as fast as the store loads
        store.remove_graph(SUMMARY_GRAPH)
        quads = (Quad(t.subject, t.predicate, t.object, SUMMARY_GRAPH) for t in recount(store))
        while chunk := list(islice(quads, BULK_CHUNK)):
            store.bulk_extend(chunk)  # in pieces: the bulk loader holds and sorts all it is given at once
    else:
        for quad in stamp:
            store.remove(quad)
        new = {_line(t) for t in recount(store)}
        old = {_line(q) for q in store.quads_for_pattern(None, None, None, SUMMARY_GRAPH) if q.subject != SUMMARY_GRAPH}
        if gone := old - new:
            store.update(f"DELETE DATA {{ GRAPH {SUMMARY_GRAPH} {{\n" + "\n".join(gone) + "\n} }")
        if added := new - old:
            store.load("\n".join(added), format=RdfFormat.N_TRIPLES, to_graph=SUMMARY_GRAPH)
        del new, old, gone, added
    store.add(Quad(SUMMARY_GRAPH, _CONFORMS, KIND, SUMMARY_GRAPH))
    store.add(Quad(*stamp_quad(), SUMMARY_GRAPH))
    answer = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {SUMMARY_GRAPH} {{ ?s ?p ?o }} }}")
    return int(next(iter(answer))["n"].value) - 2


def stamp_quad() -> Triple:
    """The summary graph's ``prov:generatedAtTime`` now: written last, it says the summary is whole."""
    return Triple(SUMMARY_GRAPH, GENERATED, Literal(datetime.now(timezone.utc).isoformat(),
                                                    datatype=NamedNode(XSD + "dateTime")))


def has_summary(store: Store) -> bool:
    """Whether the store holds a whole summary graph of this code's kind: one written to its end (see the
    module docstring) by a code that summarises as this one does (``KIND``)."""
    return any(store.quads_for_pattern(SUMMARY_GRAPH, GENERATED, None, SUMMARY_GRAPH)) and \
        any(store.quads_for_pattern(SUMMARY_GRAPH, _CONFORMS, KIND, SUMMARY_GRAPH))
