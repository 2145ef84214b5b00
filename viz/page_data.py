"""A network as the data its page draws, filters and explains: plain JSON-able dicts.

The page keeps all of it in one ``<script type="application/json">`` and does
the rest in the browser (search, filters, the year slider, the side panel), so a
page is one file that works offline and needs no server.

* Nodes carry their place in the layout, a label cut to two short lines (the full
  name is on hover and in the panel), and search keys: the name folded as the
  gazetteer folds it (case, ё/е, dashes), its Latin transliteration and, for a
  place the gazetteer knows, its GeoNames English name.
* Edges carry their facts (``graph.evidence``) as ``[kind, event, first year,
  last year, sphere]`` with indexes into the page's lists of kinds, events and
  spheres, so a filter in the browser is a loop over small arrays.
"""
from __future__ import annotations

import math
import re
import textwrap
from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ties.graph import projections as proj
from ties.graph.evidence import edge_facts, event_evidence, years
from ties.ingest.gazetteer import Gazetteer, fold, romanize
from ties.ingest.legal_forms import legal_abbreviation
from ties.ingest.orgs import quote_spans
from ties.viz import page_text
from ties.viz.layout import Box, layout_positions

Row = dict[str, Any]

#: Edge styles by kind, strongest first (as the legend lists them).
KIND_STYLE: dict[str, dict] = {
    "sister_city": {"width": 5, "dashes": False, "color": "#8e1b1b"},
    "friendship_city": {"width": 3.5, "dashes": False, "color": "#c0562b"},
    "agreement": {"width": 3, "dashes": False, "color": "#375a9e"},
    "institutional": {"width": 2, "dashes": False, "color": "#555555"},
    "event": {"width": 1.2, "dashes": True, "color": "#8c8c8c"},
}
#: Country colours in order of frequency; RU keeps its own.
PALETTE = ("#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#17becf", "#bcbd22", "#e377c2", "#8c564b",
           "#aec7e8", "#98df8a", "#ffbb78", "#c5b0d5", "#9edae5", "#dbdb8d", "#f7b6d2", "#c49c94")
RUSSIA_COLOR, OTHER_COLOR = "#d62728", "#b0b0b0"
#: Label lines: at most this many characters, at most this many lines.
LABEL_WIDTH, LABEL_LINES = 26, 2
#: Font of the labels (px) and what a character and a line take at that size, for the layout's boxes.
FONT_SIZE, CHAR_PX, LINE_PX = 14, 8.2, 17.0
#: Node radii (px): smallest, largest (by number of partners).
SIZE_MIN, SIZE_MAX = 7.0, 24.0
#: Coordinates closer than this (degrees) make a gazetteer place the node's place.
SAME_PLACE_DEG = 0.25


def country_colors(codes: Iterable[str | None]) -> dict[str, str]:
    """A colour per country, the most frequent first; countries beyond the palette share grey."""
    counts = Counter(c for c in codes if c and c != proj.RUSSIA)
    colours = {proj.RUSSIA: RUSSIA_COLOR}
    for i, code in enumerate(sorted(counts, key=lambda c: (-counts[c], c))):
        colours[code] = PALETTE[i] if i < len(PALETTE) else OTHER_COLOR
    return colours


def _compact(name: str) -> str:
    """A long organization name as its legal form's abbreviation and its quoted name:
    "Государственное учреждение образования «Средняя школа № 12 …»" → "ГУО «Средняя школа № 12 …»"."""
    spans = quote_spans(name)
    if not spans:
        return name
    start, end = spans[0]
    before = name[:start].strip()
    abbreviation = legal_abbreviation(before) if " " in before else before
    return f"{abbreviation} {name[start:end]}" if abbreviation else name[start:end]


def short_label(name: str) -> str:
    """The name in at most two lines of ``LABEL_WIDTH`` characters; what is cut ends in "…"."""
    name = " ".join(name.split())
    if len(name) <= LABEL_WIDTH:
        return name
    if len(name) > LABEL_WIDTH * LABEL_LINES:
        name = _compact(name)
    lines = textwrap.wrap(name, LABEL_WIDTH, break_long_words=True) or [name]
    if len(lines) > LABEL_LINES:
        last = lines[LABEL_LINES - 1]
        lines = lines[:LABEL_LINES - 1] + [last[:LABEL_WIDTH - 1].rstrip() + "…"]
    return "\n".join(lines)


def label_box(label: str, size: float) -> Box:
    """The node and its label under it (vis draws it there), for the layout."""
    lines = label.split("\n")
    half_width = max(size, max(len(line) for line in lines) * CHAR_PX / 2 + 2)
    return half_width, size, size + 4 + len(lines) * LINE_PX


def node_sizes(graph: nx.Graph) -> dict[str, float]:
    """Radius by number of partners, on a square-root scale so hubs do not swamp the page."""
    top = max((d for _, d in graph.degree), default=1)
    if top <= 1:
        return {n: SIZE_MIN + 2 for n in graph}
    return {n: round(SIZE_MIN + (SIZE_MAX - SIZE_MIN) * math.sqrt((d - 1) / (top - 1)), 1) for n, d in graph.degree}


def english_names(graph: nx.Graph, gazetteer: Gazetteer | None) -> dict[str, str]:
    """GeoNames English names of the places the gazetteer finds at the node's coordinates."""
    if gazetteer is None:
        return {}
    names = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("lat") is None or not attrs.get("label"):
            continue
        for hit in gazetteer.lookup(attrs["label"], attrs.get("country")):
            if abs(hit.lat - attrs["lat"]) < SAME_PLACE_DEG and abs(hit.lon - attrs["lon"]) < SAME_PLACE_DEG:
                names[node] = hit.name_en
                break
    return names


_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")


def transliterate(name: str) -> str:
    """A Russian name in Latin letters, capitals kept: "Шкловский район" → "Shklovskiy rayon"."""
    def word(m: re.Match[str]) -> str:
        latin = romanize(m[0])
        return latin[:1].upper() + latin[1:] if m[0][:1].isupper() else latin
    return _CYRILLIC_WORD.sub(word, name)


def _latin(text: str) -> str:
    return "".join(ch for ch in fold(text) if "a" <= ch <= "z")


def search_keys(name: str, place: str | None, english: str | None) -> tuple[list[str], list[str]]:
    """Folded keys (name, then the place an organization is in) and Latin keys of a node."""
    key = fold(name)
    keys = [key] + ([fold(place)] if place else [])
    latin = {romanize(key), "".join(ch for ch in key if "a" <= ch <= "z")} | ({_latin(english)} if english else set())
    return keys, sorted(k for k in latin if k)


def _dates(event: Row, s: dict[str, str]) -> str:
    """An event's dates as the page shows them (the page's script builds tooltips from these)."""
    start, end = event.get("start"), event.get("end")
    if start and end and end != start:
        return f"{start} – {end}"
    return start or end or s["undated"]


def _where(event: Row, s: dict[str, str]) -> str:
    where = event.get("document") or event.get("report") or "?"
    if event.get("row") is not None:
        return f"{where}, {s['row']} {event['row']}"
    return f"{where}, {s['paragraph']} {event['position']}" if event.get("position") is not None else where


def node_tooltip(graph: nx.Graph, node: str, name: str, lang: str = "ru") -> str:
    s = page_text.strings(lang)
    attrs = graph.nodes[node]
    lines = [f"{name} ({page_text.country_name(attrs.get('country'), lang)})"]
    if attrs.get("place"):
        lines.append(f"{s['located']}: {attrs['place']}")
    lines.append(s["partners_count"].format(n=graph.degree(node)))
    return "\n".join(lines)


def legend(graph: nx.Graph, colours: dict[str, str], lang: str) -> Row:
    """Countries (most nodes first) and tie kinds present, with counts: the side bar's legend and filters."""
    present = Counter(c or "" for _, c in graph.nodes(data="country"))
    countries = [{"code": code, "name": page_text.country_name(code or None, lang), "count": present[code],
                  "color": colours.get(code, OTHER_COLOR)} for code in sorted(present, key=lambda c: (-present[c], c))]
    kinds = Counter(k for _, _, k in graph.edges(data="kind"))
    names = page_text.KIND_NAMES[lang]
    return {"countries": countries,
            "kinds": [{"id": k, "name": names[k], "count": kinds[k], **style}
                      for k, style in KIND_STYLE.items() if kinds[k] or graph.number_of_edges() == 0]}


def page_data(graph: nx.Graph, lang: str = "ru", gazetteer: Gazetteer | None = None,
              resource_base: str | None = None) -> Row:
    """Everything the page's script needs, JSON-able."""
    s = page_text.strings(lang)
    english = english_names(graph, gazetteer)
    names = {n: str(a.get("label") or n) for n, a in graph.nodes(data=True)}
    if lang == "en":  # places by their English name, else transliterated; organizations as the reports name them
        names.update({n: english.get(n) or transliterate(names[n]) for n, a in graph.nodes(data=True)
                      if "place_kind" in a or "russian" in a})
    labels = {n: short_label(name) for n, name in names.items()}
    sizes = node_sizes(graph)
    positions = layout_positions(graph, {n: label_box(labels[n], sizes[n]) for n in graph})
    colours = country_colors(c for _, c in graph.nodes(data="country"))
    kinds = list(proj.KIND_STRENGTH)
    spheres = page_text.sphere_names(lang)
    sphere_ids = list(spheres)
    edge_list = sorted(tuple(sorted(e)) for e in graph.edges)  # the same page for the same network, whatever order it was built in
    events = event_evidence(graph, edge_list)
    event_ids = {iri: i for i, iri in enumerate(events)}
    facts = [edge_facts(graph, u, v) for u, v in edge_list]
    nodes = []
    for node, attrs in sorted(graph.nodes(data=True)):
        x, y = positions[node]
        keys, latin = search_keys(str(attrs.get("label") or node), attrs.get("place"), english.get(node))
        nodes.append({"id": node, "label": labels[node], "name": names[node], "x": round(x, 1), "y": round(y, 1),
                      "size": sizes[node], "color": colours.get(attrs.get("country") or "", OTHER_COLOR),
                      "country": attrs.get("country") or "", "place": attrs.get("place"), "keys": keys,
                      "latin": latin, "title": node_tooltip(graph, node, names[node], lang),
                      **({"lat": attrs["lat"], "lon": attrs["lon"]} if attrs.get("lat") is not None else {})})
    edges = []
    for i, ((u, v), edge_fact) in enumerate(zip(edge_list, facts)):
        attrs = graph.edges[u, v]
        weight = attrs.get("weight", 1) or 1
        edges.append({"id": i, "from": u, "to": v, "kind": attrs.get("kind", "event"),
                      "extra": round(min(math.log2(max(weight, 1)), 3), 2),
                      "reports": list(attrs.get("reports") or ()),
                      "facts": [[kinds.index(f.kind), event_ids.get(f.event, -1), f.first, f.last,
                                 sphere_ids.index(f.sphere) if f.sphere in spheres else -1] for f in edge_fact]})
    used_spheres = sorted({f.sphere for group in facts for f in group if f.sphere in spheres}, key=sphere_ids.index)
    return {"lang": lang, "strings": s, "resourceBase": resource_base or None,
            "kinds": [{"id": k, "name": page_text.KIND_NAMES[lang][k], **KIND_STYLE[k]} for k in kinds],
            "spheres": [{"id": sp, "name": spheres[sp]} for sp in sphere_ids],
            "usedSpheres": used_spheres, "years": years(facts), "legend": legend(graph, colours, lang),
            "events": [{"iri": e["iri"], "title": e.get("title"), "start": e.get("start"), "quote": e.get("quote"),
                        "sphere": spheres.get(e.get("sphere") or "", e.get("sphere")),
                        "when": _dates(e, s), "where": _where(e, s)} for e in events.values()],
            "nodes": nodes, "edges": edges, "fontSize": FONT_SIZE}
