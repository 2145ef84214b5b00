"""Case forms for the synthetic reports: every one comes from pymorphy3, cached, since a corpus
asks for the same few thousand forms again and again; numerals agree with their nouns as
reports write them."""
from __future__ import annotations

import random
from functools import cache
from typing import Any

from ..morph import analyzer, restore_case

__all__ = ["MONTHS", "adjective_form", "count_of", "inflect_name", "inflect_phrase", "month_name",
           "nominative_parse", "people_count", "place_adjective", "plain_spelling", "round_count"]


def plain_spelling(text: str) -> str:
    """Reports write е for ё, and no stress marks (pycountry has "Респу́блика"); so does the gold."""
    return text.replace("ё", "е").replace("Ё", "Е").replace("\u0301", "")


def _like(template: str, word: str) -> str:
    """``word`` with the capitalisation of ``template`` (per hyphenated part)."""
    return restore_case(template, plain_spelling(word))


def nominative_parse(word: str, pos: tuple[str, ...] = ("NOUN",), geox: bool = False):
    """The first pymorphy3 reading of ``word`` as a nominative of ``pos`` (a place name if ``geox``)."""
    for parse in analyzer().parse(word.lower()):
        if parse.tag.POS in pos and parse.tag.case == "nomn" and (not geox or "Geox" in parse.tag):
            return parse
    return None


@cache
def inflect_name(name: str, case: str) -> str:
    """A settlement's name (nominative) in ``case``; as written when pymorphy3 cannot decline it."""
    if case == "nomn":
        return name
    parse = nominative_parse(name, geox=True)
    if parse is None:
        return name
    form = parse.inflect({case, parse.tag.number or "sing"})
    return _like(name, form.word) if form else name


@cache
def inflect_phrase(phrase: str, case: str) -> str:
    """A noun phrase in ``case``: the adjectives before its head agree, the rest stays.

    "Республика Беларусь" → "Республики Беларусь", "Киргизская Республика" →
    "Киргизской Республики", "Международный конкурс-фестиваль искусств" →
    "Международном конкурсе-фестивале искусств" (loct).
    """
    if case == "nomn":
        return phrase
    words = phrase.split(" ")
    adjectives: list[tuple[int, Any]] = []
    head = None
    for i, word in enumerate(words):
        if word.isupper() and len(word) > 1:
            return phrase  # an abbreviation does not decline
        adj = nominative_parse(word, ("ADJF", "PRTF")) if i + 1 < len(words) else None
        if adj is not None and (nominative_parse(words[i + 1]) or nominative_parse(words[i + 1], ("ADJF", "PRTF"))):
            adjectives.append((i, adj))
            continue
        noun = nominative_parse(word)
        if noun is None:
            return phrase
        head = (i, noun)
        break
    if head is None:
        return phrase
    out = list(words)
    index, noun = head
    number = noun.tag.number or "sing"
    form = noun.inflect({case, number})
    if form is not None:
        out[index] = _like(words[index], form.word)
    grams = {case, number} | ({noun.tag.gender} if number == "sing" and noun.tag.gender else set())
    for i, adj in adjectives:
        form = adj.inflect(grams)
        if form is not None:
            out[i] = _like(words[i], form.word)
    return " ".join(out)


@cache
def adjective_form(adjective: str, gender: str, case: str = "nomn") -> str:
    """"витебский" → "Витебская" (femn): an adjective agreeing with the noun it stands before."""
    parse = nominative_parse(adjective, ("ADJF",))
    if parse is None:
        return adjective
    grams = {case, "plur"} if gender == "plur" else {case, "sing", gender}
    form = parse.inflect(grams)
    return _like(adjective.capitalize(), form.word) if form else adjective


@cache
def place_adjective(name: str) -> str | None:
    """The adjective a place name forms ("Витебск" → "витебский", "Гродно" → "гродненский").

    Candidates follow the usual derivations; one is kept only when pymorphy3's
    dictionary knows it as an adjective, so no invented word reaches a report.
    """
    low = plain_spelling(name.lower())
    if " " in low:
        return None
    base = low[:-1] if low[-1] in "аяоеиыьй" else low
    candidates = []
    if low.endswith(("ск", "цк")):
        candidates.append(low + "ий")
    candidates += [low + "ский", base + "ский", base + "ской", base + "енский", base + "инский",
                   base + "анский", base + "ьский", base + "овский"]
    morph = analyzer()
    for cand in dict.fromkeys(candidates):
        if morph.word_is_known(cand) and any(p.tag.POS == "ADJF" and p.tag.case == "nomn" and p.tag.gender == "masc"
                                             for p in morph.parse(cand)):
            return cand
    return None


MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")


def month_name(m: int, case: str) -> str:
    """A month's name in ``case``: 3, "gent" → "марта"."""
    return inflect_phrase(MONTHS[m - 1], case)


def people_count(n: int) -> str:
    """"22 человека", "25 человек": the numeral agrees as reports write it."""
    return f"{n} человека" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else f"{n} человек"


def count_of(n: int, noun: str) -> str:
    """"22 мероприятия", "25 мероприятий": pymorphy3 agrees the noun with the number."""
    parse = nominative_parse(noun)
    form = parse.make_agree_with_number(n) if parse is not None else None
    return f"{n} {form.word if form else noun}"


def round_count(rng: random.Random, low: int, high: int) -> int:
    """A count whose noun stands in the genitive plural ("25 докладов"), as most counts in reports do."""
    n = rng.randint(low, high)
    return n - n % 5 if n >= 10 else max(5, n)
