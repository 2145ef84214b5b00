"""Dynamic GEXF 1.3 and the dated edge list written by ``ties metrics``: valid against a GEXF 1.3 schema (core and
dynamics, ``tests/gexf13``), a date on every tie and place, and the same dates as the events behind the ties."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from ties.graph import dynamic as dyn
from ties.graph import projections as proj

SCHEMA = Path(__file__).parent / "gexf13" / "gexf-1.3.xsd"
NS = {"g": "http://gexf.net/1.3"}
SMOLENSK = "https://w3id.org/ties/resource/place/ru/smolensk"
VITEBSK = "https://w3id.org/ties/resource/place/by/vitebsk"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="module")
def networks(built_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dynamic") / "m"
    result = subprocess.run([sys.executable, "-m", "ties.cli", "-q", "--store", str(built_store), "metrics",
                             "--out", str(out)], capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    return out / "networks"


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", ["place_network", "institution_network"])
def test_dynamic_gexf_is_valid_gexf_1_3_with_dates_on_every_edge(networks, schema, name):
    doc = etree.parse(str(networks / f"{name}.dynamic.gexf"))
    schema.assertValid(doc)
    graph = doc.find("g:graph", NS)
    assert (doc.getroot().get("version"), graph.get("mode"), graph.get("timeformat")) == ("1.3", "dynamic", "date")
    edges, nodes = doc.findall(".//g:edges/g:edge", NS), doc.findall(".//g:nodes/g:node", NS)
    assert edges and nodes
    for element in (*edges, *nodes):
        spells = element.findall("g:spells/g:spell", NS)
        assert spells, element.attrib
        for spell in spells:
            assert date.fromisoformat(spell.get("start")) <= date.fromisoformat(spell.get("end"))
    # the same data as the dated edge list: its pairs are the edges, its dates fall in the edges' spells
    rows = _csv(networks / f"{name}.dated_edges.csv")
    assert all(r["start"] and r["end"] for r in rows)
    spells = {frozenset((e.get("source"), e.get("target"))): [(s.get("start"), s.get("end"))
                                                              for s in e.findall("g:spells/g:spell", NS)]
              for e in edges}
    assert {frozenset((r["source"], r["target"])) for r in rows} == set(spells)
    for r in rows:
        assert any(s <= r["start"] and r["end"] <= e for s, e in spells[frozenset((r["source"], r["target"]))])
    assert nx.read_gexf(networks / f"{name}.dynamic.gexf").number_of_edges() == len(edges)


def test_dates_are_those_of_the_events(networks, built_store):
    places = proj.place_network(Path(built_store))
    rows = [r for r in _csv(networks / "place_network.dated_edges.csv")
            if {r["source"], r["target"]} == {SMOLENSK, VITEBSK}]
    evidence = places.edges[SMOLENSK, VITEBSK]["evidence"]
    assert sorted((r["event"], r["start"]) for r in rows) == sorted((e["iri"], e["start"]) for e in evidence)
    assert {r["row"] for r in rows if r["document"].startswith("001")} == {"6", "9", "14"}
    assert {r["source_label"] for r in rows} == {"Смоленск"} and {r["target_country"] for r in rows} == {"BY"}


def test_the_schema_rejects_what_gexf_1_3_does_not_allow(networks, schema):
    """networkx's own 1.3 output (XSI namespace without www, a name on <graph>) and a spell that is no date fail."""
    plain = io.BytesIO()
    nx.write_gexf(nx.path_graph(3), plain, version="1.3")
    assert not schema.validate(etree.fromstring(plain.getvalue()))
    doc = etree.parse(str(networks / "place_network.dynamic.gexf"))
    doc.find(".//g:spell", NS).set("start", "in spring")
    assert not schema.validate(doc)


def test_a_tie_with_no_date_at_all_is_left_out_and_counted():
    """An undated event in a report that states no period cannot be placed on a timeline."""
    when = proj.EventRecord("e1", "r1", "r1.txt", "визит", 1, None, date(2023, 5, 4), None, None, None, None)
    never = proj.EventRecord("e2", "r2", "r2.txt", "визит", 1, None, None, None, None, None, None)
    data = proj.StoreData(reports={"r1": {"document": "r1.txt", "reporter": "X", "start": None, "end": None},
                                   "r2": {"document": "r2.txt", "reporter": "Y", "start": None, "end": None}},
                          events={"e1": when, "e2": never},
                          places={"a": {"label": "A", "country": "RU"}, "b": {"label": "B", "country": "BY"},
                                  "c": {"label": "C", "country": "BY"}},
                          ties=[("r1", "t1", "event", "a", "b", ("e1",)), ("r2", "t2", "event", "a", "c", ("e2",))],
                          involvement=defaultdict(dict))
    dated = dyn.dated_edges(proj.place_network(data))
    assert [(r["source"], r["target"], r["start"], r["end"]) for r in dated.rows] == \
        [("a", "b", date(2023, 5, 4), date(2023, 5, 4))]
    assert dated.undated == [("a", "c")]
    assert sorted(dyn.dynamic_graph(proj.place_network(data), dated).edges) == [("a", "b")]
