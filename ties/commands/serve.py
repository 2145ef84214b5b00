"""``ties serve``: the store as a read-only SPARQL 1.1 Protocol endpoint, with a query workbench and resource pages.

Why hand-written and not ``oxigraph serve-read-only`` (measured in README.md, "ties serve"):
that server fetches any SERVICE address, answers any Host name, crashes whole on a
deeply nested query, sends 200 and then a cut body when its timeout fires, has no row,
byte, memory or connection limits, and reads one store folder, not the snapshots a
running build publishes. Its YASGUI page also asks prefix.cc and LOV for completions.

Every query runs in a worker process (``serve_worker``) that can be killed
past the timeout; workers serialize answers themselves, cut to ``--max-rows``
and ``--max-bytes``, so neither a slow nor a huge answer can stall the server.

A query is checked before it runs (``queries.guard``): too deep a one is
refused with 400, as pyoxigraph would overflow its stack; SERVICE, which makes
the server fetch any address named in the query, is refused with 403 unless
its IRI starts with an ``--allow-service`` prefix (and workers then have no
network at all where the system allows it). The defences against hostile
clients (Host names, the request deadline) are in ``serve_guard``.

Answers come from the snapshot a writer last published (``graph.snapshots``),
so ``ties build`` can write the store meanwhile: each answer is the store as it
was before or after a whole report, and newer answers never go back to an older one.

The default graph is the merge of the report graphs (each triple once, kept
by ``graph.store``), as the named queries expect, unless the request names
graphs with ``default-graph-uri``.
"""
from __future__ import annotations

import argparse
import io
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ties.commands.serve_guard import DeadlineReader, host_allowed
from ties.commands.serve_page import (PAGE_HEADERS, named_query_text, render_workbench, static_file, templates,
                                     workbench)
from ties.commands.serve_worker import Busy, TimedOut, WorkerPool, parse_accept

DEFAULT_PORT = 7878
#: ``/query`` too, so a bare ``http://host:port`` means the same here as for an Oxigraph server.
SPARQL_PATHS = ("/sparql", "/query")
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"

# -- HTTP -----------------------------------------------------------------------

#: Seconds a request may wait for a free query worker (a burst queues; --timeout counts once it runs).
QUEUE_WAIT = 60.0
#: Seconds a client may take to send a whole request, or to read each part of the answer, before it is dropped.
CLIENT_TIMEOUT = 20.0
#: Largest answer body in bytes; longer answers are cut (header X-Ties-Truncated-By: bytes).
MAX_BYTES = 16 << 20
#: Connections served at once; more get an immediate 503, so a flood cannot exhaust threads or memory.
MAX_CONNECTIONS = 256
BUSY = b"too many open connections; try again\n"


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the listen backlog: a burst of clients is queued, not refused

    def __init__(self, address: tuple[str, int], pool: WorkerPool, timeout: float, max_body: int,
                 max_rows: int, quiet: bool, max_connections: int = MAX_CONNECTIONS,
                 client_timeout: float = CLIENT_TIMEOUT, allow_hosts: tuple[str, ...] = ()) -> None:
        super().__init__(address, SparqlHandler)
        self.pool, self.query_timeout, self.max_body = pool, timeout, max_body
        self.max_rows, self.quiet, self.client_timeout = max_rows, quiet, client_timeout
        self.bound_host, self.allow_hosts = address[0], allow_hosts
        self._slots = threading.BoundedSemaphore(max_connections)
        self.templates = templates()
        bench = workbench()
        self.page, self.prefixes = render_workbench(self.templates, bench).encode("utf-8"), bench.prefixes

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer is one log line, not a traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            if not self.quiet:
                print(f"{client_address[0]}:{client_address[1]}: client went away early "
                      f"({type(exc).__name__})", file=sys.stderr, flush=True)
            return
        super().handle_error(request, client_address)

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
        self.timeout = self.server.client_timeout  # a client stalling mid-answer is dropped
        super().setup()
        self._deadline = time.monotonic() + self.server.client_timeout
        # A whole request must arrive by the deadline, however slowly its bytes trickle in.
        self.rfile = io.BufferedReader(DeadlineReader(self.connection, lambda: self._deadline))

    def handle_one_request(self) -> None:
        self._deadline = time.monotonic() + self.server.client_timeout  # each request on a kept-alive connection
        super().handle_one_request()

    def parse_request(self) -> bool:
        """The stdlib's checks, then the Host header against the names this server answers to."""
        if not super().parse_request():
            return False
        host = self.headers.get("Host")
        if not host_allowed(host, self.server.bound_host, self.server.allow_hosts):
            self.close_connection = True
            self._error(421, f"this server does not answer for the host name {host!r}; "
                             "start ties serve with --allow-host NAME to accept it")
            return False
        return True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        if not self.server.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, media: str, headers: dict[str, str] | None = None) -> None:
        self.connection.settimeout(self.server.client_timeout)  # reading may have left a shorter one
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
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            self._send(200, self.server.page, "text/html; charset=utf-8", PAGE_HEADERS)
        elif url.path in SPARQL_PATHS:
            self._sparql(params)
        elif url.path == "/store":
            self._store(params)
        elif url.path == "/resource":
            self._resource(params)
        elif url.path == "/named-query":
            self._named_query(params)
        elif url.path.startswith("/static/") and (found := static_file(url.path[len("/static/"):])):
            self._send(200, found[0], found[1], {"Cache-Control": "max-age=3600"})
        else:
            self._error(404, "not found: the SPARQL endpoint is /sparql, the query workbench is /, "
                             "a resource's page /resource?iri=IRI, the whole store /store")

    do_HEAD = do_GET  # the same status and headers, no body (see _send)

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

    def _named_query(self, params: dict[str, list[str]]) -> None:
        """A named query's text with the given parameter values bound, for the workbench's examples."""
        from ties.queries import QueryError
        values = {key: vals[-1] for key, vals in params.items() if key != "name"}
        try:
            text = named_query_text((params.get("name") or [""])[-1], values)
        except QueryError as exc:
            self._error(400, str(exc))
            return
        self._send(200, text.encode("utf-8"), "application/sparql-query; charset=utf-8")

    def _run(self, job: dict[str, Any]) -> tuple | None:
        """A job's reply from a query worker, or None once a 503 has been sent (no worker, or past the timeout)."""
        try:
            return self.server.pool.run(job, self.server.query_timeout, max(QUEUE_WAIT, self.server.query_timeout))
        except (Busy, TimedOut) as exc:
            self._error(503, f"timeout: {exc}")
            return None

    def _store(self, params: dict[str, list[str]]) -> None:
        """Graph Store Protocol GET: the whole dataset, ``?default`` or ``?graph=IRI``."""
        if "graph" in params and "default" in params:
            self._error(400, "give either ?graph=IRI or ?default, not both")
            return
        graph = "" if "default" in params else (params["graph"][-1] if "graph" in params else None)
        reply = self._run({"kind": "dump", "graph": graph, "accept": parse_accept(self.headers.get("Accept"))})
        if reply is not None:
            self._reply(reply, {})

    def _resource(self, params: dict[str, list[str]]) -> None:
        from ties.commands.serve_resource import render
        iri = (params.get("iri") or [""])[-1].strip().removeprefix("<").removesuffix(">")
        if not iri:
            self._error(400, "give the resource as /resource?iri=IRI")
            return
        reply = self._run({"kind": "resource", "iri": iri})
        if reply is None:
            return
        if reply[0] == "bad":  # not an IRI: the line says so, not "malformed query"
            self._error(400, reply[1])
            return
        if reply[0] != "page":
            self._reply(reply, {})
            return
        known = reply[1]["statements"] or reply[1]["incoming"]  # a page either way, 404 when the graph has nothing
        self._send(200 if known else 404, render(self.server.templates, reply[1], self.server.prefixes).encode("utf-8"),
                   "text/html; charset=utf-8", PAGE_HEADERS)

    def _refuse_change(self) -> None:
        self._error(405, READ_ONLY, {"Allow": "GET, HEAD, POST"})

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
        reply = self._run(job)
        if reply is not None:
            self._reply(reply, {"X-Ties-Time-Ms": f"{(time.monotonic() - started) * 1000:.0f}"})

    def _reply(self, reply: tuple, took: dict[str, str]) -> None:
        """A worker's reply as the HTTP answer: the body, or the error's status and one line."""
        kind = reply[0]
        if kind == "ok":
            _, media, body, truncated = reply
            if truncated:  # how many rows were given, and which limit cut the answer
                took["X-Ties-Truncated"], took["X-Ties-Truncated-By"] = str(truncated[0]), truncated[1]
            charset = "; charset=utf-8" if media.startswith("text/") and "charset" not in media else ""
            self._send(200, body, media + charset, took)
        elif kind == "bad":
            self._error(400, f"malformed query: {reply[1]}", took)
        elif kind == "forbidden":
            self._error(403, reply[1], took)
        elif kind == "unacceptable":
            self._error(406, reply[1], took)
        elif kind == "missing":
            self._error(404, reply[1], took)
        else:
            self._error(500, reply[1], took)


# -- the command ------------------------------------------------------------------

def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help="answer SPARQL 1.1 Protocol queries over HTTP (read-only)",
                              description="Serve the store as a read-only SPARQL endpoint at /sparql, "
                                          "with a query workbench (YASGUI, offline) at /, a page per resource at "
                                          "/resource?iri=IRI and the whole store at /store (Graph Store Protocol).")
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
                   help=f"seconds a client may take to send a whole request, or stall reading the answer, "
                        f"before it is dropped (default {CLIENT_TIMEOUT:g})")
    p.add_argument("--max-bytes", type=int, default=MAX_BYTES,
                   help=f"largest answer in bytes; longer ones are cut (default {MAX_BYTES >> 20} MiB)")
    p.add_argument("--allow-service", action="append", default=[], metavar="URL_PREFIX",
                   help="let SERVICE call IRIs starting with this prefix (repeat for several); "
                        "without it every SERVICE is refused with 403")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="answer requests whose Host header names NAME (repeat for several; * for any); "
                        "address literals, localhost and the --host name are always answered")
    p.set_defaults(func=cmd_serve)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def cmd_serve(args: argparse.Namespace) -> int:
    store = Path(args.store)
    if not store.is_dir():
        print(f"error: no store at {store}; build one first with: ties --store {store} build REPORTS",
              file=sys.stderr)
        return 1
    from ties.graph.snapshots import ensure_current
    ensure_current(store)  # the store as it is now, or the running build's first snapshot
    try:
        pool = WorkerPool(store, max(1, args.workers), max(1, args.max_rows), max(0, args.max_memory) << 20,
                          max(1, args.max_bytes), tuple(args.allow_service))
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        server = SparqlServer((args.host, args.port), pool, args.timeout, args.max_body, args.max_rows, args.quiet,
                              max(1, args.max_connections), args.client_timeout, tuple(args.allow_host))
    except OSError as exc:
        pool.close()
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    signal.signal(signal.SIGTERM, _interrupt)  # so `kill` also stops the workers
    print(f"serving {store} at http://{host}:{port}/sparql (query workbench: http://{host}:{port}/)",
          file=sys.stderr, flush=True)
    if args.allow_service:
        print(f"note: SERVICE may call {', '.join(args.allow_service)}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        pool.close()
    return 0
