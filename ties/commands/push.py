"""``ties push --endpoint URL``: copy the store's named graphs to a SPARQL server (Graph Store Protocol).

Each graph is sent with ``PUT ?graph=IRI``, which replaces that graph on the
server, so pushing again after a rebuild leaves one copy of each report,
never two. The ontology graph goes too: the named queries read sphere labels
and the class hierarchy from it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pyoxigraph import NamedNode

REPORT_CHECK = "ASK { ?report a <https://w3id.org/ties/ontology#Report> }"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("push", help="upload each report's named graph to a SPARQL server (Graph Store Protocol)",
                              description="PUT every named graph of the store to a Graph Store Protocol service, "
                                          "replacing the server's copy of each.")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--endpoint", metavar="URL",
                   help="the graph store URL (Fuseki …/ds/data, GraphDB …/repositories/R/rdf-graphs/service, Virtuoso "
                        "http://USER:PASSWORD@host:8890/sparql-graph-crud-auth); "
                        "a bare http://host:port is an Oxigraph server, whose graph store is /store")
    where.add_argument("--nquads", type=Path, metavar="FILE",
                       help="instead, write every named graph into one N-Quads file for a server's bulk loader "
                            "(oxigraph load, Virtuoso's ld_dir/rdf_loader_run, tdb2.tdbloader, GraphDB's importrdf): "
                            "the way to load millions of triples")
    p.add_argument("--timeout", type=float, default=120, help="seconds to wait for each upload (default 120)")
    p.set_defaults(func=cmd_push)


def cmd_push(args: argparse.Namespace) -> int:
    from ties.graph.remote import RemoteError, put_graph, store_url, without_credentials
    from ties.queries import QueryError, open_store

    try:
        store = open_store(args.store)
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, NamedNode)), key=lambda g: g.value)
    if not graphs:
        print(f"error: the store at {args.store} holds no graphs; build it first", file=sys.stderr)
        return 1
    if args.nquads is not None:
        return _write_nquads(store, graphs, args.nquads, args.quiet)
    confirmed, failed = 0, 0
    for graph in graphs:
        triples = [quad.triple for quad in store.quads_for_pattern(None, None, None, graph)]
        try:
            status = put_graph(args.endpoint, graph, triples, timeout=args.timeout)
        except RemoteError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            if exc.unreachable:
                break  # the other graphs would fail the same way; a re-run replaces every graph again
            continue
        confirmed += 1
        if not args.quiet:
            print(f"{graph.value}: {len(triples)} triples (HTTP {status})", file=sys.stderr)
    print(summary(confirmed, failed, len(graphs), without_credentials(store_url(args.endpoint))), file=sys.stderr)
    if confirmed == len(graphs):
        _check_union(args.endpoint)
        return 0
    return 1


def _write_nquads(store, graphs: list[NamedNode], path: Path, quiet: bool) -> int:
    """Every named graph (not the default graph's merge: a server makes its own union) as N-Quads,
    written beside the target and renamed over it when whole, so a cut-short run leaves no half file."""
    from pyoxigraph import RdfFormat, serialize
    part = path.with_name(path.name + ".part")
    quads = 0
    try:
        with open(part, "wb") as out:
            for graph in graphs:
                found = list(store.quads_for_pattern(None, None, None, graph))
                serialize(found, out, format=RdfFormat.N_QUADS)
                quads += len(found)
        part.replace(path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        print(f"error: {path}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 1
    if not quiet:
        print(f"wrote {quads} quads of {len(graphs)} graphs to {path}", file=sys.stderr)
    return 0


def summary(confirmed: int, failed: int, total: int, url: str) -> str:
    """One line saying how many graphs the server confirmed, and what became of the others."""
    line = f"pushed {confirmed} of {total} graphs to {url}"
    untried = total - confirmed - failed
    if failed or untried:
        line += f" ({failed} failed" + (f", {untried} not tried" if untried else "") + "; run it again to push them)"
    return line


def _check_union(endpoint: str) -> None:
    """Warn when a server's default graph does not show the pushed graphs, as the named queries need."""
    from ties.graph.remote import RemoteError, is_bare, execute
    if not is_bare(endpoint):
        return  # the query service of an arbitrary graph store URL is not known
    try:
        if not bool(execute(endpoint, REPORT_CHECK, 30)):
            print("note: the server's default graph does not include the named graphs; start Oxigraph with "
                  "--union-default-graph so the named queries see the reports (see queries/README.md)",
                  file=sys.stderr)
    except RemoteError:
        pass
