"""Interactive network pages (pyvis / vis-network) that open offline in any browser.

Three choices make a page usable anywhere and at any size:

* Everything is inline. pyvis is asked for ``cdn_resources='in_line'`` (its
  ``local`` and ``remote`` modes fetch vis-network from a CDN and the page hangs
  at 0 % offline), and the Bootstrap ``<link>``/``<script>`` that pyvis's
  template loads from jsDelivr in every mode are removed, so the page makes no
  request at all.
* Positions are computed here and physics is off: the browser draws at once
  instead of simulating thousands of springs. Components are laid out
  separately and packed; in each, places with a single partner sit in rings
  around it, and the rest is laid out by NetworkX's spring layout and spread
  until no two rings overlap. A core too large for that layout's dense solver
  is split into Louvain communities, laid out each, and the communities are
  placed by the same means.
* Nodes and edges are appended to the pyvis network as plain dicts: its
  ``add_edge`` scans all edges on each call, quadratic on large networks.

Each page sets ``window.tiesDrawn`` (ms since navigation) at its first frame;
tests and ``bench/bench_pages.py`` wait on it.
"""
from __future__ import annotations

import html
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import networkx as nx
from pyvis.network import Network
from tqdm import tqdm

from ties.graph import projections as proj
from ties.graph.metrics import SEED, communities

#: Up to this many nodes networkx's spring layout runs its dense solver (it needs SciPy above).
SPRING_LIMIT = 499
#: Distance in page pixels between neighbouring nodes.
SPACING = 90.0
#: Radius of the first ring of single-partner nodes, arc length between two of them, gap between rings.
RING_START, RING_STEP, RING_GAP = 1.6 * SPACING, 42.0, 34.0

KIND_STYLE: dict[str, dict] = {
    "sister_city": {"width": 5, "dashes": False, "color": "#8e1b1b", "name": "побратимы (sister city)"},
    "friendship_city": {"width": 3.5, "dashes": False, "color": "#c0562b", "name": "дружественные города (friendship)"},
    "agreement": {"width": 3, "dashes": False, "color": "#375a9e", "name": "соглашение (agreement)"},
    "institutional": {"width": 2, "dashes": False, "color": "#555555", "name": "связь учреждений (institutional)"},
    "event": {"width": 1.2, "dashes": True, "color": "#8c8c8c", "name": "общее мероприятие (event)"},
}
#: Country colours in order of frequency; RU keeps its own.
PALETTE = ("#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf", "#bcbd22", "#e377c2", "#8c564b",
           "#aec7e8", "#98df8a", "#ffbb78", "#c5b0d5", "#9edae5", "#dbdb8d", "#f7b6d2", "#c49c94")
RUSSIA_COLOR, OTHER_COLOR = "#d62728", "#b0b0b0"
MAX_TOOLTIP_EVENTS = 12

Position = tuple[float, float]

# --------------------------------------------------------------------------- layout


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
    import numpy as np

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
    inner = [_core_layout(core.subgraph(g), reach) for g in groups]
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
    core = graph.subgraph(n for n in graph if n not in folded)
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


def layout_positions(graph: nx.Graph) -> dict[str, Position]:
    """Page coordinates (pixels) for every node: components laid out apart, then packed in rows."""
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    boxes = []
    for part in parts:
        pos = _component_layout(graph.subgraph(part))
        xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs) + 2 * SPACING, max(ys) - min(ys) + 2 * SPACING))
    row_width = max(math.sqrt(sum(w * h for *_, w, h in boxes)) * 1.3, max((b[3] for b in boxes), default=0))
    out: dict[str, Position] = {}
    x = y = row_height = 0.0
    for pos, left, top, width, height in boxes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        out.update({n: (px - left + x + SPACING, py - top + y + SPACING) for n, (px, py) in pos.items()})
        x += width
        row_height = max(row_height, height)
    return out


# --------------------------------------------------------------------------- colours, tooltips, legend

def country_colors(codes: Iterable[str | None]) -> dict[str, str]:
    """A colour per country, the most frequent first; countries beyond the palette share grey."""
    counts = Counter(c for c in codes if c and c != proj.RUSSIA)
    colours = {proj.RUSSIA: RUSSIA_COLOR}
    for i, code in enumerate(sorted(counts, key=lambda c: (-counts[c], c))):
        colours[code] = PALETTE[i] if i < len(PALETTE) else OTHER_COLOR
    return colours


def _dates(event: dict) -> str:
    start, end = event.get("start"), event.get("end")
    if start and end and end != start:
        return f"{start} – {end}"
    return start or end or "без даты"


def _where(event: dict) -> str:
    where = event.get("document") or event.get("report") or "?"
    if event.get("row") is not None:
        return f"{where}, строка {event['row']}"
    return f"{where}, абзац {event['position']}" if event.get("position") is not None else where


def edge_tooltip(graph: nx.Graph, u: str, v: str) -> str:
    """Plain text (vis shows a string title as text): the pair, the kind, then each event."""
    attrs = graph.edges[u, v]
    if graph.nodes[v].get("russian") and not graph.nodes[u].get("russian"):
        u, v = v, u  # the Russian side first, as reports name it
    kind = attrs.get("kind", "event")
    lines = [f"{graph.nodes[u].get('label', u)} — {graph.nodes[v].get('label', v)}",
             f"{KIND_STYLE.get(kind, KIND_STYLE['event'])['name']}; мероприятий: {attrs.get('events', 0)}"]
    evidence = attrs.get("evidence") or []
    for event in evidence[:MAX_TOOLTIP_EVENTS]:
        lines.append(f"• {_dates(event)}: {event.get('title') or '—'} [{_where(event)}]")
    if len(evidence) > MAX_TOOLTIP_EVENTS:
        lines.append(f"… и ещё {len(evidence) - MAX_TOOLTIP_EVENTS}")
    if not evidence and attrs.get("reports"):
        lines.append("без мероприятий, заявлено в отчёте: " + ", ".join(attrs["reports"]))
    return "\n".join(lines)


def node_tooltip(graph: nx.Graph, node: str) -> str:
    attrs = graph.nodes[node]
    lines = [f"{attrs.get('label', node)} ({attrs.get('country') or '?'})"]
    if attrs.get("place"):
        lines.append(f"находится в: {attrs['place']}")
    events = {e["iri"] for _, _, ev in graph.edges(node, data="evidence") for e in ev or ()}
    lines.append(f"партнёров: {graph.degree(node)}; мероприятий: {len(events)}")
    if attrs.get("lat") is not None:
        lines.append(f"координаты: {attrs['lat']:.4f}, {attrs['lon']:.4f}")
    lines.append(node)
    return "\n".join(lines)


def legend_html(graph: nx.Graph, colours: dict[str, str], title: str, subtitle: str) -> str:
    """The overlay: what the page shows, the colour of each country, the style of each tie kind."""
    present = Counter(c or "?" for _, c in graph.nodes(data="country"))
    items = []
    for code in sorted(present, key=lambda c: (-present[c], c))[:len(PALETTE) + 1]:
        colour = colours.get(code, OTHER_COLOR)
        items.append(f'<div><span class="sw" style="background:{colour}"></span>'
                     f'{html.escape(proj.country_label(code))} ({html.escape(code)}): {present[code]}</div>')
    if len(present) > len(PALETTE) + 1:
        items.append(f'<div><span class="sw" style="background:{OTHER_COLOR}"></span>другие страны</div>')
    kinds = Counter(k for _, _, k in graph.edges(data="kind"))
    lines = []
    for kind, style in KIND_STYLE.items():
        if kinds[kind]:
            dash = ' stroke-dasharray="6,4"' if style["dashes"] else ""
            lines.append(f'<div><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" '
                         f'stroke="{style["color"]}" stroke-width="{style["width"]}"{dash}/></svg> '
                         f'{html.escape(style["name"])}: {kinds[kind]}</div>')
    # A <details> the reader can fold away when it covers part of the network.
    return (f'<details id="ties-legend" open><summary><b>{html.escape(title)}</b></summary>'
            f'<div class="sub">{html.escape(subtitle)}</div>'
            f'<div class="sub">узлов: {graph.number_of_nodes()}, связей: {graph.number_of_edges()}; '
            f'размер узла — число партнёров</div><hr>{"".join(items)}<hr>{"".join(lines)}'
            f'<div class="sub">наведите на узел или связь — мероприятия, даты, отчёт и строка; '
            f'щёлкните заголовок, чтобы свернуть легенду</div></details>')


PAGE_STYLE = """<style>
html, body { margin: 0; font-family: sans-serif; }
#mynetwork { border: none !important; }
div.vis-tooltip { white-space: pre-line !important; max-width: 560px; font: 13px sans-serif !important;
  z-index: 20 !important; }
#ties-legend { position: fixed; top: 10px; right: 10px; z-index: 4; max-width: 330px; max-height: 90vh;
  overflow: auto; background: rgba(255,255,255,.93); border: 1px solid #ccc; border-radius: 6px;
  padding: 8px 10px; font-size: 12px; line-height: 1.5; }
#ties-legend summary { cursor: pointer; }
#ties-legend .sub { color: #555; }
#ties-legend .sw { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 5px;
  vertical-align: middle; border: 1px solid #666; }
#ties-legend hr { border: none; border-top: 1px solid #ddd; margin: 5px 0; }
</style>"""

#: vis-network draws its first frame synchronously inside ``new vis.Network``, which pyvis's
#: script has run by now; so the page is drawn and interactive when this runs.
READY_SCRIPT = """<script>
if (typeof network !== "undefined" && network && document.querySelector("#mynetwork canvas")) {
  window.tiesDrawn = performance.now();
}
</script>"""

_BOOTSTRAP = re.compile(r'<link[^>]*bootstrap[^>]*/?>|<script[^>]*bootstrap[^>]*>\s*</script>', re.DOTALL)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.DOTALL)
_REMOTE = re.compile(r'(?:src|href)\s*=\s*["\']https?://', re.IGNORECASE)


# --------------------------------------------------------------------------- pages

def _options(graph: nx.Graph) -> dict:
    large = graph.number_of_nodes() > 1000
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 14, "face": "sans-serif"},
                  "scaling": {"min": 8, "max": 40,
                              "label": {"enabled": True, "min": 12, "max": 26, "drawThreshold": 7}}},
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "keyboard": True},
    }


def render_page(graph: nx.Graph, title: str, subtitle: str = "") -> str:
    """The HTML of one network page (see the module docstring for why it is built this way)."""
    positions = layout_positions(graph)
    colours = country_colors(c for _, c in graph.nodes(data="country"))
    net = Network(height="100vh", width="100%", cdn_resources="in_line", heading="")
    for node, attrs in graph.nodes(data=True):
        x, y = positions[node]
        net.nodes.append({"id": node, "label": str(attrs.get("label") or node), "shape": "dot",
                          "value": graph.degree(node), "x": round(x, 1), "y": round(y, 1),
                          "color": colours.get(attrs.get("country") or "", OTHER_COLOR),
                          "title": node_tooltip(graph, node), "country": attrs.get("country")})
        net.node_ids.append(node)
    for u, v, attrs in graph.edges(data=True):
        style = KIND_STYLE.get(attrs.get("kind", "event"), KIND_STYLE["event"])
        width = style["width"] + min(math.log2(max(attrs.get("weight", 1), 1)), 3)
        net.edges.append({"from": u, "to": v, "width": round(width, 2), "dashes": style["dashes"],
                          "color": style["color"], "kind": attrs.get("kind"), "title": edge_tooltip(graph, u, v)})
    net.options = _options(graph)
    page = net.generate_html()
    page = _EMPTY_HEADING.sub("", _BOOTSTRAP.sub("", page))
    page = page.replace("</head>", f"<title>{html.escape(title)}</title>\n{PAGE_STYLE}\n</head>", 1)
    page = page.replace("</body>", f"{legend_html(graph, colours, title, subtitle)}\n{READY_SCRIPT}\n</body>", 1)
    if _REMOTE.search(page):
        raise RuntimeError("network page would load a remote resource; pyvis's template changed")
    return page


def write_page(graph: nx.Graph, out: Path, title: str, subtitle: str = "") -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_page(graph, title, subtitle), encoding="utf-8")
    return out


NETWORKS = {"place": proj.place_network, "institution": proj.institution_network}
TITLES = {"place": "Сеть населённых пунктов", "institution": "Сеть учреждений"}


def page_graph(source: proj.Source, network: str = "place", focus: str | None = None, radius: int = 2,
               country: str | None = None, sphere: str | None = None, since: str | date | None = None,
               until: str | date | None = None) -> nx.Graph:
    """The network a page shows: the projection, cut, then narrowed to a country and/or a focus node."""
    graph = NETWORKS[network](source, since=since, until=until, sphere=sphere)
    if country:
        graph = proj.country_subgraph(graph, country)
    if focus:
        graph = proj.ego_network(graph, focus, radius)
    return graph


def describe(graph: nx.Graph, focus: str | None = None, radius: int = 2, country: str | None = None) -> str:
    parts = [f"срез: {graph.graph.get('cut', 'all')}"]
    if country:
        parts.append(f"страна: {country.upper()}")
    if focus:
        parts.append(f"окрестность «{focus}», радиус {radius}")
    return "; ".join(parts)


def _most_connected_russian(places: nx.Graph) -> str | None:
    """Label of the Russian place most reports show working abroad (then: most partnership
    events): the natural first ego network to look at."""
    def reach(node: str) -> tuple[int, float, str]:
        reports = {r for _, _, d in places.edges(node, data=True) for r in d.get("reports", ())}
        return len(reports), places.degree(node, weight="weight"), places.nodes[node].get("label", "")

    russian = [n for n, d in places.nodes(data=True) if d.get("russian")]
    return places.nodes[max(russian, key=reach)].get("label") if russian else None


def write_default_pages(store: proj.Source, out_dir: Path, quiet: bool = True,
                        focus: str | None = None) -> list[Path]:
    """The place network, the institution network and one ego network, plus an index.

    ``ties viz --out-dir DIR`` calls this; so does ``make demo``. The ego page is
    ``focus``'s, by default the Russian place most reports show working abroad (Смоленск in the
    bundled reports); it is named after the place ("smolensk.html").
    """
    from ties.graph.iris import slug

    out_dir = Path(out_dir)
    data = proj.load(store)
    places, institutions = page_graph(data, "place"), page_graph(data, "institution")
    wanted: list[tuple[str, nx.Graph, str, str]] = [
        (TITLES["place"], places, "place.html", describe(places)),
        (TITLES["institution"], institutions, "institution.html", describe(institutions))]
    focus = focus or _most_connected_russian(places)
    if focus and proj.find_node(places, focus) is not None:
        ego = proj.ego_network(places, focus, 2)
        wanted.append((f"{focus}: партнёры и их партнёры", ego, f"{slug(focus)}.html", describe(ego, focus, 2)))
    pages = []
    for title, graph, name, subtitle in tqdm(wanted, desc="pages", unit="page", disable=quiet, file=sys.stderr):
        pages.append((title, write_page(graph, out_dir / name, title, subtitle)))
    links = "".join(f'<li><a href="{p.name}">{html.escape(t)}</a></li>' for t, p in pages)
    index = out_dir / "index.html"
    index.write_text(f'<!doctype html><html><head><meta charset="utf-8"><title>ties: network pages</title>'
                     f'</head><body><h1>ties: network pages</h1><ul>{links}</ul></body></html>', encoding="utf-8")
    return [p for _, p in pages] + [index]
