"""Network pages in a real browser with the network cut off: no console errors, a drawn canvas, every node.

Headless Chromium is driven by selenium through Debian's chromedriver; the
proxy points at a closed port and every host name fails to resolve, so a page
that needed the internet would log errors here. Skipped, saying so, only when
chromium, chromedriver or selenium is missing.
"""
from __future__ import annotations

import math
import random
import shutil
import time
from pathlib import Path

import networkx as nx
import pytest

from ties.graph import projections as proj
from ties.viz import pages

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
OFFLINE_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                 "--window-size=1400,900")

#: Non-transparent pixels of the vis canvas, sampled (a blank canvas has none).
DRAWN_PIXELS_JS = """
const c = document.querySelector('#mynetwork canvas');
if (!c || !c.width) { return -1; }
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let n = 0;
for (let i = 3; i < d.length; i += 4 * 31) { if (d[i] > 0) { n++; } }
return n;
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*OFFLINE_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def open_page(driver, path: Path, timeout: float = 60) -> list[dict]:
    """Load ``path``, wait until the page says it is drawn; the console entries of the load."""
    driver.get_log("browser")  # drop entries of earlier pages
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while driver.execute_script("return window.tiesDrawn === undefined") and time.monotonic() < deadline:
        time.sleep(0.05)
    return driver.get_log("browser")


def errors(entries: list[dict]) -> list[str]:
    return [e["message"] for e in entries if e["level"] in ("SEVERE", "ERROR")]


@pytest.fixture(scope="module")
def default_pages(built_store, tmp_path_factory) -> dict[str, Path]:
    written = pages.write_default_pages(Path(built_store), tmp_path_factory.mktemp("pages"))
    return {p.stem: p for p in written}


@pytest.fixture(scope="module")
def data(built_store) -> proj.StoreData:
    return proj.load(Path(built_store))


def expected_nodes(data: proj.StoreData, stem: str) -> int:
    if stem == "smolensk":
        return pages.page_graph(data, "place", focus="Смоленск", radius=2).number_of_nodes()
    return pages.page_graph(data, stem).number_of_nodes()


def test_the_browser_really_reports_offline_failures(browser, tmp_path):
    """Guards the other tests: a page that fetches from the internet must show up as errors here."""
    page = tmp_path / "remote.html"
    page.write_text('<html><body><script src="https://cdn.jsdelivr.net/npm/x.js"></script>'
                    "<script>window.tiesDrawn = 1;</script></body></html>", encoding="utf-8")
    assert errors(open_page(browser, page))


def test_default_pages_are_written(default_pages):
    assert set(default_pages) == {"place", "institution", "smolensk", "index"}
    for path in default_pages.values():
        text = path.read_text(encoding="utf-8")
        assert not pages._REMOTE.search(text), f"{path.name} loads something from the internet"


@pytest.mark.parametrize("stem", ["place", "institution", "smolensk"])
def test_page_renders_offline_with_every_node(browser, default_pages, data, stem):
    entries = open_page(browser, default_pages[stem])
    assert browser.execute_script("return window.tiesDrawn !== undefined"), "the network was never drawn"
    assert errors(entries) == []
    assert browser.execute_script("return typeof vis !== 'undefined' && network instanceof vis.Network")
    assert browser.execute_script(DRAWN_PIXELS_JS) > 0, "the vis canvas is blank"
    assert browser.execute_script("return nodes.length") == expected_nodes(data, stem) > 0
    assert browser.execute_script("return network.physics.options.enabled") is False
    legend = browser.execute_script("return document.getElementById('ties-legend').innerText")
    assert "Беларусь" in legend or stem == "institution"


def test_smolensk_page_shows_the_school_links_with_vitebsk(browser, default_pages):
    open_page(browser, default_pages["smolensk"])
    title = browser.execute_script("""
        const ids = nodes.getIds({filter: n => n.label === 'Смоленск' || n.label === 'Витебск'});
        const e = edges.get({filter: e => ids.includes(e.from) && ids.includes(e.to)});
        return e.length === 1 ? e[0].title : null;""")
    assert title is not None, "no Смоленск–Витебск edge on the page"
    for row in (6, 9, 14):
        assert f"001_89ccaa44aebf448f.txt, строка {row}" in title
    assert "Детская школа искусств" in title and "2023-01-27" in title


def test_a_cut_page_and_its_tooltips(browser, data, tmp_path):
    graph = pages.page_graph(data, "place", country="KZ", since="2023")
    page = pages.write_page(graph, tmp_path / "kz.html", "KZ", pages.describe(graph, country="KZ"))
    assert errors(open_page(browser, page)) == []
    assert browser.execute_script("return nodes.length") == graph.number_of_nodes() > 0
    kinds = browser.execute_script("return edges.get().map(e => [e.kind, e.dashes])")
    assert all(dashes == (kind == "event") for kind, dashes in kinds)


def hub_network(n: int, seed: int = 7) -> nx.Graph:
    """A place-like network: Russian hubs, most foreign places tied to one hub, some to several."""
    rng = random.Random(seed)
    hubs = [f"ru{i}" for i in range(max(2, n // 12))]
    graph = nx.Graph()
    for hub in hubs:
        graph.add_node(hub, label=hub, country="RU")
    for i in range(n - len(hubs)):
        node = f"f{i}"
        graph.add_node(node, label=node, country=rng.choice(["BY", "KZ", "CN", "DE", "AM"]))
        for hub in rng.sample(hubs, 1 if rng.random() < 0.7 else rng.randint(2, 4)):
            graph.add_edge(hub, node, kind=rng.choice(list(pages.KIND_STYLE)), weight=1, events=1, evidence=[])
    return graph


def test_layout_of_a_large_network_places_every_node_apart():
    graph = hub_network(1500)
    positions = pages.layout_positions(graph)
    assert set(positions) == set(graph)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions.values())
    assert len({(round(x), round(y)) for x, y in positions.values()}) == len(positions)
