"""``ties query NAME|FILE.rq``: run a named or own SPARQL query on the store or on any SPARQL endpoint.

Output is a table for people (Russian text aligned by display width, long
cells cut), or CSV / JSON with full values for programs. Columns that only
echo a parameter the user gave are left out: the user knows them already.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from ties.ingest.errors import printable
from ties.lookup import NotFound, Resolver, query_values, selector
from ties.queries import (NamedQuery, QueryError, Result, catalogue, load, names, open_store, parse_assignments,
                          reads_summary, run)

#: Widest a table cell may get before it is cut with "…".
MAX_CELL = 60
REPORT_CHECK = "ASK { ?report a <https://w3id.org/ties/ontology#Report> }"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("query", help="run a named SPARQL query (see --list) or a .rq file",
                              description="Run a named SPARQL query or a .rq file on the store or an endpoint.")
    p.add_argument("name", nargs="?", help="a query name from --list, or a path to a .rq file")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", default=[],
                   help="a parameter of the query; repeat for several")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--endpoint", metavar="URL",
                   help="query this SPARQL 1.1 endpoint instead of the embedded store "
                        "(a bare http://host:port is an Oxigraph server)")
    p.add_argument("--timeout", type=float, default=60, help="seconds to wait for an endpoint (default 60)")
    p.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    p.set_defaults(func=cmd_query)


def cmd_query(args: argparse.Namespace) -> int:
    try:
        if args.list:
            print(listing(catalogue()))
            return 0
        if not args.name:
            raise QueryError("name a query (ties query --list shows them) or give a .rq file")
        query = load(args.name)
        values = parse_assignments(args.param)
        store = None if args.endpoint else open_store(args.store, needs_summary=reads_summary(query))
        if query.name in names():  # a place or country as people type it, as the Python API takes it
            values = query_values(Resolver(selector(args.endpoint or store)), values)
        if args.endpoint:
            result = run(query, values, endpoint=args.endpoint, timeout=args.timeout)
        else:
            result = run(query, values, store=store)
    except NotFound as exc:
        print(printable(f"error: {exc}"), file=sys.stderr)
        if not exc.closest and args.endpoint:
            _hint_union_graph(args.endpoint, args.timeout)  # no names at all: the server's default graph?
        return 1
    sys.stdout.write(render(result, args.format, hidden=set(values)))
    if not args.quiet and result.triples is None and result.boolean is None:
        print(f"{len(result.rows)} row(s)", file=sys.stderr)
        if not result.rows and args.endpoint:
            _hint_union_graph(args.endpoint, args.timeout)
    return 0


def _hint_union_graph(endpoint: str, timeout: float) -> None:
    """No rows from a server often means its default graph leaves out the named graphs."""
    from ties.graph.remote import RemoteError, execute
    try:
        if not bool(execute(endpoint, REPORT_CHECK, timeout)):
            print("note: the endpoint's default graph holds no ties:Report; the named queries read the union "
                  "of the named graphs as the default graph (oxigraph serve --union-default-graph; "
                  "see queries/README.md)", file=sys.stderr)
    except RemoteError:
        pass


def listing(queries: Sequence[NamedQuery]) -> str:
    """The catalogue: name, title, parameters and the example of each query."""
    width = max(len(q.name) for q in queries) + 2
    lines = []
    for q in queries:
        lines.append(f"{q.name:<{width}}{q.title}")
        for param in q.params:
            lines.append(f"{'':<{width}}  {param.usage()}  {param.description}")
    return "\n".join(lines)


# -- rendering ----------------------------------------------------------------

def render(result: Result, fmt: str, hidden: set[str] = frozenset()) -> str:
    """The result as text in ``fmt`` (table, csv, json); graphs as Turtle, booleans as true/false."""
    if result.triples is not None:
        from pyoxigraph import RdfFormat, serialize
        return (serialize(result.triples, format=RdfFormat.TURTLE) or b"").decode("utf-8")
    if result.boolean is not None:
        return json.dumps({"boolean": result.boolean}) + "\n" if fmt == "json" else f"{str(result.boolean).lower()}\n"
    columns = [c for c in result.columns if c not in hidden]
    records = [{c: r[c] for c in columns} for r in result.records()]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return _csv(columns, records)
    return table(columns, [[_cell(r[c]) for c in columns] for r in records])


def _csv(columns: list[str], records: list[dict[str, Any]]) -> str:
    import io
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(["" if record[c] is None else record[c] for c in columns])
    return out.getvalue()


def _cell(value: Any) -> str:
    """A value on one line with its control characters escaped: a name (a report's file name) may
    hold a terminal escape sequence, which a table for people must show, not send."""
    if value is None:
        return ""
    return printable(" ".join(str(value).split()))


def display_width(text: str) -> int:
    """Terminal columns a text takes: wide (CJK) letters count two, combining marks none."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _cut(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def table(columns: list[str], rows: list[list[str]], max_cell: int | None = None) -> str:
    """Rows aligned in columns by display width, long cells cut so a row fits a terminal."""
    if max_cell is None:
        max_cell = max(MAX_CELL, shutil.get_terminal_size((160, 24)).columns // max(1, len(columns)))
    rows = [[_cut(cell, max_cell) for cell in row] for row in rows]
    widths = [max([display_width(c)] + [display_width(row[i]) for row in rows]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("─" * w for w in widths)]
    lines += ["  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"
