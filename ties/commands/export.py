"""``ties export``: the whole store, or one report's graph, as one RDF file (TriG, N-Quads, Turtle, JSON-LD)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ties.graph.export import FORMATS


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export", help="write the store or one graph as TriG, N-Quads, Turtle or JSON-LD",
        description="Write every named graph of the store (one per report, the ontology, the inferred and "
                    "summary graphs) as a dataset, or one graph with --graph, with the ontology's prefixes. "
                    "Turtle holds no named graphs: without --graph it gets the store's default graph, the "
                    "merge of the reports, the ontology and the inferences.")
    p.add_argument("--format", choices=tuple(FORMATS), default="trig", help="default: trig")
    p.add_argument("--graph", metavar="IRI", help="only this named graph: its IRI, or a report's name (its stem)")
    p.add_argument("--out", type=Path, metavar="FILE", help="write here instead of to standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ties.graph.export import export
    from ties.queries import open_store

    try:
        store = open_store(args.store, needs_summary=False)
        if args.out:
            partial = args.out.with_name(args.out.name + ".partial")  # no half-written FILE if cut short
            try:
                count = export(store, partial, args.format, args.graph)
                partial.replace(args.out)
            finally:
                partial.unlink(missing_ok=True)
        else:
            count = export(store, sys.stdout.buffer, args.format, args.graph)
            sys.stdout.buffer.flush()
    except BrokenPipeError:  # `ties export | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if not args.quiet:
        kind = "quads" if FORMATS[args.format].supports_datasets else "triples"
        print(f"wrote {count} {kind}" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
    return 0
