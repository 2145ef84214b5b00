"""``ties metrics --out DIR``: the metrics report of the store or of a SPARQL endpoint."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ties.ingest.records import SPHERES


def bound(text: str) -> str:
    """Check a --since/--until value early, so argparse names the bad option."""
    from ties.graph.projections import parse_bound
    try:
        parse_bound(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def add_cut_arguments(parser: argparse.ArgumentParser) -> None:
    """--since/--until/--sphere, shared with ``ties viz``."""
    parser.add_argument("--since", type=bound, help="first day, year or quarter kept: 2023-05-17, 2023, 2023-Q2")
    parser.add_argument("--until", type=bound, help="last day, year or quarter kept")
    parser.add_argument("--sphere", choices=SPHERES, help="keep only events of this sphere")
    parser.add_argument("--endpoint", metavar="URL",
                        help="read from this SPARQL endpoint instead of the embedded store")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("metrics", help="write a metrics report (Markdown, HTML, CSV, PNG, GraphML, GEXF)",
                              description="Network metrics of the store: tables and plots in DIR/report.md and "
                                          "DIR/report.html, every table as DIR/tables/*.csv, every network as "
                                          "DIR/networks/*.graphml and *.gexf for Gephi; the place and institution "
                                          "networks through time as DIR/networks/*.dynamic.gexf (GEXF 1.3, "
                                          "Gephi's timeline) and *.dated_edges.csv. Ties are lost only where a "
                                          "report of their reporter covers the period; elsewhere not reported.")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    add_cut_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ties.graph.projections import Cut
    from ties.viz.report import write_report

    try:
        files = write_report(args.endpoint or args.store, args.out, Cut.of(args.since, args.until, args.sphere),
                             quiet=args.quiet)
    except OSError as exc:
        print(f"error: {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"wrote {files.html} and {files.markdown} ({len(files.tables)} tables, {len(files.plots)} plots, "
              f"{len(files.networks)} network files)", file=sys.stderr)
    return 0
