"""``ties export``: the store written out reloads with exactly its quads, in every format."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from ties.graph.iris import GRAPH_PREFIX, SUMMARY_GRAPH

FORMATS = {"trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS, "jsonld": RdfFormat.JSON_LD}


def ties_cli(store: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(store), *args],
                          capture_output=True, timeout=300)


def named_quads(store: Store) -> set:
    return {q for q in store.quads_for_pattern(None, None, None) if isinstance(q.graph_name, NamedNode)}


@pytest.fixture(scope="module")
def store(built_store: Path) -> Store:
    return Store.read_only(str(built_store))


def test_nquads_reload_into_pyoxigraph_and_rdflib_with_exactly_the_stores_quads(built_store, store, tmp_path):
    out = tmp_path / "all.nq"
    result = ties_cli(built_store, "export", "--format", "nquads", "--out", str(out))
    assert result.returncode == 0, result.stderr
    expected = named_quads(store)
    reloaded = list(parse(path=str(out), format=RdfFormat.N_QUADS))
    assert len(reloaded) == len(expected) > 8000 and set(reloaded) == expected
    assert f"wrote {len(expected)} quads".encode() in result.stderr
    import rdflib
    dataset = rdflib.Dataset()
    dataset.parse(out, format="nquads")
    assert sum(1 for _ in dataset.quads((None, None, None, None))) == len(expected)
    graphs = {q.graph_name.value for q in expected}
    assert SUMMARY_GRAPH.value in graphs and sum(g.startswith(GRAPH_PREFIX + "0") for g in graphs) == 5


@pytest.mark.parametrize("fmt", ["trig", "jsonld"])
def test_dataset_formats_round_trip(built_store, store, tmp_path, fmt):
    out = tmp_path / f"all.{fmt}"
    assert ties_cli(built_store, "export", "--format", fmt, "--out", str(out)).returncode == 0
    assert set(parse(path=str(out), format=FORMATS[fmt])) == named_quads(store)
    if fmt == "trig":
        head = out.read_text(encoding="utf-8")[:2000]
        assert "@prefix ties: <https://w3id.org/ties/ontology#>" in head and "@prefix place:" in head


def test_an_exported_store_loaded_into_an_empty_folder_answers_the_named_queries(built_store, tmp_path):
    out = tmp_path / "all.trig"
    assert ties_cli(built_store, "-q", "export", "--out", str(out)).returncode == 0
    copy = tmp_path / "copy"
    Store(str(copy)).load(path=str(out), format=RdfFormat.TRIG)
    before = ties_cli(built_store, "query", "partners", "--param", "place=Смоленск", "--format", "csv")
    after = ties_cli(copy, "query", "partners", "--param", "place=Смоленск", "--format", "csv")
    assert after.returncode == 0 and after.stdout == before.stdout and "Витебск" in after.stdout.decode()


def test_one_report_graph_as_turtle_with_prefixes(built_store, store):
    stem = "001_89ccaa44aebf448f"
    result = ties_cli(built_store, "export", "--format", "turtle", "--graph", stem)
    assert result.returncode == 0
    text = result.stdout.decode("utf-8")
    assert text.startswith("@prefix") and "@prefix ties: <https://w3id.org/ties/ontology#>" in text
    triples = list(parse(result.stdout, format=RdfFormat.TURTLE))
    graph = NamedNode(GRAPH_PREFIX + stem)
    assert len(triples) == len(list(store.quads_for_pattern(None, None, None, graph)))
    by_iri = ties_cli(built_store, "export", "--format", "nquads", "--graph", f"<{graph.value}>")
    assert len(by_iri.stdout.splitlines()) == len(triples)


def test_turtle_of_the_whole_store_is_its_default_graph(built_store, store):
    result = ties_cli(built_store, "export", "--format", "turtle")
    from pyoxigraph import DefaultGraph
    default = list(store.quads_for_pattern(None, None, None, DefaultGraph()))
    assert len(list(parse(result.stdout, format=RdfFormat.TURTLE))) == len(default)


def test_unknown_graph_and_missing_store_are_one_line_each(built_store, tmp_path):
    result = ties_cli(built_store, "export", "--graph", "no_such_report")
    lines = result.stderr.decode().strip().splitlines()
    assert result.returncode == 1 and len(lines) == 1 and "no graph" in lines[0] and "001_89ccaa44aebf448f" in lines[0]
    result = ties_cli(tmp_path / "nothing", "export")
    assert result.returncode == 1 and result.stderr.decode().startswith("error: no store at")
    assert not (tmp_path / "nothing").exists()
