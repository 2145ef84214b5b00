"""Load on ``ties serve`` (not a test): many clients on loopback, then requests, errors, latency and memory.

Starts ``ties serve`` on a free loopback port over a store (built from ``data/reports`` into a
temporary folder unless ``--store`` is given) and runs ``--clients`` threads for ``--seconds``.
Each sends, back to back, a mix of what a research team sends: the named queries with their
examples bound, small SELECT / ASK / CONSTRUCT queries by GET and POST in several formats, the
query page, and some requests the server must refuse (a malformed query → 400, an update → 403,
a body over ``--max-body`` → 413). One more client sends, every few seconds, a query that runs
past the server's ``--timeout`` (→ 503) while the others go on.

A request fails if it gets any other status, a connection error or no answer. Memory is the
RSS of the server process and its query workers together (psutil), sampled twice a second;
"growth" compares the last fifth of the run with the second fifth (after warm-up).

Run: ``python bench/load_endpoint.py [--clients 50] [--seconds 60] [--store DIR] [--workers N]``.
``tests/test_load.py`` runs the same with 20 clients for 10 seconds.
"""
from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TIES = "https://w3id.org/ties/ontology#"
#: Runs far past any timeout: a three-way cross product of every triple.
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = [
    ("select", f"SELECT ?d ?l WHERE {{ ?r a <{TIES}Report> ; <{TIES}document> ?d ; <{TIES}layout> ?l }}",
     "application/sparql-results+json"),
    ("select-csv", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200", "text/csv"),
    ("ask", f"ASK {{ ?e a <{TIES}Event> }}", "application/sparql-results+json"),
    ("count", f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a <{TIES}Event> }}", "application/sparql-results+xml"),
    ("construct", f"CONSTRUCT {{ ?r <{TIES}document> ?d }} WHERE {{ ?r <{TIES}document> ?d }}", "text/turtle"),
    ("everything", "SELECT * WHERE { ?s ?p ?o }", "text/tab-separated-values"),  # cut at --max-rows
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store: Path, timeout: float = 5, max_rows: int = 2000, max_body: int = 64 * 1024,
                 workers: int = 4, log: Path | None = None, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """``ties serve`` on a free loopback port; returns the process and its ``host:port`` once it answers."""
    port = free_port()
    with open(log or "/dev/null", "wb") as err:  # the server keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "ties.cli", "--store", str(store), "-q", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--timeout", str(timeout), "--max-rows", str(max_rows), "--max-body", str(max_body),
             "--workers", str(workers), *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ties serve exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, f"127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("ties serve did not start within 90 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass(frozen=True)
class Request:
    kind: str
    method: str
    path: str
    body: bytes | None
    headers: dict[str, str]
    expect: int


def named_requests() -> list[Request]:
    """Every named query with its examples bound, as ``ties query --endpoint`` would send it."""
    from ties.queries import bind, catalogue, with_values
    out = []
    for query in catalogue():
        values = {p.name: p.example for p in query.params if p.example is not None}
        text = with_values(query.text, bind(query, values))
        out.append(Request(f"named:{query.name}", "POST", "/sparql", text.encode("utf-8"),
                           {"Content-Type": "application/sparql-query",
                            "Accept": "application/sparql-results+json"}, 200))
    return out


def request_mix(max_body: int) -> list[tuple[Request, int]]:
    """(request, weight): mostly reads, some refusals."""
    mix: list[tuple[Request, int]] = []
    for kind, query, accept in SMALL:
        mix.append((Request(kind, "POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query",
                                                                      "Accept": accept}, 200), 6))
        mix.append((Request(kind + "-get", "GET", f"/sparql?query={quote(query)}", None, {"Accept": accept}, 200), 3))
    mix += [(r, 3) for r in named_requests()]
    mix += [
        (Request("page", "GET", "/", None, {}, 200), 2),
        (Request("malformed", "POST", "/sparql", b"SELECT ?x WHERE { ?x ?y }",
                 {"Content-Type": "application/sparql-query"}, 400), 2),
        (Request("update", "POST", "/sparql", urlencode({"update": "DROP ALL"}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded"}, 403), 2),
        (Request("update-body", "POST", "/sparql", b"CLEAR ALL", {"Content-Type": "application/sparql-update"}, 403), 1),
        (Request("too-big", "POST", "/sparql", b"#" * (max_body + 1), {"Content-Type": "application/sparql-query"},
                 413), 1),
        (Request("unknown", "GET", "/nothing", None, {}, 404), 1),
    ]
    return mix


def send(base: str, request: Request, timeout: float = 120) -> tuple[int, float]:
    """(status, seconds); a connection error or timeout raises."""
    status, took, _ = exchange(base, request, timeout)
    return status, took


def exchange(base: str, request: Request, timeout: float = 120) -> tuple[int, float, bytes]:
    """(status, seconds, body); a connection error or timeout raises."""
    host, port = base.split(":")
    started = time.monotonic()
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(request.method, request.path, body=request.body, headers=request.headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, time.monotonic() - started, body
    finally:
        connection.close()


@dataclass
class LoadResult:
    clients: int
    seconds: float  # as planned: clients start no request after it
    elapsed: float = 0.0  # until the last answer came
    requests: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    expensive: list[tuple[int, float]] = field(default_factory=list)
    rss: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, bytes)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0

    def rss_window(self, start: float, end: float) -> float:
        """Mean RSS over a fraction [start, end) of the run."""
        picked = [r for t, r in self.rss if start * self.seconds <= t < end * self.seconds]
        return statistics.fmean(picked) if picked else 0.0

    @property
    def peak_rss(self) -> int:
        return max((r for _, r in self.rss), default=0)

    @property
    def growth(self) -> float:
        """RSS of the last fifth of the run over the second fifth (after warm-up), in bytes."""
        return self.rss_window(0.8, 1.01) - self.rss_window(0.2, 0.4)

    def summary(self) -> str:
        mb = 1 << 20
        rate = self.requests / self.elapsed if self.elapsed else 0.0
        lines = [
            (f"clients {self.clients}, {self.seconds:g} s (last answer after {self.elapsed:.1f} s): "
             f"{self.requests} requests served ({rate:.0f}/s), {len(self.failures)} failed"),
            (f"latency p50 {self.percentile(50) * 1000:.0f} ms, p95 {self.percentile(95) * 1000:.0f} ms, "
             f"p99 {self.percentile(99) * 1000:.0f} ms, max {max(self.latencies, default=0) * 1000:.0f} ms"),
            (f"expensive query (past the timeout): {len(self.expensive)} sent, statuses "
             f"{sorted(Counter(s for s, _ in self.expensive).items())}, "
             f"{max((t for _, t in self.expensive), default=0):.1f} s at most"),
            (f"memory (server + workers RSS): peak {self.peak_rss / mb:.0f} MB, second fifth "
             f"{self.rss_window(0.2, 0.4) / mb:.0f} MB, last fifth {self.rss_window(0.8, 1.01) / mb:.0f} MB "
             f"(growth {self.growth / mb:+.0f} MB)"),
            "by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_kind.items())),
        ]
        lines += [f"failure: {f}" for f in self.failures[:10]]
        return "\n".join(lines)


def tree_rss(pid: int) -> int:
    """RSS of a process and all its children, in bytes (0 once it is gone)."""
    import psutil
    try:
        root = psutil.Process(pid)
        total = root.memory_info().rss
        for child in root.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total
    except psutil.NoSuchProcess:
        return 0


def run_load(base: str, server_pid: int, clients: int, seconds: float, max_body: int = 64 * 1024,
             expensive_every: float = 3.0, seed: int = 1) -> LoadResult:
    """``clients`` threads sending the mix back to back for ``seconds``; one more sends EXPENSIVE now and then."""
    result = LoadResult(clients, seconds)
    mix = request_mix(max_body)
    requests, weights = [r for r, _ in mix], [w for _, w in mix]
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + seconds

    def client(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        while time.monotonic() < deadline:
            request = rng.choices(requests, weights)[0]
            try:
                status, took, body = exchange(base, request)
                problem = None if status == request.expect else \
                    f"{request.kind}: status {status} after {took:.1f} s: {body[:120]!r}"
            except (OSError, http.client.HTTPException) as exc:
                status, took, problem = 0, 0.0, f"{request.kind}: {type(exc).__name__}: {exc}"
            with lock:
                result.requests += 1
                result.by_kind[request.kind.split(":")[0]] += 1
                if problem:
                    result.failures.append(problem)
                else:
                    result.latencies.append(took)

    def expensive() -> None:
        request = Request("expensive", "POST", "/sparql", EXPENSIVE.encode(),
                          {"Content-Type": "application/sparql-query"}, 503)
        while time.monotonic() + expensive_every < deadline:
            time.sleep(expensive_every)
            try:
                status, took = send(base, request)
            except (OSError, http.client.HTTPException) as exc:
                status, took = 0, 0.0
                with lock:
                    result.failures.append(f"expensive: {type(exc).__name__}: {exc}")
            with lock:
                result.expensive.append((status, took))
                if status != 503:
                    result.failures.append(f"expensive: status {status}")

    def sample() -> None:
        while time.monotonic() < deadline:
            result.rss.append((time.monotonic() - started, tree_rss(server_pid)))
            time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    threads += [threading.Thread(target=expensive, daemon=True), threading.Thread(target=sample, daemon=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)  # every client stops at the deadline, plus one request's worth
    result.elapsed = time.monotonic() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--store", type=Path, help="a built store (default: build data/reports into a temp folder)")
    parser.add_argument("--workers", type=int, default=4, help="query workers of the server (default 4)")
    parser.add_argument("--timeout", type=float, default=5, help="the server's query timeout (default 5 s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ties-load-") as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            print(f"building {store} from data/reports …", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(store), "-q", "build",
                            str(ROOT / "data" / "reports")], cwd=ROOT, check=True)
        process, base = start_server(store, timeout=args.timeout, workers=args.workers)
        try:
            print(f"ties serve at http://{base}/sparql, {args.workers} workers, timeout {args.timeout:g} s; "
                  f"{args.clients} clients for {args.seconds:g} s …", file=sys.stderr)
            result = run_load(base, process.pid, args.clients, args.seconds)
        finally:
            stop_server(process)
    print(result.summary())
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
