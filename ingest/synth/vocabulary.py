"""The words of the synthetic reports that name things: places, regions and countries, from the
gazetteer (GeoNames), pycountry's Russian translations and pymorphy3, sorted so that a seed
always draws the same ones."""
from __future__ import annotations

import gettext
import itertools
import random
import re
import sqlite3
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from ..countries import ALIASES
from ..gazetteer import romanize
from ..morph import analyzer
from .forms import adjective_form, inflect_name, inflect_phrase, nominative_parse, place_adjective, plain_spelling

__all__ = ["CIS", "CITY_COUNTRIES", "Country", "Place", "Region", "Vocabulary", "vocabulary"]


@dataclass(frozen=True)
class Place:
    """A settlement, or a district (``kind="district"``, name "Витебский район")."""

    name: str
    country: str
    population: int = 0
    adjective: str | None = None
    region: str | None = None
    kind: str = "settlement"

    @property
    def fixed(self) -> bool:
        """Names in -ово/-ево/-ино stay in the nominative after "г." ("МБОУ гимназия г. Сафоново")."""
        return self.kind == "settlement" and self.name.endswith(("ово", "ево", "ино", "ыно", "аго"))

    @property
    def marker(self) -> str:
        """"г." for a town abroad or of 12,000 people and more, "пос." for a smaller one; none for a district."""
        if self.kind != "settlement":
            return ""
        return "г." if self.country != "RU" or self.population >= 12000 else "пос."

    def form(self, case: str) -> str:
        """The name in ``case``."""
        if self.kind == "district":
            return inflect_phrase(self.name, case)
        return self.name if self.fixed else inflect_name(self.name, case)

    def marked(self, case: str) -> str:
        """The name in ``case`` after its marker: "г. Витебска"."""
        return f"{self.marker} {self.form(case)}".strip()

    def district(self) -> Place | None:
        """The district named after the town ("Витебский район"), where the town forms an adjective."""
        if not self.adjective:
            return None
        return Place(f"{self.adjective.capitalize()} район", self.country, 0, None, self.region, "district")


@dataclass(frozen=True)
class Country:
    """A country with the names reports give it, full and everyday, and how often they name it."""

    code: str
    official: tuple[str, ...]  # full forms: "Республика Беларусь", "Киргизская Республика"
    short: tuple[str, ...]     # everyday forms and abbreviations: "Беларусь", "КНР"
    weight: float = 1.0

    def name(self, rng: random.Random, case: str, official: float = 0.7) -> str:
        """One of its names in ``case``: a full one ``official`` of the time, where it has both kinds."""
        pool = self.official if self.official and (not self.short or rng.random() < official) else self.short
        return inflect_phrase(rng.choice(pool), case)


@dataclass(frozen=True)
class Region:
    """A Russian oblast or krai: its capital first, then its other settlements by size."""

    name: str           # "Смоленская область"
    capital: Place
    towns: tuple[Place, ...]

    @property
    def krai(self) -> bool:
        """A krai, not an oblast."""
        return self.name.endswith("край")

    def form(self, case: str) -> str:
        """The region's name in ``case``."""
        return inflect_phrase(self.name, case)

    @property
    def level(self) -> str:
        """"областной" or "краевой": what regional institutions call themselves."""
        return "краевой" if self.krai else "областной"


@dataclass
class Vocabulary:
    """Everything a report may name, built once from the gazetteer (``vocabulary``)."""

    regions: list[Region]
    foreign: dict[str, list[Place]]        # cities by country, most populous first
    countries: dict[str, Country]          # foreign countries that take part
    federal: list[Place]                   # big Russian cities where national events are held
    russia: Country
    memo: dict = field(default_factory=dict)  # derived look-ups, filled on first use

    def cities(self, code: str) -> list[Place]:
        """A country's cities, most populous first."""
        return self.foreign.get(code, [])

    def declinable(self, code: str) -> list[Place]:
        """Cities whose name declines ("Витебска"): for sentences that need a case form."""
        key = ("declinable", code)
        if key not in self.memo:
            cities = self.cities(code)
            self.memo[key] = [c for c in cities if inflect_name(c.name, "gent") != c.name] or cities
        return self.memo[key]

    def pool(self, with_cities: bool) -> tuple[tuple[Country, ...], tuple[float, ...]]:
        """Countries (those with cities, if asked) and their cumulative weights, for weighted draws."""
        key = ("pool", with_cities)
        if key not in self.memo:
            countries = tuple(c for code, c in sorted(self.countries.items()) if not with_cities or self.cities(code))
            self.memo[key] = countries, tuple(itertools.accumulate(c.weight for c in countries))
        return self.memo[key]

    def city_codes(self, codes: tuple[str, ...] | None) -> tuple[tuple[str, ...], tuple[float, ...]]:
        """Countries to draw a city from (those that have cities), with their weights."""
        key = ("codes", codes)
        if key not in self.memo:
            found = tuple(c for c in (codes or sorted(CITY_COUNTRIES)) if self.cities(c)) or ("BY",)
            self.memo[key] = found, tuple(CITY_COUNTRIES.get(c, 1) for c in found)
        return self.memo[key]


#: Countries whose cities appear in reports, with how often; the rest only in lists of participants.
CITY_COUNTRIES = {
    "BY": 30, "KZ": 9, "CN": 7, "UZ": 5, "KG": 4, "AM": 4, "TJ": 3, "AZ": 3, "MN": 3, "MD": 2,
    "RS": 3, "TR": 3, "VN": 2, "IN": 2, "DE": 2, "FR": 2, "IT": 2, "ES": 1, "BG": 2, "JP": 2, "KR": 3, "EG": 1,
}
_LIST_COUNTRIES = {"AB": 1, "OS": 1, "CU": 1, "LV": 1, "EE": 1, "BE": 1, "QA": 0.5, "PE": 0.5, "IR": 1,
                   "TM": 1, "SY": 0.5, "PS": 0.5, "GB": 1, "US": 1.5, "IL": 0.5, "SK": 0.5, "AE": 1, "KP": 0.5}
#: Everyday forms and abbreviations Russian reports use beside pycountry's names.
_EXTRA_NAMES = {
    "CN": ("КНР",), "US": ("США",), "DE": ("ФРГ",), "AE": ("ОАЭ",), "KP": ("КНДР",), "GB": ("Великобритания",),
    "KG": ("Киргизская Республика", "Киргизия"), "BY": ("Белоруссия",),
}
CIS = {"BY", "KZ", "UZ", "KG", "AM", "TJ", "AZ", "MD"}


def _country_names(code: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A country's full names ("Республика Беларусь") and everyday ones ("Беларусь", "Белоруссия").

    pycountry's Russian translations as reports write them, plus ``_EXTRA_NAMES``; the two
    entries of the Russian classifier ОКСМ that ISO lacks (Абхазия, Южная Осетия) take their
    names from the extractor's own table of them (``countries.ALIASES``).
    """
    import pycountry

    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    entry = pycountry.countries.get(alpha_2=code)
    extras = _EXTRA_NAMES.get(code, ()) if entry else tuple(name for name, c in ALIASES.items() if c == code)
    official: list[str] = []
    short: list[str] = []
    for attr in ("official_name", "name", "common_name"):
        value = getattr(entry, attr, None)
        if not value:
            continue
        text = plain_spelling(ru.gettext(value))
        if text == value or re.search(r"[,()]", text) or len(text.split()) > 4:
            continue
        if any(w[:1].islower() for w in text.split()):
            continue  # "Соединенные штаты": not how a report writes it
        target = official if attr == "official_name" or re.search(r"Республик|Королевств|Федерац", text) else short
        if text not in official + short:
            target.append(text)
    for extra in extras:
        target = official if re.search(r"Республик", extra) else short
        if extra not in official + short:
            target.append(extra)
    return tuple(official), tuple(short)


def _geox_known(name: str) -> bool:
    """A dictionary place name of standard spelling (so that its case forms are right)."""
    return " " not in name and analyzer().word_is_known(name.lower()) and \
        nominative_parse(name, geox=True) is not None


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Built once per process from the gazetteer; the same on every run."""
    import pycountry

    from ..gazetteer import Gazetteer

    gaz = Gazetteer.open()
    con = sqlite3.connect(f"{gaz.path.resolve().as_uri()}?mode=ro", uri=True)
    gaz.close()
    try:
        rows = con.execute(
            "SELECT name_ru, country, population, admin1 FROM places WHERE name_ru IS NOT NULL AND country IN ({})"
            " ORDER BY country, admin1, population DESC, geonameid".format(",".join("?" * (len(CITY_COUNTRIES) + 1))),
            (*CITY_COUNTRIES, "RU"),
        ).fetchall()
    finally:
        con.close()
    countries: dict[str, Country] = {}
    for code, weight in {**CITY_COUNTRIES, **_LIST_COUNTRIES}.items():
        official, short = _country_names(code)
        if official or short:
            countries[code] = Country(code, official, short, weight)
    ru_official, ru_short = _country_names("RU")
    russia = Country("RU", ru_official or ("Российская Федерация",), ru_short + ("РФ",))
    country_words = {plain_spelling(n).lower() for c in countries.values() for n in c.official + c.short}

    by_admin: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for name, code, population, admin1 in rows:
        name = plain_spelling(name)
        if name.lower() in country_words or not _geox_known(name):
            continue
        group = by_admin.setdefault((code, admin1 or ""), [])
        if all(n != name for n, _ in group):
            group.append((name, population))

    regions = _regions(by_admin, pycountry)
    foreign = _foreign(by_admin)
    federal_names = ("Москва", "Санкт-Петербург", "Казань", "Екатеринбург", "Новосибирск", "Сочи", "Самара",
                     "Уфа", "Краснодар", "Воронеж", "Калининград", "Владивосток")
    ru_places = {n: p for (c, _), group in by_admin.items() if c == "RU" for n, p in group}
    federal = [Place(n, "RU", ru_places[n]) for n in federal_names if n in ru_places]
    return Vocabulary(regions, foreign, countries, federal, russia)


def _regions(by_admin: dict[tuple[str, str], list[tuple[str, int]]], pycountry) -> list[Region]:
    """Oblasts and krais whose capital (their largest city) gives them their name, as pycountry knows them."""
    known = {}
    for sub in pycountry.subdivisions.get(country_code="RU"):
        word = romanize(sub.name.split()[0])  # "Ul'yanovskaya" → "ulyanovskaya", as romanize writes "Ульяновская"
        if sub.type == "Administrative region":
            known[word] = "область"
        elif sub.type == "Administrative territory":
            known[word] = "край"
    regions: list[Region] = []
    for (code, _), group in sorted(by_admin.items()):
        if code != "RU" or len(group) < 8:
            continue
        capital_name, population = group[0]
        adjective = place_adjective(capital_name)
        if not adjective or capital_name in ("Москва", "Санкт-Петербург") or population < 150_000:
            continue
        for gender, noun in (("femn", "область"), ("masc", "край")):
            form = adjective_form(adjective, gender)
            if any(known.get(w) == noun and SequenceMatcher(None, romanize(form), w).ratio() >= 0.9
                   for w in known):
                name = f"{form} {noun}"
                capital = Place(capital_name, "RU", population, adjective, name)
                towns = tuple(Place(n, "RU", p, place_adjective(n), name) for n, p in group[1:40] if p >= 1500)
                if len(towns) >= 6:
                    regions.append(Region(name, capital, towns))
                break
    return regions


def _foreign(by_admin: dict[tuple[str, str], list[tuple[str, int]]]) -> dict[str, list[Place]]:
    """Cities of each country; Belarusian and Kazakh ones know their oblast when it is named after its centre."""
    out: dict[str, list[Place]] = {}
    for (code, _), group in sorted(by_admin.items()):
        if code == "RU":
            continue
        region = None
        if code in ("BY", "KZ") and len(group) >= 5 and group[0][1] >= 250_000:
            adjective = place_adjective(group[0][0])
            region = f"{adjective_form(adjective, 'femn')} область" if adjective else None
        floor = 15_000 if code in CIS else 150_000
        for name, population in group:
            if population >= floor:
                out.setdefault(code, []).append(Place(name, code, population, place_adjective(name), region))
    for code in out:
        out[code] = sorted(out[code], key=lambda p: (-p.population, p.name))[:30]
    return out
