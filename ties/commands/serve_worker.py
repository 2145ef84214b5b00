"""The query workers of ``ties serve``: content negotiation, what runs in a worker, and the pool of them.

pyoxigraph cannot cancel a running query from another thread, so every query
runs in a worker process that holds the store's current snapshot open read-only
(``graph.snapshots``: one complete state, even while a build writes); a query past
the timeout gets its worker killed and replaced while the other workers go on
answering. Workers check the query (``queries.guard``), run it on a big stack
and serialize the answer themselves, cut to ``--max-rows`` and ``--max-bytes``.
"""
from __future__ import annotations

import json
import multiprocessing
import queue
import sys
import threading
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from ties.commands.serve_guard import fit, isolate_network

# -- content negotiation ------------------------------------------------------

#: Media types of SELECT/ASK answers → pyoxigraph QueryResultsFormat name; the first is the default.
RESULT_TYPES = {"application/sparql-results+json": "JSON", "application/json": "JSON",
                "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
                "text/csv": "CSV", "text/tab-separated-values": "TSV"}
#: Media types of CONSTRUCT/DESCRIBE answers → RdfFormat name ("JSON-LD" goes through rdflib).
GRAPH_TYPES = {"text/turtle": "TURTLE", "application/x-turtle": "TURTLE", "application/ld+json": "JSON-LD",
               "application/json": "JSON-LD", "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES",
               "application/rdf+xml": "RDF_XML", "application/n-quads": "N_QUADS", "application/trig": "TRIG"}



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


class TooLarge(Exception):
    """Not even the first row or triple of an answer fits in ``--max-bytes``."""


#: Bytes a JSON-LD triple may take beyond its N-Triples form, for the first guess of how many fit.
_SLACK = 64


def _cut(count: int, given: int, max_bytes: int) -> str | None:
    """Why an answer of ``count`` items was cut to ``given`` ("rows" or "bytes"), None if it was not."""
    if given == 0 and count:
        raise TooLarge(f"answer too large: its first row alone is over the {max_bytes} byte limit "
                       "(--max-bytes); select less, or cut long values with SUBSTR")
    return "bytes" if given < count else None


def _solutions(answer: Any, fmt: str, max_rows: int, max_bytes: int) -> tuple[bytes, int, str | None]:
    """Solutions in ``fmt`` within ``max_rows`` and ``max_bytes``, re-read through pyoxigraph so its
    writers format them; the body, the rows given, and why it was cut (None, "rows", "bytes")."""
    from pyoxigraph import QueryResultsFormat, parse_query_results
    names = [v.value for v in answer.variables]
    rows = list(islice(answer, max_rows + 1))
    items = [json.dumps({n: _binding(row[n]) for n in names if row[n] is not None}) for row in rows[:max_rows]]
    head = json.dumps(names)

    def render(n: int) -> bytes:
        doc = f'{{"head": {{"vars": {head}}}, "results": {{"bindings": [{",".join(items[:n])}]}}}}'
        capped = parse_query_results(doc.encode("utf-8"), format=QueryResultsFormat.JSON)
        return capped.serialize(format=getattr(QueryResultsFormat, fmt))

    body, given = fit(len(items), render, [len(i) + 1 for i in items], max_bytes)
    cut = _cut(len(items), given, max_bytes)
    return body, given, cut or ("rows" if len(rows) > max_rows else None)


def _unique(items: Any) -> Any:
    """Each triple once: a CONSTRUCT answer is a graph, but its template yields a triple once per solution."""
    seen = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def _triples(answer: Any, fmt: str, max_rows: int, max_bytes: int,
             prefixes: dict[str, str] | None = None) -> tuple[bytes, int, str | None]:
    """Triples in ``fmt`` within ``max_rows`` and ``max_bytes``; JSON-LD through rdflib, the rest by
    pyoxigraph; the body, the triples given, and why it was cut (None, "rows", "bytes")."""
    from pyoxigraph import RdfFormat, serialize
    triples = list(islice(_unique(answer), max_rows + 1))
    over_rows, triples = len(triples) > max_rows, triples[:max_rows]

    def render(n: int) -> bytes:
        if fmt in ("TURTLE", "TRIG"):
            return serialize(triples[:n], format=getattr(RdfFormat, fmt), prefixes=prefixes or {}) or b""
        if fmt != "JSON-LD":
            return serialize(triples[:n], format=getattr(RdfFormat, fmt)) or b""
        import rdflib
        graph = rdflib.Graph()
        graph.parse(data=(serialize(triples[:n], format=RdfFormat.N_TRIPLES) or b"").decode("utf-8"), format="nt")
        return graph.serialize(format="json-ld").encode("utf-8")

    sizes = [len(str(t)) + 3 + (_SLACK if fmt == "JSON-LD" else 0) for t in triples]
    body, given = fit(len(triples), render, sizes, max_bytes)
    cut = _cut(len(triples), given, max_bytes)
    return body, given, cut or ("rows" if over_rows else None)


def answer(store: Any, job: dict[str, Any], max_rows: int, max_bytes: int = 16 << 20,
           allow_service: tuple[str, ...] = (), stack_budget: int | None = None,
           prefixes: dict[str, str] | None = None) -> tuple:
    """Run one request's query; ("ok", media, body, (given, why cut) or None) or (kind, message) for an error.

    Runs on a big stack (``queries.guard.on_big_stack``) after the guard's check, so a deep query fits.
    A job of kind "dump" is ``GET /store``; of kind "resource", the data of a resource page.
    """
    from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions
    if job.get("kind") == "dump":
        from ties.commands.serve_store import dump
        return dump(store, job, max_bytes, prefixes or {})
    if job.get("kind") == "resource":
        from ties.commands.serve_resource import gather
        try:
            return "page", gather(store, job["iri"])
        except ValueError as exc:
            return "bad", f"not an IRI: {exc}"
        except (OSError, RuntimeError, SyntaxError) as exc:
            return "error", f"the resource page failed: {exc}"

    from ties.queries.guard import STACK_BUDGET, QueryRefused, ServiceRefused, check
    try:
        check(job["query"], allow_service, stack_budget or STACK_BUDGET)
    except ServiceRefused as exc:
        return "forbidden", str(exc)
    except QueryRefused as exc:
        return "bad", str(exc)
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
            body, given, cut = _triples(result, fmt, max_rows, max_bytes, prefixes)
        elif isinstance(result, QuerySolutions):
            body, given, cut = _solutions(result, fmt, max_rows, max_bytes)
        else:
            from pyoxigraph import QueryResultsFormat
            body, given, cut = result.serialize(format=getattr(QueryResultsFormat, fmt)), 1, None
    except TooLarge as exc:
        return "error", str(exc)
    except (OSError, RuntimeError, ValueError) as exc:
        return "error", f"query failed while running: {exc}"
    return "ok", media, body, (given, cut) if cut else None


def worker_main(conn: Any, store_path: str, max_rows: int, max_memory: int = 0, max_bytes: int = 16 << 20,
                allow_service: tuple[str, ...] = ()) -> None:
    """A worker process: open the store's current snapshot read-only, then answer jobs from the pipe
    until it closes, switching to a newer snapshot between jobs when a build has published one.

    ``max_memory`` (bytes of address space, 0 for none) stops a query that would take all the
    machine's memory (an ORDER BY over a cross product takes gigabytes a second) before the
    timeout does: the allocation fails, the worker dies and is replaced, the client gets 500.
    With no SERVICE allowed the worker first leaves the network (``isolate_network``), where the
    system lets it, as a second line behind the query check.
    """
    if not allow_service:
        isolate_network()
    from ties.commands.serve_page import project_prefixes
    from ties.graph.snapshots import Reader
    from ties.queries.guard import THREAD_STACK, on_big_stack
    prefixes = project_prefixes()
    stack = THREAD_STACK
    if max_memory:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
        stack = max(16 << 20, min(THREAD_STACK, max_memory // 8))  # the stack counts in the address space
    reader = Reader(store_path)
    try:
        reader.fresh()
    except OSError as exc:
        conn.send(("failed", f"cannot open the store at {store_path}: {exc}"))
        return
    conn.send(("ready",))

    def serve_jobs() -> None:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            try:  # each request reads the newest published state, whole (graph.snapshots)
                reply = answer(reader.fresh(), job, max_rows, max_bytes, allow_service, stack // 4, prefixes)
            except OSError as exc:
                reply = ("error", f"cannot open the store's current snapshot: {exc}")
            conn.send(reply)

    # One thread with the big stack, made now while the worker's memory is small: a thread made per
    # request could not get its stack once an answer had filled most of --max-memory.
    try:
        on_big_stack(serve_jobs, stack=stack)
    except RuntimeError as exc:  # no thread to run on (a --max-memory too small for its stack)
        conn.send(("error", f"cannot run queries: {exc}; --max-memory must leave room for the "
                            f"{stack >> 20} MB stack queries run on"))


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

    def __init__(self, store_path: Path, size: int, max_rows: int, max_memory: int = 0,
                 max_bytes: int = 16 << 20, allow_service: tuple[str, ...] = ()) -> None:
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._store, self._max_rows, self._max_memory = str(store_path), max_rows, max_memory
        self._limits = (max_bytes, tuple(allow_service))
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._start() for _ in range(size)]
        for worker in started:
            self._idle.put(self._ready(worker))

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=worker_main, args=(child, self._store, self._max_rows, self._max_memory, *self._limits),
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
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._drop(worker)
            raise RuntimeError("a query worker died while opening the store (is --max-memory too small? "
                               "each worker needs some hundreds of MB)") from None
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
