"""The embedded persistent store: one named graph per report, plus the ontology's own,
and their merge in the default graph (and the derived ``graph.summary``, not merged).

Replacing a graph is one SPARQL update (``DROP SILENT GRAPH`` followed by
``INSERT DATA`` in the same request). Oxigraph evaluates a whole update
request inside a single storage transaction (``Store::update_opt`` wraps
``evaluate_update`` in ``storage.transaction``), so a crash or an error
leaves either the old report or the new one, never half of each. The
alternatives are weaker: ``remove_graph`` then ``extend`` are two separate
transactions, and ``bulk_extend`` is not transactional at all.

The default graph holds the RDF merge of the report and ontology graphs: each triple once,
however many reports state it. Queries read it instead of oxigraph's union
default graph, which repeats a triple once per graph stating it, so a join
over a place named in a thousand reports met a thousand copies of each of
its triples (queries passed 30 s at 178k quads). The same update request
keeps the merge in step: it first removes the triples only the old version
of the graph stated, then copies the new version in (``INSERT … WHERE``, so
blank nodes stay the same nodes).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, RdfFormat, Store

from ties.graph.iris import GRAPH_PREFIX, ONTOLOGY_GRAPH, OWN_GRAPHS, SUMMARY_GRAPH, graph_iri, stem_from_segment
from ties.config import store_path
from ties.graph.snapshots import publish
from ties.graph.summary import GENERATED, has_summary, refresh
from ties.graph.summary_update import Change, graph_triples, lacking
from ties.ontology import ONTOLOGY_PATH
from ties.errors import TiesError


class StoreError(TiesError):
    """The store cannot be opened for writing; ``str()`` is the one line the user sees."""


def open_store(path: Path | None = None) -> Store:
    """Open (creating if needed) the on-disk store; ``config.store_path()`` by default."""
    path = Path(path) if path is not None else store_path()
    try:
        path.mkdir(parents=True, exist_ok=True)
        store = Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():  # RocksDB's LOCK file: one writer at a time
            raise StoreError(f"the store {path} is in use by another process (a running ties build, extract "
                             "or reason); try again when it has finished") from None
        raise StoreError(f"cannot open the store {path}: {exc.strerror or exc}") from None
    merge_named_graphs(store)
    if lacks_summary(store):
        refresh(store)
    publish(store, path)  # readers (ties serve) see the store as it is now, not as a writer leaves it half-way
    return store


def _triple_lines(quads: Iterable[Quad], graph: NamedNode) -> str:
    """N-Triples lines of the quads; refuses quads aimed at another graph."""
    lines = []
    for quad in quads:
        if quad.graph_name != graph and not isinstance(quad.graph_name, DefaultGraph):
            raise ValueError(f"quad for graph {quad.graph_name} given to replace {graph}")
        lines.append(f"{quad.subject} {quad.predicate} {quad.object} .")
    return "\n".join(lines)


def replace_graph(store: Store, graph: NamedNode, quads: Iterable[Quad], change: Change | None = None) -> None:
    """Make ``graph`` hold exactly ``quads`` and the default graph the merge, atomically (see the module docstring).

    With ``change``, also note there what the merge gained and lost (for ``graph.summary_update``),
    and take the summary's stamp away in the same transaction: until the summary is brought up to
    date, a store left so (a crash) has no whole summary and is recounted when next opened.
    """
    quads = list(quads)
    body = _triple_lines(quads, graph)
    update = (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
              f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }} ;\n"
              f"DROP SILENT GRAPH {graph}")
    if body:
        update += (f" ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"
                   f" ;\nINSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    if change is None:
        store.update(update)
        return
    old, new = graph_triples(store, graph), _as_stored(quads)
    if _unlabelled(old) == _unlabelled(new):
        return  # the same report (or ontology) again: nothing changes, the summary stays whole
    gained = lacking(store, new - old)
    store.update(f"DELETE WHERE {{ GRAPH {SUMMARY_GRAPH} {{ {SUMMARY_GRAPH} {GENERATED} ?at }} }} ;\n" + update)
    change.triples |= gained | lacking(store, old - new)
    change.graphs.add(graph)
    change.ontology = change.ontology or graph == ONTOLOGY_GRAPH


def merge_named_graphs(store: Store) -> None:
    """Fill the default graph with the merge of the named graphs, for a store written before it held it.

    The ontology graph is the witness: every build loads it, so a triple of it missing from the
    default graph means the merge was never made. One update, so it is made whole or not at all.
    """
    if lacks_merge(store):
        store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {SUMMARY_GRAPH}) }}")


def lacks_merge(store: Store) -> bool:
    """Named graphs without their merge in the default graph: written before stores held it, or
    loaded from an export (``ties export`` leaves the merge out, as a derived copy)."""
    return bool(store.query(f"ASK {{ GRAPH {ONTOLOGY_GRAPH} {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} }}"))


def _as_stored(quads: list[Quad]) -> set:
    """The triples as the store gives them back: it keeps some literals in a canonical form
    (``"2"^^xsd:nonNegativeInteger`` of the ontology comes back as an ``xsd:integer``), so a graph read
    from a file is compared with the stored one only after the same trip."""
    scratch = Store()
    scratch.extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads)
    return {(q.subject, q.predicate, q.object) for q in scratch}


def _unlabelled(triples: set) -> Counter:
    """The triples with their blank nodes' labels left out: the ontology's restrictions are blank
    nodes, labelled afresh at each parse, so two parses of one file compare equal only so."""
    return Counter(tuple(None if isinstance(t, BlankNode) else t for t in triple) for triple in triples)


def replace_report(store: Store, stem: str, quads: Iterable[Quad], change: Change | None = None) -> None:
    """Ingesting a report again replaces its graph, so nothing is ever duplicated."""
    replace_graph(store, graph_iri(stem), quads, change)


def remove_report(store: Store, stem: str, change: Change | None = None) -> bool:
    """Take a report out of the store (its graph, and what only it stated from the merge); whether it was there."""
    graph = graph_iri(stem)
    if next(iter(store.quads_for_pattern(None, None, None, graph)), None) is None:
        return False
    replace_graph(store, graph, (), change)
    return True


def load_ontology(store: Store, path: Path = ONTOLOGY_PATH, change: Change | None = None) -> None:
    """Put the ontology into its own named graph, replacing any older version."""
    triples = pyoxigraph.parse(path=str(path), format=RdfFormat.TURTLE)
    replace_graph(store, ONTOLOGY_GRAPH, (Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH) for t in triples),
                  change)


def triple_count(store: Store) -> int:
    """Quads in the named graphs (the merge in the default graph and the derived summary not counted):
    a check that a rebuild did not duplicate anything."""
    answer = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {SUMMARY_GRAPH}) }}")
    return int(next(iter(answer))["n"].value)


def lacks_summary(store: Store) -> bool:
    """Reports but no whole summary (``graph.summary``): made before stores held one, or killed writing it."""
    return bool(report_stems(store)) and not has_summary(store)


def report_stems(store: Store) -> list[str]:
    """Stems of the reports in the store, sorted."""
    return sorted(stem_from_segment(g.value[len(GRAPH_PREFIX):]) for g in store.named_graphs()
                  if isinstance(g, NamedNode) and g.value.startswith(GRAPH_PREFIX)
                  and g not in OWN_GRAPHS)
