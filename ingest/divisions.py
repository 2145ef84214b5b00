"""Ids for the places GeoNames' settlement dump does not hold: regions and districts.

A first-level division (область, край, республика; a Belarusian or Kazakh oblast; a German
Land) is identified by its ISO 3166-2 code: the project's table (:data:`place_kinds.REGIONS`) for
Russia and Belarus, whose reports name them most, and pycountry's Russian names of the ISO 3166-2
list for the rest. A district (район) has no id in any offline source; it is placed in the
region of the town it is named after ("Витебский район" → Витебск → Витебская область) and stays
marked unresolved, so a query can tell it from a place with an id.
"""
from __future__ import annotations

import gettext
import re
from functools import lru_cache

import pycountry

from .countries import DEMONYMS
from .gazetteer import Gazetteer, GazPlace, fold
from .place_kinds import REGIONS, region_of
from .tokens import word_lemmas

__all__ = ["region_code", "district_region", "derived_city", "district_country", "region_country", "gazetteer"]

_REGION = re.compile(r"(?P<adj>[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)\s+(?P<noun>област(?:ь|и|ью|ей|ям|ях)|кра(?:й|я|ю|ем|е))\b")
_gaz: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The shared gazetteer, opened once per process."""
    global _gaz
    if _gaz is None:
        _gaz = Gazetteer.open()
    return _gaz



@lru_cache(maxsize=64)
def _codes(country: str) -> dict[str, str]:
    """Folded Russian region name → ISO 3166-2 code, for one country (a constant table, built once)."""
    table = {fold(name): code for name, _, code in REGIONS.get(country, ())}
    if table:
        return table
    russian = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    for division in pycountry.subdivisions.get(country_code=country) or ():
        if division.parent_code is None:  # first-level only: a county is not a region
            table.setdefault(fold(russian.gettext(division.name)), division.code)
    return table


def region_code(name: str, country: str | None) -> str | None:
    """ISO 3166-2 code of a first-level division named as reports write it, or None.

    >>> region_code("Смоленская область", "RU"), region_code("Витебская область", "BY")
    ('RU-SMO', 'BY-VI')
    >>> region_code("Бранденбург", "DE"), region_code("Нигде", "RU")
    ('DE-BB', None)
    """
    return _codes(country).get(fold(name)) if country else None


def district_region(name: str, country: str | None) -> tuple[str, str] | None:
    """(region, country) of a district, from the town it is named after, or None.

    >>> district_region("Витебский район", "BY")
    ('Витебская область', 'BY')
    """
    words = name.split()
    if not country or len(words) < 2 or word_lemmas(words[-1])[0] not in ("район", "округ"):
        return None
    town = derived_city(words[0], (country,))
    return region_of(town.geonames_id) if town is not None else None


def region_country(text: str, end: int) -> str | None:
    """Country of a region named right after a place: "г. Горки, Могилевская область"."""
    pos = end  # skip " ,\n" in place: slicing off the rest of a huge cell per mention is quadratic
    while pos < len(text) and text[pos] in " ,\n":
        pos += 1
    m = _REGION.match(text, pos)
    if m:
        city = derived_city(m.group("adj"))
        if city:
            return city.country
        for part in m.group("adj").split("-")[1:]:  # "Восточно-Казахстанской области"
            code = DEMONYMS.get(word_lemmas(part)[0])
            if code:
                return code
    return None


@lru_cache(maxsize=20_000)
def derived_city(adjective: str, countries: tuple[str, ...] = ()) -> GazPlace | None:
    """The city an adjective is formed from: "Могилевской" → Могилев, "Минский" → Минск.

    Derivation, not inflection: pymorphy3 gives the adjective's lemma and the
    gazetteer says which of the few possible stems is a real city.
    """
    lem = word_lemmas(adjective)[0]
    if not lem.endswith(("ский", "цкий", "ской", "ская")):
        return None
    lem = lem[:-2] + "ий" if lem.endswith(("ской", "ская")) else lem
    base = lem[:-2]                      # "минск", "витебск", "могилевск"
    cut = base[:-2] if base.endswith("ск") else base[:-1]
    stems = [base, cut, cut + "ь", cut + "о", cut + "а", base[:-3] + "о", cut + "ы", cut + "и"]
    gaz = gazetteer()
    for stem in stems:
        name = stem[:1].upper() + stem[1:]
        hits = gaz.lookup(name)
        if countries:
            hits = [h for h in hits if h.country in countries] or []
        else:
            hits = [h for h in hits if h.population >= 50_000]  # "Детский" is not from Deta, Romania
        if hits:
            return hits[0]
    return None


@lru_cache(maxsize=20_000)
def district_country(adjective: str) -> str:
    """The country of a district the text does not place: Russian, unless its name comes from a
    sizeable town abroad and from none in Russia ("Витебский район" → BY). "Сурского района" is
    not Sur, Oman: a small or Russian namesake keeps it Russian."""
    if derived_city(adjective, ("RU",)) is not None:
        return "RU"
    city = derived_city(adjective)  # towns of 50,000 or more
    return city.country if city is not None else "RU"
