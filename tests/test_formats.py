"""Reports in the formats researchers really have (issue 17): each gives what its text or DOCX gives.

Saved web pages are made here from the real texts of ``../shared/real`` (site menu, ``<h1>``
headline, ``<time>`` date, footer, related-news links around the article); PDFs from the sample
reports. ``ties extract`` on both must give the events and links of the original.
"""
from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GOLD, REPORTS, ROOT
from ingest.errors import ReportError
from ingest.page import dateline, is_furniture, read_page
from ingest.readers import read_blocks

REAL = GOLD.parent / "real"
needs_real = pytest.mark.skipif(not (REAL / "texts").is_dir(), reason="../shared/real (the real texts) is not beside the project")
needs_gold = pytest.mark.skipif(not (GOLD / "score.py").exists(), reason="../shared/gold is not beside the project")
#: Real texts wrapped as pages in the quick test: a site header above the headline (a11), a dateline
#: (b03, b17), a text without a headline (b19), a long list (a13), furniture lines (c07).
PAGE_SAMPLE = ("a01", "a11", "a13", "b03", "b17", "b19", "c07")

_MENU = """<header class="site-header"><div class="logo"><a href="/">Официальный сайт администрации города</a></div>
<nav class="main-menu"><ul><li><a href="/">Главная</a></li><li><a href="/city">О городе</a></li>
<li><a href="/news">Новости</a></li><li><a href="/docs">Документы</a></li><li><a href="/contacts">Контакты</a></li>
<li><a href="/vision">Версия для слабовидящих</a></li></ul></nav>
<form class="search"><input type="text" placeholder="Поиск по сайту"><button>Найти</button></form></header>"""
_RELATED = """<aside class="related"><h3>Другие новости</h3><ul>
<li><a href="/news/101">На улице Ленина завершён ремонт тротуаров</a> <span class="date">12.03.2024</span></li>
<li><a href="/news/102">Открыта запись в летние лагеря</a> <span class="date">11.03.2024</span></li>
<li><a href="/news/103">Горожан приглашают на субботник</a> <span class="date">10.03.2024</span></li></ul>
<div class="widget weather">Погода: +5 °C, облачно</div></aside>"""
_FOOTER = """<footer><p>© 2008–2024 Администрация города. Все права защищены.</p>
<p>Адрес: 123456, ул. Советская, д. 1. Телефон приёмной: +7 (000) 000-00-00</p>
<p>При использовании материалов ссылка на сайт обязательна.</p>
<ul class="social"><li><a href="https://vk.com/city">ВКонтакте</a></li><li><a href="https://t.me/city">Telegram</a></li></ul>
<script>var counter = 1; window.metrika && metrika.hit(counter);</script></footer>"""


def page_html(text: Path) -> str:
    """A real text as the page it was saved from: the lines above the headline are the site's
    header, the headline an ``<h1>``, the date line a ``<time datetime>``, the rest the article."""
    blocks = read_blocks(text)
    page = read_page(blocks)
    lines = [b.text for b in blocks]
    top = lines.index(page.headline) if page.headline in lines else -1
    header, article = (lines[:top], lines[top + 1:]) if top >= 0 else ([], lines)
    if page.published:  # the line the date was read from is the page's <time>, wherever it stood
        shown = next(i for i, line in enumerate(header + article)
                     if is_furniture(line) and dateline(line) == page.published)
        (header if shown < len(header) else article).pop(shown if shown < len(header) else shown - len(header))
    esc = html.escape
    title = esc(page.headline or "Новости")
    time = (f'<time class="published" datetime="{page.published.isoformat()}T10:00:00+03:00">'
            f'{page.published:%d.%m.%Y}</time>') if page.published else ""
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="ru"><head><meta charset="utf-8">',
        f"<title>{title} | Официальный сайт администрации города</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>',
        _MENU, *(f'<div class="site-line">{esc(line)}</div>' for line in header),
        '<main><div class="breadcrumbs"><a href="/">Главная</a> / <a href="/news">Новости</a></div>',
        '<article class="news-item">', f"<h1>{esc(page.headline)}</h1>" if page.headline else "", time,
        *(f"<p>{esc(line)}</p>" for line in article),
        '<div class="share">Поделиться: <a href="#">VK</a> <a href="#">OK</a></div>',
        "</article>", _RELATED, "</main>", _FOOTER, "</body></html>"])


def extract(paths: list[Path], out: Path) -> dict[str, dict]:
    """``ties extract`` on files, as a user runs it: {stem: the JSON it wrote}."""
    result = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(out / "store"), "-q", "extract",
                             *map(str, paths), "--out", str(out / "json")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return {p.stem: json.loads(p.read_text()) for p in sorted((out / "json").glob("*.json"))}


def extract_as_page(texts: list[Path], out: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """The texts and their saved pages through one ``ties extract`` (one snapshot of the extractors):
    {stem: JSON} of each, the pages' JSON also written to ``out/html`` and the texts' to ``out/txt``
    under the text's name, for ``score.py``."""
    pages = out / "pages"
    pages.mkdir(parents=True)
    for text in texts:
        (pages / f"{text.stem}.page.html").write_text(page_html(text), encoding="utf-8")
    both = extract([*texts, *sorted(pages.iterdir())], out)
    from_text = {stem: data for stem, data in both.items() if not stem.endswith(".page")}
    from_html = {stem.removesuffix(".page"): data for stem, data in both.items() if stem.endswith(".page")}
    for name, extracted in (("txt", from_text), ("html", from_html)):
        (out / name).mkdir()
        for stem, data in extracted.items():
            (out / name / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return from_text, from_html


def score(gold: Path, predicted: Path) -> dict:
    """``score.py``'s figures for the predictions in ``predicted``."""
    out = subprocess.run([sys.executable, str(GOLD / "score.py"), str(gold), str(predicted), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def figures(scored: dict) -> dict[str, float]:
    """Every number in ``score.py``'s answer, by dotted name ("events.f1")."""
    flat: dict[str, float] = {}
    for key, value in scored.items():
        if isinstance(value, dict):
            flat |= {f"{key}.{k}": v for k, v in figures(value).items()}
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            flat[key] = float(value)
    return flat


def comparable(extracted: dict) -> dict:
    """What a report says, not which file said it: events and links without file names and hashes."""
    return {"events": extracted.get("events"), "links": extracted.get("links"), "layout": extracted.get("layout"),
            "reporter": extracted.get("reporter")}


# --- saved web pages ------------------------------------------------------------------------------


@needs_real
def test_saved_page_keeps_headline_date_and_article_only(tmp_path: Path) -> None:
    text = next((REAL / "texts").glob("b17_*.txt"))
    path = tmp_path / f"{text.stem}.html"
    path.write_text(page_html(text), encoding="utf-8")
    blocks = read_blocks(path)
    page = read_page(read_blocks(text))
    assert blocks[0].text == page.headline and blocks[1].text == f"{page.published:%d.%m.%Y}"
    texts = [b.text for b in blocks]
    for furniture in ("Главная", "Другие новости", "Все права защищены", "Погода", "Поделиться", "metrika",
                      "На улице Ленина"):
        assert not any(furniture in t for t in texts), furniture
    assert read_page(blocks).published == page.published and read_page(blocks).headline == page.headline


@needs_real
def test_saved_pages_give_the_events_and_links_of_their_text(tmp_path: Path) -> None:
    texts = [next((REAL / "texts").glob(f"{prefix}_*.txt")) for prefix in PAGE_SAMPLE]
    from_text, from_html = extract_as_page(texts, tmp_path)
    assert from_html.keys() == from_text.keys() == {text.stem for text in texts}
    differ = [stem for stem in from_text if comparable(from_html[stem]) != comparable(from_text[stem])]
    assert not differ


@needs_real
def test_a_page_in_windows_1251_and_a_page_without_article(tmp_path: Path) -> None:
    text = next((REAL / "texts").glob("a01_*.txt"))
    legacy = tmp_path / "legacy.htm"
    legacy.write_bytes(page_html(text).replace('charset="utf-8"', 'charset="windows-1251"').encode("cp1251"))
    assert read_blocks(legacy)[0].text == read_page(read_blocks(text)).headline
    empty = tmp_path / "menu-only.html"
    empty.write_text(f"<html><body>{_MENU}{_FOOTER}</body></html>", encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        read_blocks(empty)
    assert str(caught.value) == f"{empty}: no article text found in the saved page (only menus, links or scripts?)"


@needs_real
@needs_gold
def test_all_real_texts_as_saved_pages_score_as_the_texts(tmp_path: Path) -> None:
    """Issue 17's bar: the sixty real texts as saved pages score within 0.02 of the texts on every metric."""
    extract_as_page(sorted((REAL / "texts").glob("*.txt")), tmp_path)
    as_text = figures(score(REAL / "gold", tmp_path / "txt"))
    as_page = figures(score(REAL / "gold", tmp_path / "html"))
    apart = {k: (as_text[k], as_page.get(k)) for k in as_text
             if k.split(".")[-1] in ("precision", "recall", "f1", "accuracy") and abs(as_text[k] - as_page.get(k, -1)) > 0.02}
    assert not apart
