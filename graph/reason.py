"""OWL reasoning over the store with HermiT (through owlready2), written back as plain triples.

Researchers query with plain SPARQL, so what the ontology implies is written
out once into the named graph ``resource/graph/inferred`` (replaced on every
run): ties both ways (``ties:tiedTo``, ``ties:sisterCityOf``…), places and
organizations ``ties:within`` every enclosing place up to the country, and
every superclass type (a ``ties:MusicOrArtSchool`` is also a ``ties:School``,
a ``ties:Organization``, an ``org:FormalOrganization``…).

How, in four steps:

1. **ABox.** Every triple of the report graphs whose object is an IRI.
   Literal triples are left out: HermiT knows no ``xsd:date`` or
   ``geo:wktLiteral`` (not in the OWL 2 datatype map), and SHACL already
   checks the literals. Countries are declared pairwise different, so a place
   with two countries is an inconsistency rather than a merger of countries.
2. **Rules** the ontology cannot state, as SPARQL CONSTRUCT (:data:`RULES`):
   a place lies in its country; organizations acting in one event or signing
   one agreement work with each other; an organization without a country
   takes its base's.
3. **HermiT** (``sync_reasoner_hermit(infer_property_values=True)``; Pellet
   fails on Java 17) checks consistency and realises the individuals. On an
   inconsistency, :func:`explain` says in plain words which individual is
   typed with which disjoint classes and why (asserted, or implied by the
   domain or range of a property it is used with).
4. **Closure.** HermiT's property values (``-Y``) list what transitivity,
   chains and symmetry give, but not what a sub-property implies (a
   ``ties:country`` is a ``ties:within`` it never prints), so the union is
   closed under the ontology's sub-property, symmetric and transitive axioms
   and every type under its superclasses (:func:`close`).

What is written is the closure minus what the reports already state.
"""
from __future__ import annotations

import io
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import owlready2
import pyoxigraph
from pyoxigraph import NamedNode, Quad, RdfFormat, Store
from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection

from ties.graph.iris import INFERRED_GRAPH, graph_iri
from ties.graph.store import replace_graph, report_stems
from ties.graph.summary import refresh
from ties.ontology import NAMESPACE, ONTOLOGY_PATH, RESOURCE
from ties.errors import TiesError

TYPE = str(RDF.type)
COUNTRY_PREFIX = RESOURCE + "country/"

Triple = tuple[str, str, str]

#: Rules outside OWL, run on the ABox (with the ontology beside it) before HermiT.
RULES: dict[str, str] = {
    "a place lies in its country": """
        CONSTRUCT { ?place ties:locatedIn ?country }
        WHERE { ?place a ?class ; ties:country ?country .
                ?class rdfs:subClassOf* ties:Place .
                FILTER (?place != ?country) }""",
    "organizations in one event or agreement work with each other": """
        CONSTRUCT { ?a ties:worksWith ?b }
        WHERE { { ?x ties:participant|ties:actor ?a , ?b } UNION { ?x ties:party ?a , ?b }
                ?a a ties:Organization . ?b a ties:Organization .
                FILTER (?a != ?b) }""",
    "an organization without a country takes its base's": """
        CONSTRUCT { ?org ties:country ?country }
        WHERE { ?org a ties:Organization ; ties:basedIn/ties:country ?country .
                FILTER NOT EXISTS { ?org ties:country ?any } }""",
}
PREFIXES = {"ties": NAMESPACE, "rdfs": str(RDFS)}


class ReasonerError(TiesError, RuntimeError):
    """HermiT could not run (no Java, a Java error); the message says so in one line."""


@dataclass
class Outcome:
    """What one run found and wrote."""

    consistent: bool
    clashes: list[str] = field(default_factory=list)
    unsatisfiable: list[str] = field(default_factory=list)
    individuals: int = 0
    assertions: int = 0
    rule_triples: int = 0
    hermit_seconds: float = 0.0
    seconds: float = 0.0
    inferred: list[Triple] = field(default_factory=list)

    @property
    def by_predicate(self) -> Counter:
        return Counter(short(p) for _, p, _ in self.inferred)


def short(iri: str) -> str:
    """An IRI as a reader wants it: ``ties:x``, ``place/ru/smolensk``, else prefixed or whole."""
    for base, prefix in ((NAMESPACE, "ties:"), (RESOURCE, ""), (str(RDF), "rdf:"), (str(RDFS), "rdfs:"),
                         (str(OWL), "owl:"), ("http://www.w3.org/ns/org#", "org:"),
                         ("https://schema.org/", "schema:"), ("http://www.w3.org/ns/prov#", "prov:"),
                         ("http://www.opengis.net/ont/geosparql#", "geo:"),
                         ("http://www.w3.org/2006/time#", "time:"),
                         ("http://www.w3.org/2004/02/skos/core#", "skos:")):
        if iri.startswith(base):
            return prefix + iri[len(base):]
    return iri


# -- the ontology as lookup tables ---------------------------------------------


@dataclass(frozen=True)
class TBox:
    """The axioms the closure and the explanations need, read once from the Turtle."""

    graph: Graph
    superclasses: dict[str, frozenset[str]]
    superproperties: dict[str, frozenset[str]]
    symmetric: frozenset[str]
    transitive: frozenset[str]
    functional: frozenset[str]
    domains: dict[str, frozenset[str]]
    ranges: dict[str, frozenset[str]]
    disjoint: frozenset[frozenset[str]]


def _ancestors(edges: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Reflexive-transitive closure of a parent relation."""
    memo: dict[str, frozenset[str]] = {}

    def up(node: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        if node not in memo:
            found = {node}
            for parent in edges.get(node, ()):
                if parent not in seen:
                    found |= up(parent, seen | {node})
            memo[node] = frozenset(found)
        return memo[node]

    for node in list(edges):
        up(node)
    return memo


def _named(graph: Graph, subject: URIRef | BNode, predicate: URIRef) -> set[str]:
    return {str(o) for o in graph.objects(subject, predicate) if isinstance(o, URIRef)}


@lru_cache(maxsize=1)
def tbox() -> TBox:
    graph = Graph().parse(ONTOLOGY_PATH, format="turtle")
    class_parents: dict[str, set[str]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            class_parents[str(sub)].add(str(sup))
    for cls in graph.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef):
            class_parents.setdefault(str(cls), set())
    prop_parents: dict[str, set[str]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
        prop_parents[str(sub)].add(str(sup))
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in graph.subjects(RDF.type, kind):
            prop_parents.setdefault(str(prop), set())
    disjoint: set[frozenset[str]] = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        disjoint.add(frozenset((str(a), str(b))))
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [str(m) for m in Collection(graph, graph.value(node, OWL.members))]
        disjoint |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:]}
    props = [p for p in prop_parents]
    return TBox(
        graph=graph,
        superclasses=_ancestors(class_parents),
        superproperties=_ancestors(prop_parents),
        symmetric=frozenset(str(p) for p in graph.subjects(RDF.type, OWL.SymmetricProperty)),
        transitive=frozenset(str(p) for p in graph.subjects(RDF.type, OWL.TransitiveProperty)),
        functional=frozenset(str(p) for p in graph.subjects(RDF.type, OWL.FunctionalProperty)),
        domains={p: frozenset(_named(graph, URIRef(p), RDFS.domain)) for p in props},
        ranges={p: frozenset(_named(graph, URIRef(p), RDFS.range)) for p in props},
        disjoint=frozenset(disjoint),
    )


# -- reading the store ----------------------------------------------------------


def report_graphs(store: Store) -> list[NamedNode]:
    """The named graphs of reports (not the store's own: ontology, inferred, summary)."""
    return sorted((graph_iri(stem) for stem in report_stems(store)), key=lambda g: g.value)


def abox(store: Store, graphs: Iterable[NamedNode] | None = None) -> set[Triple]:
    """Triples with an IRI object in the given report graphs (all of them by default)."""
    found: set[Triple] = set()
    for graph in report_graphs(store) if graphs is None else graphs:
        for quad in store.quads_for_pattern(None, None, None, graph):
            if isinstance(quad.object, NamedNode) and isinstance(quad.subject, NamedNode):
                found.add((quad.subject.value, quad.predicate.value, quad.object.value))
    return found


def _nt(triples: Iterable[Triple]) -> str:
    return "".join(f"<{s}> <{p}> <{o}> .\n" for s, p, o in triples)


def apply_rules(triples: set[Triple]) -> set[Triple]:
    """What :data:`RULES` add to the ABox (with the ontology beside it), minus what it holds."""
    scratch = Store()
    scratch.load(_nt(triples).encode(), format=RdfFormat.N_TRIPLES)
    scratch.load(path=str(ONTOLOGY_PATH), format=RdfFormat.TURTLE)
    added: set[Triple] = set()
    for query in RULES.values():
        for t in scratch.query(query, prefixes=PREFIXES):
            added.add((t.subject.value, t.predicate.value, t.object.value))
    return added - triples


# -- HermiT ---------------------------------------------------------------------


def _countries_different(triples: set[Triple]) -> str:
    """Unique names for countries: OWL assumes none, so say it for the ones the graph holds."""
    countries = sorted({x for t in triples for x in (t[0], t[2]) if x.startswith(COUNTRY_PREFIX)})
    if len(countries) < 2:
        return ""
    items = " ".join(f"<{c}>" for c in countries)
    graph = Graph().parse(data=f"[] a <{OWL.AllDifferent}> ; <{OWL.distinctMembers}> ( {items} ) .",
                          format="turtle")
    return graph.serialize(format="nt")


def run_hermit(triples: set[Triple]) -> tuple[bool, set[Triple], list[str]]:
    """HermiT on the ontology plus ``triples``: (consistent, entailed ABox triples, unsatisfiable classes)."""
    ontology_nt = tbox().graph.serialize(format="nt")
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="ties-reason-") as tmp:
        path = Path(tmp) / "input.nt"
        path.write_text(ontology_nt + _nt(triples) + _countries_different(triples), encoding="utf-8")
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load()
            inferred = world.get_ontology(RESOURCE + "graph/inferred#")
            with inferred:
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0,
                                               ignore_unsupported_datatypes=True)
            unsatisfiable = sorted(short(c.iri) for c in world.inconsistent_classes())
            inferred.save(buffer, format="ntriples")
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, set(), []
        except owlready2.OwlReadyJavaError as exc:
            first = next((line for line in str(exc).splitlines()[1:] if line.strip()), str(exc))
            raise ReasonerError(f"HermiT failed: {first.strip()}") from None
        except FileNotFoundError as exc:
            raise ReasonerError(f"HermiT needs Java, which was not found ({exc.filename})") from None
        finally:
            world.close()
    entailed = {(t.subject.value, t.predicate.value, t.object.value)
                for t in pyoxigraph.parse(buffer.getvalue(), format=RdfFormat.N_TRIPLES)
                if isinstance(t.subject, NamedNode) and isinstance(t.object, NamedNode)
                and t.subject.value.startswith(RESOURCE)
                and not t.object.value.startswith(str(OWL))}  # owl:NamedIndividual, the run's owl:Ontology
    return True, entailed, unsatisfiable


# -- closure --------------------------------------------------------------------


def close(triples: set[Triple]) -> set[Triple]:
    """``triples`` closed under sub-property, symmetry, transitivity and superclass types."""
    box = tbox()
    closed = set(triples)
    frontier = set(triples)
    while frontier:
        new: set[Triple] = set()
        for s, p, o in frontier:
            if p == TYPE:
                new |= {(s, TYPE, c) for c in box.superclasses.get(o, ()) if c != str(OWL.Thing)}
                continue
            for q in box.superproperties.get(p, (p,)):
                new.add((s, q, o))
                if q in box.symmetric:
                    new.add((o, q, s))
        by_property: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for s, p, o in closed | new:
            if p in box.transitive:
                by_property[p][s].add(o)
        for p, edges in by_property.items():
            for s in list(edges):
                reach, todo = set(), list(edges[s])
                while todo:
                    o = todo.pop()
                    if o not in reach:
                        reach.add(o)
                        todo.extend(edges.get(o, ()))
                new |= {(s, p, o) for o in reach if o != s}
        frontier = new - closed
        closed |= frontier
    return closed


# -- explanations -----------------------------------------------------------------


def explain(triples: set[Triple]) -> list[str]:
    """Plain-words reasons the ABox is inconsistent: disjoint types, or functional values known different."""
    box = tbox()
    reasons: dict[str, dict[str, str]] = defaultdict(dict)

    def give(node: str, cls: str, why: str) -> None:
        for ancestor in box.superclasses.get(cls, (cls,)):
            reasons[node].setdefault(ancestor, why if ancestor == cls else f"{why}, and every {short(cls)} "
                                     f"is a {short(ancestor)}")

    values: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s, p, o in sorted(triples):
        if p == TYPE:
            give(s, o, f"typed {short(o)}")
            continue
        for q in box.superproperties.get(p, (p,)):
            values[(s, q)].add(o)
            for cls in box.domains.get(q, ()):
                give(s, cls, f"subject of {short(p)}, whose domain is {short(cls)}")
            for cls in box.ranges.get(q, ()):
                give(o, cls, f"object of {short(p)} from {short(s)}, whose range is {short(cls)}")
    clashes = []
    for node in sorted(reasons):
        for pair in sorted(box.disjoint, key=sorted):
            a, b = sorted(pair)
            if a in reasons[node] and b in reasons[node]:
                clashes.append(f"{short(node)} is both {short(a)} ({reasons[node][a]}) and {short(b)} "
                               f"({reasons[node][b]}), which the ontology declares disjoint")
    for (s, p), objects in sorted(values.items()):
        countries = sorted(o for o in objects if o.startswith(COUNTRY_PREFIX))
        if p in box.functional and len(countries) > 1:
            clashes.append(f"{short(s)} has {len(countries)} values of {short(p)}, which allows one: "
                           f"{', '.join(short(c) for c in countries)}, which are different countries")
    return clashes


def _explain_by_report(store: Store) -> list[str]:
    """When no simple clash shows, name the reports that are inconsistent on their own."""
    bad = []
    for graph in report_graphs(store):
        triples = abox(store, [graph])
        if not run_hermit(triples | apply_rules(triples))[0]:
            bad.append(short(graph.value))
    if bad:
        return [(f"HermiT finds the graph inconsistent, and these report graphs are inconsistent on their own: "
                 f"{', '.join(bad)}; no disjointness or functional-property clash explains it")]
    return [("HermiT finds the graph inconsistent only when the reports are taken together; "
             "no disjointness or functional-property clash explains it")]


# -- the whole run -----------------------------------------------------------------


def reason(store: Store, write: bool = True) -> Outcome:
    """Check the store with HermiT and, if it is consistent and ``write``, replace the inferred graph.

    An inconsistent store leaves the inferred graph as it was: the outcome
    lists the clashes instead.
    """
    started = time.perf_counter()
    asserted = abox(store)
    added = apply_rules(asserted)
    base = asserted | added
    outcome = Outcome(consistent=True, assertions=len(asserted), rule_triples=len(added),
                      individuals=len({s for s, _, _ in asserted if s.startswith(RESOURCE)}))
    hermit_started = time.perf_counter()
    consistent, entailed, outcome.unsatisfiable = run_hermit(base)
    outcome.hermit_seconds = time.perf_counter() - hermit_started
    if not consistent:
        outcome.consistent = False
        outcome.clashes = explain(base) or _explain_by_report(store)
        outcome.seconds = time.perf_counter() - started
        return outcome
    closed = close(base | entailed)
    outcome.inferred = sorted(t for t in closed - asserted if t[0].startswith(RESOURCE))
    if write:
        replace_graph(store, INFERRED_GRAPH, (Quad(NamedNode(s), NamedNode(p), NamedNode(o), INFERRED_GRAPH)
                                              for s, p, o in outcome.inferred))
        refresh(store)  # the summary counts what the default graph holds, inferences included
    outcome.seconds = time.perf_counter() - started
    return outcome
