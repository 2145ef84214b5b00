"""Network metrics of the projections in ``graph.projections``.

Every figure a report shows is computed here, from a NetworkX graph, so the
report module only lays numbers out and a researcher can get the same numbers
in Python. Functions take the undirected graphs the projections build (edge
attribute ``weight`` counts the events behind a tie) and return plain dicts and
lists, sorted the same way every run: Louvain is seeded, ties between equal
values break on labels.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx

from graph.projections import NO_CUT, Cut, StoreData, country_label, restrict

#: Seed of Louvain and of sampled betweenness: the same graph gives the same communities every run.
SEED = 42
#: Above BETWEENNESS_EXACT nodes, betweenness is estimated from BETWEENNESS_SAMPLE seeded sources
#: (exact betweenness is O(nm): about 40 s for 5,000 places, the estimate about 5 s).
BETWEENNESS_EXACT, BETWEENNESS_SAMPLE = 1000, 250

Row = dict[str, object]


def _label(graph: nx.Graph, node: str) -> str:
    return str(graph.nodes[node].get("label") or node)


def degrees(graph: nx.Graph) -> dict[str, int]:
    """Number of partners of each node."""
    return dict(graph.degree())


def weighted_degrees(graph: nx.Graph, weight: str = "weight") -> dict[str, float]:
    """Sum of edge weights of each node: events shared with all partners."""
    return dict(graph.degree(weight=weight))


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness over hops, not weights: weights count events, they are not distances.

    Exact up to ``BETWEENNESS_EXACT`` nodes, then estimated from
    ``BETWEENNESS_SAMPLE`` seeded source nodes, which keeps a 5,000-place
    network to seconds.
    """
    k = BETWEENNESS_SAMPLE if graph.number_of_nodes() > BETWEENNESS_EXACT else None
    return nx.betweenness_centrality(graph, k=k, normalized=True, seed=SEED if k else None)


def pagerank(graph: nx.Graph, alpha: float = 0.85, weight: str = "weight",
             tol: float = 1.0e-9, max_iter: int = 1000) -> dict[str, float]:
    """Weighted PageRank by power iteration over adjacency lists.

    PageRank rather than eigenvector centrality because these networks are
    mostly separate stars: eigenvector centrality puts every component but the
    largest at zero, PageRank ranks places in all of them. Computed here because
    ``networkx.pagerank`` needs SciPy, which the project does not otherwise use.
    """
    nodes = list(graph)
    if not nodes:
        return {}
    n = len(nodes)
    # each node's out-links with the share of its weight they carry
    links: dict[str, list[tuple[str, float]]] = {}
    for u in nodes:
        total = sum(d.get(weight, 1) for d in graph[u].values())
        links[u] = [(v, d.get(weight, 1) / total) for v, d in graph[u].items()] if total else []
    dangling_nodes = [u for u in nodes if not links[u]]
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        base = (1.0 - alpha + alpha * sum(rank[u] for u in dangling_nodes)) / n
        new = dict.fromkeys(nodes, base)
        for u, out in links.items():
            mass = alpha * rank[u]
            for v, share in out:
                new[v] += mass * share
        change = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if change < n * tol:
            break
    return rank


def communities(graph: nx.Graph, seed: int = SEED) -> list[set[str]]:
    """Louvain communities (weighted, seeded), largest first."""
    if graph.number_of_edges() == 0:
        return [{n} for n in sorted(graph)]
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(_label(graph, n) for n in c)))


def components(graph: nx.Graph) -> list[set[str]]:
    """Connected components, largest first."""
    return sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(_label(graph, n) for n in c)))


def bridges(graph: nx.Graph) -> list[tuple[str, str]]:
    """Edges whose loss splits a component: ties that alone connect two parts."""
    return sorted((tuple(sorted(e)) for e in nx.bridges(graph)), key=lambda e: (_label(graph, e[0]), _label(graph, e[1])))


def articulation_points(graph: nx.Graph) -> list[str]:
    """Nodes whose loss splits a component: places through which others are connected."""
    return sorted(nx.articulation_points(graph), key=lambda n: _label(graph, n))


def summary(graph: nx.Graph) -> Row:
    """Size and shape of a network in one row."""
    parts = components(graph)
    return {"network": graph.graph.get("name", ""), "cut": graph.graph.get("cut", "all"),
            "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
            "events": len(evidence_events(graph)),
            "density": round(nx.density(graph), 4) if graph.number_of_nodes() > 1 else 0.0,
            "components": len(parts), "largest_component": len(parts[0]) if parts else 0,
            "communities": len(communities(graph)), "bridges": len(bridges(graph)),
            "articulation_points": len(articulation_points(graph))}


def node_table(graph: nx.Graph) -> list[Row]:
    """One row per node with every centrality, its community and its component; most central first."""
    degree, strength = degrees(graph), weighted_degrees(graph)
    between, rank = betweenness(graph), pagerank(graph)
    community = {n: i for i, c in enumerate(communities(graph)) for n in c}
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


# --------------------------------------------------------------------------- change over time

@dataclass(frozen=True)
class TieChanges:
    """Ties (node pairs, each sorted) present in one cut and not the other."""

    gained: list[tuple[str, str]]
    lost: list[tuple[str, str]]
    kept: list[tuple[str, str]]


def _pairs(graph: nx.Graph) -> set[tuple[str, str]]:
    return {tuple(sorted(e)) for e in graph.edges}


def tie_changes(before: nx.Graph, after: nx.Graph) -> TieChanges:
    """Ties gained, lost and kept from ``before`` to ``after``."""
    a, b = _pairs(before), _pairs(after)
    return TieChanges(gained=sorted(b - a), lost=sorted(a - b), kept=sorted(a & b))


def compare_periods(graph: nx.Graph, before: Cut, after: Cut) -> TieChanges:
    """Ties gained and lost between two cuts of one network (``restrict`` on each)."""
    return tie_changes(restrict(graph, before), restrict(graph, after))


def period_label(day: date, freq: str) -> str:
    return str(day.year) if freq == "year" else f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _period_range(first: date, last: date, freq: str) -> list[str]:
    if freq == "year":
        return [str(year) for year in range(first.year, last.year + 1)]
    start, end = first.year * 4 + (first.month - 1) // 3, last.year * 4 + (last.month - 1) // 3
    return [f"{i // 4}-Q{i % 4 + 1}" for i in range(start, end + 1)]


def _dates(graph: nx.Graph) -> Iterable[date]:
    events = graph.graph.get("events", {})
    for _, _, statements in graph.edges(data="statements"):
        for s in statements or ():
            for iri in s.events:
                e = events[iri]
                yield from (d for d in (e.date, e.period_start, e.period_end) if d)
            yield from (d for d in s.period if d)


def periods(graph: nx.Graph, freq: str = "year") -> list[str]:
    """Every year (or quarter, ``2023-Q1``) from the graph's first dated statement to its last."""
    days = list(_dates(graph))
    return _period_range(min(days), max(days), freq) if days else []


def ties_over_time(graph: nx.Graph, freq: str = "year") -> list[Row]:
    """Per year or quarter: ties and events in that period, and ties gained and lost since the one before."""
    if freq not in ("year", "quarter"):
        raise ValueError(f"freq must be 'year' or 'quarter', not {freq!r}")
    rows, previous = [], None
    for label in periods(graph, freq):
        current = restrict(graph, Cut.period(label))
        change = tie_changes(previous, current) if previous is not None else None
        rows.append({"period": label, "ties": current.number_of_edges(),
                     "events": len(evidence_events(current)), "places": current.number_of_nodes(),
                     "gained": len(change.gained) if change else current.number_of_edges(),
                     "lost": len(change.lost) if change else 0})
        previous = current
    return rows


def change_table(graph: nx.Graph, freq: str = "year") -> list[Row]:
    """Each tie gained or lost between consecutive periods that have ties, named by labels and kind."""
    rows, previous = [], None
    for label in periods(graph, freq):
        current = restrict(graph, Cut.period(label))
        if current.number_of_edges() == 0:
            continue
        if previous is not None:
            change = tie_changes(previous[1], current)
            for status, pairs, source in (("gained", change.gained, current), ("lost", change.lost, previous[1])):
                for u, v in pairs:
                    if source.nodes[v].get("russian") and not source.nodes[u].get("russian"):
                        u, v = v, u
                    rows.append({"from": previous[0], "to": label, "change": status,
                                 "place_a": _label(source, u), "place_b": _label(source, v),
                                 "kind": source.edges[u, v]["kind"]})
        previous = (label, current)
    return rows
