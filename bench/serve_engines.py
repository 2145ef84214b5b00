"""``ties serve`` against ``oxigraph serve-read-only`` on the same store: latency and the hostile-input defences.

Why ``ties serve`` keeps its own HTTP front rather than handing the protocol to the
Oxigraph server the ``oxigraph`` wheel installs: this measures, on one store, each
need issue 13 set (SERVICE, Host names, deep queries, the timeout, answer limits) and
the latency of the same requests on both. Prints a table; asserts nothing.

    python bench/serve_engines.py [--store DIR] [--repeat 30]

Every server is on 127.0.0.1; the SERVICE target is a recorder here that only counts requests.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from load_endpoint import Request, exchange, free_port, named_requests, start_server, stop_server  # noqa: E402

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ASK = "ASK { ?r a <https://w3id.org/ties/ontology#Report> }"
JSON = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}


def oxigraph_binary() -> str:
    for candidate in (shutil.which("oxigraph"), Path(sys.executable).parent / "oxigraph",
                      Path(sys.executable).resolve().parent / "oxigraph", ROOT.parent / "main/.venv/bin/oxigraph"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    sys.exit("no oxigraph program (pip install oxigraph)")


def start_oxigraph(location: Path, timeout: float) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}", "--timeout-s", str(int(timeout))],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            exchange(f"127.0.0.1:{port}", Request("ask", "GET", f"/query?query={quote(ASK)}", None, {}, 200), 2)
            return process, f"127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("oxigraph did not start")


def recorder() -> tuple[ThreadingHTTPServer, list[str]]:
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, hits


def latency(base: str, path: str, request: Request, repeat: int) -> str:
    times = []
    for _ in range(repeat):
        status, took, _ = exchange(base, Request(request.kind, request.method, path, request.body,
                                                 request.headers, 200))
        if status != 200:
            return f"status {status}"
        times.append(took * 1000)
    times.sort()
    return f"p50 {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} ms"


def other_hosts(base: str, page: str, wait: float = 5) -> list[str]:
    """The hosts other than the server that the query page asks for while it loads and the editor starts."""
    from urllib.parse import urlsplit
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return ["(selenium missing: not measured)"]
    options = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--disable-background-networking"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(f"http://{base}{page}")
        time.sleep(wait)
        urls = [json.loads(e["message"])["message"]["params"].get("request", {}).get("url", "")
                for e in driver.get_log("performance")]
    finally:
        driver.quit()
    return sorted({urlsplit(u).hostname for u in urls if u.startswith("http") and urlsplit(u).netloc != base})


def alive(base: str, path: str) -> bool:
    try:
        return exchange(base, Request("ask", "POST", path, ASK.encode(), JSON, 200), 10)[0] == 200
    except OSError:
        return False


def probes(base: str, path: str, page: str, target: str, hits: list[str], timeout: float) -> dict[str, str]:
    """Each defence, as a client sees it."""
    out: dict[str, str] = {}
    before = len(hits)
    status, _, _ = exchange(base, Request("s", "POST", path, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
                                          .encode(), JSON, 0), 30)
    out["SERVICE to a loopback address"] = f"{status}, {len(hits) - before} request(s) reached it"
    status, _, _ = exchange(base, Request("h", "POST", path, ASK.encode(), {**JSON, "Host": "evil.example"}, 0), 10)
    out["Host: evil.example (DNS rebinding)"] = str(status)
    status, took, body = exchange(base, Request("t", "POST", path, SLOW.encode(), JSON, 0), 120)
    try:
        json.loads(body)
        whole = "valid JSON"
    except ValueError:
        whole = "a 200 body cut short (not valid JSON)" if status == 200 else f"error line {body[:40]!r}"
    out[f"query past a {timeout:g} s timeout"] = f"{status} after {took:.1f} s, {whole}"
    status, _, body = exchange(base, Request("r", "POST", path, b"SELECT * WHERE { ?s ?p ?o }", JSON, 0), 60)
    rows = len(json.loads(body)["results"]["bindings"]) if status == 200 else 0
    out["SELECT * of the store, --max-rows 1000"] = f"{status}, {rows} rows"
    out["query page (headless Chromium, network off) asked"] = ", ".join(other_hosts(base, page)) or "only its server"
    deep = "SELECT * WHERE " + "{" * 10000 + "?s ?p ?o" + "}" * 10000
    try:
        status = exchange(base, Request("d", "POST", path, deep.encode(), JSON, 0), 30)[0]
    except OSError as exc:
        status = type(exc).__name__
    out["query nested 10,000 deep"] = f"{status}, server {'still answers' if alive(base, path) else 'DEAD'}"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="a built store (default: the sample reports, built now)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=2)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ties-engines-"))
    store = args.store
    if store is None:
        store = work / "store"
        subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(store), "-q", "build",
                        str(ROOT / "data" / "reports")], check=True, capture_output=True)
    from ties.graph.snapshots import current, ensure_current, folder
    target_server, hits = recorder()
    target = f"http://127.0.0.1:{target_server.server_address[1]}/sparql"
    requests = [("ASK", Request("ask", "POST", "", ASK.encode(), JSON, 200))]
    requests += [(r.kind, r) for r in named_requests() if r.kind in ("named:partners", "named:ties-between",
                                                                      "named:events-by-country")]
    table: dict[str, dict[str, str]] = {}
    ties, ties_base = start_server(store, args.timeout, 1000, 64 * 1024, 2, None)
    try:
        for name, request in requests:
            table.setdefault(f"latency {name}", {})["ties serve"] = latency(ties_base, "/sparql", request, args.repeat)
        for key, value in probes(ties_base, "/sparql", "/", target, hits, args.timeout).items():
            table.setdefault(key, {})["ties serve"] = value
    finally:
        stop_server(ties)
    ensure_current(store)  # oxigraph opens one folder: the newest snapshot, which nobody writes
    oxi, oxi_base = start_oxigraph(folder(store) / current(store), args.timeout)
    try:
        for name, request in requests:
            table.setdefault(f"latency {name}", {})["oxigraph"] = latency(oxi_base, "/query", request, args.repeat)
        for key, value in probes(oxi_base, "/query", "/", target, hits, args.timeout).items():
            table.setdefault(key, {})["oxigraph"] = value
    finally:
        oxi.kill()
        oxi.wait()
        target_server.shutdown()
    print("| | ties serve | oxigraph serve-read-only |\n|---|---|---|")
    for key, row in table.items():
        print(f"| {key} | {row.get('ties serve', '')} | {row.get('oxigraph', '')} |")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
