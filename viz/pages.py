"""Interactive network pages (vis-network) that open offline in any browser.

A page is one HTML file rendered from Jinja2 templates (``viz/templates``, with
autoescape): the vis-network library shipped inside pyvis and the page's own
script and style are inlined, the network is a JSON block (``viz.page_data``),
and nothing is fetched from anywhere, so the page works with no network at all.
The layout is computed in Python (``viz.layout``) and physics is off: the browser
draws at once instead of simulating thousands of springs.

In the browser the page offers a search box (any form of a name, Latin too),
filters by country, tie kind, sphere and period, a year slider that plays the
network year by year, and a side panel with the events and quoted report rows
of the node or tie clicked, linking to ``ties serve``'s resource pages when
``--resource-base`` is given. Its globals ``nodes`` and ``edges`` (vis
DataSets of everything), ``network`` and ``tiesPage`` serve tests and the
curious; ``window.tiesDrawn`` (ms since navigation) is set at the first frame,
and tests and ``bench/bench_pages.py`` wait on it.
"""
from __future__ import annotations

import re
import sys
from datetime import date
from functools import lru_cache
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from tqdm import tqdm

from ties.graph import projections as proj
from ties.ingest.gazetteer import Gazetteer
from ties.viz import page_text
from ties.viz.layout import layout_positions  # noqa: F401  (part of this module's interface: bench, tests)
from ties.viz.page_data import KIND_STYLE, english_names, page_data, transliterate  # noqa: F401  (KIND_STYLE: tests)

TEMPLATES = Path(__file__).with_name("templates")
#: A page must never load anything: any src/href to the web fails the build.
_REMOTE = re.compile(r'(?:src|href)\s*=\s*["\']https?://', re.IGNORECASE)
_URL = re.compile(r"https?://")
_BEFORE_URL = re.compile(r'(?:src|href)\s*=\s*["\']$', re.IGNORECASE)


def loads_remote(page: str) -> bool:
    """Whether the page would fetch from the web: ``_REMOTE``, looked for only where a URL starts
    (a case-insensitive search of a 15 MB page takes over a second; the URLs in it are few)."""
    return any(_BEFORE_URL.search(page, max(0, m.start() - 40), m.start()) for m in _URL.finditer(page))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates of viz/templates, every value escaped unless it is Markup."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=1)
def _assets() -> dict[str, Markup]:
    """The vis-network library pyvis ships (it works offline only inlined) and the page's script and style."""
    import pyvis

    vis = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    text = {"vis_js": (vis / "vis-network.min.js").read_text(encoding="utf-8"),
            "vis_css": (vis / "vis-network.css").read_text(encoding="utf-8"),
            "page_js": (TEMPLATES / "network.js").read_text(encoding="utf-8"),
            "page_css": (TEMPLATES / "network.css").read_text(encoding="utf-8")}
    for name, body in text.items():
        if "</script" in body.lower() or "</style" in body.lower():
            raise RuntimeError(f"{name} cannot be inlined: it holds a closing script or style tag")
    return {name: Markup(body) for name, body in text.items()}


def render_page(graph: nx.Graph, title: str, subtitle: str = "", lang: str = "ru",
                gazetteer: Gazetteer | None = None, resource_base: str | None = None) -> str:
    """The HTML of one network page (see the module docstring for why it is built this way)."""
    data = page_data(graph, lang, gazetteer, resource_base)
    page = environment().get_template("network.html.j2").render(
        title=title, subtitle=subtitle, lang=lang, s=data["strings"], data=data, **_assets())
    if loads_remote(page):
        raise RuntimeError("network page would load a remote resource")
    return page


def write_page(graph: nx.Graph, out: Path, title: str, subtitle: str = "", lang: str = "ru",
               gazetteer: Gazetteer | None = None, resource_base: str | None = None) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_page(graph, title, subtitle, lang, gazetteer, resource_base), encoding="utf-8")
    return out


def open_gazetteer() -> Gazetteer | None:
    """The gazetteer for English names and Latin search keys, if its index can be opened (else None)."""
    try:
        return Gazetteer.open()
    except (OSError, RuntimeError):
        return None


NETWORKS = {"place": proj.place_network, "institution": proj.institution_network}


def title(network: str, lang: str = "ru", focus: str | None = None) -> str:
    """The page title of a network, or of the ego network around ``focus``."""
    s = page_text.strings(lang)
    return s["ego"].format(focus=focus) if focus else s[network]


#: Russian titles, as before ``--lang``.
TITLES = {name: title(name) for name in NETWORKS}


def page_graph(source: proj.Source, network: str = "place", focus: str | None = None, radius: int = 2,
               country: str | None = None, sphere: str | None = None, since: str | date | None = None,
               until: str | date | None = None) -> nx.Graph:
    """The network a page shows: the projection, cut, then narrowed to a country and/or a focus node.

    The events' quotes ride along in ``graph.graph["quotes"]`` for the side panel.
    """
    data = proj.load(source)
    graph = NETWORKS[network](data, since=since, until=until, sphere=sphere)
    if country:
        graph = proj.country_subgraph(graph, country)
    if focus:
        graph = proj.ego_network(graph, focus, radius)
    graph.graph["quotes"] = data.quotes
    return graph


def describe(graph: nx.Graph, focus: str | None = None, radius: int = 2, country: str | None = None,
             lang: str = "ru") -> str:
    """One line saying what the page shows: the period and sphere, the country, the neighbourhood."""
    s = page_text.strings(lang)
    cut = graph.graph.get("cut", "all")
    parts = [s["all_periods"] if cut == "all" else f"{s['period']}: {cut}"]
    if country:
        parts.append(f"{s['country']}: {page_text.country_name(country.upper(), lang)}")
    if focus:
        parts.append(s["around"].format(focus=focus, radius=radius))
    return "; ".join(parts)


def _most_connected_russian(places: nx.Graph) -> str | None:
    """Label of the Russian place most reports show working abroad (then: most partnership
    events): the natural first ego network to look at."""
    def reach(node: str) -> tuple[int, float, str]:
        reports = {r for _, _, d in places.edges(node, data=True) for r in d.get("reports", ())}
        return len(reports), places.degree(node, weight="weight"), places.nodes[node].get("label", "")

    russian = [n for n, d in places.nodes(data=True) if d.get("russian")]
    return places.nodes[max(russian, key=reach)].get("label") if russian else None


def write_default_pages(store: proj.Source, out_dir: Path, quiet: bool = True, focus: str | None = None,
                        lang: str = "ru", resource_base: str | None = None) -> list[Path]:
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
        (title("place", lang), places, "place.html", describe(places, lang=lang)),
        (title("institution", lang), institutions, "institution.html", describe(institutions, lang=lang))]
    focus = focus or _most_connected_russian(places)
    gazetteer = open_gazetteer()
    if focus and (node := proj.find_node(places, focus)) is not None:
        ego = proj.ego_network(places, focus, 2)
        shown = (english_names(ego, gazetteer).get(node) or transliterate(focus)) if lang == "en" else focus
        wanted.append((title("place", lang, shown), ego, f"{slug(focus)}.html", describe(ego, shown, 2, lang=lang)))
    pages = []
    try:
        for name, graph, file, subtitle in tqdm(wanted, desc="pages", unit="page", disable=quiet, file=sys.stderr):
            pages.append((name, write_page(graph, out_dir / file, name, subtitle, lang, gazetteer, resource_base)))
    finally:
        if gazetteer is not None:
            gazetteer.close()
    index = out_dir / "index.html"
    index.write_text(environment().get_template("index.html.j2").render(
        lang=lang, s=page_text.strings(lang), pages=[(name, path.name) for name, path in pages]), encoding="utf-8")
    return [p for _, p in pages] + [index]
