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
from ties.viz import page_text, pages

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


def start_chromium(profile: Path, flags: tuple[str, ...] = OFFLINE_FLAGS, logs: tuple[str, ...] = ("browser",)):
    """Headless Chromium under selenium with ``flags`` and a fresh profile, keeping the ``logs`` named;
    the test is skipped, saying what to install, when chromium, chromedriver or selenium is missing."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*flags, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", dict.fromkeys(logs, "ALL"))
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
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
        return e.length === 1 ? tiesPage.edgeTitle(e[0].id) : null;""")
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


# --------------------------------------------------------------------------- exploring a page: search, filters, slider, panel

def shown(driver) -> tuple[set[str], set[tuple[str, str]]]:
    """The node ids and the (sorted) node pairs of the edges the page shows now."""
    nodes, pairs = driver.execute_script("""
        const s = tiesPage.shown();
        return [s.nodes, s.edges.map(id => { const e = edges.get(id); return [e.from, e.to]; })];""")
    return set(nodes), {tuple(sorted(p)) for p in pairs}


def pairs(graph: nx.Graph) -> set[tuple[str, str]]:
    return {tuple(sorted(e)) for e in graph.edges}


def type_search(driver, text: str) -> str:
    """Type ``text`` and Enter into the search box; the id of the node the view then centres on."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "ties-search")
    box.clear()
    box.send_keys(text, Keys.ENTER)
    chosen = driver.execute_script("return network.getSelectedNodes()")
    assert len(chosen) == 1, f"{text!r} selected {chosen}"
    node = chosen[0]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the view moves there in a short animation
        gap = driver.execute_script("""
            const p = network.getPositions([arguments[0]])[arguments[0]], v = network.getViewPosition();
            return Math.hypot(p.x - v.x, p.y - v.y);""", node)
        if gap < 1:
            break
        time.sleep(0.05)
    assert gap < 1, f"the view is {gap:.0f} px from {node}"
    return node


@pytest.mark.parametrize("stem", ["place", "institution"])
def test_search_centres_the_node_named_vitebsk(browser, default_pages, stem):
    open_page(browser, default_pages[stem])
    node = type_search(browser, "Витебск")
    found = browser.execute_script("return tiesPage.data.nodes.find(n => n.id === arguments[0])", node)
    if stem == "place":
        assert found["name"] == "Витебск"
    else:  # an institution of Витебск: by its name or the place it is based in
        assert "Витебск" in found["name"] or found["place"] == "Витебск"
    assert browser.execute_script("return !document.getElementById('ties-panel').hidden")


@pytest.mark.parametrize("form", ["витебска", "ВИТЕБСКЕ", "Vitebsk", "vitebsk"])
def test_search_finds_a_place_by_case_form_and_latin_spelling(browser, default_pages, form):
    open_page(browser, default_pages["place"])
    node = type_search(browser, form)
    assert browser.execute_script("return nodes.get(arguments[0]).label", node) == "Витебск"


def test_search_says_when_nothing_matches(browser, default_pages):
    from selenium.webdriver.common.by import By
    open_page(browser, default_pages["place"])
    browser.find_element(By.ID, "ties-search").send_keys("Зазеркальск")
    assert browser.find_element(By.ID, "ties-matches").text == "не найдено"


@pytest.mark.parametrize("stem", ["place", "institution"])
def test_country_filter_hides_the_other_countries(browser, default_pages, data, stem):
    from selenium.webdriver.common.by import By
    open_page(browser, default_pages[stem])
    browser.find_element(By.CSS_SELECTOR, '#ties-legend .only[data-country="BY"]').click()
    nodes, edges = shown(browser)
    expected = pages.page_graph(data, stem, country="BY")
    assert nodes == set(expected) and edges == pairs(expected)
    countries = {data.places.get(n, data.organizations.get(n, {})).get("country") for n in nodes}
    assert countries == {"BY", "RU"}
    # unticking one country hides its nodes and nothing else
    browser.find_element(By.ID, "ties-reset").click()
    browser.find_element(By.CSS_SELECTOR, '.ties-country[value="KZ"]').click()
    nodes, _ = shown(browser)
    everything = pages.page_graph(data, stem)
    assert nodes == {n for n in everything if (everything.nodes[n].get("country") != "KZ")
                     and any(everything.nodes[m].get("country") != "KZ" for m in everything[n])}


def set_year(driver, index: int) -> None:
    """Move the slider with the mouse and keyboard, as a reader would: a click, Home, then → ``index`` times."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    slider = driver.find_element(By.ID, "ties-year")
    slider.click()  # focus it as a reader would; keys sent to an unfocused range input are lost
    slider.send_keys(Keys.HOME)
    for _ in range(index):
        slider.send_keys(Keys.ARROW_RIGHT)
    assert int(slider.get_attribute("value")) == index


@pytest.mark.parametrize("stem", ["place", "institution"])
def test_year_slider_shows_only_that_years_ties(browser, default_pages, data, stem):
    open_page(browser, default_pages[stem])
    years = browser.execute_script("return tiesPage.data.years")
    assert 2021 in years or stem == "institution"
    assert 2023 in years
    for index, year in enumerate(years, start=1):
        set_year(browser, index)
        assert browser.execute_script("return document.getElementById('ties-year-label').value") == str(year)
        nodes, edges = shown(browser)
        expected = pages.page_graph(data, stem, since=str(year), until=str(year))
        assert edges == pairs(expected), year
        assert nodes == set(expected), year
        kinds = browser.execute_script("return tiesPage.shown().edges.map(id => [edges.get(id).from, edges.get(id).to, edges.get(id).kind])")
        assert {(frozenset((u, v)), k) for u, v, k in kinds} == {(frozenset((u, v)), k) for u, v, k in expected.edges(data="kind")}
    if stem == "place":
        set_year(browser, years.index(2021) + 1)
        nodes, _ = shown(browser)
        assert "Хабаровск" in {browser.execute_script("return nodes.get(arguments[0]).label", n) for n in nodes}
        assert not any(browser.execute_script("return nodes.get(arguments[0]).label", n) == "Смоленск" for n in nodes)
    set_year(browser, 0)
    assert shown(browser)[1] == pairs(pages.page_graph(data, stem))


def to_edge(driver, u: str, v: str):
    """The mouse moved onto the drawn edge u–v, at a point of it no node or label covers (ActionChains)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    point = driver.execute_script("""
        const [u, v] = arguments;
        const id = edges.getIds({filter: e => (e.from === u && e.to === v) || (e.from === v && e.to === u)})[0];
        const p = network.getPositions([u, v]);
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
          const dom = network.canvasToDOM({x: p[u].x + t * (p[v].x - p[u].x), y: p[u].y + t * (p[v].y - p[u].y)});
          if (network.getNodeAt(dom) === undefined && network.getEdgeAt(dom) === id) { return [dom.x, dom.y]; }
        }
        return null;""", u, v)
    assert point is not None, "no free point on the edge"
    canvas = driver.find_element(By.CSS_SELECTOR, "#mynetwork canvas")
    size = canvas.size
    return ActionChains(driver).move_to_element_with_offset(canvas, point[0] - size["width"] / 2,
                                                            point[1] - size["height"] / 2)


def click_edge(driver, u: str, v: str) -> None:
    """A real mouse click on the drawn edge u–v."""
    to_edge(driver, u, v).click().perform()


def panel_text(driver) -> str:
    deadline = time.monotonic() + 5
    while driver.execute_script("return document.getElementById('ties-panel').hidden") and time.monotonic() < deadline:
        time.sleep(0.05)
    return driver.execute_script("return document.getElementById('ties-panel-body').innerText")


def test_clicking_the_smolensk_vitebsk_edge_opens_its_school_events(browser, default_pages, data):
    open_page(browser, default_pages["place"])
    graph = pages.page_graph(data, "place")
    smolensk, vitebsk = proj.find_node(graph, "Смоленск"), proj.find_node(graph, "Витебск")
    click_edge(browser, smolensk, vitebsk)
    text = panel_text(browser)
    assert text.startswith("Смоленск — Витебск")
    evidence = graph.edges[smolensk, vitebsk]["evidence"]
    for event in evidence:  # every event with its report row and quoted text
        assert f"{event['document']}, строка {event['row']}" in text
        assert event["title"] in text
        assert " ".join(data.quotes[event["iri"]].split()[:4]) in " ".join(text.split())
    for row in (6, 9, 14):
        assert f"001_89ccaa44aebf448f.txt, строка {row}" in text
    assert "Детская школа искусств" in text


def test_hovering_an_edge_shows_its_events_in_a_tooltip(browser, default_pages, data):
    open_page(browser, default_pages["place"])
    graph = pages.page_graph(data, "place")
    to_edge(browser, proj.find_node(graph, "Смоленск"), proj.find_node(graph, "Витебск")).perform()
    deadline, text = time.monotonic() + 5, ""
    while time.monotonic() < deadline and "строка 6" not in text:
        time.sleep(0.1)
        text = browser.execute_script("""const t = document.querySelector('div.vis-tooltip');
            return t && t.style.visibility !== 'hidden' ? t.innerText : '';""")
    assert text.startswith("Смоленск — Витебск")
    assert "001_89ccaa44aebf448f.txt, строка 6" in text and "связь учреждений; мероприятий: 6" in text


def test_clicking_an_institution_edge_of_smolensk_and_vitebsk_opens_its_events(browser, default_pages, data):
    open_page(browser, default_pages["institution"])
    graph = pages.page_graph(data, "institution")
    schools = [(u, v) for u, v in graph.edges
               if {graph.nodes[u].get("place"), graph.nodes[v].get("place")} == {"Смоленск", "Витебск"}]
    assert schools, "no tie between institutions of Смоленск and Витебск"
    for u, v in schools:
        click_edge(browser, u, v)
        text = panel_text(browser)
        assert graph.nodes[u]["label"] in text and graph.nodes[v]["label"] in text
        for event in graph.edges[u, v]["evidence"]:
            assert f"{event['document']}, строка {event['row']}" in text and event["title"] in text
    assert any("школа" in graph.nodes[n]["label"] for pair in schools for n in pair)


def test_an_english_page_with_resource_links(browser, data, tmp_path):
    from selenium.webdriver.common.by import By
    graph = pages.page_graph(data, "place")
    base = "http://127.0.0.1:7878/resource"
    page = pages.write_page(graph, tmp_path / "en.html", pages.title("place", "en"),
                            pages.describe(graph, lang="en"), lang="en", resource_base=base)
    assert errors(open_page(browser, page)) == []
    side = browser.find_element(By.ID, "ties-side").text
    assert "Belarus" in side and "all periods" in side and "Network of places" in side
    assert not any(word in side for word in ("срез", "узлов", "Беларусь", "побратимы"))
    node = type_search(browser, "Vitebsk")
    link = browser.find_element(By.CSS_SELECTOR, "#ties-panel a.iri").get_attribute("href")
    from urllib.parse import quote
    assert link == f"{base}?iri={quote(node, safe='')}"


def test_without_a_resource_base_iris_are_plain_text(browser, default_pages):
    from selenium.webdriver.common.by import By
    open_page(browser, default_pages["place"])
    node = type_search(browser, "Смоленск")
    panel = browser.find_element(By.ID, "ties-panel")
    assert panel.find_elements(By.CSS_SELECTOR, "a") == []
    assert node in panel.text


def test_every_institution_label_is_readable_at_the_default_zoom(browser, default_pages):
    """At 1400×1000 every label lies inside the canvas, none overlaps another, and the text is at least 11 px."""
    size = browser.get_window_size()
    try:
        browser.set_window_size(1400, 1000)
        inner = browser.execute_script("return [window.innerWidth, window.innerHeight]")
        browser.set_window_size(2800 - inner[0], 2000 - inner[1])
        deadline = time.monotonic() + 5
        while browser.execute_script("return [window.innerWidth, window.innerHeight]") != [1400, 1000]:
            assert time.monotonic() < deadline, "the window did not take the size 1400×1000"
            time.sleep(0.05)
        open_page(browser, default_pages["institution"])
        boxes, scale, font, canvas = browser.execute_script("""
            const c = document.querySelector('#mynetwork canvas').getBoundingClientRect();
            const boxes = nodes.getIds().map(id => {
              const b = network.getBoundingBox(id);
              const a = network.canvasToDOM({x: b.left, y: b.top}), z = network.canvasToDOM({x: b.right, y: b.bottom});
              return [a.x, a.y, z.x, z.y];
            });
            return [boxes, network.getScale(), network.body.nodes[nodes.getIds()[0]].options.font.size,
                    [c.width, c.height]];""")
    finally:
        browser.set_window_size(size["width"], size["height"])
    assert font * scale >= 11, f"labels drawn at {font * scale:.1f} px on a canvas of {canvas}"
    for left, top, right, bottom in boxes:
        assert left >= 0 and top >= 0 and right <= canvas[0] and bottom <= canvas[1]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], f"labels overlap: {a} {b}"


def test_labels_are_cut_to_two_short_lines_and_names_are_searchable():
    from ties.viz import page_data
    name = ("Государственное учреждение образования «Средняя школа № 12 г. Витебска имени Л.Н. Филипенко»")
    label = page_data.short_label(name)
    lines = label.split("\n")
    assert len(lines) <= page_data.LABEL_LINES and all(len(x) <= page_data.LABEL_WIDTH for x in lines)
    assert label.startswith("ГУО «Средняя школа № 12")
    keys, latin = page_data.search_keys("Витебск", None, "Vitebsk")
    assert keys == ["витебск"] and "vitebsk" in latin
    assert "khabarovsk" in page_data.search_keys("Хабаровск", None, None)[1]


def test_the_command_writes_english_pages_and_names_a_bad_focus(capsys, built_store, tmp_path):
    from ties.cli import main
    out = tmp_path / "en"
    assert main(["--store", str(built_store), "-q", "viz", "--out-dir", str(out), "--lang", "en",
                 "--resource-base", "http://127.0.0.1:7878/resource"]) == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Network of places" in index and "Smolensk: partners and theirs" in index
    page = (out / "place.html").read_text(encoding="utf-8")
    assert '"resourceBase": "http://127.0.0.1:7878/resource"' in page and '<html lang="en">' in page
    assert not pages.loads_remote(page)
    capsys.readouterr()
    assert main(["--store", str(built_store), "viz", "--out", str(tmp_path / "x.html"), "--focus", "Зазеркальск"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --focus: no node named 'Зазеркальск'")


def test_markup_in_names_stays_text_in_the_browser(browser, tmp_path):
    """Names, titles and quotes come from reports: markup in them is shown as text, never run."""
    graph = nx.Graph(name="place", cut="all")
    evil = '</script><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    graph.add_node("a", label=evil, country="RU", russian=True)
    graph.add_node("b", label="Витебск", country="BY", russian=False)
    graph.add_edge("a", "b", kind="event", weight=1, events=1, reports=["r"],
                   evidence=[{"iri": "e1", "title": evil, "start": "2023-01-02", "report": "r", "row": 1}])
    graph.graph["quotes"] = {"e1": evil}
    page = pages.write_page(graph, tmp_path / "evil.html", evil, evil)
    assert "<script>window.pwned" not in page.read_text(encoding="utf-8")
    open_page(browser, page)
    browser.execute_script("tiesPage.showEdge(edges.getIds()[0])")
    assert browser.execute_script("return window.pwned === undefined")
    assert evil in browser.execute_script("return document.getElementById('ties-panel-body').innerText")


@pytest.mark.parametrize("stem", ["place", "institution"])
def test_sphere_and_period_filters_match_the_projections(browser, default_pages, data, stem):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    open_page(browser, default_pages[stem])
    spheres = Select(browser.find_element(By.ID, "ties-sphere"))
    names = page_text.sphere_names("ru")
    offered = [o.text for o in spheres.options[1:]]
    assert offered and len(offered) > 1
    for label in offered:
        spheres.select_by_visible_text(label)
        sphere = next(k for k, v in names.items() if v == label)
        assert shown(browser)[1] == pairs(pages.page_graph(data, stem, sphere=sphere)), sphere
    spheres.select_by_index(0)
    years = [str(y) for y in browser.execute_script("return tiesPage.data.years")]
    since = years[len(years) // 2]
    Select(browser.find_element(By.ID, "ties-from")).select_by_visible_text(since)
    assert shown(browser)[1] == pairs(pages.page_graph(data, stem, since=since))
    Select(browser.find_element(By.ID, "ties-to")).select_by_visible_text(since)
    assert shown(browser)[1] == pairs(pages.page_graph(data, stem, since=since, until=since))


def test_play_steps_through_the_years_and_stops_at_the_last(browser, default_pages, data):
    from selenium.webdriver.common.by import By
    open_page(browser, default_pages["place"])
    years = browser.execute_script("return tiesPage.data.years")
    browser.execute_script("""window.seenYears = [];
        new MutationObserver(() => window.seenYears.push(document.getElementById('ties-year-label').value))
          .observe(document.getElementById('ties-year-label'), {childList: true, characterData: true, subtree: true});""")
    play = browser.find_element(By.ID, "ties-play")
    play.click()
    deadline = time.monotonic() + 2 * len(years) + 5
    while play.text != "▶ по годам" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert play.text == "▶ по годам", "playing never stopped"
    assert browser.execute_script("return window.seenYears") == [str(y) for y in years]
    assert shown(browser)[1] == pairs(pages.page_graph(data, "place", since=str(years[-1]), until=str(years[-1])))
