"""``ties serve`` as a client sees it: the SPARQL 1.1 Protocol over loopback, limits, and the query page."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from ties import queries
from ties.graph.store import triple_count
from ties.queries import load, names, run
from test_queries import INJECTION, SAMPLES_LACK, canonical, example_values

TIMEOUT = 2.0
MAX_ROWS = 1000
MAX_BODY = 64 * 1024
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TIES = "https://w3id.org/ties/ontology#"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="module")
def server(built_store: Path, tmp_path_factory):
    """``ties serve`` in its own process on a free loopback port; stopped (SIGTERM) afterwards."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "ties.cli", "--store", str(built_store), "-q", "serve", "--port", str(port),
             "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--max-body", str(MAX_BODY),
             "--workers", "3"], stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        yield base
    finally:
        stop(process)
    assert "serving" in log.read_text(encoding="utf-8")


def stop(process: subprocess.Popen) -> None:
    """End a server the way a user does (SIGTERM), killing it only if it does not go within 20 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
            method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def post_query(base: str, query: str, accept: str = "application/sparql-results+json", **extra: str):
    return request(base + "/sparql" + (f"?{urlencode(extra)}" if extra else ""), query.encode("utf-8"),
                   {"Content-Type": "application/sparql-query", "Accept": accept})


def count(base: str) -> int:
    status, _, body = post_query(base, COUNT)
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# -- the same answers as the embedded store ---------------------------------------------

@pytest.mark.parametrize("name", names())
def test_named_queries_give_the_same_rows_as_the_embedded_store(server, built_store, name):
    store = queries.open_store(built_store)
    query = load(name)
    values = example_values(query)
    local = run(query, values, store=store)
    remote = run(query, values, endpoint=server + "/sparql")  # SPARQLWrapper as the client
    assert canonical(remote) == canonical(local) and (local.rows or name in SAMPLES_LACK)


def test_get_form_post_and_query_post_agree(server):
    query = f"SELECT ?d WHERE {{ ?r a <{TIES}Report> ; <{TIES}document> ?d }} ORDER BY ?d"
    accept = {"Accept": "text/csv"}
    got = [request(f"{server}/sparql?query={quote(query)}", headers=accept),
           request(server + "/sparql", urlencode({"query": query}).encode(),
                   {**accept, "Content-Type": "application/x-www-form-urlencoded"}),
           post_query(server, query, "text/csv")]
    assert {(status, body) for status, _, body in got} == {(200, got[0][2])}
    assert got[0][2].decode().splitlines()[1:] == sorted(p.name for p in Path("data/reports").glob("*.txt"))


@pytest.mark.parametrize("accept, media, check", [
    ("application/sparql-results+json", "application/sparql-results+json", lambda b: json.loads(b)["results"]),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b"<sparql" in b),
    ("text/csv", "text/csv", lambda b: b.startswith(b"layout,n\r\n")),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.startswith(b"?layout\t?n\n")),
    ("text/html, */*;q=0.1", "application/sparql-results+json", lambda b: json.loads(b)["head"]),
])
def test_select_answers_in_the_accepted_format(server, accept, media, check):
    query = f"SELECT ?layout (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r <{TIES}layout> ?layout }} GROUP BY ?layout"
    status, headers, body = post_query(server, query, accept)
    assert status == 200 and headers["Content-Type"].startswith(media) and check(body)


def test_ask_answers_true_or_false(server):
    for query, expected in ((f"ASK {{ ?r a <{TIES}Report> }}", True), ("ASK { ?r a <urn:nothing> }", False)):
        status, _, body = post_query(server, query)
        assert status == 200 and json.loads(body)["boolean"] is expected


def test_construct_as_turtle_and_json_ld(server):
    import rdflib
    from rdflib.compare import isomorphic
    query = f"CONSTRUCT {{ ?r a <{TIES}Report> ; <{TIES}document> ?d }} WHERE {{ ?r <{TIES}document> ?d }}"
    status, headers, turtle = post_query(server, query, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    status, headers, jsonld = post_query(server, query, "application/ld+json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    a = rdflib.Graph().parse(data=turtle.decode(), format="turtle")
    b = rdflib.Graph().parse(data=jsonld.decode(), format="json-ld")
    assert len(a) == 10 and isomorphic(a, b)


def test_default_graph_uri_narrows_the_dataset(server):
    query = f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a <{TIES}Event> }}"
    graph = "https://w3id.org/ties/resource/graph/004_fc8dad3565981d3a"
    status, _, body = post_query(server, query, **{"default-graph-uri": graph})
    one = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    status_all, _, body_all = post_query(server, query)
    every = int(json.loads(body_all)["results"]["bindings"][0]["n"]["value"])
    assert status == status_all == 200 and 0 < one < every


# -- errors and limits ---------------------------------------------------------------------

def test_malformed_query_is_400_with_the_parser_message(server):
    status, headers, body = post_query(server, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert body.decode().startswith("malformed query: error at 1:")


def test_updates_are_refused_and_change_nothing(server, built_store):
    before, stored = count(server), triple_count(queries.open_store(built_store))
    status, _, body = request(server + "/sparql", urlencode({"update": "DROP ALL"}).encode(),
                              {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    status, _, _ = request(server + "/sparql", b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = request(f"{server}/sparql?update={quote('DROP ALL')}")
    assert status == 403
    status, _, body = post_query(server, "DROP ALL")
    assert status == 400 and b"malformed query" in body
    status, _, _ = request(server + "/sparql", b"", method="DELETE")
    assert status == 405
    assert count(server) == before
    assert triple_count(queries.open_store(built_store)) == stored


def test_injection_through_a_parameter_over_http(server):
    before = count(server)
    result = run(load("partners"), {"place": INJECTION}, endpoint=server + "/sparql")
    assert result.rows == [] and count(server) == before


def test_a_slow_query_times_out_while_others_are_answered(server):
    slow: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        slow["status"], _, slow["body"] = post_query(server, SLOW)
        slow["took"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    status, _, _ = post_query(server, f"ASK {{ ?r a <{TIES}Report> }}")
    quick = time.monotonic() - started
    thread.join(30)
    assert status == 200 and quick < 1.5 and "took" in slow
    assert slow["status"] == 503 and b"timeout" in slow["body"] and TIMEOUT <= slow["took"] < TIMEOUT + 5
    for _ in range(5):  # the killed worker is replaced; the server keeps answering
        assert post_query(server, f"ASK {{ ?r a <{TIES}Report> }}")[0] == 200


def test_answers_are_cut_at_max_rows(server):
    status, headers, body = post_query(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert headers["X-Ties-Truncated"] == str(MAX_ROWS)
    status, headers, body = post_query(server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert status == 200 and len(body.decode().strip().splitlines()) == MAX_ROWS
    assert "X-Ties-Truncated" not in post_query(server, COUNT)[1]


def test_request_body_limit(server):
    status, _, body = post_query(server, "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_BODY)
    assert status == 413 and b"limit" in body


def test_unknown_paths_media_types_and_missing_query(server):
    assert request(server + "/nothing")[0] == 404
    assert run(load("reports"), endpoint=server).rows  # a bare URL reaches /query, as on Oxigraph
    assert post_query(server, "ASK {}", "image/png")[0] == 406
    assert request(server + "/sparql")[0] == 400
    assert request(server + "/sparql", b"query", {"Content-Type": "text/plain"})[0] == 415


# -- the whole store (Graph Store Protocol) ------------------------------------------------

def store_quads(path: Path, graph=None) -> set:
    """The store's own quads, as pyoxigraph reads them (the served snapshot equals the store once built)."""
    from pyoxigraph import Store
    store = Store.read_only(str(path))
    return set(store.quads_for_pattern(None, None, None, graph))


def fetch(url: str, accept: str) -> tuple[int, str, bytes]:
    """GET with curl, as a user would type it (urllib where curl is missing): status, media type, body."""
    curl = shutil.which("curl")
    if not curl:
        status, headers, body = request(url, headers={"Accept": accept})
        return status, headers.get("Content-Type", ""), body
    done = subprocess.run([curl, "-s", "-H", f"Accept: {accept}", "-w", "\n%{http_code} %{content_type}", url],
                          capture_output=True, timeout=60, check=True)
    body, _, tail = done.stdout.rpartition(b"\n")
    status, _, media = tail.decode().partition(" ")
    return int(status), media, body


@pytest.mark.parametrize("accept, fmt", [("application/n-quads", "N_QUADS"), ("application/trig", "TRIG")])
def test_get_store_gives_exactly_the_stores_quads(server, built_store, accept, fmt, tmp_path):
    """What ``ties export --format nquads`` writes: every quad of the named graphs (the default graph
    is their merge, made again by whoever loads the dump)."""
    from pyoxigraph import NamedNode, RdfFormat, parse
    status, media, body = fetch(server + "/store", accept)
    assert status == 200 and media.startswith(accept)
    got = list(parse(body, format=getattr(RdfFormat, fmt)))
    expected = {q for q in store_quads(built_store) if isinstance(q.graph_name, NamedNode)}
    assert len(got) == len(expected) == len(set(got)) and set(got) == expected
    exported = tmp_path / "store.nq"
    done = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(built_store), "-q", "export",
                           "--format", "nquads", "--out", str(exported)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert set(parse(exported.read_bytes(), format=RdfFormat.N_QUADS)) == set(got)
    if fmt == "TRIG":
        assert b"@prefix ties: <https://w3id.org/ties/ontology#>" in body


def test_get_store_of_one_graph_and_of_the_default_graph(server, built_store):
    from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, parse
    graph = "https://w3id.org/ties/resource/graph/004_fc8dad3565981d3a"
    status, media, body = fetch(f"{server}/store?graph={quote(graph, safe='')}", "application/n-triples")
    triples = {(t.subject, t.predicate, t.object) for t in parse(body, format=RdfFormat.N_TRIPLES)}
    expected = {(q.subject, q.predicate, q.object) for q in store_quads(built_store, NamedNode(graph))}
    assert status == 200 and media.startswith("application/n-triples") and triples == expected and triples
    status, _, body = fetch(f"{server}/store?default", "text/turtle")
    assert status == 200 and len(list(parse(body, format=RdfFormat.TURTLE))) == len(store_quads(built_store, DefaultGraph()))
    assert fetch(f"{server}/store?graph={quote('urn:no:such:graph')}", "text/turtle")[0] == 404
    assert fetch(server + "/store", "text/csv")[0] == 406


@pytest.mark.parametrize("accept", ["application/n-quads", "application/trig"])
def test_construct_answers_as_n_quads_and_trig(server, accept):
    from pyoxigraph import RdfFormat, parse
    query = f"CONSTRUCT {{ ?r a <{TIES}Report> ; <{TIES}document> ?d }} WHERE {{ ?r <{TIES}document> ?d }}"
    status, headers, body = post_query(server, query, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    fmt = RdfFormat.N_QUADS if accept.endswith("n-quads") else RdfFormat.TRIG
    assert len(list(parse(body, format=fmt))) == 10


def test_turtle_answers_carry_the_ontology_prefixes(server):
    status, _, body = post_query(server, f"CONSTRUCT WHERE {{ ?r a <{TIES}Report> }}", "text/turtle")
    assert status == 200 and body.startswith(b"@prefix") and b"@prefix ties: <https://w3id.org/ties/ontology#>" in body
    assert b" a ties:Report" in body


# -- the workbench (its behaviour in a browser: test_workbench.py) --------------------------

def test_page_is_self_contained(server, tmp_path):
    status, headers, body = request(server + "/")
    html = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html) and "@import" not in html
    assets = re.findall(r'(?:src|href)="(static/[^"]+)"', html)
    assert {"static/yasgui/yasgui.min.js", "static/yasgui/yasgui.min.css", "static/workbench.js"} <= set(assets)
    for asset in assets:
        status, _, content = request(f"{server}/{asset}")
        assert status == 200 and content and b"@import" not in content
    config = json.loads(re.search(r'<script type="application/json" id="ties-config">(.*?)</script>', html, re.DOTALL)
                        .group(1))
    assert {e["name"] for e in config["examples"]} == set(names())
    assert config["prefixes"]["ties"] == TIES and TIES + "Settlement" in config["classes"]
    status, _, text = request(f"{server}/named-query?name=partners&place={quote('Смоленск')}")
    assert status == 200 and 'VALUES (?place) { ("Смоленск") }' in text.decode()
    status, _, text = request(f"{server}/named-query?name=partners&place={quote(INJECTION)}")
    assert status == 200 and 'VALUES (?place) { ("Смоленск\\" } ; DROP ALL ; #") }' in text.decode()
    assert request(f"{server}/named-query?name=..%2Fqueries%2Fpartners")[0] == 400
    assert request(f"{server}/static/..%2F..%2Fcli.py")[0] == 404

    node = shutil.which("node")
    if node:
        script = tmp_path / "workbench.js"
        script.write_bytes(request(f"{server}/static/workbench.js")[2])
        assert subprocess.run([node, "--check", str(script)], capture_output=True).returncode == 0


def test_resource_pages(server):
    """A place's page with its GeoNames link; an unknown IRI is 404; a bad one 400; values are escaped."""
    status, headers, body = request(f"{server}/resource?iri={quote('https://w3id.org/ties/resource/place/by/vitebsk')}")
    html = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<h1>Витебск</h1>" in html and 'href="https://www.geonames.org/620127"' in html
    assert 'href="resource?iri=https%3A%2F%2Fw3id.org%2Fties%2Fresource%2Fplace%2Fru%2Fsmolensk"' in html
    status, _, body = request(f"{server}/resource?iri={quote('urn:x:<script>alert(1)</script>')}")
    assert status in (400, 404) and b"<script>alert" not in body
    status, _, body = request(f"{server}/resource?iri={quote('urn:ties:nothing-here')}")
    assert status == 404 and b"says nothing about this IRI" in body
    assert request(f"{server}/resource")[0] == 400


def test_page_runs_a_query_in_a_headless_browser(server, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        pytest.skip("no chromium on PATH to load the page")
    query = f"SELECT ?document WHERE {{ ?r <{TIES}document> ?document }} ORDER BY ?document"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}",
         "--virtual-time-budget=15000", "--dump-dom", f"{server}/?query={quote(query)}"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    assert '<span class="nonIri">001_89ccaa44aebf448f.txt</span>' in result.stdout, result.stderr[-2000:]
