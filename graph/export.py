"""The store written out as one RDF file: the whole dataset, or one graph, with the ontology's prefixes.

What "the whole store" is: its named graphs — one per report, the ontology, what ``ties reason``
inferred and the derived summary (``graph.summary``). The default graph is left out of a dataset
format (TriG, N-Quads, JSON-LD): it is the merge of those graphs (``graph.store``), which a SPARQL
server configured with the union default graph reproduces, and which ``ties`` makes again when it
opens a store loaded from the file. Loading the file into an empty folder with
``pyoxigraph.Store(folder).load(...)`` therefore gives a store every ``ties`` command reads.

Turtle holds no named graphs: without ``graph`` it gets the default graph, every triple of the
knowledge graph once (the ontology and inferences included, the summary not).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, serialize

from ties.graph.iris import GRAPH_PREFIX, graph_iri
from ties.ontology import NAMESPACE, ONTOLOGY_PATH, RESOURCE
from ties.errors import TiesError

FORMATS: dict[str, RdfFormat] = {"trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS,
                                 "turtle": RdfFormat.TURTLE, "jsonld": RdfFormat.JSON_LD}
SUFFIXES = {"trig": ".trig", "nquads": ".nq", "turtle": ".ttl", "jsonld": ".jsonld"}
_PREFIX = re.compile(r"@prefix\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)


class ExportError(TiesError):
    """What was asked for is not in the store (an unknown graph): one line naming it."""


def prefixes() -> dict[str, str]:
    """The prefixes ``ontology/ties.ttl`` declares, and those of the resources this project mints."""
    declared = dict(_PREFIX.findall(ONTOLOGY_PATH.read_text(encoding="utf-8")))
    declared["ties"] = NAMESPACE
    declared.update({"res": RESOURCE, "graph": GRAPH_PREFIX, "place": RESOURCE + "place/",
                     "country": RESOURCE + "country/", "event": RESOURCE + "event/"})
    return declared


def graph_name(store: Store, name: str) -> NamedNode:
    """The named graph ``name`` means: an IRI (``<…>`` or bare), or a report's stem; ExportError if absent."""
    text = name.strip().removeprefix("<").removesuffix(">")
    try:
        iri = NamedNode(text) if re.match(r"[a-z][a-z0-9+.-]*:", text, re.IGNORECASE) else graph_iri(text)
    except ValueError as exc:
        raise ExportError(f"--graph {name!r}: not an IRI or a report name ({exc})") from None
    if not store.contains_named_graph(iri):
        stems = sorted(g.value.removeprefix(GRAPH_PREFIX) for g in store.named_graphs()
                       if isinstance(g, NamedNode) and g.value.startswith(GRAPH_PREFIX))
        shown = ", ".join(stems[:8]) + (f" … ({len(stems)} in all)" if len(stems) > 8 else "")
        raise ExportError(f"no graph {iri.value} in the store; its graphs (under {GRAPH_PREFIX}): {shown or 'none'}")
    return iri


def statements(store: Store, fmt: str, graph: NamedNode | None = None) -> Iterator[Quad]:
    """The quads an export of ``fmt`` holds (see the module docstring)."""
    if graph is not None:
        return store.quads_for_pattern(None, None, None, graph)
    if FORMATS[fmt].supports_datasets:
        return (q for q in store.quads_for_pattern(None, None, None) if isinstance(q.graph_name, NamedNode))
    return store.quads_for_pattern(None, None, None, DefaultGraph())


def export(store: Store, out: BinaryIO | Path | str, fmt: str = "trig", graph: str | None = None) -> int:
    """Write the store (or the graph ``graph``, an IRI or a report stem) to ``out``; the statements written.

    Examples
    --------
    >>> import io
    >>> from pyoxigraph import RdfFormat, Store, parse
    >>> store, out = Store.read_only(str(STORE)), io.BytesIO()
    >>> written = export(store, out, "nquads")
    >>> written == len(list(parse(out.getvalue(), format=RdfFormat.N_QUADS))) == sum(
    ...     1 for q in store.quads_for_pattern(None, None, None) if isinstance(q.graph_name, NamedNode))
    True
    >>> export(store, io.BytesIO(), "trig", graph="no_such_report")
    Traceback (most recent call last):
    ...
    ties.graph.export.ExportError: no graph https://w3id.org/ties/resource/graph/no_such_report in the store; ...
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    iri = graph_name(store, graph) if graph else None
    count = 0

    def counted() -> Iterator[Quad]:
        nonlocal count
        for quad in statements(store, fmt, iri):
            count += 1
            yield quad if FORMATS[fmt].supports_datasets else quad.triple
    serialize(counted(), out if not isinstance(out, Path) else str(out), format=FORMATS[fmt],
              prefixes=prefixes() if fmt in ("trig", "turtle") else None)
    return count
