"""The query workbench and resource pages of ``ties serve`` in headless Chromium, with the network cut off.

The proxy points at a closed port and no host name resolves (as in ``test_pages``), and
Chromium's performance log lists every request the pages made: each must go to the
server on 127.0.0.1 (YASGUI out of the box asks prefix.cc and LOV). Screenshots go to
``$TIES_SCREENSHOTS`` when it is set (``docs/`` holds the committed ones).
"""
from __future__ import annotations

import csv
import io
import json
import os
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from test_pages import OFFLINE_FLAGS, start_chromium
from test_serve import server  # noqa: F401 - the served sample store, a fixture

TIES = "https://w3id.org/ties/ontology#"
VITEBSK = "https://w3id.org/ties/resource/place/by/vitebsk"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    # every host name fails to resolve, but for the server under test
    flags = tuple(flag.replace("1400,900", "1400,1000").replace("~NOTFOUND", "~NOTFOUND, EXCLUDE 127.0.0.1")
                  for flag in OFFLINE_FLAGS)
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), flags, ("browser", "performance"))
    yield driver
    driver.quit()


def requested(driver) -> list[str]:
    """Every URL the pages asked for since the last call (the performance log is read and emptied)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def outside(urls: list[str], base: str) -> list[str]:
    """The URLs not on the server under test (data: and blob: URLs and Chromium's own chrome:// pages are no requests)."""
    return [u for u in urls if not (u.startswith(base + "/") or u.startswith(("data:", "blob:", "chrome:", "about:")))]


def console_errors(driver) -> list[str]:
    """Errors the pages logged since the last call (a blocked request, a Content-Security-Policy refusal, a JS error);
    the browser's own favicon request is no error of the page."""
    return [e["message"] for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]


def wait(driver, script: str, timeout: float = 30):
    """The value of ``script`` once it is truthy; fails with the script after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not true within {timeout} s: {script}")


ROWS = """return Array.from(document.querySelectorAll('.tabPanel.active .yasr table.dataTable tbody tr'))
          .map(tr => Array.from(tr.querySelectorAll('td')).slice(1).map(td => td.innerText.trim()))
          .filter(r => r.length && r.join('') !== 'No data available in table');"""


def open_workbench(driver, base: str) -> None:
    driver.get(base + "/")
    wait(driver, "return window.tiesWorkbench && document.querySelector('.tabPanel.active .CodeMirror')")


def screenshot(driver, name: str) -> None:
    folder = os.environ.get("TIES_SCREENSHOTS")
    if folder:
        driver.save_screenshot(str(Path(folder) / name))


def downloaded(driver, folder: Path, button: str, name: str) -> bytes:
    """Click a download button of the workbench; the file it saves into ``folder``."""
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    driver.execute_script(f"document.getElementById('{button}').click()")
    deadline = time.monotonic() + 30
    while not (folder / name).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return (folder / name).read_bytes()


def test_workbench_loads_offline_and_runs_a_typed_query(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    requested(browser)
    open_workbench(browser, server)
    editor = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .CodeMirror textarea")
    browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .CodeMirror").click()
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys(f"SELECT ?document WHERE {{ ?r <{TIES}document> ?document }} ORDER BY ?document")
    editor.send_keys(Keys.ESCAPE)  # close any completion list
    typed = browser.execute_script("return window.tiesWorkbench.getTab().getQuery()")
    assert typed.startswith("SELECT ?document WHERE {") and typed.count("}") == 1, typed
    editor.send_keys(Keys.CONTROL, Keys.ENTER)
    rows = answer_rows(browser, "document")
    documents = sorted(p.name for p in Path("data/reports").glob("*.txt"))
    assert [r[0] for r in rows] == documents
    table = list(csv.reader(io.StringIO(downloaded(browser, tmp_path, "csv", "ties-query.csv").decode())))
    assert table == [["document"]] + [[d] for d in documents]
    answer = json.loads(downloaded(browser, tmp_path, "json", "ties-query.json"))
    assert [b["document"]["value"] for b in answer["results"]["bindings"]] == documents
    urls = requested(browser)
    assert any(u.endswith("/static/yasgui/yasgui.min.js") for u in urls) and any(u.endswith("/sparql") for u in urls)
    assert outside(urls, server) == [] and console_errors(browser) == []
    # Whatever a page is made to do (a stored literal, a shared link), it can reach no other host:
    browser.execute_async_script("fetch('http://example.org/x').then(() => arguments[0](), () => arguments[0]())")
    assert any("Content Security Policy" in e for e in console_errors(browser))
    assert outside(requested(browser), server) == []


def test_results_show_languages_apart_link_iris_and_sort(server, browser):
    query = (f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?place ?name WHERE {{ "
             f"?place rdfs:label ?name ; <{TIES}country> <https://w3id.org/ties/resource/country/BY> }} ORDER BY ?name")
    browser.get(f"{server}/?query={quote(query)}")  # a shared link runs its query
    rows = answer_rows(browser, "name")
    names = [r[1] for r in rows]
    assert any(n.startswith("Витебск") for n in names) and not any("@ru" in n or '"' in n for n in names)
    lang = browser.execute_script("return document.querySelector('.tabPanel.active .yasr td .ties-lang').textContent")
    assert lang == "ru"
    href = browser.execute_script("return document.querySelector('.tabPanel.active .yasr td a.iri').href")
    assert href.startswith(server + "/resource?iri=https%3A%2F%2Fw3id.org%2Fties%2Fresource%2Fplace%2F")
    header = browser.execute_script(
        "return Array.from(document.querySelectorAll('.tabPanel.active .yasr thead th')).find(th => th.innerText.trim() === 'name')")
    header.click()
    header.click()  # the second click sorts descending
    again = [r[1] for r in wait(browser, ROWS)]
    assert again == sorted(names, key=str.lower, reverse=True) != names  # DataTables sorts text case-blind
    link = browser.execute_script("return window.tiesWorkbench.getTab().getShareableLink()")
    assert link.startswith(server + "/") and "#query=" in link
    browser.delete_all_cookies()
    browser.execute_script("localStorage.clear()")  # as on another machine: the link alone
    browser.get(link)
    assert sorted(r[1] for r in answer_rows(browser, "name")) == sorted(names)
    assert browser.execute_script("return window.tiesWorkbench.getTab().getQuery()") == query
    assert outside(requested(browser), server) == []


def test_completion_offers_the_ontology_terms_without_a_network(server, browser):
    open_workbench(browser, server)
    terms = browser.execute_script("return Yasgui.Yasqe.Autocompleters['ties-classes'].get()")
    assert TIES + "Settlement" in terms and TIES + "Event" in terms
    yasqe = "window.tiesWorkbench.getTab().getYasqe()"
    browser.execute_script(f"const y = {yasqe}; y.setValue('PREFIX ties: <{TIES}>\\nSELECT * WHERE {{ ?s a ties:Sett');"
                           "y.focus(); y.getDoc().setCursor({line: 1, ch: 35}); y.autocomplete();")
    hints = wait(browser, "return Array.from(document.querySelectorAll('.CodeMirror-hint')).map(h => h.innerText)")
    assert "ties:Settlement" in hints
    browser.execute_script(f"const y = {yasqe}; y.setValue('PREFIX sk'); y.focus();"
                           "y.getDoc().setCursor({line: 0, ch: 9}); y.autocomplete();")
    hints = wait(browser, "return Array.from(document.querySelectorAll('.CodeMirror-hint')).map(h => h.innerText)")
    assert any(h.startswith("skos: <http://www.w3.org/2004/02/skos/core#>") for h in hints)
    browser.execute_script(f"{yasqe}.setValue('SELEC ?x WHERE {{ ?x ?p ?o }}')")  # a typo is marked where it is
    wait(browser, "return document.querySelector('.tabPanel.active .CodeMirror .parseErrorIcon')")
    assert browser.execute_script(f"return {yasqe}.queryValid") is False
    assert outside(requested(browser), server) == []


def answer_rows(driver, column: str, tab: str | None = None) -> list[list[str]]:
    """The rows of the shown answer once it has ``column`` (and the tab is named ``tab``): not an earlier answer."""
    named = f"window.tiesWorkbench.getTab().getName() === '{tab}' && " if tab else ""
    wait(driver, f"return {named}Array.from(document.querySelectorAll('.tabPanel.active .yasr thead th'))"
                 f".some(th => th.innerText.trim() === '{column}')")
    return wait(driver, ROWS)


def run_example(driver, name: str, column: str) -> list[list[str]]:
    """Click a named query's title; the rows of its answer (not of the tab shown before, which may have some)."""
    driver.execute_script(f"document.querySelector('form.example[data-name=\"{name}\"] button.run').click()")
    return answer_rows(driver, column, name)


def test_a_named_query_runs_with_one_click(server, browser):
    open_workbench(browser, server)
    tabs = browser.execute_script("return document.querySelectorAll('.tabsList .tab').length")
    rows = run_example(browser, "ties-between", "kind")
    assert browser.execute_script("return document.querySelectorAll('.tabsList .tab').length") == tabs + 1
    assert any("Витебск" in " ".join(r) for r in rows) and any("Смоленск" in " ".join(r) for r in rows)
    rows = run_example(browser, "partners", "partner")
    assert browser.execute_script("return document.querySelectorAll('.tabsList .tab').length") == tabs + 2
    assert rows[0][0] == "Витебск" and any(cell.startswith("place:by/") for r in rows for cell in r)
    screenshot(browser, "workbench.png")
    assert outside(requested(browser), server) == [] and console_errors(browser) == []


def test_resource_page_of_vitebsk_lists_its_ties_with_their_quotes(server, browser):
    from selenium.webdriver.common.by import By
    browser.get(f"{server}/resource?iri={quote(VITEBSK, safe='')}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Витебск"
    ties = browser.find_elements(By.CSS_SELECTOR, "#ties .tie")
    partners = {t.find_element(By.CSS_SELECTOR, "h3 a").text: t for t in ties}
    assert "Смоленск" in partners
    smolensk = partners["Смоленск"]
    quotes = [q.text for q in smolensk.find_elements(By.CSS_SELECTOR, "blockquote")]
    reports = {a.text for a in smolensk.find_elements(By.CSS_SELECTOR, "a.report")}
    assert len(quotes) >= 3 and all(q.strip() for q in quotes)
    assert any("Витебск" in q for q in quotes) and reports >= {"001_89ccaa44aebf448f.txt"}
    assert any("row " in td.text for td in smolensk.find_elements(By.CSS_SELECTOR, "td"))
    geonames = browser.find_element(By.CSS_SELECTOR, "a.geonames").get_attribute("href")
    assert geonames == "https://www.geonames.org/620127"
    screenshot(browser, "resource-vitebsk.png")
    smolensk.find_element(By.CSS_SELECTOR, "h3 a").click()  # a neighbour's own page
    assert browser.find_element(By.TAG_NAME, "h1").text == "Смоленск"
    assert outside(requested(browser), server) == [] and console_errors(browser) == []
