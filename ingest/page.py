"""A saved web page or press release as text: its headline, dateline and body, without furniture.

Real pages carry more than their article: a site's date widget ("Астрахань
Четверг, 14 ноября"), a rubric line ("Общество, вчера, 09:26"), "Читать на
сайте …", photo credits, hashtags, "Previous post", and often a cut in
mid-word where the page was saved. None of that is an event; the headline
names the actors, and the dateline dates only what the text calls "сегодня".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import parse_range
from .records import Block
from .text import clean

_WEEKDAY = r"(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)"
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\b")
_LATIN_DATE = re.compile(r"\b([A-Z][a-z]{2})[a-z]*\.?\s+(\d{1,2}),\s+((?:19|20)\d{2})\b")
_LATIN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FURNITURE = re.compile(
    r"^(?:читать\s+(?:на\s+сайте|далее|полностью)|больше\s+новостей|фото\s*:|фото\b|источник\s*:|автор\s*:|"
    r"поделиться|версия\s+для\s+слабовидящих|previous\s+post|next\s+post|up$|подписывайтесь|"
    r"просмотров|комментари|теги\s*:|метки\s*:|главная\s*[/>»]|новости\s*[/>»]|#)", re.IGNORECASE)
_URL = re.compile(r"^(?:https?://|www\.)\S+$")
_DAY_MONTH = re.compile(r"\b\d{1,2}\s+(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)",
                        re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", "…", "»", ")", "\"", ":")


@dataclass
class Page:
    """The article of a page: headline, publication date when the page shows one, body paragraphs."""

    headline: str | None
    published: date | None
    body: list[Block] = field(default_factory=list)


def is_furniture(text: str) -> bool:
    """A line of the site, not of the article: widgets, credits, links, rubric-and-time lines."""
    t = text.strip()
    if not t:
        return True
    if _FURNITURE.match(t) or _URL.match(t):
        return True
    words = t.split()
    if _CLOCK.search(t) and len(words) <= 6:
        return True  # "Общество, вчера, 09:26", "23.04.2024, 17:36"
    if re.search(_WEEKDAY, t, re.IGNORECASE) and len(words) <= 6 and not t.endswith("."):
        return True  # "Астрахань Четверг, 14 ноября"
    if dateline(t) is not None and len(words) <= 5:
        return True
    return False


def dateline(text: str) -> date | None:
    """The date a short line shows ("23.04.2024, 17:36", "Sep 22, 2012 15:03")."""
    m = _NUMERIC_DATE.search(text)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    m = _LATIN_DATE.search(text)
    if m and m.group(1).lower() in _LATIN_MONTHS:
        try:
            return date(int(m.group(3)), _LATIN_MONTHS.index(m.group(1).lower()) + 1, int(m.group(2)))
        except ValueError:
            return None
    text = re.sub(r"(?<=[А-Яа-яЁё])(?=\d)", " ", text)  # "Общество4 октября 2018 10:45"
    if len(text.split()) <= 7 and _DAY_MONTH.search(text):
        start, _ = parse_range(text)
        return start
    return None


def _site_line(text: str) -> bool:
    t = text.strip()
    return len(t.split()) <= 4 and not t.endswith(_SENTENCE_END) and not re.search(r"[,(–—:\[]", t)


def _headline_like(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 30 and not text.rstrip().endswith((".", ":", ";")) and text[:1].isupper()


def _drop_cut_word(text: str) -> str:
    """A page saved at a byte limit ends in mid-word ("в различных обла"): drop that stub."""
    if text.rstrip().endswith(_SENTENCE_END):
        return text
    words = text.rstrip().split(" ")
    return " ".join(words[:-1]) if len(words) > 1 else text


def _after_site_header(blocks: list[Block]) -> list[Block]:
    """A saved page opens with the site's header (name, town, weather, menu) down to the rubric
    and date line; two or more lines before that line are the header, one is the headline."""
    for i, b in enumerate(blocks[:8]):
        text = clean(b.text)
        if b.kind != "row" and is_furniture(text) and dateline(text) is not None:
            return blocks[i:] if i >= 2 else blocks
    return blocks


def read_page(blocks: list[Block]) -> Page:
    """Split a narrative file into headline, publication date and article paragraphs.

    The headline is the first line of the article proper when it reads like one (short,
    no closing full stop) and is followed by more text; widget and credit lines are dropped
    wherever they stand, and the dateline is the first date such a line shows near the top.
    """
    published: date | None = None
    kept: list[Block] = []
    blocks = _after_site_header(blocks)
    for i, b in enumerate(blocks):
        text = clean(b.text)
        if b.kind == "row":
            kept.append(b)
            continue
        if is_furniture(text):
            if published is None and i < 6:
                published = dateline(text)
            continue
        kept.append(Block(b.kind, (text,), b.line))
    headline: str | None = None
    paragraphs = [b for b in kept if b.kind != "row"]
    # After the article's first paragraph, a line of a few words with no punctuation is the site's
    # ("Лента настроения", "Партнёрские новости", "Афиша"), unless it is a list line ("Варкаус, Финляндия").
    if len(paragraphs) > 2:
        body_from = paragraphs[1].line
        kept = [b for b in kept if b.kind == "row" or b.line <= body_from or not _site_line(b.text)]
        paragraphs = [b for b in kept if b.kind != "row"]
    if len(paragraphs) >= 3 and _headline_like(paragraphs[0].text) and _headline_like(paragraphs[1].text) \
            and len(paragraphs[0].text.split()) <= 4:
        # "Побратимские связи" over "Дружественный визит в Японию": the site's rubric, then the headline.
        kept = [b for b in kept if b is not paragraphs[0]]
        paragraphs = paragraphs[1:]
    if len(paragraphs) >= 2 and _headline_like(paragraphs[0].text):
        headline = paragraphs[0].text
        kept = [b for b in kept if b is not paragraphs[0]]
    if kept and kept[-1].kind != "row":
        last = kept[-1]
        kept[-1] = Block(last.kind, (_drop_cut_word(last.text),), last.line)
    return Page(headline, published, kept)
