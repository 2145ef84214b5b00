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
from functools import lru_cache

import pycountry

from .tokens import word_lemmas
from .place_kinds import REGIONS, region_of

__all__ = ["region_code", "district_region"]


def _fold(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").replace("—", " ").replace("-", " ").split())


@lru_cache(maxsize=64)
def _codes(country: str) -> dict[str, str]:
    """Folded Russian region name → ISO 3166-2 code, for one country (a constant table, built once)."""
    table = {_fold(name): code for name, _, code in REGIONS.get(country, ())}
    if table:
        return table
    russian = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    for division in pycountry.subdivisions.get(country_code=country) or ():
        if division.parent_code is None:  # first-level only: a county is not a region
            table.setdefault(_fold(russian.gettext(division.name)), division.code)
    return table


def region_code(name: str, country: str | None) -> str | None:
    """ISO 3166-2 code of a first-level division named as reports write it, or None.

    >>> region_code("Смоленская область", "RU"), region_code("Витебская область", "BY")
    ('RU-SMO', 'BY-VI')
    >>> region_code("Бранденбург", "DE"), region_code("Нигде", "RU")
    ('DE-BB', None)
    """
    return _codes(country).get(_fold(name)) if country else None


def district_region(name: str, country: str | None) -> tuple[str, str] | None:
    """(region, country) of a district, from the town it is named after, or None.

    >>> district_region("Витебский район", "BY")
    ('Витебская область', 'BY')
    """
    from .places import derived_city  # places imports the gazetteer; read it only when a district is met

    words = name.split()
    if not country or len(words) < 2 or word_lemmas(words[-1])[0] not in ("район", "округ"):
        return None
    town = derived_city(words[0], (country,))
    return region_of(town.geonames_id) if town is not None else None
