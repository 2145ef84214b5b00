"""Benchmark (not a test): how a large place network page builds and how soon it is usable offline.

Builds a synthetic place network shaped like the real ones (Russian hubs, most
foreign places tied to one of them, some to several; ties with 1–3 cited
events), writes its page with ``viz.pages``, and opens it in headless Chromium
with the network cut off, measuring:

* layout and page build time in Python, and the page size;
* time from navigation until the network is drawn and answers input
  (``window.tiesDrawn``, set by the page after vis-network's first frame);
* the cost of one frame afterwards (``network.redraw()`` at two zoom levels),
  which is what panning and zooming feel like;
* with ``--metrics``, the time of each metric of ``graph.metrics`` on the same network;
* with ``--physics``, the same page drawn the pyvis way (no positions, physics
  on) for comparison, until vis reports ``stabilized`` or the timeout.

Run: ``python bench/bench_pages.py [--nodes 5000] [--metrics] [--physics]``.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ties.graph import metrics
from ties.viz import pages

FOREIGN = ["BY", "KZ", "CN", "AM", "UZ", "KG", "RS", "TR", "DE", "IT", "FR", "JP", "KR", "VN", "IN", "MN", "AB", "EG"]
KINDS = ["event", "institutional", "friendship_city", "sister_city"]
KIND_WEIGHTS = [50, 30, 15, 5]
SPHERES = ["culture", "education", "sport", "youth", "economy", "governance", "science", "tourism"]
#: pyvis's template loads Bootstrap from jsDelivr in every mode; offline that request only fails.
BOOTSTRAP = re.compile(r'<link[^>]*bootstrap[^>]*/?>|<script[^>]*bootstrap[^>]*>\s*</script>', re.DOTALL)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
         "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1400,900")


def synthetic_place_network(n: int, seed: int = 1) -> nx.Graph:
    """``n`` places: one in twelve a Russian hub, the rest foreign; partners mostly within a region.

    Hubs fall into regions of ten (as municipalities of one oblast), each region
    leaning to a few countries; a foreign place has one partner (75 %) or up to
    four, 90 % of them in the same region; hub popularity is Zipf-like.
    """
    rng = random.Random(seed)
    hubs = [f"ru/{i}" for i in range(max(2, n // 12))]
    regions = [hubs[i:i + 10] for i in range(0, len(hubs), 10)]
    leaning = [rng.sample(FOREIGN, 3) for _ in regions]
    graph = nx.Graph(name="place", cut="all")
    for hub in hubs:
        graph.add_node(hub, label=f"Город {hub[3:]}", country="RU", russian=True)
    row = 0
    for i in range(n - len(hubs)):
        region = rng.randrange(len(regions))
        code = rng.choice(leaning[region]) if rng.random() < 0.8 else rng.choice(FOREIGN)
        node = f"{code.lower()}/{i}"
        graph.add_node(node, label=f"Partner {i}", country=code, russian=False)
        count = 1 if rng.random() < 0.75 else rng.randint(2, 4)
        partners = set()
        for _ in range(count):
            pool = regions[region] if rng.random() < 0.9 else rng.choice(regions)
            partners.add(rng.choices(pool, [1 / (k + 1) ** 0.8 for k in range(len(pool))])[0])
        for hub in partners:
            evidence = []
            for _ in range(rng.randint(1, 3)):
                row += 1
                start = date(2020, 1, 1) + timedelta(days=rng.randrange(4 * 365))
                evidence.append({"iri": f"event/{row}", "title": f"Мероприятие {row}: обмен делегациями",
                                 "start": start.isoformat(), "end": (start + timedelta(days=rng.randrange(4))).isoformat(),
                                 "report": f"bench_{row // 40:03d}", "document": f"bench_{row // 40:03d}.txt",
                                 "row": row % 40 + 1, "position": row % 40 + 1, "sphere": rng.choice(SPHERES)})
            graph.add_edge(hub, node, kind=rng.choices(KINDS, KIND_WEIGHTS)[0], weight=len(evidence),
                           events=len(evidence), evidence=evidence, reports=sorted({e["report"] for e in evidence}))
    return graph


def timed(label: str, func, *args):
    started = time.perf_counter()
    result = func(*args)
    print(f"  {label:<34} {time.perf_counter() - started:8.2f} s")
    return result


def browser(profile: Path, wait_for_load: bool = True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    if not wait_for_load:
        options.page_load_strategy = "none"
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=options)


def measure_page(driver, page: Path, timeout: float) -> dict[str, float]:
    """Navigation → drawn (ms, the page's own clock), then the cost of a frame at two zoom levels."""
    started = time.perf_counter()
    driver.get(page.as_uri())
    deadline = time.monotonic() + timeout
    while driver.execute_script("return window.tiesDrawn === undefined") and time.monotonic() < deadline:
        time.sleep(0.02)
    wall = time.perf_counter() - started
    figures = driver.execute_script("""
        const nav = performance.getEntriesByType('navigation')[0];
        const frame = () => { const t = performance.now(); network.redraw(); return performance.now() - t; };
        const fit = []; for (let i = 0; i < 10; i++) { fit.push(frame()); }
        network.moveTo({scale: 1.0});
        const zoomed = []; for (let i = 0; i < 10; i++) { zoomed.push(frame()); }
        const median = a => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
        return {drawn: window.tiesDrawn, domContentLoaded: nav.domContentLoadedEventEnd,
                nodes: nodes.length, edges: edges.length, frameFit: median(fit), frameZoomed: median(zoomed)};""")
    figures["wall"] = wall * 1000
    figures["errors"] = len([e for e in driver.get_log("browser") if e["level"] == "SEVERE"])
    return figures


def measure_physics(graph: nx.Graph, folder: Path, timeout: float) -> None:
    """The pyvis default for comparison: no positions, physics and vis's improved layout on.

    vis lays such a page out synchronously before its first frame, so the page is
    loaded without waiting (page load strategy ``none``) and polled with a long
    client timeout.
    """
    from pyvis.network import Network
    from selenium.common.exceptions import TimeoutException

    net = Network(height="100vh", width="100%", cdn_resources="in_line")
    net.nodes = [{"id": n, "label": a["label"], "shape": "dot", "value": graph.degree(n)}
                 for n, a in graph.nodes(data=True)]
    net.node_ids = list(graph)
    net.edges = [{"from": u, "to": v} for u, v in graph.edges]
    marks = ('<script>window.tiesDrawn = performance.now();'
             'network.once("stabilized", () => { window.tiesStable = performance.now(); });</script></body>')
    page = folder / "physics.html"
    page.write_text(BOOTSTRAP.sub("", net.generate_html()).replace("</body>", marks, 1), encoding="utf-8")
    driver = browser(Path(tempfile.mkdtemp(prefix="bench-chromium-")), wait_for_load=False)
    driver.command_executor.client_config.timeout = timeout + 60
    driver.set_script_timeout(timeout + 30)
    try:
        started = time.perf_counter()
        driver.get(page.as_uri())
        drawn = stable = None
        while stable is None and time.perf_counter() - started < timeout:
            time.sleep(0.5)
            try:
                drawn, stable = driver.execute_script("return [window.tiesDrawn ?? null, window.tiesStable ?? null]")
            except TimeoutException:  # the page's thread is still busy laying out
                continue
        elapsed = time.perf_counter() - started
    finally:
        driver.quit()
    first = f"first frame {drawn / 1000:.1f} s" if drawn is not None else f"no frame within {elapsed:.0f} s"
    settled = f"stabilized {stable / 1000:.1f} s" if stable is not None else f"not stabilized within {elapsed:.0f} s"
    print(f"  physics on (pyvis default, {page.stat().st_size / 1e6:.2f} MB without tooltips): {first}, {settled}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for a page")
    parser.add_argument("--metrics", action="store_true", help="also time graph.metrics on the network")
    parser.add_argument("--physics", action="store_true", help="also time the pyvis default (physics on)")
    parser.add_argument("--keep", type=Path, help="write the page here instead of a temporary folder")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"synthetic place network, {args.nodes} nodes")
    graph = timed("generate", synthetic_place_network, args.nodes)
    print(f"  {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, "
          f"{nx.number_connected_components(graph)} components")
    timed("layout (positions)", pages.layout_positions, graph)
    html = timed("page build (layout + HTML)", pages.render_page, graph, "bench", "synthetic")
    page = folder / "bench.html"
    page.write_text(html, encoding="utf-8")
    print(f"  page size {page.stat().st_size / 1e6:.2f} MB ({page})")

    if args.metrics:
        print("metrics")
        for name in ("degrees", "weighted_degrees", "betweenness", "pagerank", "communities", "components",
                     "bridges", "articulation_points"):
            timed(name, getattr(metrics, name), graph)

    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        print("chromium or chromedriver not found: browser figures skipped")
        return 0
    print("headless chromium, network cut off")
    driver = browser(Path(tempfile.mkdtemp(prefix="bench-chromium-")))
    try:
        for attempt in ("cold", "warm"):
            f = measure_page(driver, page, args.timeout)
            print(f"  {attempt}: drawn and interactive {f['drawn']:.0f} ms after navigation "
                  f"(DOMContentLoaded {f['domContentLoaded']:.0f} ms, wall {f['wall']:.0f} ms); "
                  f"frame {f['frameFit']:.1f} ms fitted, {f['frameZoomed']:.1f} ms zoomed in; "
                  f"{f['nodes']} nodes, {f['edges']} edges on the page, {f['errors']} console errors")
    finally:
        driver.quit()
    if args.physics:
        measure_physics(graph, folder, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
