"""``ties viz``: interactive network pages that open offline.

``ties viz --out-dir DIR`` writes the default set (place network, institution
network, the ego network of the most connected Russian place and an index); ``ties viz --out FILE.html``
writes one page, narrowed with --network, --focus, --country, --sphere and
--since/--until. Pages are in one language (--lang ru|en); with --resource-base
a node or event in a page's side panel links to its resource page there.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ties.commands.metrics import add_cut_arguments


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("viz", help="write interactive network pages (HTML, work offline)",
                              description=__doc__.split("\n\n", 1)[1])
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, metavar="FILE.html", help="write one page")
    where.add_argument("--out-dir", type=Path, metavar="DIR",
                       help="write place.html, institution.html, the ego page of the most connected Russian place and index.html")
    p.add_argument("--network", choices=("place", "institution"), default="place")
    p.add_argument("--focus", metavar="PLACE", help="only the neighbourhood of this node (label or IRI)")
    p.add_argument("--radius", type=int, choices=(1, 2, 3), default=2, help="steps from --focus (default 2)")
    p.add_argument("--country", metavar="CODE", help="only ties touching this country (ISO code, e.g. BY)")
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help="language of the pages (default ru)")
    p.add_argument("--resource-base", metavar="URL",
                   help="link nodes and events to resource pages at URL?iri=IRI (e.g. http://127.0.0.1:7878/resource "
                        "of `ties serve`); default: IRIs shown as text")
    add_cut_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ties.graph.projections import load
    from ties.viz.pages import describe, open_gazetteer, page_graph, title, write_default_pages, write_page

    source = args.endpoint or args.store
    try:
        data = load(source, require_reports=True)
        if args.out_dir:
            written = write_default_pages(data, args.out_dir, quiet=args.quiet, focus=args.focus, lang=args.lang,
                                          resource_base=args.resource_base)
        else:
            graph = page_graph(data, args.network, args.focus, args.radius, args.country, args.sphere,
                               args.since, args.until)
            gazetteer = open_gazetteer()
            try:
                written = [write_page(graph, args.out, title(args.network, args.lang, args.focus),
                                      describe(graph, args.focus, args.radius, args.country, args.lang),
                                      args.lang, gazetteer, args.resource_base)]
            finally:
                if gazetteer is not None:
                    gazetteer.close()
            if graph.number_of_nodes() == 0:
                print(f"warning: {args.out}: no ties in this cut, the page is empty", file=sys.stderr)
    except KeyError as exc:  # --focus names no node
        print(f"error: --focus: {exc.args[0]}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {args.out or args.out_dir}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        for path in written:
            print(f"wrote {path}", file=sys.stderr)
    return 0
