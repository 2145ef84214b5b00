"""Keeping ``graph/summary`` in step with one report's change, without recounting the store.

``graph.summary.refresh`` recounts every summary from the whole default graph: about 20 s at 6M
triples, however small the change. A report added, replaced or removed changes only the triples
of the merge (the default graph) that it alone stated, and a summary triple depends on few of them:
an organization's counts on its own events, a pair's on the events of its two institutions, a
name key on one label. So ``Change`` holds the triples the merge gained and lost, and ``apply``
finds the summary keys those triples can touch (the *dirty* organizations, places, events and
institution pairs), counts each again by index look-ups from that key (its cost follows its
degree, not the store), and writes the difference in one update. The counts are the same as the
SPARQL of ``graph.summary`` gives (a test checks the two after add, replace and remove sequences).

A change to the ontology (the class hierarchy every count reads through) asks for a full recount.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store, Triple

from ties.graph.iris import SUMMARY_GRAPH, pair_iri, vocab
from ties.graph.summary import (GENERATED, INTEGER, Pair, name_key, pair_triples, stamp_quad)
from ties.graph.writer import RDF_TYPE

Key = tuple  # (subject, predicate, object) terms

_DEFAULT = DefaultGraph()
_RU = NamedNode("https://w3id.org/ties/resource/country/RU")
_RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_SKOS_ALT = NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
_XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
_XSD_DATETIME = NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")

#: Past this many changed triples a recount (bulk hash joins) is cheaper than key-by-key look-ups.
RECOUNT_ABOVE = 200_000


@dataclass
class Change:
    """Triples the merge gained or lost since the summary was last written, and whether the
    ontology changed (then only a recount will do)."""

    triples: set[Key] = field(default_factory=set)
    ontology: bool = False
    graphs: set = field(default_factory=set)  # the named graphs replaced or removed

    def __bool__(self) -> bool:
        return bool(self.triples) or self.ontology or bool(self.graphs)

    def too_big(self) -> bool:
        return self.ontology or len(self.triples) > RECOUNT_ABOVE


class _Graph:
    """Index look-ups on the merge (the default graph)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._russian: dict = {}
        self._foreign: dict = {}
        self._org: dict = {}
        self.place_classes = {r["c"] for r in store.query(
            "SELECT DISTINCT ?c WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
            "<https://w3id.org/ties/ontology#Place> }")}

    def objects(self, s, p) -> list:
        return [q.object for q in self.store.quads_for_pattern(s, p, None, _DEFAULT)]

    def subjects(self, p, o) -> list:
        return [q.subject for q in self.store.quads_for_pattern(None, p, o, _DEFAULT)]

    def has(self, s, p, o) -> bool:
        return next(iter(self.store.quads_for_pattern(s, p, o, _DEFAULT)), None) is not None

    def is_org(self, node) -> bool:
        if node not in self._org:
            self._org[node] = self.has(node, RDF_TYPE, vocab("Organization"))
        return self._org[node]

    def russian(self, org) -> bool:
        if org not in self._russian:
            self._russian[org] = self.is_org(org) and self.has(org, vocab("country"), _RU)
        return self._russian[org]

    def foreign(self, org) -> bool:
        if org not in self._foreign:
            self._foreign[org] = self.is_org(org) and any(c != _RU for c in self.objects(org, vocab("country")))
        return self._foreign[org]

    def parties_of_event(self, event) -> set:
        """Who an event involves as an organization might: participants, actors, its agreements' parties."""
        found = set(self.objects(event, vocab("participant"))) | set(self.objects(event, vocab("actor")))
        for agreement in self.objects(event, vocab("agreement")):
            found.update(self.objects(agreement, vocab("party")))
        return found

    def places_of_event(self, event) -> set:
        return {o for p in ("venue", "involvesPlace", "actor") for o in self.objects(event, vocab(p))}


# -- which keys a change touches --------------------------------------------------------------

@dataclass
class _Dirty:
    names: set = field(default_factory=set)    # nodes whose name keys may change
    counts: set = field(default_factory=set)   # organizations and places whose counts may change
    acting: set = field(default_factory=set)   # events whose acting municipalities may change
    years: set = field(default_factory=set)    # events whose year may change
    pair_orgs: set = field(default_factory=set)  # institutions whose pairs may change


def _dirty(g: _Graph, triples: Iterable[Key]) -> _Dirty:
    """The summary keys each changed triple can reach (see the summaries' SPARQL in ``graph.summary``)."""
    d = _Dirty()
    v = vocab
    names = {_RDFS_LABEL, _SKOS_ALT, v("title")}
    for s, p, o in triples:
        if p in names:
            d.names.add(s)
            if p != v("title"):  # an institution's name is shown with its pairs, a town's is their place key
                d.pair_orgs.add(s)
                d.pair_orgs.update(g.subjects(v("basedIn"), s))
        elif p == v("isoCode"):  # a country's code is shown with its institutions' pairs
            d.pair_orgs.update(g.subjects(v("country"), s))
        elif p == RDF_TYPE:
            d.counts.add(s)
            d.pair_orgs.add(s)
            d.counts.update(g.places_of_event(s))  # an event's type decides whether its places count it
            d.acting.update(_acting_through(g, s))  # a municipality's kind
        elif p == v("country"):
            d.pair_orgs.add(s)
            d.acting.update(_acting_through(g, s))
        elif p in (v("participant"), v("actor"), v("party")):
            d.counts.add(o)
            d.pair_orgs.add(o)
            if p == v("actor"):
                d.acting.add(s)
        elif p == v("agreement"):
            parties = set(g.objects(o, v("party")))
            d.counts.update(parties)
            d.pair_orgs.update(parties)
        elif p in (v("venue"), v("involvesPlace"), v("russianPlace"), v("foreignPlace")):
            d.counts.add(o)
        elif p in (v("reportedIn"), v("startDate")):
            d.counts.update(g.parties_of_event(s) | g.places_of_event(s))
            d.pair_orgs.update(g.parties_of_event(s))
            d.years.add(s)
        elif p in (v("rowNumber"), v("sourceLine")):
            d.pair_orgs.update(g.parties_of_event(s))
        elif p == v("periodStart"):
            d.years.update(g.subjects(v("reportedIn"), s))
        elif p == v("document"):
            for event in g.subjects(v("reportedIn"), s):
                d.pair_orgs.update(g.parties_of_event(event))
        elif p == v("basedIn"):
            d.pair_orgs.add(s)
            d.acting.update(g.subjects(v("actor"), s))
    return d


def _acting_through(g: _Graph, m) -> set:
    """Events ``m`` acted in, itself or through an institution based there."""
    events = set(g.subjects(vocab("actor"), m))
    for org in g.subjects(vocab("basedIn"), m):
        events.update(g.subjects(vocab("actor"), org))
    return events


# -- each key counted again -------------------------------------------------------------------

def _name_triples(g: _Graph, node) -> Iterator[Triple]:
    for p in (_RDFS_LABEL, _SKOS_ALT, vocab("title")):
        for name in g.objects(node, p):
            if isinstance(name, Literal):
                yield Triple(node, vocab("nameKey"), Literal(name_key(name.value)))


def _count(n: int) -> Literal:
    return Literal(str(n), datatype=INTEGER)


def _count_triples(g: _Graph, node) -> Iterator[Triple]:
    """ORGANIZATIONS and PLACES of ``graph.summary`` for one node."""
    v = vocab
    if g.is_org(node):
        events = set(g.subjects(v("participant"), node)) | set(g.subjects(v("actor"), node))
        for agreement in g.subjects(v("party"), node):
            events.update(g.subjects(v("agreement"), agreement))
        reports: set = set()
        starts: list[Literal] = []
        counted = 0
        for event in events:
            theirs = g.objects(event, v("reportedIn"))
            if theirs:  # an event counts only with its report (an inner join there)
                counted += 1
                reports.update(theirs)
                starts += g.objects(event, v("startDate"))
        if counted:
            yield Triple(node, v("eventCount"), _count(counted))
            yield Triple(node, v("reportCount"), _count(len(reports)))
            if starts:
                yield Triple(node, v("firstEventDate"), min(starts, key=lambda d: d.value))
    if any(c in g.place_classes for c in g.objects(node, RDF_TYPE)):
        events = {e for p in ("venue", "involvesPlace", "actor") for e in g.subjects(v(p), node)}
        held = sum(1 for e in events if g.has(e, RDF_TYPE, v("Event")))
        tied = {t for p in ("russianPlace", "foreignPlace") for t in g.subjects(v(p), node)}
        yield Triple(node, v("eventCount"), _count(held))
        yield Triple(node, v("tieCount"), _count(len(tied)))


_HELD_AT = ("venue", "involvesPlace", "actor")
_TIE_ENDS = ("russianPlace", "foreignPlace")


def _place_differences(g: _Graph, store: Store, changed: set[Key], nodes: set) -> dict:
    """New counts of the places among ``nodes`` that can be had by difference: the count written
    before, plus the events and ties this change brings to the place, minus those it takes away —
    not a recount of every event a capital is named in (8,530 look-ups for Минск). A triple's state
    before the change is its state now, flipped if the change holds it (it was gained or lost).
    Places whose own type changed, that are also organizations, or that have no counts written yet
    are left to a recount."""
    v = vocab
    typed = {s for s, p, o in changed if p == RDF_TYPE}
    held_at = {v(p) for p in _HELD_AT}
    tie_ends = {v(p) for p in _TIE_ENDS}
    candidates: dict = {}  # place → (events to look at, ties to look at)
    for s, p, o in changed:
        if p in held_at:
            candidates.setdefault(o, (set(), set()))[0].add(s)
        elif p in tie_ends:
            candidates.setdefault(o, (set(), set()))[1].add(s)
    for s, p, o in changed:  # an event that became one (or stopped being one) counts for its places
        if p == RDF_TYPE and o == v("Event"):
            for q in (*[(s, pp, x) for pp in held_at for x in g.objects(s, pp)],
                      *[t for t in changed if t[0] == s and t[1] in held_at]):
                candidates.setdefault(q[2], (set(), set()))[0].add(s)

    def now(t: Key) -> bool:
        return g.has(*t)

    def before(t: Key) -> bool:
        return now(t) != (t in changed)

    out: dict = {}
    for place, (events, ties) in candidates.items():
        if place not in nodes or place in typed or g.is_org(place) or \
                not any(c in g.place_classes for c in g.objects(place, RDF_TYPE)):
            continue
        written = {q.predicate: q.object for q in store.quads_for_pattern(place, None, None, SUMMARY_GRAPH)
                   if q.predicate in (v("eventCount"), v("tieCount"))}
        if len(written) < 2:
            continue
        events_n = int(written[v("eventCount")].value)
        for e in events:
            for state in (now, before):
                held = any(state((e, p, place)) for p in held_at) and state((e, RDF_TYPE, v("Event")))
                events_n += held if state is now else -held
        ties_n = int(written[v("tieCount")].value)
        for t in ties:
            ties_n += any(now((t, p, place)) for p in tie_ends) - any(before((t, p, place)) for p in tie_ends)
        out[place] = [Triple(place, v("eventCount"), _count(events_n)), Triple(place, v("tieCount"), _count(ties_n))]
    return out


_MUNICIPAL = ("Settlement", "District", "Region", "Municipality")


def _acting_triples(g: _Graph, event) -> Iterator[Triple]:
    for actor in set(g.objects(event, vocab("actor"))):
        for m in {actor, *g.objects(actor, vocab("basedIn"))}:
            if g.has(m, vocab("country"), _RU) and any(g.has(m, RDF_TYPE, vocab(k)) for k in _MUNICIPAL):
                yield Triple(event, vocab("actingMunicipality"), m)


def _report_triples(store: Store, graph, report) -> Iterator[Triple]:
    """REPORTS of ``graph.summary`` for one report, counted in its own graph."""
    v = vocab

    def inside(s, p, o=None) -> list:
        return list(store.quads_for_pattern(s, p, o, graph))
    events = {q.subject for q in inside(None, RDF_TYPE, v("Event"))}
    if events:
        countries = {q.object for e in events for q in inside(e, v("involvesCountry"))}
        agreements = {q.object for e in events for q in inside(e, v("agreement"))}
        yield Triple(report, v("reportEventCount"), _count(len(events)))
        yield Triple(report, v("reportCountryCount"), _count(len(countries)))
        yield Triple(report, v("reportAgreementCount"), _count(len(agreements)))
    yield Triple(report, v("reportTieCount"), _count(len({q.subject for q in inside(None, v("russianPlace"))})))


def _year(date: Literal) -> int | None:
    """SPARQL's YEAR of a date: None for anything else (an error there leaves the year unbound)."""
    if date.datatype not in (_XSD_DATE, _XSD_DATETIME):
        return None
    text = date.value
    digits = text[1:] if text.startswith("-") else text
    head = digits.split("-", 1)[0]
    return (-1 if text.startswith("-") else 1) * int(head) if head.isdigit() else None


def _year_triples(g: _Graph, event) -> Iterator[Triple]:
    reports = g.objects(event, vocab("reportedIn"))
    if not reports:
        return
    dates = g.objects(event, vocab("startDate")) or [d for r in reports for d in g.objects(r, vocab("periodStart"))]
    for year in {_year(d) for d in dates} - {None}:
        yield Triple(event, vocab("eventYear"), _count(year))


def _pairs_of(g: _Graph, orgs: set) -> dict[tuple, Pair]:
    """Every pair of institutions one of ``orgs`` is in, counted whole (PAIR_ROWS of ``graph.summary``,
    from these institutions' events and agreements instead of the whole store)."""
    v = vocab
    rows: set[tuple] = set()  # (russian, foreign, event, agreement or None)
    for org in orgs:
        for event in g.subjects(v("participant"), org):
            people = g.objects(event, v("participant"))
            rows.update((ro, fo, event, None) for ro in people if g.russian(ro) for fo in people
                        if g.foreign(fo) and org in (ro, fo))
        for agreement in g.subjects(v("party"), org):
            parties = g.objects(agreement, v("party"))
            found = [(ro, fo) for ro in parties if g.russian(ro) for fo in parties if g.foreign(fo) and org in (ro, fo)]
            if found:
                for event in g.subjects(v("agreement"), agreement):
                    rows.update((ro, fo, event, agreement) for ro, fo in found)
    pairs: dict[tuple, Pair] = {}
    for ro, fo, event, agreement in rows:
        documents = [d for r in g.objects(event, v("reportedIn")) for d in g.objects(r, v("document"))]
        if not documents:
            continue
        pair = pairs.setdefault((ro, fo), Pair())
        pair.events.add(event)
        if agreement is not None:
            pair.agreements.add(agreement)
        for start in g.objects(event, v("startDate")):
            if pair.first is None or start.value < pair.first.value:
                pair.first = start
        where = [("row", int(n.value)) for n in g.objects(event, v("rowNumber"))] or \
                [("line", int(n.value)) for n in g.objects(event, v("sourceLine"))] or [("", 0)]
        pair.evidence.update((doc.value, *w) for doc in documents for w in where)
    return pairs


def _shown(g: _Graph, org) -> tuple:
    """ORG_SHOWN of ``graph.summary`` for one institution: (name, town's name, country code), None if none."""
    names = [n.value for n in g.objects(org, _RDFS_LABEL) if isinstance(n, Literal)]
    if not names or not g.is_org(org):
        return None, None, None
    towns = [n.value for t in g.objects(org, vocab("basedIn")) for n in g.objects(t, _RDFS_LABEL) if isinstance(n, Literal)]
    codes = [c for country in g.objects(org, vocab("country")) for c in g.objects(country, vocab("isoCode"))]
    return (Literal(min(names)), Literal(min(towns)) if towns else None,
            min(codes, key=lambda c: c.value) if codes else None)


def _town_keys(g: _Graph, org) -> set[Literal]:
    return {Literal(name_key(name.value)) for town in g.objects(org, vocab("basedIn"))
            for p in (_RDFS_LABEL, _SKOS_ALT) for name in g.objects(town, p) if isinstance(name, Literal)}


# -- writing the difference -------------------------------------------------------------------

def _held(store: Store, subjects: Iterable, predicates: tuple) -> set[Triple]:
    return {Triple(q.subject, q.predicate, q.object) for s in subjects for p in predicates
            for q in store.quads_for_pattern(s, p, None, SUMMARY_GRAPH)}


def apply(store: Store, change: Change) -> tuple[int, int]:
    """Bring ``graph/summary`` up to date with ``change`` (made to the merge since it was written):
    (summary triples removed, added). The caller recounts instead when ``change.too_big()``."""
    g = _Graph(store)
    d = _dirty(g, change.triples)
    v = vocab
    old: set[Triple] = set()
    new: set[Triple] = set()
    old |= _held(store, d.names, (v("nameKey"),))
    new.update(t for n in d.names for t in _name_triples(g, n))
    count_predicates = (v("eventCount"), v("reportCount"), v("firstEventDate"), v("tieCount"))
    by_difference = _place_differences(g, store, change.triples, d.counts)
    old |= _held(store, d.counts, count_predicates)
    new.update(t for n in d.counts - by_difference.keys() for t in _count_triples(g, n))
    new.update(t for triples in by_difference.values() for t in triples)
    old |= _held(store, d.acting, (v("actingMunicipality"),))
    new.update(t for e in d.acting for t in _acting_triples(g, e))
    old |= _held(store, d.years, (v("eventYear"),))
    new.update(t for e in d.years for t in _year_triples(g, e))
    # pairs: every pair a dirty institution is in, before (as written) and now (counted again)
    nodes = {q.subject for o in d.pair_orgs for p in (v("russianInstitution"), v("foreignInstitution"))
             for q in store.quads_for_pattern(None, p, o, SUMMARY_GRAPH)}
    old.update(Triple(q.subject, q.predicate, q.object) for n in nodes
               for q in store.quads_for_pattern(n, None, None, SUMMARY_GRAPH))
    pairs = _pairs_of(g, d.pair_orgs)
    orgs = {org for pair in pairs for org in pair}
    new.update(pair_triples(pairs, {org: _town_keys(g, org) for org in orgs}, {org: _shown(g, org) for org in orgs}))
    # reports: those whose graph changed, and those whose graph went
    reports = {(graph, q.subject) for graph in change.graphs
               for q in store.quads_for_pattern(None, RDF_TYPE, v("Report"), graph)}
    gone_reports = {s for s, p, o in change.triples if p == RDF_TYPE and o == v("Report")}
    old |= _held(store, {r for _, r in reports} | gone_reports,
                 (v("reportEventCount"), v("reportCountryCount"), v("reportAgreementCount"), v("reportTieCount")))
    new.update(t for graph, r in reports for t in _report_triples(store, graph, r))
    gone, added = old - new, new - old
    stamp = list(store.quads_for_pattern(SUMMARY_GRAPH, GENERATED, None, SUMMARY_GRAPH))
    lines = [f"{t.subject} {t.predicate} {t.object} ." for t in gone] + [f"{q.subject} {q.predicate} {q.object} ." for q in stamp]
    update = ""
    if lines:
        update += f"DELETE DATA {{ GRAPH {SUMMARY_GRAPH} {{\n" + "\n".join(lines) + "\n} } ;\n"
    fresh = stamp_quad()
    update += (f"INSERT DATA {{ GRAPH {SUMMARY_GRAPH} {{\n"
               + "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in [*added, fresh]) + "\n} }")
    store.update(update)  # one transaction: the summary as it was, or as it is now
    return len(gone), len(added)


def lacking(store: Store, triples: Iterable[Key]) -> set[Key]:
    """Those of ``triples`` the merge does not hold: asked before a graph is replaced about the
    triples it gains (what the merge gains), after it about those it lost (what the merge lost);
    a triple another report also states changes nothing."""
    return {(s, p, o) for s, p, o in triples if next(iter(store.quads_for_pattern(s, p, o, _DEFAULT)), None) is None}


def graph_triples(store: Store, graph: NamedNode) -> set[Key]:
    return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)}


class Keeper:
    """What a build does about the summary: when the store has one, it keeps it current report by
    report (so every snapshot ``ties serve`` reads has a summary that matches its reports); when it
    has none, or the build changes too much or the ontology, it recounts once at the end."""

    def __init__(self, store: Store) -> None:
        from ties.graph.summary import has_summary
        self.store = store
        self.had = has_summary(store)
        self.change: Change | None = Change() if self.had else None

    def stored(self) -> None:
        """After each report written: apply its change, or give up to a recount at the end."""
        if self.change is None or not self.change:
            return
        if self.change.too_big():
            self.change = None  # the stamp went with the first write: a half-made summary is never trusted
            return
        try:
            apply(self.store, self.change)
        except (OSError, SyntaxError, ValueError):  # a full disk, say: the summary has no stamp, so
            self.change = None                      # nobody trusts it, and the end of the build recounts it
            return
        self.change = Change()

    def needed(self, stored: bool) -> bool:
        """Whether the end of the build must see to the summary: reports stored, or a stamp taken away."""
        from ties.graph.summary import has_summary
        return stored or (self.had and not has_summary(self.store))

    def finish(self) -> tuple[str, int]:
        """At the end of the build: ("recounted", summary triples) or ("kept", 0)."""
        from ties.graph.summary import refresh
        if self.change is None:
            return "recounted", refresh(self.store)
        self.stored()
        return ("kept", 0) if self.change is not None else ("recounted", refresh(self.store))
