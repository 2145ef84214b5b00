"""A saved web page (.html, .htm) into blocks: the article's headline, date and text, not the site around it.

News come to researchers as pages saved from municipal sites: the article sits among menus, a
footer, "other news" links and widgets, none of which is an event. trafilatura (a maintained
main-content extractor) finds the article, its title and its publication date in the page's
markup. The blocks then look like the text export of a news item, which the news reader
(``ingest.page``) already understands: the headline first, the date as a short "DD.MM.YYYY"
line, then the paragraphs; a table in the article becomes rows, as in a DOCX.
"""
from __future__ import annotations

import codecs
import copy
import re
from datetime import date
from pathlib import Path

import lxml.html
from lxml import etree

from ties.ingest.decode import decode_text
from ties.ingest.errors import ReportError
from ties.ingest.formats import paragraph, table_row, tidy
from ties.ingest.limits import MAX_TEXT, Budget
from ties.ingest.page import dateline
from ties.ingest.records import Block

#: A saved page is text: the same limit as a text report.
MAX_BYTES = MAX_TEXT
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Elements of trafilatura's output that hold one paragraph of the article each.
_TEXT_TAGS = {"p", "head", "item", "quote", "code"}
#: Classes and ids of a site's parts around the article: no headline or date of the article there.
_SITE_PART = re.compile(r"related|other|more|also|similar|popular|sidebar|widget|menu|comment|footer|banner|logo|brand",
                        re.IGNORECASE)
#: Fewest words of a line that reads as a sentence of an article rather than a menu item.
_SENTENCE_WORDS = 6
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


def read(path: Path, data: bytes, budget: Budget) -> list[Block]:
    """The article of a saved page as blocks, or one ``ReportError`` when the page holds none."""
    import trafilatura  # imported here: only pages need it, and it takes a moment to load

    text = _decode(data, path)
    if not text.strip():
        raise ReportError(path, "empty file (only whitespace)")
    try:
        page = lxml.html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
        headline, published = _headline(page), _published(page)
        document = trafilatura.bare_extraction(text, include_comments=False, include_tables=True,
                                               include_formatting=False)
    except Exception:  # noqa: BLE001 - lxml and trafilatura fail in many ways on broken markup
        document = None
    body = getattr(document, "body", None)
    article = _article(body, budget, 2) if body is not None else []
    # With no article, trafilatura falls back to the page's text: menu items, links. A sentence or a
    # table row is what an article has and a menu has not.
    if not any(b.kind == "row" or len(b.text.split()) >= _SENTENCE_WORDS for b in article):
        raise ReportError(path, "no article text found in the saved page (only menus, links or scripts?)")
    blocks = [paragraph(headline, 1, budget)] if headline else []
    if published:
        blocks.append(paragraph(published.strftime("%d.%m.%Y"), 2, budget))
    repeated = bool(headline)
    for block in article:
        if repeated and block.kind != "row" and block.text == headline:
            repeated = False  # the <h1>, which trafilatura also keeps in the body
            continue
        blocks.append(block)
    return [b for b in blocks if b is not None]


def _outside_site(element: lxml.html.HtmlElement) -> bool:
    """Whether an element is not in the site's menus, footer, sidebar or related-news lists."""
    nodes = [element, *element.iterancestors()]
    in_article = any(node.tag in ("article", "main") for node in nodes)
    for node in nodes:
        if node.tag in ("nav", "aside", "footer") or (node.tag == "header" and not in_article) \
                or _SITE_PART.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return False
    return True


def _headline(page: lxml.html.HtmlElement) -> str:
    """The article's ``<h1>``; else the title the page gives for sharing (``og:title``); else the
    ``<title>`` without the site's name, when what remains reads as a headline (three words or more)."""
    for h1 in page.iter("h1"):
        if _outside_site(h1) and (text := tidy(h1.text_content())):
            return text
    for meta in page.iter("meta"):
        if meta.get("property", meta.get("name", "")).lower() in ("og:title", "twitter:title"):
            if text := tidy(meta.get("content", "")):
                return text
    title = tidy(page.findtext(".//title") or "")
    title = re.split(r"\s+[|—–-]\s+|\s+::\s+", title)[0] if title else ""
    return title if len(title.split()) >= 3 else ""


def _published(page: lxml.html.HtmlElement) -> date | None:
    """The publication date in the markup: the page's meta tags (``article:published_time``, JSON-LD
    ``datePublished`` …, read by htmldate), else the first ``<time>`` or date element of the
    article. Never a date of the text (that is the news reader's to read) or of the related-news
    list beside it, which htmldate alone would take for the page's."""
    import htmldate

    head = page.find("head")
    if head is not None:
        only_head = lxml.html.document_fromstring(b"<html></html>")
        only_head.insert(0, copy.deepcopy(head))
        found = htmldate.find_date(only_head, extensive_search=False, original_date=True,
                                   min_date="1990-01-01", max_date=date.today().isoformat())
        if found:
            return _iso_date(found)
    for element in page.iter("time", "span", "div", "p"):
        if element.tag != "time" and element.get("itemprop") != "datePublished" \
                and "date" not in element.get("class", "").lower():
            continue
        if not _outside_site(element):
            continue
        value, shown = element.get("datetime") or element.get("content") or "", tidy(element.text_content())
        if day := _iso_date(value) or (dateline(shown) if len(shown) <= 60 else None):
            return day
    return None


def _decode(data: bytes, path: Path) -> str:
    """The page's text: in the charset its ``<meta>`` declares when Python knows it (a KOI8-R page),
    else as a text report is decoded (UTF-8, UTF-16 or Windows-1251, each told apart by content)."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            name = ""
        if name and name != "utf-8" and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                pass
    return decode_text(data, path)


def _iso_date(value: str | None) -> date | None:
    """The date an ISO value starts with ("2024-04-23T10:00:00+03:00"), if it is one."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _article(body: etree._Element, budget: Budget, index: int) -> list[Block]:
    """Paragraphs, list items and table rows of trafilatura's XML body, in order; a paragraph
    with line breaks becomes one block per line, as the lines of a text export do."""
    blocks: list[Block] = []
    for element in body.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "row":
            if any(ancestor.tag == "row" for ancestor in element.iterancestors()):
                continue  # a nested table is read as the text of its cell
            index += 1
            block = table_row((_text(cell) for cell in element if cell.tag == "cell"), index, budget)
        elif tag in _TEXT_TAGS and not any(a.tag in _TEXT_TAGS or a.tag == "cell" for a in element.iterancestors()):
            block = None
            for line in _text(element).split("\n"):
                index += 1
                if made := paragraph(line, index, budget):
                    blocks.append(made)
            continue
        else:
            continue
        if block:
            blocks.append(block)
    return blocks


def _text(element: etree._Element) -> str:
    """An element's text with ``<lb/>`` as a line end and block children on lines of their own."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        else:
            inner = _text(child)
            parts.append(f"\n{inner}\n" if child.tag in _TEXT_TAGS | {"list", "table", "row"} else inner)
        parts.append(child.tail or "")
    return tidy("".join(parts))
