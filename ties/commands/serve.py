"""``ties serve``: the store as a read-only SPARQL 1.1 Protocol endpoint, plus a page to try queries.

pyoxigraph cannot cancel a running query from another thread, so every
query runs in a worker process that holds the store open read-only; a query
past the timeout gets its worker killed and replaced while the other workers
go on answering. Workers serialize results themselves (pyoxigraph's writers,
JSON-LD through rdflib) after cutting them to ``--max-rows``, so neither a
slow nor a huge answer can stall the server.

The default graph is the merge of the report graphs (each triple once, kept
by ``graph.store``), as the named queries expect, unless the request names
graphs with ``default-graph-uri``.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import queue
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

DEFAULT_PORT = 7878
#: ``/query`` too, so a bare ``http://host:port`` means the same here as for an Oxigraph server.
SPARQL_PATHS = ("/sparql", "/query")
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"

# -- content negotiation ------------------------------------------------------

#: Media types of SELECT/ASK answers → pyoxigraph QueryResultsFormat name; the first is the default.
RESULT_TYPES = {"application/sparql-results+json": "JSON", "application/json": "JSON",
                "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
                "text/csv": "CSV", "text/tab-separated-values": "TSV"}
#: Media types of CONSTRUCT/DESCRIBE answers → RdfFormat name ("JSON-LD" goes through rdflib).
GRAPH_TYPES = {"text/turtle": "TURTLE", "application/x-turtle": "TURTLE", "application/ld+json": "JSON-LD",
               "application/json": "JSON-LD", "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES",
               "application/rdf+xml": "RDF_XML"}


def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, most preferred first (q=0 ones dropped)."""
    if not header:
        return ["*/*"]
    ranked = []
    for index, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, index, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: list[str], offers: dict[str, str]) -> tuple[str, str] | None:
    """The (media type, format) to answer with, or None if the client accepts none of ours."""
    for media in accept:
        if media in offers:
            return media, offers[media]
        if media == "*/*":
            first = next(iter(offers))
            return first, offers[first]
        if media.endswith("/*"):
            for offer, fmt in offers.items():
                if offer.startswith(media[:-1]):
                    return offer, fmt
    return None


# -- the worker side ----------------------------------------------------------

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _binding(term: Any) -> dict[str, Any]:
    """A term in SPARQL 1.1 JSON results form."""
    from pyoxigraph import BlankNode, Literal, NamedNode
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _binding(term.subject), "predicate": _binding(term.predicate),
                                        "object": _binding(term.object)}}


def _solutions(answer: Any, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    """At most ``max_rows`` solutions in ``fmt``, re-read through pyoxigraph so its writers format them."""
    from pyoxigraph import QueryResultsFormat, parse_query_results
    names = [v.value for v in answer.variables]
    rows = list(islice(answer, max_rows + 1))
    bindings = [{n: _binding(row[n]) for n in names if row[n] is not None} for row in rows[:max_rows]]
    doc = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode("utf-8")
    capped = parse_query_results(doc, format=QueryResultsFormat.JSON)
    return capped.serialize(format=getattr(QueryResultsFormat, fmt)), len(rows) > max_rows


def _unique(items: Any) -> Any:
    """Each triple once: a CONSTRUCT answer is a graph, but its template yields a triple once per solution."""
    seen = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def _triples(answer: Any, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    """At most ``max_rows`` triples in ``fmt``; JSON-LD through rdflib, the rest by pyoxigraph."""
    from pyoxigraph import RdfFormat, serialize
    triples = list(islice(_unique(answer), max_rows + 1))
    truncated, triples = len(triples) > max_rows, triples[:max_rows]
    if fmt != "JSON-LD":
        return serialize(triples, format=getattr(RdfFormat, fmt)) or b"", truncated
    import rdflib
    graph = rdflib.Graph()
    graph.parse(data=(serialize(triples, format=RdfFormat.N_TRIPLES) or b"").decode("utf-8"), format="nt")
    return graph.serialize(format="json-ld").encode("utf-8"), truncated


def answer(store: Any, job: dict[str, Any], max_rows: int) -> tuple:
    """Run one request's query; ("ok", media, body, truncated) or (kind, message) for an error."""
    from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions
    try:
        options: dict[str, Any] = {}
        if job["default_graphs"]:
            options["default_graph"] = [NamedNode(g) for g in job["default_graphs"]]
        if job["named_graphs"]:
            options["named_graphs"] = [NamedNode(g) for g in job["named_graphs"]]
        result = store.query(job["query"], **options)
    except (SyntaxError, ValueError) as exc:
        return "bad", str(exc)
    graph_answer = not isinstance(result, (QuerySolutions, QueryBoolean))
    offers = GRAPH_TYPES if graph_answer else RESULT_TYPES
    chosen = negotiate(job["accept"], offers)
    if chosen is None:
        return "unacceptable", f"cannot answer in {', '.join(job['accept'])}; offered: {', '.join(offers)}"
    media, fmt = chosen
    try:
        if graph_answer:
            body, truncated = _triples(result, fmt, max_rows)
        elif isinstance(result, QuerySolutions):
            body, truncated = _solutions(result, fmt, max_rows)
        else:
            from pyoxigraph import QueryResultsFormat
            body, truncated = result.serialize(format=getattr(QueryResultsFormat, fmt)), False
    except (OSError, RuntimeError, ValueError) as exc:
        return "error", f"query failed while running: {exc}"
    return "ok", media, body, truncated


def worker_main(conn: Any, store_path: str, max_rows: int, max_memory: int = 0) -> None:
    """A worker process: open the store read-only, then answer jobs from the pipe until it closes.

    ``max_memory`` (bytes of address space, 0 for none) stops a query that would take all the
    machine's memory (an ORDER BY over a cross product takes gigabytes a second) before the
    timeout does: the allocation fails, the worker dies and is replaced, the client gets 500.
    """
    from pyoxigraph import Store
    if max_memory:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    try:
        store = Store.read_only(store_path)
    except OSError as exc:
        conn.send(("failed", f"cannot open the store at {store_path}: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, job, max_rows))


# -- the pool -------------------------------------------------------------------

class Busy(Exception):
    """Every worker stayed busy for the whole wait."""


class TimedOut(Exception):
    """The query ran past the timeout; its worker was killed."""


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Any

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes that each hold the store open read-only; a stuck one is killed and replaced."""

    def __init__(self, store_path: Path, size: int, max_rows: int, max_memory: int = 0) -> None:
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._store, self._max_rows, self._max_memory = str(store_path), max_rows, max_memory
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._start() for _ in range(size)]
        for worker in started:
            self._idle.put(self._ready(worker))

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=worker_main, args=(child, self._store, self._max_rows, self._max_memory),
                                    daemon=True, name="ties-sparql-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _ready(self, worker: _Worker) -> _Worker:
        """Wait for the worker to open the store; an error there is the user's one line."""
        if not worker.conn.poll(60):
            self._drop(worker)
            raise RuntimeError("a query worker did not start within 60 s")
        message = worker.conn.recv()
        if message[0] != "ready":
            self._drop(worker)
            raise RuntimeError(message[1])
        return worker

    def _drop(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker now and start its successor in the background, so the request returns at once."""
        self._drop(worker)

        def refill() -> None:
            try:
                fresh = self._ready(self._start())
            except RuntimeError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return
            if self._closed:
                self._drop(fresh)
            else:
                self._idle.put(fresh)
        threading.Thread(target=refill, daemon=True).start()

    def run(self, job: dict[str, Any], timeout: float, wait: float | None = None) -> tuple:
        """The worker's reply to ``job``; Busy if no worker frees up within ``wait`` (default ``timeout``),
        TimedOut if the query runs past ``timeout``."""
        wait = timeout if wait is None else wait
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise Busy(f"all query workers stayed busy for {wait:g} s") from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise TimedOut(f"query stopped after the {timeout:g} s timeout")
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return "error", "the query worker died while running the query (past the memory limit?)"
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._drop(worker)


# -- HTTP -----------------------------------------------------------------------

#: Seconds a request may wait for a free query worker (a burst queues; --timeout counts once it runs).
QUEUE_WAIT = 60.0
#: Seconds a client may take to send its request or read the answer before its connection is dropped.
CLIENT_TIMEOUT = 20.0
#: Connections served at once; more get an immediate 503, so a flood cannot exhaust threads or memory.
MAX_CONNECTIONS = 256
BUSY = b"too many open connections; try again\n"


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the listen backlog: a burst of clients is queued, not refused

    def __init__(self, address: tuple[str, int], pool: WorkerPool, timeout: float, max_body: int,
                 max_rows: int, quiet: bool, max_connections: int = MAX_CONNECTIONS,
                 client_timeout: float = CLIENT_TIMEOUT) -> None:
        super().__init__(address, SparqlHandler)
        self.pool, self.query_timeout, self.max_body = pool, timeout, max_body
        self.max_rows, self.quiet, self.client_timeout = max_rows, quiet, client_timeout
        self._slots = threading.BoundedSemaphore(max_connections)

    def process_request(self, request: Any, client_address: Any) -> None:
        """A thread per connection, up to ``max_connections``; past that a short 503 from the accepting thread."""
        if not self._slots.acquire(blocking=False):
            try:
                request.settimeout(1)
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(BUSY), BUSY))
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "ties-sparql/1.0"

    def setup(self) -> None:
        self.timeout = self.server.client_timeout  # a client stalling mid-request or mid-answer is dropped
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        if not self.server.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, media: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(200, page().encode("utf-8"), "text/html; charset=utf-8")
        elif url.path in SPARQL_PATHS:
            self._sparql(parse_qs(url.query, keep_blank_values=True))
        else:
            self._error(404, "not found: the SPARQL endpoint is /sparql, the query page is /")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in SPARQL_PATHS:
            self._error(404, "not found: the SPARQL endpoint is /sparql")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._error(411, "a POST needs a Content-Length")
            return
        if int(length) > self.server.max_body:
            self.close_connection = True
            self._error(413, f"request body over the {self.server.max_body} byte limit")
            self._linger(int(length))
            return
        body = self.rfile.read(int(length))
        params = parse_qs(url.query, keep_blank_values=True)
        media = self.headers.get_content_type()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(400, "the request body is not UTF-8")
            return
        if media == "application/sparql-update":
            self._error(403, READ_ONLY)
            return
        if media == "application/sparql-query":
            if "query" in params:
                self._error(400, "give the query either in the body or as query=, not both")
                return
            params["query"] = [text]
        elif media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        else:
            self._error(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
            return
        self._sparql(params)

    def _linger(self, length: int) -> None:
        """Drop what the client still sends (for 2 s at most), so closing with its body unread does not
        reset the connection before the client has read the answer."""
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(0.5)
            deadline, left = time.monotonic() + 2, min(length, 256 << 20)
            while left > 0 and time.monotonic() < deadline:
                chunk = self.connection.recv(min(left, 1 << 16))
                if not chunk:
                    break
                left -= len(chunk)
        except OSError:
            pass

    def _refuse_change(self) -> None:
        self._error(405, READ_ONLY, {"Allow": "GET, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse_change

    def _sparql(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._error(403, READ_ONLY)
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(400, "give exactly one non-empty query parameter (SPARQL 1.1 Protocol)")
            return
        job = {"query": queries[0], "accept": parse_accept(self.headers.get("Accept")),
               "default_graphs": params.get("default-graph-uri", []),
               "named_graphs": params.get("named-graph-uri", [])}
        started = time.monotonic()
        try:
            reply = self.server.pool.run(job, self.server.query_timeout, max(QUEUE_WAIT, self.server.query_timeout))
        except (Busy, TimedOut) as exc:
            self._error(503, f"timeout: {exc}")
            return
        took = {"X-Ties-Time-Ms": f"{(time.monotonic() - started) * 1000:.0f}"}
        kind = reply[0]
        if kind == "ok":
            _, media, body, truncated = reply
            if truncated:
                took["X-Ties-Truncated"] = str(self.server.max_rows)
            charset = "; charset=utf-8" if media.startswith("text/") and "charset" not in media else ""
            self._send(200, body, media + charset, took)
        elif kind == "bad":
            self._error(400, f"malformed query: {reply[1]}", took)
        elif kind == "unacceptable":
            self._error(406, reply[1], took)
        else:
            self._error(500, reply[1], took)


# -- the page -------------------------------------------------------------------

def _examples() -> dict[str, str]:
    """Each named query with its required example values bound in a VALUES block, for the page's menu."""
    from queries import QueryError, bind, catalogue, with_values
    examples = {}
    for query in catalogue():
        values = {p.name: p.example for p in query.params if p.required and p.example is not None}
        try:
            examples[query.name] = with_values(query.text, bind(query, values))
        except QueryError:
            examples[query.name] = query.text
    return examples


def page() -> str:
    """The query page: plain HTML with inline CSS and JS, so it works with no internet."""
    data = json.dumps(_examples(), ensure_ascii=False).replace("</", "<\\/")
    return PAGE.replace("__EXAMPLES__", data)


PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>ties — SPARQL</title>
<style>
 body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
 textarea{width:100%;height:18em;font:13px/1.35 ui-monospace,monospace;box-sizing:border-box}
 table{border-collapse:collapse;margin-top:1em;font-size:13px}
 th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left;max-width:40em}
 th{background:#f3f3f3;position:sticky;top:0} tr:nth-child(even) td{background:#fafafa}
 #status{margin-left:1em;color:#555} .error{color:#b00;white-space:pre-wrap} pre{white-space:pre-wrap}
 button,select{font-size:14px;margin-right:.5em}
</style></head><body>
<h1>ties — SPARQL endpoint</h1>
<p>Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol, read-only; the default graph is the merge of the
report graphs). Ctrl+Enter runs the query.</p>
<p><select id="named"><option value="">— named queries —</option></select>
<button id="run">Run</button><button id="csv">Download CSV</button><span id="status"></span></p>
<textarea id="query" spellcheck="false">PREFIX ties: <https://w3id.org/ties/ontology#>
SELECT ?document ?reporter ?layout WHERE { ?r a ties:Report ; ties:document ?document ; ties:layout ?layout .
  OPTIONAL { ?r ties:reporter ?reporter } } ORDER BY ?document</textarea>
<div id="out"></div>
<script>
const EXAMPLES = __EXAMPLES__;
const $ = id => document.getElementById(id);
for (const name of Object.keys(EXAMPLES).sort()) {
  const o = document.createElement('option'); o.value = o.textContent = name; $('named').appendChild(o);
}
$('named').onchange = () => { if ($('named').value) $('query').value = EXAMPLES[$('named').value]; };
async function ask(accept) {
  const t0 = performance.now();
  $('status').textContent = 'running…';
  const r = await fetch('sparql', {method: 'POST', body: $('query').value,
    headers: {'Content-Type': 'application/sparql-query', 'Accept': accept}});
  const ms = Math.round(performance.now() - t0);
  const cut = r.headers.get('X-Ties-Truncated');
  $('status').textContent = r.status + ' in ' + ms + ' ms' + (cut ? ' — cut to ' + cut + ' rows' : '');
  return r;
}
function cell(b) {
  if (!b) return '';
  if (b.type === 'uri') return b.value;
  if (b.type === 'triple') return '<< ' + [b.value.subject, b.value.predicate, b.value.object].map(cell).join(' ') + ' >>';
  return b.value + (b['xml:lang'] ? '@' + b['xml:lang'] : '');
}
function show(data) {
  const out = $('out'); out.textContent = '';
  if ('boolean' in data) { out.textContent = String(data.boolean); return; }
  const table = document.createElement('table'), head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement('th'); th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) {
    const tr = table.insertRow();
    for (const v of data.head.vars) tr.insertCell().textContent = cell(b[v]);
  }
  out.appendChild(table);
  $('status').textContent += ' — ' + data.results.bindings.length + ' rows';
}
async function run() {
  const out = $('out');
  try {
    const r = await ask('application/sparql-results+json, text/turtle;q=0.9');
    const text = await r.text();
    if (!r.ok) { out.innerHTML = ''; const p = document.createElement('p'); p.className = 'error';
                 p.textContent = text; out.appendChild(p); return; }
    if ((r.headers.get('Content-Type') || '').includes('json')) show(JSON.parse(text));
    else { out.innerHTML = ''; const pre = document.createElement('pre'); pre.textContent = text; out.appendChild(pre); }
  } catch (e) { out.textContent = String(e); }
}
async function csv() {
  const r = await ask('text/csv');
  if (!r.ok) { $('out').textContent = await r.text(); return; }
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await r.blob()); a.download = 'ties-query.csv'; a.click();
}
$('run').onclick = run; $('csv').onclick = csv;
const given = new URLSearchParams(location.search).get('query');  // a shared link: /?query=…
if (given) { $('query').value = given; run(); }
$('query').addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
</script></body></html>
"""


# -- the command ------------------------------------------------------------------

def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help="answer SPARQL 1.1 Protocol queries over HTTP (read-only)",
                              description="Serve the store as a read-only SPARQL endpoint at /sparql, "
                                          "with a query page at /.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks one)")
    p.add_argument("--timeout", type=float, default=30, help="seconds a query may run (default 30)")
    p.add_argument("--max-rows", type=int, default=10_000, help="most rows or triples in an answer (default 10000)")
    p.add_argument("--max-body", type=int, default=1 << 20, help="largest POST body in bytes (default 1 MiB)")
    p.add_argument("--workers", type=int, default=max(2, min(4, os.cpu_count() or 2)),
                   help="query worker processes (default 2–4)")
    p.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                   help="address space of each query worker in MB (default 2048; 0: no limit); "
                        "a query past it fails with 500 and its worker is replaced")
    p.add_argument("--max-connections", type=int, default=MAX_CONNECTIONS,
                   help=f"connections served at once, more get 503 (default {MAX_CONNECTIONS})")
    p.add_argument("--client-timeout", type=float, default=CLIENT_TIMEOUT,
                   help=f"seconds a client may stall sending or reading before it is dropped "
                        f"(default {CLIENT_TIMEOUT:g})")
    p.set_defaults(func=cmd_serve)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def cmd_serve(args: argparse.Namespace) -> int:
    store = Path(args.store)
    if not store.is_dir():
        print(f"error: no store at {store}; build one first with: ties --store {store} build REPORTS",
              file=sys.stderr)
        return 1
    try:
        pool = WorkerPool(store, max(1, args.workers), max(1, args.max_rows), max(0, args.max_memory) << 20)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        server = SparqlServer((args.host, args.port), pool, args.timeout, args.max_body, args.max_rows, args.quiet,
                              max(1, args.max_connections), args.client_timeout)
    except OSError as exc:
        pool.close()
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    signal.signal(signal.SIGTERM, _interrupt)  # so `kill` also stops the workers
    print(f"serving {store} at http://{host}:{port}/sparql (query page: http://{host}:{port}/)",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        pool.close()
    return 0
