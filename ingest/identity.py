"""What identifies an institution: its name without the parts that vary between mentions, and its town.

Reports name one school "МБОУ «СШ № 8 с углубленным изучением иностранных языков»" in one
row and "МБОУ «СШ № 8»" in the next, one gymnasium "ГУО «Гимназия № 7 г. Витебска им. П.Е.
Кондратенко»" and "Гимназия № 7"; while every town has its own "СОШ № 1". So the key of an
institution is its name without legal form, quotes, town phrase, honorific and
specialisation, with the usual school types abbreviated one way, and the graph keys a node
by that key *and* the institution's town (``graph.iris.org_iri``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .legal_forms import legal_abbreviation

#: School types written out or abbreviated: one spelling each.
_TYPES = (
    (r"(?:средн|основн)\w+ общеобразовательн\w+ школ\w*", "школа"),
    (r"средн\w+ школ\w*", "школа"),
    (r"\b(?:сош|сш|оош)\b", "школа"),
    (r"детск\w+ школ\w* искусств", "дши"),
    (r"детск\w+ музыкальн\w+ школ\w*", "дмш"),
    (r"детск\w+ художественн\w+ школ\w*", "дхш"),
    (r"детск\w+ сад\w*", "дс"),
    (r"гимнази\w*", "гимназия"),
    (r"лице\w+", "лицей"),
    (r"школ\w*", "школа"),
)
_LEGAL = re.compile(r"^(?:[А-ЯЁ]{2,8}(?:\s+(?:ДО|ВО|ВПО))?\s+)+(?=[«\"]|[А-ЯЁа-яё])")
_TOWN = re.compile(r"\b(?:г\.|гор\.|города|городе)\s*[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*")
_HONORIFIC = re.compile(r"\b(?:им\.|имени)\s.*$")
_SPECIALISATION = re.compile(r"\bс\s+углубл[её]нн\w+\s+изучени\w+.*$|\bс\s+дифференцированн\w+.*$")
_NUMBER = re.compile(r"№\s*(\d+)")


@lru_cache(maxsize=65_536)
def org_key(name: str, placed: bool = True) -> str:
    """"МБОУ «СШ № 8 с углубленным изучением …»" → "школа № 8"; "Гимназия № 7 г. Витебска им. …" →
    "гимназия № 7"; "Администрация города Смоленска" → "администрация" when the institution is
    ``placed`` in its town (the town is then the node's other half), else the town stays in the key."""
    text = _LEGAL.sub("", name.strip())
    if "«" in text and legal_abbreviation(text[:text.index("«")]):
        text = text[text.index("«"):]  # "Бюджетное учреждение … района «…»" is its quoted name
    text = re.sub(r"[«»\"“”„]", " ", text)
    text = _HONORIFIC.sub("", _SPECIALISATION.sub("", text))
    if placed:
        text = _TOWN.sub(" ", text)
    text = " ".join(text.lower().replace("ё", "е").split()).strip(" ,.-")
    for pattern, short in _TYPES:
        text = re.sub(pattern, short, text)
    number = _NUMBER.search(text)
    if number:  # a numbered institution is its type and number: "сш № 8", "дши № 3"
        before = text[:number.start()].split()
        kind = before[-1] if before else ""
        return f"{kind} № {number.group(1)}".strip()
    return text or " ".join(name.lower().split())


def share_places(events: list) -> None:
    """An institution placed once in a report is placed wherever the report names it: "ГУ «Национальный
    исторический музей Республики Беларусь»" in Минск in one row is in Минск in the next, so that
    both mentions are one node (only when the report gives that key one town); and an institution
    in a town the report places abroad is of that country, not Russian by default."""
    from dataclasses import replace

    towns: dict[tuple[str, str | None], set[str]] = {}
    for e in events:
        for o in e.organizations:
            if o.place:
                towns.setdefault((org_key(o.name, placed=False), o.country), set()).add(o.place)
    abroad = {p.name: p.country for e in events for p in e.foreign_places if p.country not in (None, "RU")}
    for e in events:
        for i, o in enumerate(e.organizations):
            known = towns.get((org_key(o.name, placed=False), o.country))
            if not o.place and known and len(known) == 1:
                o = e.organizations[i] = replace(o, place=next(iter(known)))
            if o.place in abroad and o.country in (None, "RU"):
                # "клиника «Сэчжон» (г. Пучон)" where the report places Пучон in Korea
                e.organizations[i] = replace(o, country=abroad[o.place])


def resolve_settlements(events: list, links: list) -> tuple[list, list]:
    """Every settlement the gazetteer knows by its name in its country carries its id, whichever
    way it entered the report (a town named only as an institution's seat comes without one), so
    that a place is resolved in every report or in none: "Минск" was resolved in one report and
    unresolved in another."""
    from dataclasses import replace

    from .divisions import gazetteer

    def fix(p):
        if p.geonames_id is not None or p.kind != "settlement" or not p.country:
            return p
        hit = gazetteer().best(p.name, p.country)
        return replace(p, geonames_id=hit.geonames_id, lat=hit.lat, lon=hit.lon) if hit else p

    for e in events:
        e.foreign_places = [fix(p) for p in e.foreign_places]
        e.venue = [fix(p) for p in e.venue]
    links = [replace(l, ru=fix(l.ru), foreign=fix(l.foreign)) for l in links]
    return events, links
