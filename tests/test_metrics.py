"""Projections and metrics: exact values on hand-made graphs, known ties of the sample reports, ``ties metrics``."""
from __future__ import annotations

import csv
import itertools
import random
import subprocess
import sys
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import networkx as nx
import pytest
from pyoxigraph import QueryResultsFormat, Store

from ties.graph import change as ch
from ties.graph import metrics as m
from ties.graph import projections as proj

SMOLENSK = "https://w3id.org/ties/resource/place/ru/smolensk"
VITEBSK = "https://w3id.org/ties/resource/place/by/vitebsk"


# --------------------------------------------------------------------------- hand-made graphs

@pytest.fixture
def two_triangles() -> nx.Graph:
    """Triangles a-b-c and d-e-f (weight 3) joined through x (weight 1): x is the only way across."""
    graph = nx.Graph()
    for u, v in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d")]:
        graph.add_edge(u, v, weight=3)
    graph.add_edge("c", "x", weight=1)
    graph.add_edge("x", "d", weight=1)
    nx.set_node_attributes(graph, {n: n for n in graph}, "label")
    return graph


def test_degrees(two_triangles):
    assert m.degrees(two_triangles) == {"a": 2, "b": 2, "c": 3, "d": 3, "e": 2, "f": 2, "x": 2}
    assert m.weighted_degrees(two_triangles) == {"a": 6, "b": 6, "c": 7, "d": 7, "e": 6, "f": 6, "x": 2}
    assert m.degree_distribution(two_triangles) == [{"degree": 2, "nodes": 5}, {"degree": 3, "nodes": 2}]


def test_betweenness_of_the_bridge_node(two_triangles):
    between = m.betweenness(two_triangles)
    # all 9 pairs across the two triangles pass through x, out of (7-1)(7-2)/2 = 15 pairs without x
    assert between["x"] == pytest.approx(9 / 15)
    # c lies on the paths from a and b to x, d, e, f: 2 * 4 = 8 pairs
    assert between["c"] == pytest.approx(8 / 15)
    assert between["a"] == 0


def test_bridges_and_articulation_points(two_triangles):
    assert m.bridges(two_triangles) == [("c", "x"), ("d", "x")]
    assert m.articulation_points(two_triangles) == ["c", "d", "x"]
    assert [len(c) for c in m.components(two_triangles)] == [7]


def test_louvain_finds_the_two_triangles_every_time(two_triangles):
    found = m.communities(two_triangles)
    assert len(found) == 2
    assert {"a", "b", "c"} <= found[0] or {"a", "b", "c"} <= found[1]
    assert m.communities(two_triangles) == found


def test_pagerank_of_a_star_has_its_closed_form():
    star = nx.star_graph(4)
    rank = m.pagerank(star)
    # leaf = 0.15/5 + 0.85·c/4 and c = 0.15/5 + 0.85·4·leaf, so c = 0.132 / 0.2775
    assert rank[0] == pytest.approx(0.132 / 0.2775)
    assert sum(rank.values()) == pytest.approx(1.0)
    assert len({round(rank[leaf], 12) for leaf in (1, 2, 3, 4)}) == 1



def _varied_graphs() -> list[nx.Graph]:
    """Graphs with what the projections can hold: weights, isolated nodes, several components, string ids."""
    rng = random.Random(3)
    sparse = nx.gnm_random_graph(60, 80, seed=3)
    sparse.add_nodes_from(range(60, 64))
    tree = nx.relabel_nodes(nx.balanced_tree(3, 3), lambda i: f"place/{i}")
    hubs = nx.dual_barabasi_albert_graph(400, 1, 2, 0.75, seed=7)
    graphs = [sparse, tree, hubs, nx.karate_club_graph(), nx.path_graph(2), nx.Graph([("a", "b"), ("c", "d")])]
    for graph in graphs:
        for u, v in graph.edges:
            graph.edges[u, v]["weight"] = rng.randint(1, 5)
    return graphs


def test_betweenness_is_networkx_normalised_betweenness():
    for graph in _varied_graphs():
        expected = nx.betweenness_centrality(graph, normalized=True)
        found = m.betweenness(graph)
        assert found.keys() == expected.keys()
        assert all(found[n] == pytest.approx(expected[n], abs=1e-12) for n in graph)


def test_sampled_betweenness_is_unbiased_and_exact_from_every_source():
    graph = nx.Graph([(0, 1), (1, 2), (2, 3), (3, 0), (2, 4), (4, 5), (5, 6), (4, 6)])
    view, exact = m._igraph(graph), nx.betweenness_centrality(graph)
    assert m._betweenness(view, list(range(7))) == pytest.approx(exact, abs=1e-12)
    for k in (2, 3):
        # the mean over every possible sample of k sources is the exact value
        samples = [m._betweenness(view, list(s)) for s in itertools.combinations(range(7), k)]
        assert {n: sum(s[n] for s in samples) / len(samples) for n in graph} == pytest.approx(exact, abs=1e-12)


def test_sampled_betweenness_is_close_to_the_exact_value(monkeypatch):
    graph = nx.dual_barabasi_albert_graph(3000, 1, 2, 0.75, seed=1)  # hubs, most nodes with one or two ties
    exact = m.betweenness(graph)
    monkeypatch.setattr(m, "BETWEENNESS_EXACT", 500)
    monkeypatch.setattr(m, "BETWEENNESS_SAMPLE", 300)
    estimate = m.betweenness(graph)
    assert estimate != exact
    top = sorted(graph, key=lambda n: -exact[n])[:10]
    assert all(estimate[n] == pytest.approx(exact[n], rel=0.35) for n in top)
    assert len(set(top) & set(sorted(graph, key=lambda n: -estimate[n])[:10])) >= 7
    assert max(abs(estimate[n] - exact[n]) for n in graph) < 0.15 * exact[top[0]]
    assert sum(estimate.values()) == pytest.approx(sum(exact.values()), rel=0.05)
    assert m.betweenness(graph) == estimate  # seeded


def _networkx_pagerank(graph: nx.Graph) -> dict:
    try:
        return nx.pagerank(graph, tol=1e-13)
    except ImportError:  # networkx.pagerank needs SciPy; this is networkx's own pure-Python reference of it
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
        return _pagerank_python(graph, tol=1e-13, max_iter=10_000)


def test_pagerank_is_networkx_pagerank():
    looped = nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1}), ("c", "c", {"weight": 3}),
                       ("c", "d", {"weight": 1})])
    looped.add_node("alone")
    for graph in [*_varied_graphs(), looped]:
        expected, found = _networkx_pagerank(graph), m.pagerank(graph)
        assert found.keys() == expected.keys()
        assert all(found[n] == pytest.approx(expected[n], abs=1e-9) for n in graph)
    assert m.pagerank(nx.Graph()) == {}


def test_bridges_and_articulation_points_are_networkx_ones():
    for graph in _varied_graphs():
        assert set(m.bridges(graph)) == {tuple(sorted(e)) for e in nx.bridges(graph)}
        assert set(m.articulation_points(graph)) == set(nx.articulation_points(graph))


def test_louvain_finds_planted_cliques_the_same_way_every_run():
    graph = nx.ring_of_cliques(6, 5)
    state = random.getstate()
    found = m.communities(graph)
    assert sorted(sorted(c) for c in found) == [list(range(i, i + 5)) for i in range(0, 30, 5)]
    assert random.getstate() == state  # seeded on its own generator, not the global one
    hubs = nx.dual_barabasi_albert_graph(2000, 1, 2, 0.75, seed=2)
    assert m.communities(hubs) == m.communities(hubs)
    assert sorted(n for c in m.communities(hubs) for n in c) == sorted(hubs)


def test_ties_gained_and_lost_between_periods():
    before, after = nx.Graph([("a", "b"), ("b", "c")]), nx.Graph([("c", "b"), ("c", "d")])
    change = ch.tie_changes(before, after)
    assert change.gained == [("c", "d")]
    assert change.lost == [("a", "b")]
    assert change.kept == [("b", "c")]


def test_summary_row(two_triangles):
    row = m.summary(two_triangles)
    assert (row["nodes"], row["edges"], row["components"], row["bridges"], row["articulation_points"]) == (7, 8, 1, 2, 3)


# --------------------------------------------------------------------------- cuts

def test_cut_bounds():
    assert proj.parse_bound("2023") == date(2023, 1, 1)
    assert proj.parse_bound("2023", end=True) == date(2023, 12, 31)
    assert proj.parse_bound("2023-Q2") == date(2023, 4, 1)
    assert proj.parse_bound("2023q2", end=True) == date(2023, 6, 30)
    assert proj.parse_bound("2024-02", end=True) == date(2024, 2, 29)
    assert proj.parse_bound("2023-05-17") == date(2023, 5, 17)
    with pytest.raises(ValueError, match="not a date"):
        proj.parse_bound("2023-13")


def test_undated_events_count_for_the_whole_report_period_only():
    undated = proj.EventRecord("e", "r", None, "t", None, 1, None, None, "culture", date(2023, 1, 1), date(2023, 12, 31))
    dated = proj.EventRecord("d", "r", None, "t", None, 2, date(2023, 2, 1), None, "sport", date(2023, 1, 1),
                             date(2023, 12, 31))
    assert proj.Cut.period("2023").admits(undated)
    assert not proj.Cut.period("2023-Q1").admits(undated)
    assert proj.Cut.period("2023-Q1").admits(dated)
    assert not proj.Cut.period("2023-Q2").admits(dated)
    assert not proj.Cut(sphere="culture").admits(dated)
    with pytest.raises(ValueError, match="unknown sphere"):
        proj.Cut(sphere="cooking")


# --------------------------------------------------------------------------- the sample reports

@pytest.fixture(scope="module")
def data(built_store) -> proj.StoreData:
    return proj.load(Path(built_store), require_reports=True)


@pytest.fixture(scope="module")
def places(data) -> nx.Graph:
    return proj.place_network(data)


def _rows(edge: dict, report: str) -> list[int]:
    return [e["row"] for e in edge["evidence"] if e["report"].startswith(report)]


def test_smolensk_vitebsk_carries_the_school_events(places):
    edge = places.edges[SMOLENSK, VITEBSK]
    assert _rows(edge, "001") == [6, 9, 14]
    assert edge["kind"] == "institutional"  # the strongest of 001 (institutional) and 002 (event)
    assert edge["weight"] == edge["events"] == len(edge["evidence"]) >= 3
    titles = {e["row"]: e["title"] for e in edge["evidence"] if e["report"].startswith("001")}
    assert "Детская школа искусств" in titles[9]
    assert all(e["start"] and e["report"] for e in edge["evidence"])
    assert places.nodes[SMOLENSK]["label"] == "Смоленск" and places.nodes[SMOLENSK]["russian"]
    assert places.nodes[VITEBSK]["country"] == "BY" and places.nodes[VITEBSK]["lat"] == pytest.approx(55.19, abs=0.05)


def test_khislavichi_mstislavl_exists(places):
    khislavichi = proj.find_node(places, "Хиславичский район")
    mstislavl = proj.find_node(places, "Мстиславль")
    assert khislavichi and mstislavl and places.has_edge(khislavichi, mstislavl)


def test_communities_of_the_sample_places(places):
    found = m.communities(places)
    assert sorted(n for c in found for n in c) == sorted(places)
    by_label = {places.nodes[n]["label"]: i for i, c in enumerate(found) for n in c}
    assert by_label["Смоленск"] == by_label["Витебск"] == by_label["Минск"]  # Smolensk's Belarusian partners
    assert by_label["Хабаровск"] == by_label["Харбин"] != by_label["Смоленск"]  # the Far East is its own group
    assert by_label["Хиславичский район"] == by_label["Мстиславль"] != by_label["Смоленск"]
    louvain = nx.community.louvain_communities(places, weight="weight", seed=m.SEED)
    assert nx.community.modularity(places, found) >= nx.community.modularity(places, louvain) - 1e-9


def test_cuts_recompute_evidence_and_kind(places, data):
    evidence = places.edges[SMOLENSK, VITEBSK]["evidence"]
    sphere = evidence[0]["sphere"]
    cut = proj.place_network(data, sphere=sphere).edges[SMOLENSK, VITEBSK]["evidence"]
    assert cut == [e for e in evidence if e["sphere"] == sphere]
    assert all(e["sphere"] == sphere for _, _, ev in proj.place_network(data, sphere=sphere).edges(data="evidence")
               for e in ev)
    q3 = proj.restrict(places, proj.Cut.period("2023-Q3"))
    assert q3.edges[SMOLENSK, VITEBSK]["kind"] == "event"  # 002 alone calls it an event tie
    assert not _rows(q3.edges[SMOLENSK, VITEBSK], "001")
    assert proj.place_network(data, since="2023-Q3", until="2023-Q3").edges(data="kind") is not None
    assert sorted(q3.edges) == sorted(proj.place_network(data, since="2023-07-01", until="2023-09-30").edges)


def test_change_between_years(places):
    change = ch.compare_periods(places, proj.Cut.period("2021"), proj.Cut.period("2023"))
    new = {tuple(sorted(places.nodes[n]["label"] for n in pair)) for pair in change.first_reported}
    unknown = {tuple(sorted(places.nodes[n]["label"] for n in pair)) for pair in change.not_reported}
    assert ("Витебск", "Смоленск") in new  # no Smolensk report covers 2021: first reported, not gained
    assert ("Хабаровск", "Харбин") in unknown  # no Khabarovsk report covers 2023: not reported, not lost
    assert not change.lost and not change.gained


def test_other_projections(data):
    institutions = proj.institution_network(data)
    assert all(institutions.nodes[u]["country"] != institutions.nodes[v]["country"] for u, v in institutions.edges)
    countries = proj.country_network(data)
    assert countries.has_edge("RU", "BY") and countries.nodes["BY"]["label"] == "Беларусь"
    bipartite = proj.event_participant_graph(data)
    assert nx.is_bipartite(bipartite)
    events = {n for n, b in bipartite.nodes(data="bipartite") if b == 0}
    assert events and events <= set(data.events)
    assert {r for _, _, roles in bipartite.edges(data="roles") for r in roles} <= set(proj.ROLES)


class _SparqlHandler(BaseHTTPRequestHandler):
    """The SPARQL 1.1 Protocol's query operation over one read-only store, enough for a client."""

    store: Store

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        query = parse_qs(body)["query"][0] if "form-urlencoded" in self.headers["Content-Type"] else body
        answer = self.store.query(query).serialize(format=QueryResultsFormat.JSON)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args) -> None:
        pass


def test_projections_read_a_sparql_endpoint_like_the_store(built_store, places):
    handler = type("Handler", (_SparqlHandler,), {"store": Store.read_only(str(built_store))})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        remote = proj.place_network(f"http://127.0.0.1:{server.server_port}/query")
    finally:
        server.shutdown()
    assert sorted(remote.nodes(data="label")) == sorted(places.nodes(data="label"))
    assert sorted((*sorted((u, v)), k) for u, v, k in remote.edges(data="kind")) == \
        sorted((*sorted((u, v)), k) for u, v, k in places.edges(data="kind"))
    assert remote.edges[SMOLENSK, VITEBSK]["evidence"] == places.edges[SMOLENSK, VITEBSK]["evidence"]


def test_unreachable_endpoint_is_one_clear_error():
    with pytest.raises(proj.SourceError, match="127.0.0.1:9"):
        proj.load("http://127.0.0.1:9/query")


# --------------------------------------------------------------------------- ties metrics

def ties(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ties.cli", "-q", *args], check=False, capture_output=True,
                          text=True, timeout=600)


def test_ties_metrics_writes_the_report(built_store, tmp_path):
    out = tmp_path / "metrics"
    result = ties("--store", str(built_store), "metrics", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Смоленск" in (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<img ") == 6 and "<table>" in html
    for png in ("coverage", "ties_over_time", "events_by_country", "events_by_sphere", "degree_distribution",
                "central_places"):
        assert (out / "plots" / f"{png}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with (out / "tables" / "place_centrality.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {"label", "degree", "weighted_degree", "betweenness", "pagerank", "community"} <= set(rows[0])
    assert {r["label"] for r in rows[:3]} >= {"Смоленск"}
    assert len(list((out / "tables").glob("*.csv"))) >= 10
    for name in ("place_network", "institution_network", "country_network", "event_participants"):
        graphml = nx.read_graphml(out / "networks" / f"{name}.graphml")
        gexf = nx.read_gexf(out / "networks" / f"{name}.gexf")
        assert graphml.number_of_nodes() == gexf.number_of_nodes() > 0
    exported = nx.read_graphml(out / "networks" / "place_network.graphml")
    assert "Детская школа искусств" in exported.edges[SMOLENSK, VITEBSK]["evidence"]


def test_ties_metrics_with_a_cut_and_bad_input(built_store, tmp_path):
    result = ties("--store", str(built_store), "metrics", "--out", str(tmp_path / "m"), "--since", "2023",
                  "--sphere", "education")
    assert result.returncode == 0, result.stderr
    assert "2023-01-01" in (tmp_path / "m" / "report.md").read_text(encoding="utf-8")
    missing = ties("--store", str(tmp_path / "nothing"), "metrics", "--out", str(tmp_path / "x"))
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "nothing" in missing.stderr and "ties build" in missing.stderr


def test_the_report_page_escapes_what_the_data_says(tmp_path) -> None:
    """A name from a report is text in the HTML report, never markup; the report's own prose keeps its links."""
    from ties.viz.report import Section, Table, render_html
    table = Table("partners", "Partners <b>", [{"partner": '<script>alert("x")</script>', "events": 2}])
    page = render_html("title & co", "Every table is also a CSV in <code>tables/</code>.",
                       [Section("S", 'See <a href="x.csv">x.csv</a>', [table])], tmp_path)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page and "Partners &lt;b&gt;" in page
    assert '<a href="x.csv">x.csv</a>' in page and "<code>tables/</code>" in page and "title &amp; co" in page
