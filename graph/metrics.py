"""Network metrics of the projections in ``graph.projections``.

Every figure a report shows is computed here, from a NetworkX graph, so the
report module only lays numbers out and a researcher can get the same numbers
in Python. Functions take the undirected graphs the projections build (edge
attribute ``weight`` counts the events behind a tie) and return plain dicts and
lists keyed by the graph's nodes, sorted the same way every run: Louvain is
seeded, ties between equal values break on labels. Betweenness, PageRank,
Louvain, bridges and articulation points run in igraph's C core on a copy of the
graph made once per call: in pure Python they took 18 minutes at 100,000 places.
Change over time, which needs what the reports cover, is in ``graph.change``.
"""
from __future__ import annotations

import random
import threading
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

import igraph as ig
import networkx as nx

from ties.graph.projections import NO_CUT, Cut, StoreData, country_label

#: Seed of Louvain and of sampled betweenness: the same graph gives the same communities every run.
SEED = 42
#: Above BETWEENNESS_EXACT nodes, betweenness is estimated from BETWEENNESS_SAMPLE seeded sources. Exact
#: betweenness is O(nm): under a second at 5,000 places, 11 minutes at 100,000. On the bench's 100,000-place
#: network 2,000 sources take about 10 s and find 9 of the 10 most central places (1,000 sources: 7; 250: 2).
BETWEENNESS_EXACT, BETWEENNESS_SAMPLE = 5000, 2000

Row = dict[str, object]
#: igraph's random generator is one for the process: Louvain holds this while it has its seeded one.
_IGRAPH_RANDOM = threading.Lock()


def _label(graph: nx.Graph, node: str) -> str:
    return str(graph.nodes[node].get("label") or node)


@dataclass(frozen=True)
class _Igraph:
    """An undirected NetworkX graph copied to igraph: vertex ``i`` is ``nodes[i]``, edge attribute ``weight``."""

    graph: ig.Graph
    nodes: list[Hashable]


def _igraph(graph: nx.Graph, weight: str = "weight") -> _Igraph:
    """Copy ``graph`` to igraph once, so the heavy measures run in its C core; missing weights count 1."""
    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    edges, weights = [], []
    for u, v, w in graph.edges(data=weight, default=1):
        edges.append((index[u], index[v]))
        weights.append(w)
    return _Igraph(ig.Graph(n=len(nodes), edges=edges, edge_attrs={"weight": weights}), nodes)


def degrees(graph: nx.Graph) -> dict[str, int]:
    """Number of partners of each node."""
    return dict(graph.degree())


def weighted_degrees(graph: nx.Graph, weight: str = "weight") -> dict[str, float]:
    """Sum of edge weights of each node: events shared with all partners."""
    return dict(graph.degree(weight=weight))


def _betweenness(view: _Igraph, sources: list[int] | None = None) -> dict[str, float]:
    """On networkx's normalised scale: the share of the (n-1)(n-2)/2 pairs of other nodes whose paths pass.

    With ``sources`` (vertex indices), the sum of their dependencies is scaled
    to an unbiased estimate, as networkx does with ``k``: a node outside the
    sample sees ``k`` of the n-1 sources other than itself, a node inside it ``k - 1``.
    """
    n = len(view.nodes)
    if n < 3:
        return dict.fromkeys(view.nodes, 0.0)
    if sources is None:  # igraph counts each unordered pair once
        scale = 2 / ((n - 1) * (n - 2))
        return {node: b * scale for node, b in zip(view.nodes, view.graph.betweenness(directed=False))}
    # from a subset of sources igraph gives half the sum of their dependencies (as it halves a full count)
    raw = view.graph.betweenness(directed=False, sources=sources)
    k, sampled = len(sources), set(sources)
    return {node: 2 * b / ((k - 1 if i in sampled else k) * (n - 2))
            for i, (node, b) in enumerate(zip(view.nodes, raw))}


def _sources(view: _Igraph) -> list[int] | None:
    """All sources (None) up to BETWEENNESS_EXACT nodes, else BETWEENNESS_SAMPLE seeded ones.

    They are the nodes ``networkx.betweenness_centrality`` draws with ``k`` and ``seed=SEED``.
    """
    n = len(view.nodes)
    if n <= max(BETWEENNESS_EXACT, BETWEENNESS_SAMPLE):
        return None
    return random.Random(SEED).sample(range(n), BETWEENNESS_SAMPLE)


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness over hops, not weights: weights count events, they are not distances.

    The values of ``networkx.betweenness_centrality``: exact up to
    ``BETWEENNESS_EXACT`` nodes, then estimated from ``BETWEENNESS_SAMPLE``
    seeded source nodes, which keeps 100,000 places to seconds.
    """
    view = _igraph(graph)
    return _betweenness(view, _sources(view))


def _pagerank(view: _Igraph, alpha: float = 0.85) -> dict[str, float]:
    # igraph counts an undirected self-loop twice in a node's strength, networkx once: halve loop weights
    loops = view.graph.is_loop()
    weights = [w / 2 if loop else w for w, loop in zip(view.graph.es["weight"], loops)] if any(loops) else "weight"
    return dict(zip(view.nodes, view.graph.pagerank(directed=False, damping=alpha, weights=weights)))


def pagerank(graph: nx.Graph, alpha: float = 0.85, weight: str = "weight") -> dict[str, float]:
    """Weighted PageRank: the values of ``networkx.pagerank``, from igraph's PRPACK solver.

    PageRank rather than eigenvector centrality because these networks are
    mostly separate stars: eigenvector centrality puts every component but the
    largest at zero, PageRank ranks places in all of them. Computed in igraph
    because ``networkx.pagerank`` needs SciPy, which the project does not
    otherwise use. PRPACK solves to machine precision, so there is no tolerance to set.
    """
    return _pagerank(_igraph(graph, weight), alpha)


def _communities(graph: nx.Graph, view: _Igraph, seed: int = SEED) -> list[set[str]]:
    if graph.number_of_edges() == 0:
        return [{n} for n in sorted(graph)]
    with _IGRAPH_RANDOM:
        ig.set_random_number_generator(random.Random(seed))  # igraph visits vertices in random order
        try:
            membership = view.graph.community_multilevel(weights="weight").membership
        finally:
            ig.set_random_number_generator(random)  # igraph's default
    found: dict[int, set[str]] = defaultdict(set)
    for node, group in zip(view.nodes, membership):
        found[group].add(node)
    return sorted(found.values(), key=lambda c: (-len(c), min(_label(graph, n) for n in c)))


def communities(graph: nx.Graph, seed: int = SEED) -> list[set[str]]:
    """Louvain communities (weighted, seeded; igraph's multilevel method), largest first."""
    return _communities(graph, _igraph(graph), seed)


def components(graph: nx.Graph) -> list[set[str]]:
    """Connected components, largest first."""
    return sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(_label(graph, n) for n in c)))


def _bridges(graph: nx.Graph, view: _Igraph) -> list[tuple[str, str]]:
    ends = view.graph.get_edgelist()
    pairs = (tuple(sorted((view.nodes[ends[e][0]], view.nodes[ends[e][1]]))) for e in view.graph.bridges())
    return sorted(pairs, key=lambda e: (_label(graph, e[0]), _label(graph, e[1])))


def bridges(graph: nx.Graph) -> list[tuple[str, str]]:
    """Edges whose loss splits a component: ties that alone connect two parts."""
    return _bridges(graph, _igraph(graph))


def _articulation_points(graph: nx.Graph, view: _Igraph) -> list[str]:
    return sorted((view.nodes[i] for i in view.graph.articulation_points()), key=lambda n: _label(graph, n))


def articulation_points(graph: nx.Graph) -> list[str]:
    """Nodes whose loss splits a component: places through which others are connected."""
    return _articulation_points(graph, _igraph(graph))


def summary(graph: nx.Graph) -> Row:
    """Size and shape of a network in one row."""
    parts, view = components(graph), _igraph(graph)
    return {"network": graph.graph.get("name", ""), "cut": graph.graph.get("cut", "all"),
            "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
            "events": len(evidence_events(graph)),
            "density": round(nx.density(graph), 4) if graph.number_of_nodes() > 1 else 0.0,
            "components": len(parts), "largest_component": len(parts[0]) if parts else 0,
            "communities": len(_communities(graph, view)), "bridges": len(_bridges(graph, view)),
            "articulation_points": len(_articulation_points(graph, view))}


def node_table(graph: nx.Graph) -> list[Row]:
    """One row per node with every centrality, its community and its component; most central first."""
    degree, strength, view = degrees(graph), weighted_degrees(graph), _igraph(graph)
    between, rank = _betweenness(view, _sources(view)), _pagerank(view)
    community = {n: i for i, c in enumerate(_communities(graph, view)) for n in c}
    component = {n: i for i, c in enumerate(components(graph)) for n in c}
    rows = [{"node": n, "label": _label(graph, n), "country": graph.nodes[n].get("country"),
             "degree": degree[n], "weighted_degree": strength[n], "betweenness": round(between[n], 6),
             "pagerank": round(rank[n], 6), "community": community[n], "component": component[n]}
            for n in graph]
    return sorted(rows, key=lambda r: (-r["weighted_degree"], -r["betweenness"], r["label"]))


def degree_distribution(graph: nx.Graph) -> list[Row]:
    """How many nodes have each degree."""
    counts = Counter(d for _, d in graph.degree())
    return [{"degree": d, "nodes": counts[d]} for d in sorted(counts)]


def evidence_events(graph: nx.Graph) -> dict[str, dict]:
    """The distinct events cited by the graph's edges, by IRI."""
    return {e["iri"]: e for _, _, ev in graph.edges(data="evidence") for e in ev or ()}


def country_table(graph: nx.Graph) -> list[Row]:
    """Per country: its places in the network, the ties touching them, and the events behind those ties."""
    places: dict[str, list[str]] = defaultdict(list)
    for node, code in graph.nodes(data="country"):
        places[code or "XX"].append(node)
    rows = []
    for code, members in places.items():
        edges = {tuple(sorted(e)) for e in graph.edges(members)}
        events = {ev["iri"] for u, v in edges for ev in graph.edges[u, v].get("evidence", ())}
        rows.append({"country": code, "name": country_label(code), "places": len(members),
                     "ties": len(edges), "events": len(events),
                     "weighted_degree": sum(d for _, d in graph.degree(members, weight="weight"))})
    return sorted(rows, key=lambda r: (-r["ties"], -r["events"], r["country"]))


def sphere_table(graph: nx.Graph) -> list[Row]:
    """Per sphere: the events behind the ties, the ties they carry, and the places and countries involved."""
    events: dict[str, set[str]] = defaultdict(set)
    ties: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for u, v, evidence in graph.edges(data="evidence"):
        for ev in evidence or ():
            sphere = ev.get("sphere") or "other"
            events[sphere].add(ev["iri"])
            ties[sphere].add((u, v))
    rows = []
    for sphere, cited in events.items():
        nodes = {n for edge in ties[sphere] for n in edge}
        foreign = {graph.nodes[n].get("country") for n in nodes if not graph.nodes[n].get("russian", False)}
        rows.append({"sphere": sphere, "events": len(cited), "ties": len(ties[sphere]),
                     "places": len(nodes), "countries": len(foreign - {None, "RU"})})
    return sorted(rows, key=lambda r: (-r["events"], r["sphere"]))


def events_by_country(data: StoreData, cut: Cut = NO_CUT) -> list[Row]:
    """Events naming each foreign country, over all reported events (not only those behind ties)."""
    counts: Counter[str] = Counter()
    reports: dict[str, set[str]] = defaultdict(set)
    for iri, codes in data.countries.items():
        event = data.events.get(iri)
        if event is not None and cut.admits(event):
            for code in codes:
                counts[code] += 1
                reports[code].add(event.report)
    return [{"country": c, "name": country_label(c), "events": counts[c], "reports": len(reports[c])}
            for c in sorted(counts, key=lambda c: (-counts[c], c))]


def events_by_sphere(data: StoreData, cut: Cut = NO_CUT) -> list[Row]:
    """Events in each sphere, over all reported events."""
    counts = Counter(e.sphere or "other" for e in data.events.values() if cut.admits(e))
    total = sum(counts.values()) or 1
    return [{"sphere": s, "events": counts[s], "share": round(counts[s] / total, 3)}
            for s in sorted(counts, key=lambda s: (-counts[s], s))]
