"""SHACL validation of one report's graph against ``ontology/shapes.ttl``, in plain words.

``ties build`` calls :func:`validate_quads` on each report before storing it.
Only that report's triples are validated, with the ontology's class hierarchy
and individuals passed to pyshacl as ``ont_graph`` (mixed into the data, no
inference), so ``sh:class ties:Place`` accepts a ``ties:Settlement`` and the
spheres and agreement kinds keep their types. Validating the whole store
instead would grow with every report; this way the cost stays per report:
about 20–150 ms for the sample reports (370–2,160 quads), a third of it
converting the quads to rdflib.

pyshacl reports property-shape results with a blank-node source shape; the
node shape that owns it is named instead, so every violation reads
``shape EventShape: node event/<report>/6: an event needs … (ties:title)``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyshacl
from pyoxigraph import BlankNode as OxBlankNode
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode as OxNamedNode
from pyoxigraph import Quad
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ontology import NAMESPACE, ONTOLOGY_PATH, RESOURCE, SHAPES_PATH

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = "https://w3id.org/ties/shapes#"


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: which shape, which node, what is wrong."""

    shape: str
    node: str
    message: str

    def __str__(self) -> str:
        return f"shape {self.shape}: node {self.node}: {self.message}"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The part of the ontology SHACL reads: the class hierarchy and the types of its individuals.

    ``sh:class`` follows ``rdf:type/rdfs:subClassOf*`` in the data graph, so
    these are all the shapes need from the ontology; mixing in the rest
    (labels, comments, property axioms) only doubles the time per report.
    """
    full = Graph().parse(ONTOLOGY_PATH, format="turtle")
    slim = Graph()
    for triple in full.triples((None, RDFS.subClassOf, None)):
        if all(isinstance(node, URIRef) for node in triple):
            slim.add(triple)
    for individual in full.subjects(RDF.type, OWL.NamedIndividual):
        for cls in full.objects(individual, RDF.type):
            slim.add((individual, RDF.type, cls))
    return slim


def _rdflib(term: object) -> Node:
    if isinstance(term, OxNamedNode):
        return URIRef(term.value)
    if isinstance(term, OxBlankNode):
        return BNode(term.value)
    if isinstance(term, OxLiteral):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


def quads_graph(quads: Iterable[Quad]) -> Graph:
    """The triples of some quads as an rdflib graph (the graph names are dropped)."""
    graph = Graph()
    terms: dict[object, Node] = {}  # a report repeats its terms; converting each once halves the time

    def term(value: object) -> Node:
        if value not in terms:
            terms[value] = _rdflib(value)
        return terms[value]

    for quad in quads:
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


def short(node: Node) -> str:
    """A node as a reader wants it: resource IRIs relative to the base, ontology terms as ``ties:x``."""
    text = str(node)
    if text.startswith(RESOURCE):
        return text[len(RESOURCE):]
    if text.startswith(NAMESPACE):
        return "ties:" + text[len(NAMESPACE):]
    if text.startswith(SHAPES):
        return text[len(SHAPES):]
    return text if isinstance(node, URIRef) else f"_:{text}"


def _owner(shapes: Graph, shape: Node) -> Node:
    """The named node shape a (blank) property shape belongs to, else the shape itself."""
    if isinstance(shape, BNode):
        for owner in shapes.subjects(SH.property, shape):
            return owner
    return shape


def validate_graph(data: Graph, inplace: bool = False) -> list[Violation]:
    """Violations of the shapes in one report's graph (empty if it conforms).

    With ``inplace`` the ontology is mixed into ``data`` itself, which saves
    copying it (a third of the time); only for a graph made to be thrown away.
    """
    shapes = shapes_graph()
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology_graph(),
                                            inference="none", inplace=inplace, allow_warnings=False)
    if conforms:
        return []
    found = set()
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        shape = _owner(shapes, results.value(result, SH.sourceShape))
        message = results.value(result, SH.resultMessage) or "violates the shape"
        focus, value = results.value(result, SH.focusNode), results.value(result, SH.value)
        if value is not None and value != focus and not isinstance(value, BNode):
            message = f"{message}; value {short(value) if isinstance(value, URIRef) else repr(str(value))}"
        found.add(Violation(short(shape), short(focus), str(message)))
    return sorted(found)


def validate_quads(quads: Iterable[Quad]) -> list[Violation]:
    """Violations of the shapes in the quads one report gives (see :func:`validate_graph`)."""
    return validate_graph(quads_graph(quads), inplace=True)
