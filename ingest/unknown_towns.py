"""Towns the gazetteer does not give by their Russian name, and words that only look like towns.

Russian news writes many foreign towns GeoNames knows only in Latin or not at all
("Хулунбуире", "Чойболсана", "Саабрюкене"), and slovnet tags some of them as persons. A name
is taken as a town of a country only where the text places it there (the paragraph names one
foreign country, or it stands in a list beside placed towns), and never when it is a word of
the dictionary, a first name, a Russian republic or macro-region, or an area word stands
before it ("провинции", "земли").
"""
from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from .countries import CountryMention, find_countries
from .gazetteer import romanize
from .morph import parses, restore_case
from .places import PlaceMention, resolve
from .records import Place


@lru_cache(maxsize=1)
def _russian_regions() -> frozenset[str]:
    """The romanised names of Russia's federal subjects (ISO 3166-2:RU in pycountry: "Altay,
    Respublika", "Kalmykiya, Respublika"), first word, ASCII letters only."""
    out = set()
    for sub in pycountry.subdivisions.get(country_code="RU"):
        first = re.split(r"[,\s]", sub.name)[0]
        out.add("".join(ch for ch in first.lower() if "a" <= ch <= "z"))
    return frozenset(out)


def russian_region(name: str) -> bool:
    """"на Алтае", "в Калмыкии": a Russian republic's name, which the gazetteer may know as a town abroad."""
    return romanize(name) in _russian_regions()


def listed_persons(text: str, spans: list, places: list[PlaceMention], names: list[CountryMention]) -> list[PlaceMention]:
    """slovnet tags unfamiliar towns in a list as persons ("лица Хулунбуира, Чойболсана, Хайлара"):
    a one-word PER span joined by a comma or "и" to a place already found is a place too, when
    the gazetteer knows it as a town abroad."""
    out: list[PlaceMention] = []
    found = sorted(places, key=lambda p: p.start)
    for start, end, surface in spans:
        if " " in surface.strip() or any(p.start <= start < p.end for p in found):
            continue
        near = [p for p in found + out if re.fullmatch(r"\s*(?:,|и)\s*", text[end:p.start] if p.start >= end
                                                       else text[p.end:start])]
        if not near:
            continue
        name, hit = resolve(surface.strip(), near[0].place.country)
        if hit is None and near[0].place.country not in (None, "RU") and _name_like(surface.strip()):
            name = guess_nominative(surface.strip())
            out.append(PlaceMention(Place(name, near[0].place.country, "settlement"), start, end, False))
            continue
        if hit is None or hit.country in (None, "RU"):
            continue
        out.append(PlaceMention(Place(name, hit.country, "settlement", hit.geonames_id, hit.lat, hit.lon),
                                start, end, False))
    return out


AREA_BEFORE = re.compile(r"(?:провинци|област|штат|префектур|аймак|округ|кра[йяею]|уезд|губерни|регион|республик"
                          r"|остров|озер|рек[аиеу]|гор[аы]|полуостров|земл[яиеюь])\w*\s*$", re.IGNORECASE)


_MACROREGION = re.compile(r"^(?:При|За|По|Пред)[а-яё]{3,}(?:ье|ья|ью|ьем|ьи)$")
_DISTRICT_BEFORE = re.compile(r"\bрайон\w{0,3}\s+$")


def person_like(text: str, surface: str, end: int) -> bool:
    """A first name: a Name reading, or a capitalised word after it in the same case ("Вольфгангом Ройтером")."""
    found = parses(surface)
    if found and "Name" in found[0].tag:
        return True
    nxt = re.match(r"\s+([А-ЯЁ][а-яё]+)", text[end:end + 30])
    return bool(nxt) and len(surface) > 3 and nxt.group(1)[-2:] == surface[-2:]


def guess_nominative(surface: str) -> str:
    """pymorphy3's guess of an unknown noun's nominative ("Саабрюкене" → "Саабрюкен")."""
    found = parses(surface)
    if found and found[0].tag.POS == "NOUN" and found[0].tag.case != "nomn":
        guess = restore_case(surface, found[0].normal_form)
        if abs(len(guess) - len(surface)) <= 2:
            return guess
    return surface


def _name_like(word: str) -> bool:
    """A word no dictionary knows as a common word: a foreign town's name, not "Байкал" or "Победа"."""
    if word.isupper() or "област" in word.lower():
        return False  # "СКФО", "РТ", "Ленобласть"
    if _MACROREGION.match(word):
        return False  # "Приамурья", "Забайкалье", "Поволжья": regions named for what they lie along
    found = parses(word)
    return not found or not found[0].is_known


def unknown_towns(text: str, locs: list[tuple[int, int, str]], taken: list[PlaceMention],
                   names: list[CountryMention], foreign: set[str]) -> list[PlaceMention]:
    """LOC spans the gazetteer lacks ("Хулунбуире", "Дуцзянъянем") in a paragraph that names one
    foreign country: towns of that country, unless a region word stands before them."""
    if len(foreign) != 1:
        return []
    code = next(iter(foreign))
    out: list[PlaceMention] = []
    for start, end, surface in locs:
        surface = surface.strip()
        if " " in surface or any(p.start < end and start < p.end for p in taken):
            continue
        if any(c.start < end and start < c.end for c in names) or AREA_BEFORE.search(text[max(0, start - 25):start]):
            continue
        if person_like(text, surface, end) or find_countries(surface):
            continue
        name, hit = resolve(surface, code)
        if _DISTRICT_BEFORE.search(text[max(0, start - 12):start]) and _name_like(surface) \
                and (hit is None or hit.country == code):
            out.append(PlaceMention(Place(f"район {surface}", code, "district"), start, end, False))
            continue  # "района Чжоуцунь"
        if hit is not None and hit.country == code:  # known in Latin only: "Хулунбуире" → Hulunbuir
            out.append(PlaceMention(Place(name, code, "settlement", hit.geonames_id, hit.lat, hit.lon),
                                    start, end, False))
            continue
        if hit is not None or not _name_like(surface):
            continue
        out.append(PlaceMention(Place(guess_nominative(surface), code, "settlement"), start, end, False))
    return out
