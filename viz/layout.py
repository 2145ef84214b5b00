"""Page coordinates for a network, computed in Python so the browser draws at once (physics off).

Components are laid out separately and packed in rows about as wide as they are
tall in all, so a network of many small components fills the page instead of a
column. In each component, places with a single partner sit in rings around it,
and the rest is laid out by NetworkX's spring layout and spread until no two
rings overlap. A core too large for that layout's dense solver is split into
Louvain communities, laid out each, and the communities are placed by the same
means.

Nodes have labels under them, much wider than the nodes. When the caller passes
each node's *box* (the node with its label, in page pixels), components of up to
``LABEL_LIMIT`` nodes are then pushed apart box by box until no two labels
overlap, so every label can be read at the zoom that fits the whole page. Larger
components keep the ring layout; vis hides their labels until one zooms in.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np

from ties.graph.metrics import SEED, communities

#: Up to this many nodes networkx's spring layout runs its dense solver (it needs SciPy above).
SPRING_LIMIT = 499
#: Distance in page pixels between neighbouring nodes.
SPACING = 90.0
#: Radius of the first ring of single-partner nodes, arc length between two of them, gap between rings.
RING_START, RING_STEP, RING_GAP = 1.6 * SPACING, 42.0, 34.0
#: Components up to this size get their labels pushed apart (quadratic in the component's size).
LABEL_LIMIT = 400
#: Pixels kept free around every box.
MARGIN = 6.0

Position = tuple[float, float]
#: A node's box relative to the node: half its width, how far it reaches above and below the centre.
Box = tuple[float, float, float]



def _ordered(graph: nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """The subgraph on ``nodes`` with nodes and edges in sorted order.

    A subgraph view iterates its nodes in the order of the set it was made from,
    which changes with Python's string hashing from run to run; the spring layout
    starts from that order, so without this the same network got another layout each time.
    """
    keep = sorted(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(keep)
    sub.add_edges_from(sorted(tuple(sorted(e)) for e in graph.subgraph(keep).edges))
    return sub


def _spring(graph: nx.Graph) -> dict[str, Position]:
    if graph.number_of_nodes() == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    pos = nx.spring_layout(graph, seed=SEED, weight=None, method="force",
                           iterations=100 if len(graph) < 200 else 50)
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def _spread(pos: dict[str, Position], radii: dict[str, float], rounds: int = 300) -> dict[str, Position]:
    """Scale a unit layout to pixels so that discs of the given radii around the nodes do not overlap.

    Scaled first so that, on average, a node and its nearest neighbour just
    touch, then overlapping pairs are pushed apart along the line between them:
    the layout keeps its shape and stays compact, where one scale factor large
    enough for the closest pair would spread everything else apart.
    """
    nodes = list(pos)
    if len(nodes) < 2:
        return {n: (0.0, 0.0) for n in nodes}
    xy = np.array([pos[n] for n in nodes], dtype=float)
    r = np.array([radii[n] for n in nodes], dtype=float)
    gaps = np.linalg.norm(xy[:, None] - xy[None], axis=2)
    np.fill_diagonal(gaps, np.inf)
    nearest = gaps.argmin(axis=1)
    xy *= float(np.mean((r + r[nearest]) / np.maximum(gaps[np.arange(len(r)), nearest], 1e-9)))
    for _ in range(rounds):
        diff = xy[:, None] - xy[None]
        dist = np.linalg.norm(diff, axis=2)
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(r[:, None] + r[None] - dist, 0.0, None)
        if overlap.max() < 1.0:  # pixels
            break
        xy += (diff / np.maximum(dist, 1e-9)[:, :, None] * overlap[:, :, None] / 2).sum(axis=1)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy)}


def _radius(pos: dict[str, Position], extra: dict[str, float]) -> float:
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    return max(math.dist((cx, cy), p) + extra.get(n, 0.0) for n, p in pos.items())


def _ring_radius(leaves: int) -> float:
    """Outer radius of the rings holding ``leaves`` nodes around their parent."""
    radius, left = RING_START, leaves
    while left > 0:
        left -= max(1, int(2 * math.pi * radius / RING_STEP))
        if left > 0:
            radius += RING_GAP
    return radius if leaves else 0.0


def _core_layout(core: nx.Graph, reach: dict[str, float]) -> dict[str, Position]:
    """Core nodes in pixels, each with room for its leaf rings (``reach``)."""
    if len(core) <= SPRING_LIMIT:
        return _spread(_spring(core), {n: reach.get(n, 0.0) + SPACING / 2 for n in core})
    groups = communities(core)
    if len(groups) < 2:  # Louvain cannot split it: fall back to a circle
        return _spread(nx.circular_layout(sorted(core)), {n: reach.get(n, 0.0) + SPACING / 2 for n in core})
    inner = [_core_layout(_ordered(core, g), reach) for g in groups]
    member = {n: i for i, g in enumerate(groups) for n in g}
    quotient = nx.Graph()
    quotient.add_nodes_from(range(len(groups)))
    quotient.add_edges_from((member[u], member[v]) for u, v in core.edges if member[u] != member[v])
    centres = _spring(quotient) if len(groups) <= SPRING_LIMIT else nx.circular_layout(quotient)
    centres = _spread(centres, {i: _radius(p, reach) + SPACING for i, p in enumerate(inner)})
    out: dict[str, Position] = {}
    for i, pos in enumerate(inner):
        cx = sum(x for x, _ in pos.values()) / len(pos)
        cy = sum(y for _, y in pos.values()) / len(pos)
        out.update({n: (x - cx + centres[i][0], y - cy + centres[i][1]) for n, (x, y) in pos.items()})
    return out


def _component_layout(graph: nx.Graph) -> dict[str, Position]:
    """Single-partner nodes in rings around their partner; the rest by ``_core_layout``."""
    if graph.number_of_nodes() <= 2:
        return {n: (i * SPACING, 0.0) for i, n in enumerate(sorted(graph))}
    leaves: dict[str, list[str]] = {}
    for node in sorted(graph):
        if graph.degree(node) == 1:
            parent = next(iter(graph[node]))
            if graph.degree(parent) > 1:
                leaves.setdefault(parent, []).append(node)
    folded = {leaf for group in leaves.values() for leaf in group}
    core = _ordered(graph, [n for n in graph if n not in folded])
    reach = {parent: _ring_radius(len(group)) for parent, group in leaves.items()}
    pos = _core_layout(core, reach)
    for parent, group in leaves.items():
        px, py = pos[parent]
        radius, start = RING_START, 0
        while start < len(group):
            ring = group[start:start + max(1, int(2 * math.pi * radius / RING_STEP))]
            for i, leaf in enumerate(ring):
                angle = 2 * math.pi * i / len(ring) + radius / SPACING
                pos[leaf] = (px + radius * math.cos(angle), py + radius * math.sin(angle))
            start += len(ring)
            radius += RING_GAP
    return pos


def _separate(pos: dict[str, Position], boxes: dict[str, Box], rounds: int = 400) -> dict[str, Position]:
    """Push overlapping boxes apart, each pair along the axis where they overlap least.

    Moving along the shorter overlap keeps the layout's shape: two labels side by
    side move sideways, two stacked move up and down.
    """
    nodes = sorted(pos)
    if len(nodes) < 2:
        return dict(pos)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    half_w = np.array([boxes[n][0] + MARGIN for n in nodes])
    up = np.array([boxes[n][1] + MARGIN for n in nodes])
    down = np.array([boxes[n][2] + MARGIN for n in nodes])
    # box centres relative to the node, and half heights
    shift = (down - up) / 2
    half_h = (up + down) / 2
    order = np.arange(len(nodes))
    tie_break = np.sign(order[:, None] - order[None]).astype(float)
    for _ in range(rounds):
        cx, cy = xy[:, 0], xy[:, 1] + shift
        dx, dy = cx[:, None] - cx[None], cy[:, None] - cy[None]
        ox = half_w[:, None] + half_w[None] - np.abs(dx)
        oy = half_h[:, None] + half_h[None] - np.abs(dy)
        np.fill_diagonal(ox, 0.0)
        hit = (ox > 0.5) & (oy > 0.5)
        if not hit.any():
            break
        along_x = hit & (ox <= oy)
        along_y = hit & (ox > oy)
        sx = np.where(dx != 0, np.sign(dx), tie_break)
        sy = np.where(dy != 0, np.sign(dy), tie_break)
        xy[:, 0] += (np.where(along_x, sx * ox, 0.0) / 2).sum(axis=1) * 0.6
        xy[:, 1] += (np.where(along_y, sy * oy, 0.0) / 2).sum(axis=1) * 0.6
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy)}


def _shrink(pos: dict[str, Position], boxes: dict[str, Box], room: float = 4.0) -> dict[str, Position]:
    """The component drawn together until its bounding box is about ``room`` times its boxes' area.

    Spring layouts of small components are sparse (a chain becomes a long diagonal),
    and sparse components make the fitted view, and so every label, small; pushing
    the boxes apart afterwards restores the room each label needs.
    """
    left, top, right, bottom = _extent(pos, boxes)
    need = room * sum((2 * w + 2 * MARGIN) * (u + d + 2 * MARGIN) for w, u, d in (boxes[n] for n in pos))
    have = (right - left) * (bottom - top)
    if have <= need:
        return pos
    factor = math.sqrt(need / have)
    cx, cy = sum(x for x, _ in pos.values()) / len(pos), sum(y for _, y in pos.values()) / len(pos)
    return {n: (cx + (x - cx) * factor, cy + (y - cy) * factor) for n, (x, y) in pos.items()}


def _extent(pos: dict[str, Position], boxes: dict[str, Box]) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of a component with its boxes."""
    return (min(x - boxes[n][0] for n, (x, _) in pos.items()), min(y - boxes[n][1] for n, (_, y) in pos.items()),
            max(x + boxes[n][0] for n, (x, _) in pos.items()), max(y + boxes[n][2] for n, (_, y) in pos.items()))


def layout_positions(graph: nx.Graph, boxes: dict[str, Box] | None = None,
                     aspect: float = 1.1) -> dict[str, Position]:
    """Page coordinates (pixels) for every node: components laid out apart, then packed in rows.

    ``boxes`` gives each node's extent with its label (see the module docstring);
    without it every node is a dot of ``SPACING`` across. The rows are made about
    ``aspect`` times as wide as the packing is tall: the shape of the canvas, so
    the fitted view wastes little of it.
    """
    default: Box = (SPACING / 2, SPACING / 2, SPACING / 2)
    boxes = {n: (boxes or {}).get(n, default) for n in graph}
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    placed = []
    for part in parts:
        pos = _component_layout(_ordered(graph, part))
        if len(part) <= LABEL_LIMIT and len(part) > 1:
            pos = _separate(_shrink(pos, boxes), boxes)
        left, top, right, bottom = _extent(pos, boxes)
        placed.append((pos, left, top, right - left + 2 * MARGIN, bottom - top + 2 * MARGIN))
    placed.sort(key=lambda p: -p[4])  # shelves: the tallest first
    widest = max((p[3] for p in placed), default=0.0)
    total = sum(p[3] for p in placed)
    # The row width whose packing best fills a canvas of this aspect (its fitted view is the largest).
    candidates = {widest, *(widest + (total - widest) * k / 24 for k in range(25))}
    best = min(candidates, key=lambda width: _fit(_shelves(placed, width), aspect))
    return _shelves(placed, best)[0]


Placed = tuple[dict[str, Position], float, float, float, float]


def _shelves(placed: list[Placed], row_width: float) -> tuple[dict[str, Position], float, float]:
    """Components in rows of at most ``row_width``: positions, total width and height."""
    out: dict[str, Position] = {}
    x = y = row_height = width = 0.0
    for pos, left, top, w, h in placed:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        out.update({n: (px - left + x + MARGIN, py - top + y + MARGIN) for n, (px, py) in pos.items()})
        x += w
        width, row_height = max(width, x), max(row_height, h)
    return out, width, y + row_height


def _fit(packed: tuple[dict[str, Position], float, float], aspect: float) -> float:
    """How far a canvas of this aspect must zoom out to show the packing (smaller is better)."""
    _, width, height = packed
    return max(width / aspect, height)
