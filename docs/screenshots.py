"""Screenshots of the network pages for the docs: ``python docs/screenshots.py PAGES_DIR [OUT_DIR]``.

Opens each page of ``ties viz --out-dir`` in headless Chromium at 1400×1000 with the
network cut off (as tests/test_pages.py does) and saves ``pages-<name>.png`` (and ``pages-place-panel.png``, the side panel of the
Смоленск–Витебск ties); prints
any console error, and exits 1 if there was one.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
         "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars")
SIZE = (1400, 1000)


def main(pages: Path, out: Path, names: tuple[str, ...] = ("place", "institution")) -> int:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in (*FLAGS, f"--user-data-dir={tempfile.mkdtemp(prefix='ties-shots-')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=options)
    failed = 0
    try:
        driver.set_window_size(*SIZE)
        inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        driver.set_window_size(2 * SIZE[0] - inner[0], 2 * SIZE[1] - inner[1])  # the viewport, not the window, at SIZE
        for name in names:
            driver.get((pages / f"{name}.html").resolve().as_uri())
            deadline = time.monotonic() + 30
            while driver.execute_script("return window.tiesDrawn === undefined") and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.3)
            target = out / f"pages-{name}.png"
            driver.save_screenshot(str(target))
            errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            failed += len(errors)
            print(f"wrote {target}" + "".join(f"\n  console: {e}" for e in errors))
            if name == "place":  # the side panel of the Смоленск–Витебск ties, as a click opens it
                driver.execute_script("""
                    const ids = nodes.getIds({filter: n => n.label === 'Смоленск' || n.label === 'Витебск'});
                    const e = edges.getIds({filter: e => ids.includes(e.from) && ids.includes(e.to)});
                    if (e.length) { network.selectEdges(e); tiesPage.showEdge(e[0]); }""")
                time.sleep(0.3)
                driver.save_screenshot(str(out / "pages-place-panel.png"))
                print(f"wrote {out / 'pages-place-panel.png'}")
    finally:
        driver.quit()
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__.split("\n\n")[0])
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).parent)))
