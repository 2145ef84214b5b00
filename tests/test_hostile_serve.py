"""Issue 13, the server side: hostile requests to ``ties serve`` and hostile servers for ``ties push``.

Every network peer here is on 127.0.0.1: the endpoint under test, a recorder
that counts the requests a SERVICE would send it, and graph stores that hang,
drop or reset ``ties push``. Loops are bounded in count; no assertion is on time.
"""
from __future__ import annotations

import json
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from ties.queries.guard import QueryRefused, ServiceRefused, check
from test_serve import free_port, post_query, request, stop, wait_for

MAX_ROWS = 100
MAX_BYTES = 20_000
CLIENT_TIMEOUT = 3
TIES = "https://w3id.org/ties/ontology#"
ASK = f"ASK {{ ?r a <{TIES}Report> }}"
EMPTY_RESULTS = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'


# -- loopback peers --------------------------------------------------------------------

class Recorder(ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 that counts every request and answers with empty SPARQL results."""

    daemon_threads = True

    def __init__(self) -> None:
        self.hits: list[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                recorder.hits.append(f"{self.command} {self.path}")
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(EMPTY_RESULTS)))
                self.end_headers()
                self.wfile.write(EMPTY_RESULTS)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture()
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def start_serve(store: Path, log: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    with open(log, "wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "ties.cli", "--store", str(store), "serve", "--port", str(port),
             "--timeout", "10", "--max-rows", str(MAX_ROWS), "--max-bytes", str(MAX_BYTES),
             "--client-timeout", str(CLIENT_TIMEOUT), "--workers", "2", *extra],
            stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
    except Exception:
        stop(process)
        raise
    return process, base


@pytest.fixture(scope="module")
def served(built_store: Path, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """``ties serve`` with small byte and client-time limits, logging requests; (base URL, log file)."""
    log = tmp_path_factory.mktemp("hostile") / "serve.log"
    process, base = start_serve(built_store, log)
    try:
        yield base, log
    finally:
        stop(process)


def service_queries(port: int) -> list[str]:
    target = f"http://127.0.0.1:{port}/sparql"
    return [f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
            f"select * where {{ ?x ?y ?z . service silent <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICESILENT<{target}> {{ ?s ?p ?o }} }}",
            f"PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE:sparql {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}"]


def send_three_ways(base: str, query: str) -> list[tuple[int, bytes]]:
    """The query by POST body, by GET and by form POST: each (status, body)."""
    got = [post_query(base, query), request(f"{base}/sparql?query={quote(query)}"),
           request(base + "/sparql", urlencode({"query": query}).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"})]
    return [(status, body) for status, _, body in got]


# -- SERVICE (SSRF) ---------------------------------------------------------------------

def test_service_is_refused_by_every_method_and_never_called(served, recorder):
    base, _ = served
    for query in service_queries(recorder.server_address[1]):
        for status, body in send_three_ways(base, query):
            assert status == 403 and b"SERVICE" in body and b"--allow-service" in body, (query, status, body)
    assert recorder.hits == []
    assert post_query(base, ASK)[0] == 200  # and the endpoint still answers


def test_allow_service_lets_only_its_prefix_through(built_store, recorder, tmp_path):
    port = recorder.server_address[1]
    process, base = start_serve(built_store, tmp_path / "serve.log", "--allow-service",
                                f"http://127.0.0.1:{port}/allowed/", "--allow-host", "ties.example")
    try:
        other = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/other> {{ ?s ?p ?o }} }}"
        status, _, body = post_query(base, other)
        assert status == 403 and b"not allowed" in body and recorder.hits == []
        status, _, body = post_query(base, f"SELECT * WHERE {{ SERVICE ?where {{ ?s ?p ?o }} }}")
        assert status == 403 and recorder.hits == []
        allowed = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/allowed/sparql> {{ ?s ?p ?o }} }}"
        status, _, body = post_query(base, allowed)
        assert status == 200 and json.loads(body)["results"]["bindings"] == []
        assert recorder.hits and all(hit.split()[1].startswith("/allowed/") for hit in recorder.hits)
        # the --allow-host name is answered here, and an unknown one still is not
        assert request(base + "/", headers={"Host": "ties.example"})[0] == 200
        assert request(base + "/", headers={"Host": "evil.example"})[0] == 421
    finally:
        stop(process)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s <urn:service> "SERVICE <http://127.0.0.1:1/>" }  # SERVICE <http://127.0.0.1:1/>',
    "SELECT ?service WHERE { ?s <http://example.org/SERVICE#x> ?service }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ?o }",
    "SELECT * WHERE { ?s ?p '''\nSERVICE <http://127.0.0.1:1/> {}\n''' }",
])
def test_service_in_strings_iris_comments_and_names_is_not_a_call(query):
    assert check(query, ()).services == []


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { sErViCe <http://127.0.0.1:1/> {} }",
    "SELECT * WHERE { ?s ?p 1SERVICE<http://127.0.0.1:1/> {} }",
    "SELECT * WHERE { SERVICE#comment\n<http://127.0.0.1:1/> {} }",
    'SELECT * WHERE { ?s ?p "a\\u0022" SERVICE <http://127.0.0.1:1/> {} }',
])
def test_service_however_written_is_refused(query):
    with pytest.raises(ServiceRefused):
        check(query, ())
    with pytest.raises(ServiceRefused):
        check(query, ("http://example.org/",))


def test_query_workers_have_no_network_when_no_service_is_allowed(recorder):
    """The second line behind the check: a worker's process cannot connect to the recorder."""
    code = ("import socket, sys; from ties.commands.serve_guard import isolate_network\n"
            "if not isolate_network(): print('not isolated'); sys.exit(0)\n"
            "try:\n    socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)\n"
            "except OSError: print('no network')\nelse: print('connected')\n")
    out = subprocess.run([sys.executable, "-c", code, str(recorder.server_address[1])], capture_output=True,
                         text=True, timeout=60).stdout.strip()
    if out == "not isolated":
        pytest.skip("this system does not let a process leave the network (no user namespaces)")
    assert out == "no network" and recorder.hits == []


# -- Host header (DNS rebinding) ----------------------------------------------------------

def test_unknown_host_names_are_refused(served):
    base, _ = served
    port = base.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", "localhost.evil.example"):
        status, _, body = request(f"{base}/sparql?query={quote(ASK)}", headers={"Host": host})
        assert status == 421 and b"--allow-host" in body, host
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "[::1]", "LOCALHOST"):
        assert request(f"{base}/sparql?query={quote(ASK)}", headers={"Host": host})[0] == 200, host
    for path in ("/", "/store", "/resource?iri=" + quote(TIES + "Event", safe=""), "/named-query?name=reports"):
        assert request(base + path, headers={"Host": "evil.example"})[0] == 421, path
        assert request(base + path)[0] != 421, path  # (/store is over this server's --max-bytes: 500)


def test_a_store_dump_over_max_bytes_is_refused_not_cut(served):
    base, _ = served
    status, _, body = request(base + "/store", headers={"Accept": "application/n-quads"})
    assert status == 500 and b"--max-bytes" in body and body.count(b"\n") == 1
    assert post_query(base, ASK)[0] == 200  # the worker that stopped writing it answers on


# -- answers capped in bytes ----------------------------------------------------------------

#: Over 300 bytes a triple, so --max-bytes cuts these before --max-rows does.
LONG_TRIPLES = ("CONSTRUCT { ?s <urn:long> ?long } WHERE { ?s ?p ?o "
                "BIND(CONCAT(STR(?s), STR(?p), STR(?o), STR(?s), STR(?p)) AS ?long) }")

def test_one_group_concat_row_cannot_carry_the_store(served):
    base, _ = served
    status, headers, body = post_query(base, "SELECT (GROUP_CONCAT(STR(?p)) AS ?all) WHERE { ?s ?p ?o }")
    assert status == 500 and b"--max-bytes" in body and len(body) < 1000


@pytest.mark.parametrize("query, accept", [
    ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "application/sparql-results+json"),
    ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "application/sparql-results+xml"),
    ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "text/csv"),
    (LONG_TRIPLES, "application/n-triples"),
    (LONG_TRIPLES, "application/ld+json"),
])
def test_answers_are_cut_at_max_bytes_with_a_header(served, query, accept):
    base, _ = served
    status, headers, body = post_query(base, query, accept)
    assert status == 200 and len(body) <= MAX_BYTES
    assert headers["X-Ties-Truncated-By"] == "bytes" and 0 < int(headers["X-Ties-Truncated"]) < MAX_ROWS


# -- deep queries ---------------------------------------------------------------------------

def deep(levels: int) -> str:
    return "SELECT * WHERE " + "{ " * levels + "?s ?p ?o " + "} " * levels


def test_a_deep_query_is_400_and_the_workers_live_on(served):
    base, _ = served
    for query in (deep(10_000), "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?x } " * 5000 + "}",
                  "ASK { FILTER(" + "+".join(["1"] * 100_000) + " > 0) }"):
        status, _, body = post_query(base, query)
        assert status == 400 and b"too deeply nested" in body
    assert post_query(base, ASK)[0] == 200
    status, _, body = post_query(base, deep(3000).replace("SELECT *", "SELECT (COUNT(*) AS ?n)"))
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


def test_ties_query_refuses_a_deep_file_in_one_line_and_runs_a_deep_enough_one(built_store, tmp_path):
    crash = tmp_path / "deep.rq"
    crash.write_text(deep(10_000), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(built_store), "query", str(crash)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "too deeply nested" in done.stderr
    # 3,000 levels overflowed the main thread's 8 MB stack; on the query thread they run
    fits = tmp_path / "fits.rq"
    fits.write_text(deep(3000).replace("SELECT *", "SELECT (COUNT(*) AS ?n)"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(built_store), "query", str(fits),
                           "--format", "csv"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and int(done.stdout.splitlines()[1]) > 0


def test_the_check_refuses_what_would_overflow_and_passes_the_named_queries():
    from ties.queries import catalogue
    for query in catalogue():
        check(query.text, ())
    for query in (deep(10_000), "ASK { FILTER(" + "(" * 20_000 + "1" + ")" * 20_000 + ") }"):
        with pytest.raises(QueryRefused):
            check(query, None)


# -- slow clients, early disconnects, HEAD ---------------------------------------------------

def test_a_client_trickling_headers_is_dropped(served):
    base, log = served
    port = int(base.rsplit(":", 1)[1])
    lines = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.settimeout(0.5)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        closed = False
        for lines in range(1, 81):  # 80 lines, one every 0.5 s: 40 s, far past the 3 s deadline
            try:
                sock.sendall(b"X-Slow: %d\r\n" % lines)
                if sock.recv(1024) == b"":
                    closed = True
                    break
            except socket.timeout:
                continue
            except OSError:
                closed = True
                break
    assert closed and lines < 80
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_early_disconnects_are_one_log_line_each(served):
    base, log = served
    port = int(base.rsplit(":", 1)[1])
    query = quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(f"GET /sparql?query={query} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        sock.close()
    assert post_query(base, ASK)[0] == 200
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "BrokenPipeError" not in text.replace("(BrokenPipeError)", "")


def test_head_is_answered_without_a_body(served):
    base, _ = served
    status, headers, body = request(base + "/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    status, headers, body = request(f"{base}/sparql?query={quote(ASK)}", method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Type"].startswith("application/sparql-results+json")


# -- ties push against servers that misbehave ------------------------------------------------

class Misbehaving:
    """A graph store on 127.0.0.1 that confirms the first ``good`` PUTs, then fails as ``mode`` says."""

    def __init__(self, mode: str, good: int = 0) -> None:
        self.mode, self.good, self.confirmed = mode, good, 0
        self.stopping = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            with conn:
                conn.settimeout(5)
                self._one(conn)

    def _head(self, conn: socket.socket) -> tuple[bytes, int]:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data, 0
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        return rest, length

    def _one(self, conn: socket.socket) -> None:
        try:
            rest, length = self._head(conn)
            if self.confirmed < self.good:
                while len(rest) < length:
                    rest += conn.recv(65536)
                conn.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
                self.confirmed += 1
            elif self.mode == "hang":
                self.stopping.wait(30)
            elif self.mode == "close-mid-body":
                pass  # closed with the body half read
            elif self.mode == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            elif self.mode == "garbage":
                conn.sendall(b"HELLO\r\n\r\n")
            elif self.mode == "half-answer":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")
        except OSError:
            pass

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(40)
        self.sock.close()


@pytest.mark.parametrize("mode, good", [("hang", 0), ("close-mid-body", 0), ("reset", 0), ("garbage", 0),
                                        ("half-answer", 0), ("reset", 2), ("close-mid-body", 1)])
def test_push_reports_only_what_the_server_confirmed(built_store, mode, good):
    server = Misbehaving(mode, good)
    try:
        done = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(built_store), "-q", "push",
                               "--endpoint", f"http://127.0.0.1:{server.port}", "--timeout", "2"],
                              capture_output=True, text=True, timeout=120)
    finally:
        server.close()
    summary = done.stderr.strip().splitlines()[-1]
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert summary.startswith(f"pushed {server.confirmed} of ") and server.confirmed == good, summary
    assert "failed" in summary and "run it again" in summary
