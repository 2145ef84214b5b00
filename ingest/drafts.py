"""The pieces news extraction works on: sentences with what they name, and events being assembled.

A narrative text is cut into ``Sentence`` records (a sentence, its paragraph, its mentions and
cues); ``Draft`` gathers the sentences that tell one activity; ``Told`` is an event with the
draft it came from, for the ties. Kept apart from the rules that use them (``news``,
``signings``, ``partners``) so that each of those stays one subject.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .cues import Cues, read
from .dates import Period, month_of_sentence, parse_range
from .mentions import Mentions
from .records import Event, Place, TieKind
from .text import sentences


@dataclass
class Sentence:
    """A sentence of a text, with its paragraph, line, mentions and cues."""

    text: str
    para: int
    line: int
    mentions: Mentions
    cues: Cues
    list_item: bool = False
    quoted: bool = False   # speech: inside a quotation, or a line of dialogue
    start: int = 0         # offset in its paragraph


@dataclass
class Draft:
    """An event as sentences are added to it."""

    sentences: list[Sentence]
    places: list[Place] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    split: bool = False     # one partner's share of a sentence that tells several signings
    pair: str = ""          # the pair of institutions an item of a signing list names
    date: "Sentence | None" = None   # a later sentence that dates it ("Церемония состоялась 17 июля")



@dataclass
class Told:
    """An event with the tie its own sentences state and the draft it was made from."""

    event: Event
    kind: TieKind | None
    draft: Draft


def split_sentences(page_paras: list[tuple[str, int]], mentions: list[Mentions]) -> list[Sentence]:
    """Every sentence of the paragraphs; speech (inside quotes, or a dialogue line) is marked."""
    out: list[Sentence] = []
    for i, ((text, line), found) in enumerate(zip(page_paras, mentions)):
        depth, counted = 0, 0  # «» depth at ``counted``: one pass over the paragraph, not one per sentence
        for s in sentences(text):
            depth += text.count("«", counted, s.start) - text.count("»", counted, s.start)
            counted = s.start
            sentence = Sentence(s.text, i, line, found.within(s.start, s.stop), read(s.text), start=s.start)
            sentence.quoted = depth > 0 or s.text.lstrip().startswith(("«", "\"", "„", "- ", "– ", "— "))
            out.append(sentence)
    return out


def mark_list_items(sentences: list[Sentence]) -> None:
    """Lines of a list a sentence introduces ("… с 18 городами мира:") are items, not activities."""
    in_list = False
    for prev, s in zip([None] + sentences[:-1], sentences):
        if len(s.text.split()) > 8 or s.text.rstrip().endswith(":"):
            in_list = False
        elif prev is not None and prev.text.rstrip().endswith(":"):
            in_list = True
        s.list_item = in_list



#: Years that date no activity: a plan's ("план на 2023-2025 годы") and a birth year's.
_PLAN_YEARS = re.compile(r"\b(?:на|до|к)\s+(?:19|20)\d{2}(?:\s*[-–—]\s*(?:19|20)\d{2})?\s*(?:год\w*|гг?\.)"
                         r"|\b(?:19|20)\d{2}(?:\s*[-–—]\s*(?:19|20)\d{2})?\s*(?:год\w*|гг?\.)\s+рождения")


def sentence_dates(text: str, period: Period | None = None) -> tuple[date | None, date | None]:
    """The date a sentence gives its activity; the years of a plan ("план на 2023-2025 годы") are not it.
    ``period`` (a report's stated period) gives a year to a month written without one ("В апреле")."""
    text = _PLAN_YEARS.sub(" ", text)
    start, end = parse_range(text, period)
    if start is None and period is not None:
        start, end = month_of_sentence(text, period)
    return start, end
