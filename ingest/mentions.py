"""Everything a paragraph of prose names: places, countries and institutions, with offsets.

One pass per paragraph (NER tags the paragraph once); sentences then take the
mentions that fall inside their span. Places come from markers and districts
(``find_places``), from slovnet's LOC spans the gazetteer resolves
(``ner_places``) and from list lines ("Варкаус, Финляндия"); countries from
their names in any case and from adjectives ("иранская делегация").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from functools import lru_cache

import pycountry

from .countries import CountryMention, find_countries, find_demonyms
from .orgs import OrgMention, find_orgs, ner_spans
from .places import PlaceMention, derived_city, find_places, ner_places, resolve
from .records import Place

_LIST_ITEM = re.compile(
    r"^\s*(?:[-–—•·*]\s*|\d{1,3}[.)]\s*)?(?P<name>[А-ЯЁ][а-яё]+(?:[- ][А-ЯЁа-яё][а-яё]+){0,3})"
    r"(?:\s*\([^()]{1,40}\))?\s*(?:,|\(|[-–—])\s*(?P<country>[А-ЯЁ][А-Яа-яЁё ]{2,40}?)\s*\)?\s*(?:\[\d+\])?\s*[.;,]?\s*$")


_AFTER_DEMONYM = re.compile(r"\s+(?:(?:город|города|городе|городом|городу|г\.)\s*)?"
                            r"(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+){0,3})")


@dataclass(frozen=True)
class Mentions:
    """What one paragraph names, each with its character span in the paragraph."""

    text: str
    places: tuple[PlaceMention, ...]
    countries: tuple[CountryMention, ...]
    orgs: tuple[OrgMention, ...]

    def within(self, start: int, end: int) -> "Mentions":
        """The mentions inside [start, end), offsets kept as the paragraph's."""
        return Mentions(self.text,
                        tuple(p for p in self.places if start <= p.start < end),
                        tuple(c for c in self.countries if start <= c.start < end),
                        tuple(o for o in self.orgs if start <= o.start < end))

    @property
    def foreign_places(self) -> list[Place]:
        return [p.place for p in self.places if p.place.country not in (None, "RU")]

    @property
    def russian_places(self) -> list[PlaceMention]:
        return [p for p in self.places if p.place.country == "RU"]

    @property
    def foreign_countries(self) -> set[str]:
        return {c.code for c in self.countries if c.code != "RU"} | {p.country for p in self.foreign_places if p.country}


def _listed(text: str, taken: list[PlaceMention]) -> list[PlaceMention]:
    """A list line "Name, Country" / "Name (Country)" / "Name – Country": a place of that country,
    also when the gazetteer does not know it (it stands where a town is listed)."""
    m = _LIST_ITEM.match(text)
    if not m:
        return []
    countries = find_countries(m.group("country"))
    if len(countries) != 1 or countries[0].code == "RU":
        return []
    start = m.start("name")
    if any(p.start <= start < p.end for p in taken):
        return []
    code = countries[0].code
    name, hit = resolve(m.group("name"), code)
    if find_countries(m.group("name")):
        return []
    if hit is not None and hit.country == code:
        place = Place(name, code, "settlement", hit.geonames_id, hit.lat, hit.lon)
    else:
        place = Place(m.group("name"), code, "settlement")
    return [PlaceMention(place, start, m.end("name"), False)]


def _org_start(org: OrgMention) -> int:
    return org.start


@lru_cache(maxsize=1)
def _foreign_codes() -> tuple[str, ...]:
    return tuple(sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 != "RU")) + ("AB", "OS")


def _abroad(place: PlaceMention) -> PlaceMention:
    """A district the text leaves unplaced is foreign when its adjective comes from a town that
    exists abroad and not in Russia ("Шемонаихинский район" → Шемонаиха, KZ)."""
    if place.place.kind != "district" or place.place.country != "RU":
        return place
    adj = place.place.name.split()[0]
    if derived_city(adj, ("RU",)) is not None:
        return place
    city = derived_city(adj, _foreign_codes())
    if city is None:
        return place
    return PlaceMention(Place(place.place.name, city.country, "district"), place.start, place.end, place.marked)


def _demonym_places(text: str, countries: list[CountryMention], taken: list[PlaceMention]) -> list[PlaceMention]:
    """"немецкий Зуль", "сербского Горни-Милановца", "македонский город Кавадарци": a town after
    its country's adjective (with "город" between or not) is a town of that country."""
    out: list[PlaceMention] = []
    for c in countries:
        m = _AFTER_DEMONYM.match(text, c.end)
        if not m or any(p.start <= m.start("name") < p.end for p in taken):
            continue
        surface = m.group("name")
        if find_countries(surface):
            continue
        name, hit = resolve(surface, c.code)
        if hit is not None and hit.country == c.code:
            place = Place(name, c.code, "settlement", hit.geonames_id, hit.lat, hit.lon)
        else:
            place = Place(name, c.code, "settlement")
        out.append(PlaceMention(place, m.start("name"), m.end("name"), False))
    return out


def _listed_persons(text: str, spans: list, places: list[PlaceMention], names: list[CountryMention]) -> list[PlaceMention]:
    """slovnet tags unfamiliar towns in a list as persons ("лица Хулунбуира, Чойболсана, Хайлара"):
    a one-word PER span joined by a comma or "и" to a place already found is a place too, when
    the gazetteer knows it as a town abroad."""
    out: list[PlaceMention] = []
    found = sorted(places, key=lambda p: p.start)
    for start, end, surface in spans:
        if " " in surface.strip():
            continue
        near = [p for p in found + out if re.fullmatch(r"\s*(?:,|и)\s*", text[end:p.start] if p.start >= end
                                                       else text[p.end:start])]
        if not near:
            continue
        name, hit = resolve(surface.strip(), near[0].place.country)
        if hit is None or hit.country in (None, "RU"):
            continue
        out.append(PlaceMention(Place(name, hit.country, "settlement", hit.geonames_id, hit.lat, hit.lon),
                                start, end, False))
    return out


def find_mentions(text: str, use_ner: bool = True) -> Mentions:
    """Places, countries (names and adjectives) and institutions of one paragraph, in order."""
    names = find_countries(text)
    countries = sorted(names + [d for d in find_demonyms(text)
                                if not any(c.start <= d.start < c.end for c in names)], key=lambda c: c.start)
    places = [_abroad(p) for p in find_places(text)]
    if use_ner:
        spans = ner_spans(text)
        locs = [(s.start, s.stop, s.text) for s in spans if s.type == "LOC"]
        places = places + ner_places(text, locs, names, places)
        persons = [(s.start, s.stop, s.text) for s in spans if s.type == "PER"]
        places = places + _listed_persons(text, persons, places, names)
    places = places + _listed(text, places)
    places = places + _demonym_places(text, [c for c in countries if c not in names], places)
    # A country written as a town's name ("Сингапур") is counted as the country only.
    places = [p for p in places if not any(c.start <= p.start < c.end for c in names)]
    places = sorted(places, key=lambda p: p.start)
    orgs = tuple(sorted(find_orgs(text, use_ner), key=_org_start))
    return Mentions(text, tuple(places), tuple(countries), orgs)
