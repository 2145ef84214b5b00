"""Events from a table of numbered rows: one event per row, under its heading.

Columns are recognised from the header row's words, so a report with its
columns in another order, or without one of them, still reads right.
"""
from __future__ import annotations

import re

from .dates import Period, parse_range
from .events import fill
from .headings import Heading, classify_heading
from .morph import lemma
from .ner import prefetch_ner
from .orgs import BODY_HEADS, find_orgs
from .places import NO_HINTS, Hints
from .records import Block, Event
from .reporter import Reporter
from .sphere import classify
from .text import clean
from .tokens import tokenize

ROLES = ("n", "title", "venue", "dates", "content", "participants")
_ROLE_CUES = {
    "n": {"№", "п/п", "номер"},
    "title": {"наименование", "название", "мероприятие", "тема"},
    "venue": {"место"},
    "dates": {"срок", "дата", "время", "период"},
    "content": {"цель", "содержание", "результат", "итог", "описание"},
    "participants": {"участник", "состав", "фио", "делегация"},
}
_ROW_NUMBER = re.compile(r"^\s*(\d+)\s*[.)]?\s*$")


def is_header(block: Block) -> bool:
    return block.kind == "row" and bool(block.cells) and block.cells[0].strip().startswith("№")


def column_roles(header: Block) -> dict[str, int]:
    """Which column holds what, from the header's words; positional where silent."""
    roles = header_roles(header.cells)
    for i, role in enumerate(ROLES):
        if role not in roles and i < len(header.cells) and i not in roles.values():
            roles[role] = i
    return roles


def header_roles(cells: tuple[str, ...] | list[str]) -> dict[str, int]:
    """The columns a header row names by its words (lemmas: "Даты проведения", "Место"), and nothing
    by position: how a spreadsheet's header row is told from its data rows."""
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        words = {lemma(t.text.lower()) for t in tokenize(cell)} | ({"№"} if "№" in cell else set())
        first = cell.strip().split("\n")[0].lower()
        for role in ROLES:
            if role in roles:
                continue
            cues = _ROLE_CUES[role]
            if words & cues or any(c in first for c in cues if len(c) > 3):
                roles[role] = i
                if role != "venue":  # "Место и сроки проведения": one column, place and dates
                    break
    return roles


def unread_columns(header: Block) -> list[str]:
    """The header's columns whose words name none of the fields (e.g. «Примечание», «Ответственный»),
    each with what it is read as instead: a field by its position, or only free text for places
    and institutions. Told to the user, since a silent guess may put a column in the wrong field."""
    named = header_roles(header.cells)
    by_position = column_roles(header)
    words = {"title": "name", "venue": "place", "dates": "dates", "content": "goal and result",
             "participants": "participants"}
    out = []
    for i, cell in enumerate(header.cells):
        text = " ".join(cell.split())
        if i in named.values() or not text or is_header(Block("row", (text,), 0)):
            continue
        role = next((r for r, at in by_position.items() if at == i and r != "n"), None)
        read = f"read by its position as the {words[role]}" if role else "read only for places and institutions"
        out.append(f"«{text[:60]}» ({read})")
    return out


def row_number(cell: str) -> int | None:
    m = _ROW_NUMBER.match(cell)
    return int(m.group(1)) if m else None


def extract_table(blocks: list[Block], reporter: Reporter, period: Period | None,
                  use_ner: bool = True, hints: Hints = NO_HINTS) -> list[Event]:
    header = next((b for b in blocks if is_header(b)), None)
    roles = column_roles(header) if header else {r: i for i, r in enumerate(ROLES)}
    events: list[Event] = []
    municipal: Heading | None = None
    body: Heading | None = None
    topic: Heading | None = None
    section: str | None = None
    if use_ner:
        prefetch_ner(["\n".join(clean(c) for c in b.cells[1:]) for b in blocks if b.kind == "row" and b.cells])
    for block in blocks:
        if block.kind == "heading":
            h = classify_heading(block.text)
            if h.kind == "note":
                continue
            section = h.text
            if h.kind == "municipality":
                municipal, body = h, None
            elif h.kind == "topic":
                topic, body = h, None
            else:
                body = h
            continue
        if block.kind != "row" or block is header:
            continue
        n = row_number(block.cells[roles.get("n", 0)]) if block.cells else None
        if n is None:
            continue
        cell = lambda role: block.cells[roles[role]] if role in roles and roles[role] < len(block.cells) else ""
        title = clean(cell("title")) or _fallback_title(cell("content"), n)
        start, end = parse_range(cell("dates"), period)
        event = Event(title=title, n=n, position=len(events) + 1, section=section, start=start, end=end,
                      source_text="\n".join(block.cells), source_line=block.line)
        full = "\n".join(clean(c) for c in block.cells[1:])
        fill(event, full, clean(cell("venue")), " ".join([title, cell("venue"), cell("dates")]), use_ner,
             hints=hints)
        event.actor = _actor(municipal, body, cell("venue"), title, reporter)
        event.sphere = classify(title, topic.text if topic else None, clean(cell("content")))
        events.append(event)
    return events


def _fallback_title(content: str, n: int) -> str:
    """A row with an empty name cell still names its activity somewhere: its content's first sentence."""
    first = re.split(r"(?<=[.!?])\s", clean(content), maxsplit=1)[0]
    return first[:200] or f"Мероприятие № {n}"


def _hosts(name: str, in_title: bool) -> bool:
    """Institutions that can host an activity: a legal form ("ГБУК «…»"), or in the venue a public body."""
    if re.match(r"[А-ЯЁ]{2,8}\s", name):
        return True
    return not in_title and lemma(name.split()[0].lower()) in BODY_HEADS


def _foreign_named(name: str) -> bool:
    from .countries import country_codes
    return bool(country_codes(name))


def _actor(municipal: Heading | None, body: Heading | None, venue: str, title: str, reporter: Reporter) -> str | None:
    """Who acted: the municipality or body heading the rows, else the Russian
    institution hosting the activity (named in its venue or title), else the
    reporter's own administration."""
    if municipal:
        return municipal.actor
    if body:
        return body.actor
    for text in (clean(venue), title):
        for m in find_orgs(text, use_ner=False):
            if not _hosts(m.org.name, text is title):
                continue
            if re.search(r"территори\w*\s*$", text[:m.start]):
                continue  # "территория музея-заповедника": a place, not a host
            if m.org.country in ("RU", None) and not _foreign_named(m.org.name):
                return m.org.name
    return reporter.administration
