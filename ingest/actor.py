"""Who acts in a news text: the Russian municipality the text is about, in nominative.

A municipal site rarely writes "администрация города X" in a title line as a
report does; it names its town in the headline ("… в мэрии Иркутска"), as an
adjective ("иркутские школьники"), or not at all ("наш город"). So every
Russian settlement and district the text names is a candidate, weighed by where
it stands (headline first, then the opening paragraph) and how often it recurs.
"""
from __future__ import annotations

import re
from collections import Counter

from .mentions import Mentions
from .divisions import derived_city, gazetteer
from .places import candidates
from .reporter import Reporter
from .tokens import tokenize

_HEADLINE_WEIGHT = 3.0
_OPENING_WEIGHT = 2.0
#: Lowercase adjectives of a town ("иркутские", "стародубцы" aside): derived from its name.
_ADJ_ENDINGS = ("ого", "ой", "ая", "ий", "ое", "ых", "ым", "ую", "ом", "ей", "ые")
_PREPOSITION_TOWN = re.compile(r"(?:^|[\s(])(?:[Вв]о?|[Ии]з|[Нн]а|[Дд]о|[Кк]|[Пп]од)\s+([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)")
_ADJ_END = re.compile(r"(?:ск|цк)(?:ий|ая|ое|ие|ого|ой|ому|ую|им|ом|их|ими|ым|ых|ыми)$")


def _adjective_towns(text: str, capitalized: bool = False) -> list[str]:
    """Russian towns named by an adjective of their name: "иркутских школьников", or with
    ``capitalized`` inside an institution's name ("Новосибирской государственной библиотекой")."""
    out: list[str] = []
    tokens = tokenize(text)
    for i, tok in enumerate(tokens):
        word = tok.text
        if not _ADJ_END.search(word):
            continue
        if word[:1].isupper() != capitalized:
            continue
        if capitalized and not (i + 1 < len(tokens) and tokens[i + 1].text[:1].islower()
                                and _ADJ_END.search(tokens[i + 1].text) is None
                                and tokens[i + 1].text.endswith(_ADJ_ENDINGS)):
            continue
        city = derived_city(word, ("RU",))
        if city is not None and city.population >= 20_000:
            out.append(city.name.replace("ё", "е"))
    return out


def _preposition_towns(text: str) -> list[str]:
    """"В Орел приехали гости": a capitalised word after a preposition that the gazetteer knows as
    a Russian town of some size (NER misses towns that are also common words: Орел, Мирный)."""
    out: list[str] = []
    for m in _PREPOSITION_TOWN.finditer(text):
        for form in candidates(m.group(1)):
            hit = gazetteer().best(form, "RU")
            if hit is not None and hit.population >= 20_000:
                out.append(form)
                break
    return out


def find_actor(headline: str | None, headline_mentions: Mentions | None,
               paragraphs: list[Mentions], fallback: Reporter) -> Reporter:
    """The municipality the text is about; ``fallback`` (from title-line wording) when none is named."""
    score: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    first: dict[str, int] = {}
    order = 0

    def add(name: str, kind: str, weight: float) -> None:
        nonlocal order
        score[name] += weight
        kinds.setdefault(name, kind)
        if name not in first:
            first[name] = order
            order += 1

    sources: list[tuple[Mentions, float]] = []
    if headline_mentions is not None:
        sources.append((headline_mentions, _HEADLINE_WEIGHT))
    sources += [(m, _OPENING_WEIGHT if i == 0 else 1.0) for i, m in enumerate(paragraphs)]
    for mentions, weight in sources:
        for p in mentions.russian_places:
            add(p.place.name, "district" if p.place.kind == "district" else "city", weight)
        for name in _adjective_towns(mentions.text):
            add(name, "city", weight * 0.5)
        known = {p.place.name for p in mentions.russian_places}
        for name in _preposition_towns(mentions.text):
            if name not in known:
                add(name, "city", weight)
    if not score:  # no town named: the one an institution's name is formed from
        for mentions, weight in sources:
            for name in _adjective_towns(mentions.text, capitalized=True):
                add(name, "city", weight)
    if fallback.name and (fallback.kind == "district" or fallback.kind == "city" and any(
            h.country == "RU" for h in gazetteer().lookup(fallback.name))):
        add(fallback.name, fallback.kind, 1.0)  # "РЦНК" in capitals is no town
    for short in list(score):
        longer = [n for n in score if n != short and n.startswith(short + "-")]
        if len(longer) == 1:  # "в Ростове" of a text about Ростов-на-Дону
            score[longer[0]] += score.pop(short)
    if not score:
        foreign_region = fallback.kind == "region" and fallback.genitive is not None and (
            (city := derived_city(fallback.genitive.split()[0])) is not None and city.country != "RU")
        keep = fallback.kind in ("region", "district") and not foreign_region  # "Могилевской области" is Belarusian
        return fallback if keep else Reporter(None, None, "unknown")
    best = max(score, key=lambda n: (score[n], -first[n]))
    return Reporter(best, best, kinds[best])
