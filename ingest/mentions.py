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
from .events import partner_countries
from .ner import ner_spans
from .orgs import OrgMention, find_orgs, quote_spans
from .divisions import derived_city
from .places import NO_HINTS, Hints, PlaceMention, find_places, ner_places, resolve
from .records import Place
from .unknown_towns import AREA_BEFORE, listed_persons, person_like, russian_region, unknown_towns

_LIST_ITEM = re.compile(
    r"^\s*(?:[-–—•·*]\s*|\d{1,3}[.)]\s*)?(?P<name>[А-ЯЁ][а-яё]+(?:[- ][А-ЯЁа-яё][а-яё]+){0,3})"
    r"(?:\s*\([^()]{1,40}\))?\s*(?:,|\(|[-–—])\s*(?P<country>[А-ЯЁ][А-Яа-яЁё ]{2,40}?)\s*\)?\s*(?:\[\d+\])?\s*[.;,]?\s*$")


_AFTER_DEMONYM = re.compile(r"\s+(?:(?:город|города|городе|городом|городу|г\.)\s*)?"
                            r"(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+){0,3})")


_CITY_AFTER = re.compile(r"\s*,?\s*(?:г\.|гор\.|города)?\s*(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)")
_LOWER_ADJ = re.compile(r"(?<![А-Яа-яЁё-])[а-яё]{4,}(?:ск|цк)(?:ий|ая|ое|ие|ого|ой|ому|ую|им|ом|их|ими)\b")
_REGION_WORD = re.compile(r"област|кра[йяею]\b|республик", re.IGNORECASE)


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
def foreign_codes() -> tuple[str, ...]:
    return tuple(sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 != "RU")) + ("AB", "OS")


def _abroad(place: PlaceMention) -> PlaceMention:
    """A district the text leaves unplaced is foreign when its adjective comes from a town that
    exists abroad and not in Russia ("Шемонаихинский район" → Шемонаиха, KZ)."""
    if place.place.kind != "district" or place.place.country != "RU":
        return place
    adj = place.place.name.split()[0]
    if derived_city(adj, ("RU",)) is not None:
        return place
    city = derived_city(adj, foreign_codes())
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


def _multiword(text: str, spans: list[tuple[int, int, str]], taken: list[PlaceMention],
               names: list[CountryMention]) -> list[PlaceMention]:
    """LOC spans of two or three words the gazetteer knows ("Великих Лук", "Нижнего Новгорода")."""
    out: list[PlaceMention] = []
    for start, end, surface in spans:
        words = surface.split()
        if not 2 <= len(words) <= 3 or any(p.start < end and start < p.end for p in taken):
            continue
        if any(c.start < end and start < c.end for c in names):
            continue
        name, hit = resolve(surface.strip(), None)
        if hit is None:
            continue
        out.append(PlaceMention(Place(name, hit.country, "settlement", hit.geonames_id, hit.lat, hit.lon),
                                start, end, False))
    return out


def _city_districts(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """A district of a foreign city: "Октябрьским районом г. Минска" → "Октябрьский район г. Минска",
    "района Чжоуцунь" → "район Чжоуцунь" (when the text places it abroad)."""
    out: list[PlaceMention] = []
    by_start = {p.start: p for p in places}
    for p in places:
        if p.place.kind != "district":
            continue
        m = _CITY_AFTER.match(text, p.end)
        city = by_start.get(m.start("name")) if m else None
        if city is None or city.place.country in (None, "RU"):
            continue
        district = Place(f"{p.place.name} г. {m.group('name')}", city.place.country, "district")
        out.append(PlaceMention(district, p.start, city.end, False))
    return out


_REGION_LIST = re.compile(r"(?P<adj>[А-ЯЁ][а-яё]+)\s+(?:област(?:и|ью|ей)|кра[яюе])\s*\((?P<list>[^()]{3,200})\)")


def _region_lists(text: str, taken: list[PlaceMention]) -> list[PlaceMention]:
    """Towns listed after a foreign region: "районов Могилевской области (Костюковичи, Славгород,
    Хотимск и Климовичи)" are Belarusian, whatever Russian namesakes the gazetteer has."""
    out: list[PlaceMention] = []
    for m in _REGION_LIST.finditer(text):
        city = derived_city(m.group("adj"))
        if city is None or city.country == "RU":
            continue
        for name in re.finditer(r"(?:г\.\s*)?([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)", m.group("list")):
            start = m.start("list") + name.start(1)
            if any(p.start <= start < p.end and p.place.country == city.country for p in taken):
                continue
            found, hit = resolve(name.group(1), city.country)
            place = Place(found, city.country, "settlement", hit.geonames_id, hit.lat, hit.lon) \
                if hit is not None and hit.country == city.country else Place(name.group(1), city.country)
            out.append(PlaceMention(place, start, start + len(name.group(1)), True))
    return out


def _placed_by_country(text: str, places: list[PlaceMention], foreign: set[str]) -> list[PlaceMention]:
    """A town the gazetteer lacks ("города Оффенбах-на-Майне") is taken as Russian by ``find_places``;
    in a paragraph that names one foreign country and no Russian region, it is that country's."""
    if len(foreign) != 1:
        return places
    code = next(iter(foreign))
    out: list[PlaceMention] = []
    for p in places:
        if p.place.country == "RU" and p.place.geonames_id is None and p.place.kind == "settlement":
            if person_like(text, text[p.start:p.end], p.end):
                continue  # "мэром этого города Вольфгангом Ройтером"
            p = PlaceMention(Place(p.place.name, code, p.place.kind), p.start, p.end, p.marked)
        out.append(p)
    return out


def _adjective_places(text: str, foreign: set[str], taken: list[PlaceMention]) -> list[PlaceMention]:
    """"хайфонских школьников": a lowercase adjective of a town in a country the paragraph names."""
    out: list[PlaceMention] = []
    if not foreign:
        return out
    codes = tuple(sorted(foreign))
    for m in _LOWER_ADJ.finditer(text):
        if any(p.start <= m.start() < p.end for p in taken) or find_demonyms(m.group(0)):
            continue
        city = derived_city(m.group(0), codes)
        if city is not None and city.population >= 100_000:
            out.append(PlaceMention(Place(city.name.replace("ё", "е"), city.country, "settlement", city.geonames_id,
                                          city.lat, city.lon), m.start(), m.end(), False))
    return out


def _drop_overlapped(places: list[PlaceMention], better: list[PlaceMention]) -> list[PlaceMention]:
    return [p for p in places if not any(b.start < p.end and p.start < b.end for b in better)] + better


def find_mentions(text: str, use_ner: bool = True, context: frozenset[str] = frozenset(),
                  hints: Hints = NO_HINTS) -> Mentions:
    """Places, countries (names and adjectives) and institutions of one paragraph, in order.

    ``context`` is the foreign country of the whole text, for a paragraph that names none
    ("Тогда в Саабрюкене состоялась конференция" in a text about a German partner).
    """
    names = find_countries(text)
    countries = sorted(names + [d for d in find_demonyms(text)
                                if not any(c.start <= d.start < c.end for c in names)], key=lambda c: c.start)
    foreign = {c.code for c in countries if c.code != "RU"} or set(context)
    places = [_abroad(p) for p in find_places(text, hints)]
    places = _drop_overlapped(places, _demonym_places(text, [c for c in countries if c not in names], []))
    if use_ner:
        spans = ner_spans(text)
        locs = [(s.start, s.stop, s.text) for s in spans if s.type == "LOC"]
        places = places + ner_places(text, locs, names, places, frozenset(foreign))
        places = places + _multiword(text, locs, places, names)
        places = places + unknown_towns(text, locs, places, names, foreign)
        persons = [(s.start, s.stop, s.text) for s in spans if s.type == "PER"]
        for _ in range(2):  # a list's first name is placed by the second: "Хулунбуира, Чойболсана, Хайлара"
            places = places + listed_persons(text, persons, places, names)
    places = places + _listed(text, places)
    unnamed = "".join(" " if any(c.start <= i < c.end for c in names) else ch for i, ch in enumerate(text)) \
        if names else text  # "Китайской Народной Республики" is a country, not a Russian republic
    if not _REGION_WORD.search(unnamed):
        places = _placed_by_country(text, places, foreign)
    places = _drop_overlapped(places, _region_lists(text, places))
    places = _drop_overlapped(places, _city_districts(text, sorted(places, key=lambda p: p.start)))
    places = places + _adjective_places(text, foreign, places)
    places = [p for p in places if p.marked or p.place.country in (None, "RU") or not russian_region(p.place.name)]
    # A region's name that is also a town's ("Республика Алтай", "провинции Гуйчжоу") is no town.
    places = [p for p in places if p.marked or p.place.kind == "district"
              or not AREA_BEFORE.search(text[max(0, p.start - 25):p.start])]
    # A country written as a town's name ("Сингапур") is counted as the country only.
    places = [p for p in places if not any(c.start <= p.start < c.end for c in names)]
    places = sorted(places, key=lambda p: p.start)
    # A name in quotes is a title («Афганистан – наша память и боль», «Сорочинская ярмарка»): its
    # countries are not partners; a town written with its marker («Гимназия № 7 г. Витебска») is.
    countries = partner_countries(text, countries)
    quoted = _quote_spans(text)
    if quoted:
        inside = lambda pos: any(a <= pos < b for a, b in quoted)  # noqa: E731
        countries = [c for c in countries if not inside(c.start)]  # "…" quotes of typed text too
        places = [p for p in places if p.marked or not inside(p.start)]
    orgs = tuple(sorted(find_orgs(text, use_ner), key=_org_start))
    return Mentions(text, tuple(places), tuple(countries), orgs)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """The «…» quotations (``orgs.quote_spans``) and the "…" ones of typed text."""
    return quote_spans(text) + [(m.start(), m.end()) for m in re.finditer(r'"[^"\n]{1,200}"|“[^”\n]{1,200}”', text)]


def _same_stem(a: str, b: str) -> bool:
    """Case forms of one unknown name: "Решт"/"Решта"/"Реште", "Юйлинь"/"Юйлиня"."""
    if a == b or " " in a or " " in b:
        return a == b
    short, long_ = sorted((a, b), key=len)
    common = len(short) - 1 if short[-1] in "аяоеьыиуюй" else len(short)
    return len(short) >= 4 and len(long_) - len(short) <= 2 and long_[:common] == short[:common]


def unify_names(paragraphs: list[Mentions], headline: Mentions | None) -> tuple[list[Mentions], Mentions | None]:
    """One spelling per foreign town in a document: the gazetteer's when one form resolved, else the
    shortest form, so that "Решта" and "Реште" are the same partner as "Решт"."""
    every = [p.place for m in paragraphs + ([headline] if headline else []) for p in m.places
             if p.place.country not in (None, "RU")]
    canon: dict[str, Place] = {}
    for place in sorted(every, key=lambda p: (p.geonames_id is None, len(p.name))):
        if place.name in canon:
            continue
        for other in every:
            if other.name not in canon and _same_stem(place.name, other.name) and other.country == place.country:
                canon[other.name] = place

    def fix(m: Mentions) -> Mentions:
        places = tuple(PlaceMention(canon.get(p.place.name, p.place), p.start, p.end, p.marked)
                       if p.place.country not in (None, "RU") else p for p in m.places)
        return Mentions(m.text, places, m.countries, m.orgs)

    return [fix(m) for m in paragraphs], fix(headline) if headline else None
