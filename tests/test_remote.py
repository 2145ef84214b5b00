"""A real SPARQL server: ``ties push`` to the Oxigraph server on loopback, then the named queries read from it.

The ``oxigraph`` wheel (a test extra) ships the server binary; these tests
start it themselves and skip only if it is missing.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ties import queries
from ties.graph.remote import RemoteError, execute, query_url, select, store_url
from ties.queries import load, names, run
from test_queries import INJECTION, SAMPLES_LACK, canonical, example_values
from test_serve import free_port, stop, wait_for

TIES = "https://w3id.org/ties/ontology#"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("oxigraph")
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


def start_oxigraph(location: Path, union: bool) -> tuple[subprocess.Popen, str]:
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("no Oxigraph server binary: pip install oxigraph (the test extra) to run these tests")
    port = free_port()
    args = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(args + (["--union-default-graph"] if union else []),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/query?query=ASK%7B%7D", 30)
    except Exception:
        process.kill()
        raise
    return process, base


def ties(capsys, *args: str) -> tuple[int, str, str]:
    from ties.cli import main
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """An Oxigraph server whose default graph is the union of its named graphs, as the queries expect."""
    process, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph"), union=True)
    yield base
    stop(process)


@pytest.fixture(scope="module")
def pushed(oxigraph, built_store):
    from ties.cli import main
    assert main(["--store", str(built_store), "-q", "push", "--endpoint", oxigraph]) == 0
    return oxigraph


def test_push_puts_every_named_graph(pushed, built_store):
    local = sorted(g.value for g in queries.open_store(built_store).named_graphs())
    remote = [row["g"] for row in select(pushed, GRAPHS)]
    assert remote == local and len(local) == 7  # five reports, the ontology and the summary


def test_pushing_again_replaces_instead_of_adding(pushed, built_store, capsys):
    before = select(pushed, COUNT)[0]["n"]
    code, _, err = ties(capsys, "--store", str(built_store), "push", "--endpoint", pushed + "/store")
    assert code == 0 and "pushed 7 of 7 graphs" in err
    assert select(pushed, COUNT)[0]["n"] == before
    # the named graphs, which are what is pushed (the summary too)
    local = int(next(iter(queries.open_store(built_store).query(COUNT)))["n"].value)
    assert before == local


@pytest.mark.parametrize("name", names())
def test_named_queries_give_the_same_rows_as_the_embedded_store(pushed, built_store, name):
    store = queries.open_store(built_store)
    query = load(name)
    for values in (example_values(query), example_values(query, optional=False)):
        local = run(query, values, store=store)
        remote = run(query, values, endpoint=pushed)
        assert canonical(remote) == canonical(local) and (local.rows or name in SAMPLES_LACK), (name, values)


def test_select_gives_plain_python_values(pushed):
    rows = select(pushed, f"SELECT ?d ?n WHERE {{ ?e <{TIES}reportedIn>/<{TIES}document> ?d ; "
                          f"<{TIES}rowNumber> ?n }} ORDER BY ?d ?n LIMIT 1")
    assert rows == [{"d": "001_89ccaa44aebf448f.txt", "n": 1}]
    assert execute(pushed, f"ASK {{ ?r a <{TIES}Report> }}") is not None


def test_cli_query_on_the_server_matches_the_store(pushed, built_store, capsys):
    args = ["query", "ties-between", "--param", "place=Смоленск", "--param", "other=витебск", "--format", "json"]
    code, remote, _ = ties(capsys, *args, "--endpoint", pushed)
    assert code == 0
    code, local, _ = ties(capsys, "--store", str(built_store), *args)
    assert code == 0 and json.loads(remote) == json.loads(local)
    rows = {(r["report"], r["row"]) for r in json.loads(remote)}
    assert {("001_89ccaa44aebf448f.txt", n) for n in (6, 9, 14)} <= rows


def test_injection_through_a_parameter_changes_nothing_on_the_server(pushed):
    before = select(pushed, COUNT)[0]["n"]
    assert run(load("partners"), {"place": INJECTION}, endpoint=pushed).rows == []
    assert run(load("provenance"), {"fact": '"> } ; CLEAR ALL ; #'}, endpoint=pushed).rows == []
    assert select(pushed, COUNT)[0]["n"] == before


def test_urls_of_a_bare_oxigraph_server():
    assert query_url("http://h:7878") == "http://h:7878/query"
    assert store_url("http://h:7878/") == "http://h:7878/store"
    assert query_url("http://h:3030/ds/sparql") == "http://h:3030/ds/sparql"


def test_unreachable_server_is_one_clear_line(built_store, capsys):
    dead = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(RemoteError, match="cannot reach"):
        select(dead, COUNT, timeout=5)
    code, out, err = ties(capsys, "query", "reports", "--endpoint", dead)
    assert code == 1 and out == "" and err.count("\n") == 1 and "cannot reach the endpoint" in err
    code, _, err = ties(capsys, "--store", str(built_store), "push", "--endpoint", dead)
    assert code == 1 and "cannot reach the graph store" in err


def test_a_server_without_union_default_graph_gets_a_hint(built_store, tmp_path, capsys):
    process, base = start_oxigraph(tmp_path / "plain", union=False)
    try:
        code, _, err = ties(capsys, "--store", str(built_store), "push", "--endpoint", base)
        assert code == 0 and "--union-default-graph" in err
        code, _, err = ties(capsys, "query", "partners", "--param", "place=Смоленск", "--endpoint", base)
        # the place is not found in the server's (empty) default graph: one error line, and the hint
        assert code == 1 and "no place named 'Смоленск'" in err and "--union-default-graph" in err
        code, _, err = ties(capsys, "query", "institutions", "--param", "kind=школа", "--endpoint", base)
        assert code == 0 and "0 row(s)" in err and "--union-default-graph" in err
    finally:
        stop(process)


def test_python_api_on_the_server_matches_the_store(pushed, built_store):
    """``ties.open(URL)``: the same typed DataFrame, names resolved on the server, the same network."""
    import ties
    remote, local = ties.open(pushed), ties.open(built_store)
    columns = ["partner", "country", "events", "reports", "first", "last"]
    on_server = remote.query("partners", place="Smolensk")[columns].sort_values(columns).reset_index(drop=True)
    embedded = local.query("partners", place="Смоленск")[columns].sort_values(columns).reset_index(drop=True)
    assert len(on_server) > 10 and str(on_server["first"].dtype).startswith("datetime64")
    pd.testing.assert_frame_equal(on_server, embedded)
    assert remote.places("Витебска")["label"].tolist() == ["Витебск"]
    assert sorted(remote.network("place").edges) == sorted(local.network("place").edges)
