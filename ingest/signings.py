"""Signings told together: one sentence, several agreements.

"Соглашения о побратимстве заключили с А, Б и В" tells one signing with each town, and "…
шесть соглашений о партнерстве: между гимназией № 23 и Харбинской школой, …" one per pair of
institutions; a reception of many delegations stays one event (only signings are split).
"""
from __future__ import annotations

import re

from .cues import classes
from .drafts import Draft, Sentence
from .events import unique_places
from .mentions import foreign_codes
from .divisions import derived_city
from .records import Place


def split_signings(d: Draft, known: list[Place]) -> list[Draft]:
    """Agreements are bilateral: one sentence telling agreements "с Восточным Сараево, Гродно и
    Шицзячжуаном" tells one signing with each, and "… соглашений о партнерстве: между гимназией № 23
    и Харбинской школой, …" one per pair (a reception of many delegations stays one event)."""
    first = d.sentences[0]
    if len(d.sentences) > 1 or "signing" not in classes(first.cues.activity) or not first.cues.kinds:
        return [d]
    pairs = _pairs(first, known)
    if pairs:
        return pairs
    if len(d.places) < 2:
        return [d]
    return [Draft([first], [p], {p.country} if p.country else set(), split=True) for p in d.places]


_ITEM_SPLIT = re.compile(r",\s+(?:а\s+также\s+)?")


def _pairs(s: Sentence, known: list[Place]) -> list[Draft]:
    """The items of "…: между А и Б, В и Г, …", each a pair of institutions, one signing each."""
    colon = s.text.find(":")
    if colon < 0:
        return []
    tail = s.text[colon + 1:]
    items, pos = [], 0
    for m in list(_ITEM_SPLIT.finditer(tail)) + [None]:
        end = m.start() if m else len(tail.rstrip(" ."))
        if tail.count("«", 0, end) == tail.count("»", 0, end):
            items.append((pos, end))
            pos = m.end() if m else end
    items = [(a, b) for a, b in items if " и " in tail[a:b]]
    if len(items) < 2:
        return []
    out: list[Draft] = []
    head = s.text[:colon]
    for a, b in items:
        lo, hi = s.start + colon + 1 + a, s.start + colon + 1 + b
        found = s.mentions.within(lo, hi)
        places = found.foreign_places + _adjective_partners(tail[a:b], known)
        item = Sentence(f"{head}: {tail[a:b].strip()}", s.para, s.line, found, s.cues, start=lo)
        pair = re.sub(r"^между\s+", "", tail[a:b].strip())
        out.append(Draft([item], unique_places(places), set(found.foreign_countries), pair=pair))
    return out


def _adjective_partners(text: str, known: list[Place]) -> list[Place]:
    """Partner towns named by the adjective of an institution ("Харбинской средней школой") among
    the foreign towns the text names elsewhere."""
    out: list[Place] = []
    for m in re.finditer(r"\b([А-ЯЁ][а-яё]+?)(?:ск|цк|енск)(?:ий|ая|ое|ой|ого|ому|ую|им|ом|ими|ым)\b", text):
        stem = m.group(1)
        found = [p for p in known if len(stem) >= 4 and p.name.startswith(stem[:-1])]
        city = None if found else derived_city(m.group(0), foreign_codes())
        if city is not None and city.population >= 100_000:
            found = [Place(city.name.replace("ё", "е"), city.country, "settlement", city.geonames_id, city.lat, city.lon)]
        out += found
    return out
