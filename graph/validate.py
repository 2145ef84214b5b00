"""SHACL validation of one report's graph against ``ontology/shapes.ttl``, in plain words.

``ties build`` calls :func:`validate_quads` on each report before storing it.
Only that report's triples are validated, with the ontology's class hierarchy
and individuals beside them (pyshacl's ``ont_graph``: mixed into the data, no
inference), so ``sh:class ties:Place`` accepts a ``ties:Settlement`` and the
spheres and agreement kinds keep their types. Validating the whole store
instead would grow with every report; this way the cost stays per report.

The shapes are compiled once into plain checks (:class:`_Engine`) that run on
the report's quads as they are: pyshacl took 20–150 ms per report (about
1.3 ms per event), a third of it converting the quads to rdflib, which was a
fifth of the whole ingest. The engine knows the SHACL Core components the
shapes use (targets by class, node, subject and object; ``sh:property`` with
predicate and sequence paths; ``sh:class``, ``sh:datatype``, ``sh:minLength``,
``sh:minCount``, ``sh:maxCount``, ``sh:lessThanOrEquals``, ``sh:disjoint``,
``sh:or``), with pyshacl's own rules for datatypes and comparisons. A shapes
file using anything else is validated by pyshacl, as before
(:func:`pyshacl_violations`); tests/test_validate.py checks that both give the
same violations.

pyshacl reports property-shape results with a blank-node source shape; the
node shape that owns it is named instead, so every violation reads
``shape EventShape: node event/<report>/6: an event needs … (ties:title)``.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

import pyshacl
from pyoxigraph import BlankNode as OxBlankNode
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode as OxNamedNode
from pyoxigraph import Quad
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ties.ontology import NAMESPACE, ONTOLOGY_PATH, RESOURCE, SHAPES_PATH

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
    term = lru_cache(maxsize=None)(_rdflib)  # a report repeats its terms; converting each once halves the time
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


def pyshacl_violations(data: Graph, inplace: bool = False) -> list[Violation]:
    """Violations found by pyshacl itself (the reference the engine is tested against).

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


def validate_graph(data: Graph, inplace: bool = False) -> list[Violation]:
    """Violations of the shapes in one report's graph (empty if it conforms); ``data`` is left alone."""
    engine = _engine()
    if engine is None:
        return pyshacl_violations(data, inplace)
    term = lru_cache(maxsize=None)(_oxigraph)
    return engine.check((term(s), term(p), term(o)) for s, p, o in data)


def validate_quads(quads: Iterable[Quad]) -> list[Violation]:
    """Violations of the shapes in the quads one report gives (see :func:`validate_graph`)."""
    engine = _engine()
    if engine is None:
        return pyshacl_violations(quads_graph(quads), inplace=True)
    return engine.check((q.subject, q.predicate, q.object) for q in quads)


# --------------------------------------------------------------------------- the engine

_RDF_TYPE = OxNamedNode(str(RDF.type))
_SUBCLASS_OF = OxNamedNode(str(RDFS.subClassOf))
_XSD_STRING = OxNamedNode("http://www.w3.org/2001/XMLSchema#string")
_RDFS_LITERAL = OxNamedNode(str(RDFS.Literal))
_RDFS_DATATYPE = OxNamedNode(str(RDFS.Datatype))
_RDF_LANG_STRING = OxNamedNode(str(RDF.langString))
#: Shape predicates the engine evaluates or may ignore; a shapes file with any other sh: term goes to pyshacl.
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
_ENGINE_TERMS = frozenset(_TARGETS + (
    "property", "path", "minCount", "maxCount", "datatype", "minLength", "class", "lessThanOrEquals",
    "disjoint", "or", "message", "name", "description", "order", "group"))


def _oxigraph(node: Node) -> object:
    if isinstance(node, URIRef):
        return OxNamedNode(str(node))
    if isinstance(node, BNode):
        return OxBlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return OxLiteral(str(node), language=node.language)
        return OxLiteral(str(node), datatype=OxNamedNode(str(node.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {node!r}")


def _short_term(term: object) -> str:
    """:func:`short` for a pyoxigraph term."""
    if isinstance(term, OxNamedNode):
        return short(URIRef(term.value))
    return f"_:{term.value}"  # type: ignore[attr-defined]  # as short() writes blank nodes and literals


class _Unsupported(Exception):
    """The shapes use a construct the engine does not evaluate."""


@dataclass(frozen=True)
class _Shape:
    """One node or property shape, its constraints as pyoxigraph terms."""

    owner: str                      # the shape violations are reported under
    message: str
    path: tuple[OxNamedNode, ...] | None = None  # None: a node shape (its value is the focus node)
    targets: tuple[tuple[str, object], ...] = ()
    classes: tuple[OxNamedNode, ...] = ()
    datatype: OxNamedNode | None = None
    min_length: int | None = None
    min_count: int | None = None
    max_count: int | None = None
    less_or_equal: tuple[OxNamedNode, ...] = ()
    disjoint: tuple[OxNamedNode, ...] = ()
    alternatives: tuple[tuple["_Shape", ...], ...] = ()  # each sh:or list
    properties: tuple["_Shape", ...] = ()


class _Index:
    """The triples of one check (the report's and the ontology's), by subject and predicate."""

    def __init__(self, triples: Iterable[tuple], wanted: frozenset) -> None:
        self.spo: dict[object, dict[object, dict[object, None]]] = {}
        for s, p, o in triples:
            if p in wanted:
                self.spo.setdefault(s, {}).setdefault(p, {})[o] = None
        self._supers: dict[object, set[object]] = {}
        self._classes: dict[object, set[object]] = {}
        self._instances: dict[object, list[object]] | None = None

    def objects(self, s: object, p: object) -> Iterable[object]:
        return self.spo.get(s, {}).get(p, ())

    def values(self, focus: object, path: tuple[OxNamedNode, ...] | None) -> list[object]:
        if path is None:
            return [focus]
        nodes: dict[object, None] = {focus: None}
        for step in path:
            nodes = {o: None for node in nodes for o in self.objects(node, step)}
        return list(nodes)

    def superclasses(self, cls: object) -> set[object]:
        """``cls`` and every class it is an rdfs:subClassOf*, as the data and the ontology say."""
        if cls not in self._supers:
            seen, todo = {cls}, [cls]
            while todo:
                for sup in self.objects(todo.pop(), _SUBCLASS_OF):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            self._supers[cls] = seen
        return self._supers[cls]

    def classes_of(self, node: object) -> set[object]:
        """Every class ``node`` is an instance of (rdf:type/rdfs:subClassOf*)."""
        found = self._classes.get(node)
        if found is None:
            found = set()
            for cls in self.objects(node, _RDF_TYPE):
                found |= self.superclasses(cls)
            self._classes[node] = found
        return found

    def instances(self, cls: object) -> list[object]:
        if self._instances is None:  # every class's instances in one pass over the subjects
            self._instances = {}
            for s, preds in self.spo.items():
                if _RDF_TYPE in preds:
                    for c in self.classes_of(s):
                        self._instances.setdefault(c, []).append(s)
        return self._instances.get(cls, [])

    def focus_nodes(self, targets: tuple[tuple[str, object], ...]) -> dict[object, None]:
        found: dict[object, None] = {}
        for kind, value in targets:
            if kind == "targetNode":
                found[value] = None
            elif kind == "targetClass":
                found.update((s, None) for s in self.instances(value))
            elif kind == "targetSubjectsOf":
                found.update((s, None) for s, preds in self.spo.items() if value in preds)
            else:  # targetObjectsOf
                found.update((o, None) for preds in self.spo.values() for o in preds.get(value, ()))
        return found


def _datatype_ok(value: object, rule: OxNamedNode) -> bool:
    """pyshacl's sh:datatype rule for one value (a literal's value must parse as its datatype)."""
    if not isinstance(value, OxLiteral):
        return False
    if value.language is not None:
        return rule in (_RDFS_LITERAL, _RDF_LANG_STRING)
    if value.datatype != rule:
        return rule in (_RDFS_LITERAL, _RDFS_DATATYPE)
    return rule == _XSD_STRING or _lexical_ok(value.value, rule.value)


@lru_cache(maxsize=4096)
def _lexical_ok(lexical: str, datatype: str) -> bool:
    """Whether rdflib reads the literal as a value of its datatype (cached: dates repeat)."""
    literal = Literal(lexical, datatype=URIRef(datatype))
    if getattr(literal, "ill_typed", None) is True:
        return False
    expected = _PYTHON_VALUES.get(datatype)
    return expected is None or isinstance(literal.value, expected)


@lru_cache(maxsize=4096)
def _less_or_equal(value: object, other: object) -> bool:
    """pyshacl's sh:lessThanOrEquals test: strings (IRIs too) with strings, other literals by value
    (cached: the same dates are compared again and again)."""
    a, b = _rdflib(value), _rdflib(other)
    if isinstance(a, BNode) or isinstance(b, BNode):
        return False  # pyshacl refuses to compare blank nodes
    a_text, b_text = isinstance(a, URIRef) or isinstance(a.value, str), isinstance(b, URIRef) or isinstance(b.value, str)
    if a_text != b_text:
        return False
    try:
        return bool(str(a) <= str(b)) if a_text else bool(a <= b)
    except TypeError:
        return False


def _first_message(shapes: Graph, shape: Node, fallback: str) -> str:
    messages = list(shapes.objects(shape, SH.message))
    english = [m for m in messages if isinstance(m, Literal) and m.language == "en"]
    return str((english or messages or [fallback])[0])


class _Engine:
    """The shapes as checks over one report's triples with the slim ontology beside them."""

    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        for _, p, _ in shapes:
            if str(p).startswith(str(SH)) and str(p)[len(str(SH)):] not in _ENGINE_TERMS:
                raise _Unsupported(str(p))
        self._compiling: set[Node] = set()
        self.shapes = [self._shape(shapes, node, node) for node in sorted(self._roots(shapes), key=str)]
        self.ontology = [tuple(_oxigraph(t) for t in triple) for triple in ontology]
        wanted = {_RDF_TYPE, _SUBCLASS_OF}
        for shape in self._all(self.shapes):
            wanted.update(shape.path or ())
            wanted.update(shape.less_or_equal + shape.disjoint)
            wanted.update(v for kind, v in shape.targets if kind in ("targetSubjectsOf", "targetObjectsOf"))
        self.wanted = frozenset(wanted)

    @staticmethod
    def _roots(shapes: Graph) -> set[Node]:
        roots = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
        for target in _TARGETS:
            roots |= set(shapes.subjects(SH[target], None))
        nested = set(shapes.objects(None, SH.property))
        for alternatives in shapes.objects(None, SH["or"]):
            nested |= set(shapes.items(alternatives))
        # Shapes only reached through another are checked from there; an unreached one has no focus nodes.
        return {r for r in roots if r not in nested or any(shapes.triples((r, SH[t], None)) for t in _TARGETS)}

    def _all(self, shapes: Iterable[_Shape]) -> Iterator[_Shape]:
        for shape in shapes:
            yield shape
            yield from self._all(shape.properties)
            for alternatives in shape.alternatives:
                yield from self._all(alternatives)

    def _shape(self, g: Graph, node: Node, owner: Node) -> _Shape:
        if node in self._compiling:
            raise _Unsupported("recursive shapes")
        self._compiling.add(node)
        one = lambda term: [o for o in g.objects(node, SH[term])]  # noqa: E731
        path = None
        for p in one("path"):
            steps = list(g.items(p)) if isinstance(p, BNode) else [p]
            if not steps or not all(isinstance(step, URIRef) for step in steps) or path is not None:
                raise _Unsupported(f"path {p}")
            path = tuple(OxNamedNode(str(step)) for step in steps)
        targets = tuple((t, _oxigraph(v)) for t in _TARGETS for v in one(t))
        counts = {t: [int(v) for v in one(t)] for t in ("minCount", "maxCount", "minLength")}
        datatypes = one("datatype")
        if any(len(v) > 1 for v in counts.values()) or len(datatypes) > 1:
            raise _Unsupported(f"repeated constraint on {node}")
        name = _owner(g, owner) if isinstance(owner, BNode) else owner
        shape = _Shape(
            owner=short(name), path=path, targets=targets,
            message=_first_message(g, node, f"violates {short(node)}"),
            classes=tuple(OxNamedNode(str(c)) for c in one("class")),
            datatype=OxNamedNode(str(datatypes[0])) if datatypes else None,
            min_length=(counts["minLength"] or [None])[0],
            min_count=(counts["minCount"] or [None])[0], max_count=(counts["maxCount"] or [None])[0],
            less_or_equal=tuple(OxNamedNode(str(c)) for c in one("lessThanOrEquals")),
            disjoint=tuple(OxNamedNode(str(c)) for c in one("disjoint")),
            alternatives=tuple(tuple(self._shape(g, m, m) for m in g.items(lst)) for lst in one("or")),
            properties=tuple(self._shape(g, p, p) for p in one("property")))
        if shape.path is None and (shape.min_count is not None or shape.max_count is not None
                                   or shape.less_or_equal or shape.disjoint):
            raise _Unsupported(f"property constraint on node shape {node}")
        self._compiling.discard(node)
        return shape

    def check(self, triples: Iterable[tuple]) -> list[Violation]:
        index = _Index(self._with_ontology(triples), self.wanted)
        found: set[Violation] = set()
        for shape in self.shapes:
            for focus in index.focus_nodes(shape.targets):
                for owner, node, message, value in self._violations(index, shape, focus):
                    if value is not None and value != node and not isinstance(value, OxBlankNode):
                        shown = _short_term(value) if isinstance(value, OxNamedNode) else repr(value.value)
                        message = f"{message}; value {shown}"
                    found.add(Violation(owner, _short_term(node), message))
        return sorted(found)

    def _with_ontology(self, triples: Iterable[tuple]) -> Iterator[tuple]:
        yield from self.ontology
        yield from triples

    def _conforms(self, index: _Index, shape: _Shape, focus: object) -> bool:
        return next(iter(self._violations(index, shape, focus)), None) is None

    def _violations(self, index: _Index, shape: _Shape, focus: object) -> Iterator[tuple]:
        """(shape, focus node, message, value) of each result of ``shape`` at ``focus``."""
        values = index.values(focus, shape.path)
        result = lambda value=None: (shape.owner, focus, shape.message, value)  # noqa: E731
        if shape.min_count is not None and len(values) < shape.min_count:
            yield result()
        if shape.max_count is not None and len(values) > shape.max_count:
            yield result()
        for value in values:
            for cls in shape.classes:
                if isinstance(value, OxLiteral) or cls not in index.classes_of(value):
                    yield result(value)
            if shape.datatype is not None and not _datatype_ok(value, shape.datatype):
                yield result(value)
            if shape.min_length is not None and (isinstance(value, OxBlankNode) or len(value.value) < shape.min_length):
                yield result(value)
            for other in shape.less_or_equal:
                for bound in index.objects(focus, other):
                    if not _less_or_equal(value, bound):
                        yield result(value)
            for other in shape.disjoint:
                if value in index.objects(focus, other):
                    yield result(value)
            for alternatives in shape.alternatives:
                if not any(self._conforms(index, member, value) for member in alternatives):
                    yield result(value)
            for prop in shape.properties:
                yield from self._violations(index, prop, value)


_PYTHON_VALUES: dict[str, type | tuple[type, ...]] = {
    str(XSD) + name: kind for name, kind in (
        ("integer", int), ("float", float), ("decimal", Decimal), ("boolean", bool),
        ("date", date), ("time", time), ("dateTime", datetime))}


@lru_cache(maxsize=1)
def _engine() -> _Engine | None:
    """The compiled shapes, or None when they need pyshacl (a construct the engine lacks)."""
    try:
        return _Engine(shapes_graph(), ontology_graph())
    except _Unsupported:
        return None
