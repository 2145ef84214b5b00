"""Synthetic reports with their gold answers, to measure the extractor at scale.

Five real reports cannot say how the extractor does on the thousands a user
brings, so this module writes reports that look like the real ones (numbered
tables under municipality or topic headings, and prose with dated sentences,
twinning statements and bulleted lists; as text exports and as DOCX) together
with what a careful reader finds in them, in the form of
``shared/gold/SCHEMA.md``.

The gold is never read back from the text: every name, country, place,
institution, date and head-count goes into the text through one ``_Event``
that records it at the moment it is written, so the answer is exactly what
the text says and nothing the extractor would have to guess.

The words are real: settlements, regions and their municipalities come from
the GeoNames gazetteer (``ingest.gazetteer``), country names from pycountry's
Russian translations, and every case form from pymorphy3; only the phrasing
of reports (titles of activities, purposes, legal forms) is written here.

Everything is a pure function of the seed: ``random.Random(seed)`` drives all
choices, vocabularies are sorted, and DOCX files are packed with fixed
timestamps, so one seed always gives the same bytes.
"""
from __future__ import annotations

import calendar
import gettext
import itertools
import json
import math
import random
import re
import sqlite3
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .morph import analyzer, restore_case

__all__ = ["SynthReport", "Vocabulary", "generate", "inflect_name", "inflect_phrase", "plan_sizes",
           "vocabulary", "write_corpus"]

#: Share of reports written as prose, and as DOCX (the rest: tables, text exports).
PROSE_SHARE = 0.25
DOCX_SHARE = 0.30
MIN_EVENTS, MAX_EVENTS = 10, 60

# ---------------------------------------------------------------------------------------------
# Morphology: every case form comes from pymorphy3, cached, since a corpus asks for the same
# few thousand forms again and again.
# ---------------------------------------------------------------------------------------------


def _yo(text: str) -> str:
    """Reports write е for ё, and no stress marks (pycountry has "Респу́блика"); so does the gold."""
    return text.replace("ё", "е").replace("Ё", "Е").replace("\u0301", "")


def _like(template: str, word: str) -> str:
    """``word`` with the capitalisation of ``template`` (per hyphenated part)."""
    return restore_case(template, _yo(word))


def _nominative_parse(word: str, pos: tuple[str, ...] = ("NOUN",), geox: bool = False):
    for parse in analyzer().parse(word.lower()):
        if parse.tag.POS in pos and parse.tag.case == "nomn" and (not geox or "Geox" in parse.tag):
            return parse
    return None


@cache
def inflect_name(name: str, case: str) -> str:
    """A settlement's name (nominative) in ``case``; as written when pymorphy3 cannot decline it."""
    if case == "nomn":
        return name
    parse = _nominative_parse(name, geox=True)
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
        adj = _nominative_parse(word, ("ADJF", "PRTF")) if i + 1 < len(words) else None
        if adj is not None and (_nominative_parse(words[i + 1]) or _nominative_parse(words[i + 1], ("ADJF", "PRTF"))):
            adjectives.append((i, adj))
            continue
        noun = _nominative_parse(word)
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
    parse = _nominative_parse(adjective, ("ADJF",))
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
    low = _yo(name.lower())
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


# ---------------------------------------------------------------------------------------------
# Vocabulary: places, regions and countries from the gazetteer, pycountry and pymorphy3.
# ---------------------------------------------------------------------------------------------


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
        if self.kind != "settlement":
            return ""
        return "г." if self.country != "RU" or self.population >= 12000 else "пос."

    def form(self, case: str) -> str:
        if self.kind == "district":
            return inflect_phrase(self.name, case)
        return self.name if self.fixed else inflect_name(self.name, case)

    def marked(self, case: str) -> str:
        return f"{self.marker} {self.form(case)}".strip()

    def district(self) -> Place | None:
        if not self.adjective:
            return None
        return Place(f"{self.adjective.capitalize()} район", self.country, 0, None, self.region, "district")


@dataclass(frozen=True)
class Country:
    code: str
    official: tuple[str, ...]  # full forms: "Республика Беларусь", "Киргизская Республика"
    short: tuple[str, ...]     # everyday forms and abbreviations: "Беларусь", "КНР"
    weight: float = 1.0

    def name(self, rng: random.Random, case: str, official: float = 0.7) -> str:
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
        return self.name.endswith("край")

    def form(self, case: str) -> str:
        return inflect_phrase(self.name, case)

    @property
    def level(self) -> str:
        """"областной" or "краевой": what regional institutions call themselves."""
        return "краевой" if self.krai else "областной"


@dataclass
class Vocabulary:
    regions: list[Region]
    foreign: dict[str, list[Place]]        # cities by country, most populous first
    countries: dict[str, Country]          # foreign countries that take part
    federal: list[Place]                   # big Russian cities where national events are held
    russia: Country
    memo: dict = field(default_factory=dict)  # derived look-ups, filled on first use

    def cities(self, code: str) -> list[Place]:
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
            found = tuple(c for c in (codes or sorted(_CITY_COUNTRIES)) if self.cities(c)) or ("BY",)
            self.memo[key] = found, tuple(_CITY_COUNTRIES.get(c, 1) for c in found)
        return self.memo[key]


#: Countries whose cities appear in reports, with how often; the rest only in lists of participants.
_CITY_COUNTRIES = {
    "BY": 30, "KZ": 9, "CN": 7, "UZ": 5, "KG": 4, "AM": 4, "TJ": 3, "AZ": 3, "MN": 3, "MD": 2,
    "RS": 3, "TR": 3, "VN": 2, "IN": 2, "DE": 2, "FR": 2, "IT": 2, "ES": 1, "BG": 2, "JP": 2, "KR": 3, "EG": 1,
}
_LIST_COUNTRIES = {"AB": 1, "OS": 1, "CU": 1, "LV": 1, "EE": 1, "BE": 1, "QA": 0.5, "PE": 0.5, "IR": 1,
                   "TM": 1, "SY": 0.5, "PS": 0.5, "GB": 1, "US": 1.5, "IL": 0.5, "SK": 0.5, "AE": 1, "KP": 0.5}
#: Everyday forms and abbreviations Russian reports use beside pycountry's names (and the two
#: entries of the Russian classifier ОКСМ that ISO lacks).
_EXTRA_NAMES = {
    "CN": ("КНР",), "US": ("США",), "DE": ("ФРГ",), "AE": ("ОАЭ",), "KP": ("КНДР",), "GB": ("Великобритания",),
    "KG": ("Киргизская Республика", "Киргизия"), "BY": ("Белоруссия",),
}
_OKSM = {"AB": (("Республика Абхазия",), ("Абхазия",)), "OS": (("Республика Южная Осетия",), ("Южная Осетия",))}
_CIS = {"BY", "KZ", "UZ", "KG", "AM", "TJ", "AZ", "MD"}


def _translit(text: str) -> str:
    """Russian → Latin as pycountry writes Russian subdivisions ("Смоленская" → "smolenskaya")."""
    table = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
             "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
             "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
             "ъ": "", "ы": "y", "ь": "'", "э": "e", "ю": "yu", "я": "ya"}
    return "".join(table.get(ch, ch) for ch in text.lower())


def _country_names(code: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if code in _OKSM:
        return _OKSM[code]
    import pycountry

    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    entry = pycountry.countries.get(alpha_2=code)
    official: list[str] = []
    short: list[str] = []
    for attr in ("official_name", "name", "common_name"):
        value = getattr(entry, attr, None)
        if not value:
            continue
        text = _yo(ru.gettext(value))
        if text == value or re.search(r"[,()]", text) or len(text.split()) > 4:
            continue
        if any(w[:1].islower() for w in text.split()):
            continue  # "Соединенные штаты": not how a report writes it
        target = official if attr == "official_name" or re.search(r"Республик|Королевств|Федерац", text) else short
        if text not in official + short:
            target.append(text)
    for extra in _EXTRA_NAMES.get(code, ()):
        target = official if re.search(r"Республик", extra) else short
        if extra not in official + short:
            target.append(extra)
    return tuple(official), tuple(short)


def _geox_known(name: str) -> bool:
    """A dictionary place name of standard spelling (so that its case forms are right)."""
    return " " not in name and analyzer().word_is_known(name.lower()) and \
        _nominative_parse(name, geox=True) is not None


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Built once per process from the gazetteer; the same on every run."""
    import pycountry

    from .gazetteer import Gazetteer

    gaz = Gazetteer.open()
    con = sqlite3.connect(f"{gaz.path.resolve().as_uri()}?mode=ro", uri=True)
    gaz.close()
    try:
        rows = con.execute(
            "SELECT name_ru, country, population, admin1 FROM places WHERE name_ru IS NOT NULL AND country IN ({})"
            " ORDER BY country, admin1, population DESC, geonameid".format(",".join("?" * (len(_CITY_COUNTRIES) + 1))),
            (*_CITY_COUNTRIES, "RU"),
        ).fetchall()
    finally:
        con.close()
    countries: dict[str, Country] = {}
    for code, weight in {**_CITY_COUNTRIES, **_LIST_COUNTRIES}.items():
        official, short = _country_names(code)
        if official or short:
            countries[code] = Country(code, official, short, weight)
    ru_official, ru_short = _country_names("RU")
    russia = Country("RU", ru_official or ("Российская Федерация",), ru_short + ("РФ",))
    country_words = {_yo(n).lower() for c in countries.values() for n in c.official + c.short}

    by_admin: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for name, code, population, admin1 in rows:
        name = _yo(name)
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
        word = sub.name.split()[0].lower()
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
            if any(known.get(w) == noun and SequenceMatcher(None, _translit(form), w).ratio() >= 0.9
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
        floor = 15_000 if code in _CIS else 150_000
        for name, population in group:
            if population >= floor:
                out.setdefault(code, []).append(Place(name, code, population, place_adjective(name), region))
    for code in out:
        out[code] = sorted(out[code], key=lambda p: (-p.population, p.name))[:30]
    return out


# ---------------------------------------------------------------------------------------------
# Institutions: legal form plus quoted name, as reports write them.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    head: str                 # "МБОУ", or a spelled legal form "Учреждение культуры"
    quoted: str               # "Гимназия № 4"
    place: Place
    country: str
    place_inside: bool = False  # the quoted name already says where ("Гимназия № 7 г. Витебска")

    @property
    def name(self) -> str:
        return f"{self.head} «{self.quoted}»"

    def form(self, case: str) -> str:
        head = self.head if self.head.replace(" ", "").isupper() else inflect_phrase(self.head, case)
        return f"{head} «{self.quoted}»"


_PERSONS_RU = ("П.И. Чайковского", "М.И. Глинки", "С.В. Рахманинова", "А.С. Пушкина", "Л.Н. Толстого",
               "А.Т. Твардовского", "М.В. Ломоносова", "Д.Д. Шостаковича", "И.С. Тургенева", "М.П. Мусоргского",
               "Г.В. Свиридова", "С.С. Прокофьева", "А.П. Чехова", "Н.В. Гоголя", "В.В. Маяковского")
_PERSONS_BY = ("Я. Купалы", "Я. Коласа", "М. Богдановича", "Ф. Скорины", "П.Е. Кондратенко", "Л.Н. Филипенко")

#: Russian municipal institutions by sphere: (legal form, quoted name; {n} a number, {person} "им. …",
#: {adj_m}/{adj_f} the town's adjective).
_RU_ORGS: dict[str, tuple[tuple[str, str], ...]] = {
    "culture": (("МБУДО", "Детская школа искусств № {n}"), ("МБУДО", "Детская школа искусств № {n} им. {person}"),
                ("МБУДО", "Детская музыкальная школа № {n}"), ("МБУДО", "Детская музыкальная школа им. {person}"),
                ("МБУДО", "Детская художественная школа"), ("МБУК", "Централизованная библиотечная система"),
                ("МБУК", "Культурно-досуговый центр"), ("МБУ", "Центр культуры и молодежной политики")),
    "education": (("МБОУ", "Средняя школа № {n}"), ("МБОУ", "СШ № {n}"), ("МБОУ", "Гимназия № {n}"),
                  ("МБОУ", "Лицей № {n}"), ("МАОУ", "Средняя общеобразовательная школа № {n}"),
                  ("МБОУ", "СШ № {n} с углубленным изучением иностранных языков"), ("МБОУ", "Гимназия им. {person}")),
    "sport": (("МБУ ДО", "Спортивная школа № {n}"), ("МБУ", "Спортивная школа олимпийского резерва"),
              ("МАУ ДО", "Детско-юношеская спортивная школа")),
    "youth": (("МБУ", "Молодежный центр"), ("МБУ", "Центр патриотического воспитания молодежи")),
    "social": (("ОГБУ", "{adj_m} КЦСОН"), ("ОГБУ", "{adj_m} комплексный центр социального обслуживания населения")),
    "health": (("ОГБУЗ", "{adj_f} центральная районная больница"), ("ОГБУЗ", "Городская поликлиника № {n}")),
    "memory": (("МБУК", "{adj_m} историко-краеведческий музей"), ("МБУ", "Центр патриотического воспитания")),
    "tourism": (("МБУ", "Туристско-информационный центр"),),
}
#: Regional institutions, named after the region's capital ({level}: "областной"/"краевой").
_REGIONAL_ORGS: dict[str, tuple[tuple[str, str], ...]] = {
    "culture": (("ГБУК", "{adj_m} {level} центр народного творчества"),
                ("ОГБУК", "{adj_m} государственный музей-заповедник"), ("ОГБУК", "{adj_m} {level} театр кукол"),
                ("ГБУК", "{adj_f} {level_f} универсальная научная библиотека им. {person}")),
    "education": (("ГАУ ДПО", "{adj_m} {level} институт развития образования"),),
    "youth": (("ОГБУ", "{adj_m} {level} центр патриотического воспитания"),),
    "social": (("ОГБУ", "{adj_m} {level} геронтологический центр"),),
}
#: Belarusian and Kazakh institutions, the only foreign ones reports name by legal form.
_FOREIGN_ORGS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "BY": (("education", "ГУО", "Гимназия № {n} г. {gen}"), ("education", "ГУО", "Средняя школа № {n} г. {gen}"),
           ("education", "Государственное учреждение образования", "Средняя школа № {n} г. {gen}"),
           ("education", "ГУО", "Гимназия № {n} г. {gen} им. {by_person}"),
           ("culture", "ГУО", "Детская школа искусств № {n} г. {gen}"),
           ("culture", "Учреждение культуры", "{adj_m} городской центр культуры"),
           ("culture", "ГУК", "{adj_f} централизованная библиотечная система"),
           ("sport", "ГУ", "{adj_f} специализированная детско-юношеская школа олимпийского резерва"),
           ("economy", "ОАО", "{adj_m} мясокомбинат"), ("economy", "ОАО", "{adj_m} молочный комбинат"),
           ("economy", "ОАО", "{adj_m} станкостроительный завод"),
           ("social", "ГУ", "Территориальный центр социального обслуживания населения {district_gen}")),
    "KZ": (("education", "КГУ", "Общеобразовательная школа № {n} отдела образования города {gen}"),
           ("culture", "КГКП", "Детская музыкальная школа № {n} г. {gen}"),
           ("culture", "КГУ", "Централизованная библиотечная система г. {gen}")),
}

# ---------------------------------------------------------------------------------------------
# Phrase banks: how reports name and describe activities (from the sample reports and their kind).
# ---------------------------------------------------------------------------------------------

_NAMES = ("Щелкунчик", "Новый ветер", "Возрождение", "Арт-премьер", "Зимний вечер", "Гордость нации", "Жар-Птица",
          "Вдохновение", "Культурное достояние", "Звездный дождь", "Золотая осень", "Музыкальная весна",
          "Созвездие талантов", "Радуга талантов", "Хрустальная нота", "Волшебный смычок", "Серебряный голос",
          "Юные дарования", "Таланты без границ", "Дружба народов", "Мы вместе", "Славянский венок",
          "Русская зима", "Звезды нового века", "Планета детства", "Весенняя капель", "Морозные узоры",
          "Память сердца", "Шаг в будущее", "Я – исследователь", "Юный исследователь", "Культурные открытия",
          "Мой наставник", "Содружество", "Музыкальный снегопад", "Duettino", "Золотая лира", "Весенний перезвон",
          "Наследие", "Истоки", "Открытие", "Вдохновение без границ", "Признание", "Маленькая страна",
          "Добрые соседи", "Родные просторы", "Край родной", "Перспектива", "Новые горизонты", "Наши традиции")
#: Themes of round tables, conferences and sessions, by the sphere they belong to.
_TOPICS: dict[str, tuple[str, ...]] = {
    "education": ("Система воспитательной и идеологической работы в гимназии", "Цифровая трансформация образования",
                  "Инклюзивное образование: опыт и перспективы", "Наставничество в современной школе",
                  "Проектная деятельность школьников: от идеи до результата"),
    "science": ("Музеефикация фортификационных сооружений: проблемы и пути их решения",
                "Усадьбы как центры хозяйственной и культурной жизни", "Археология и история края",
                "Историческое краеведение: новые источники и методы"),
    "culture": ("Актуальные проблемы и перспективы развития библиотек", "Роль музеев в сохранении культурного наследия",
                "Библиотека и проектирование: от идеи до проекта", "Народные промыслы в современной культуре"),
    "memory": ("Афганистан – наша память и боль", "Сохранение исторической памяти как основа воспитания молодежи",
               "Никто не забыт, ничто не забыто"),
    "health": ("Медицинская реабилитация: новые подходы", "Актуальные вопросы детской кардиологии",
               "Профилактика неинфекционных заболеваний"),
    "social": ("Социальная поддержка граждан старшего поколения", "Активное долголетие: опыт регионов"),
    "tourism": ("Устойчивое развитие индустрии туризма и гостеприимства в современных условиях",
                "Событийный туризм как драйвер развития территорий"),
    "economy": ("Экспортные возможности регионов в новой экономической реальности",
                "Приграничное сотрудничество: итоги и перспективы"),
    "governance": ("Муниципальное управление в современных условиях", "Приграничное сотрудничество: итоги и перспективы",
                   "Лучшие практики городского развития"),
    "sport": ("Развитие массового спорта в малых городах",),
    "youth": ("Молодежное добровольчество: лучшие практики",),
    "compatriots": ("Взаимодействие с соотечественниками за рубежом",),
}
_SPORTS = ("волейбол", "баскетбол", "мини-футбол", "тхэквондо", "самбо", "дзюдо", "шахматы", "хоккей",
           "вольная борьба", "настольный теннис", "легкая атлетика", "плавание", "гандбол")
_PURPOSES: dict[str, tuple[str, ...]] = {
    "culture": ("Выявление и поддержка юных талантов, формирование творческого потенциала подрастающего поколения",
                "Поощрение выдающихся деятелей профессионального и любительского творчества, а также их руководителей и педагогов",
                "Воспитание творческой личности и создание условий для ее самореализации",
                "Выявление одаренных детей и молодежи, поддержка и популяризация лучших творческих коллективов и отдельных исполнителей",
                "Укрепление международных связей и сотрудничества через детское творчество",
                "Содействие развитию творческих способностей участников, предоставление возможности самореализации и самовыражения посредством искусства",
                "Повышение художественного уровня репертуара и исполнительского мастерства творческих коллективов",
                "Возрождение и популяризация национальных традиций, расширение культурных связей"),
    "education": ("Расширение и углубление знаний по английскому языку, повышение мотивации учащихся к изучению иностранного языка",
                  "Обмен опытом по организации воспитательной работы по приоритетным направлениям образования",
                  "Повышение качества образования и эффективности обучения учащихся средствами проектной и исследовательской деятельности",
                  "Взаимодействие между образовательными учреждениями в области обучения и воспитания детей и подростков",
                  "Повышение интереса учащихся к предметам естественнонаучного цикла, выявление способных и одаренных детей"),
    "science": ("Обсуждение актуальных проблем изучения, реставрации и музеефикации памятников, обмен опытом",
                "Исследование и распространение гуманитарных и научно-технических знаний, профессиональная ориентация молодежи",
                "Обмен результатами научных исследований, установление контактов между учеными"),
    "sport": ("Поддержка детского спорта, помощь спортсменам в приобретении соревновательного опыта",
              "Пропаганда здорового образа жизни, развитие и популяризация массового спорта",
              "Укрепление связей в области спорта, обмен опытом",
              "Участие в соревнованиях, укрепление дружественных связей спортсменов"),
    "youth": ("Воспитание и гражданское становление молодежи, выявление и поддержка одаренной молодежи",
              "Развитие молодежного добровольчества и обмен опытом работы с молодежью"),
    "tourism": ("Обмен передовым опытом развития туризма, поиск способов поддержки туристических продуктов",
                "Укрепление сотрудничества в сфере туризма, разработка совместных туристических маршрутов",
                "Презентация туристского потенциала, налаживание взаимовыгодных межмуниципальных связей"),
    "economy": ("Обсуждение вопросов торгово-экономического сотрудничества и реализации совместных проектов",
                "Обмен опытом в различных сферах экономики по достижению высоких результатов",
                "Обсуждение вопросов потенциального сотрудничества в транспортной сфере, укрепление межмуниципального взаимодействия",
                "Привлечение потенциальных инвесторов, поиск новых партнеров и развитие бизнеса"),
    "social": ("Обмен опытом работы в сфере социального обслуживания граждан пожилого возраста и инвалидов",
               "Посещение отделений дневного пребывания граждан, обмен опытом социальной работы"),
    "health": ("Обмен опытом в области медицинской реабилитации и профилактики заболеваний",
               "Повышение квалификации медицинских работников, обсуждение современных методов лечения"),
    "governance": ("Обсуждение вопросов развития местного самоуправления и межмуниципального сотрудничества",
                   "Обмен опытом управления муниципальным хозяйством, обсуждение перспектив сотрудничества"),
    "compatriots": ("Обмен опытом работы с соотечественниками за рубежом, продвижение русского языка и поддержка общественной дипломатии",
                    "Презентация программы содействия добровольному переселению соотечественников, проживающих за рубежом"),
    "memory": ("Сохранение исторической памяти, патриотическое воспитание молодежи",
               "Обучение и подготовка начинающих поисковиков, увековечение памяти погибших защитников Отечества"),
}
_TOPIC_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Сотрудничество в сфере культуры", ("culture",)),
    ("Сотрудничество в сфере образования и науки", ("education", "science")),
    ("Сотрудничество в сфере спорта", ("sport",)),
    ("Сотрудничество в сфере молодежной политики и гражданско-патриотического воспитания", ("youth", "memory")),
    ("Сотрудничество в социальной сфере", ("social",)),
    ("Сотрудничество в сфере туризма", ("tourism",)),
    ("Сотрудничество в сфере инвестиционного развития", ("economy",)),
    ("Сотрудничество в сфере здравоохранения", ("health",)),
    ("Взаимодействие с соотечественниками за рубежом", ("compatriots",)),
    ("Общие направления сотрудничества", ("governance",)),
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XV", "XVI", "XVIII", "XX", "XXV")
_ONLINE_VENUE = ("(в дистанционном формате)", "(в формате видеоконференцсвязи)", "(в онлайн-формате)",
                 "(в режиме видеоконференцсвязи)")
_AGREEMENTS = ("соглашение о сотрудничестве", "договор о сотрудничестве", "соглашение о культурном сотрудничестве",
               "договор о сотрудничестве и совместной деятельности", "меморандум о сотрудничестве")
_MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
           "ноябрь", "декабрь")


def _month(m: int, case: str) -> str:
    return inflect_phrase(_MONTHS[m - 1], case)


def _people(n: int) -> str:
    """"22 человека", "25 человек": the numeral agrees as reports write it."""
    return f"{n} человека" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else f"{n} человек"


def _count(n: int, noun: str) -> str:
    """"22 мероприятия", "25 мероприятий": pymorphy3 agrees the noun with the number."""
    parse = _nominative_parse(noun)
    form = parse.make_agree_with_number(n) if parse is not None else None
    return f"{n} {form.word if form else noun}"


def _round_count(rng: random.Random, low: int, high: int) -> int:
    """A count whose noun stands in the genitive plural ("25 докладов"), as most counts in reports do."""
    n = rng.randint(low, high)
    return n - n % 5 if n >= 10 else max(5, n)


# ---------------------------------------------------------------------------------------------
# One activity being written: the only way names get into the text, so the gold matches it.
# ---------------------------------------------------------------------------------------------


@dataclass
class _Event:
    """The gold of one activity, filled as its text is written."""

    sphere: str
    rng: random.Random
    title: str = ""
    section: str | None = None
    actor: str = ""
    ru: str = ""                       # the Russian place that stands for the actor in links
    n: int | None = None
    start: date | None = None
    end: date | None = None
    online: bool = False
    venue: list[str] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    places: list[tuple[str, str]] = field(default_factory=list)
    orgs: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    participants: int | None = None
    sister: set[str] = field(default_factory=set)

    def country(self, c: Country, case: str, official: float = 0.7) -> str:
        if c.code != "RU":
            self.countries.add(c.code)
        return c.name(self.rng, case, official)

    def place(self, p: Place, case: str, marker: bool = True) -> str:
        self._foreign(p)
        return p.marked(case) if marker and p.marker else p.form(case)

    def foreign_org(self, o: Org, case: str, country: Country) -> str:
        """A foreign institution with its country after it, and sometimes its city too
        ("ГУК «Гомельская библиотечная система» (г. Гомель, Республика Беларусь)")."""
        text = self.org(o, case)
        spelled = re.search(r"\b(?:г\.|города)\s", o.quoted)  # "Гимназия № 7 г. Витебска" says where already
        if o.place.kind == "settlement" and not spelled and self.rng.random() < 0.4:
            return f"{text} ({self.place(o.place, 'nomn')}, {self.country(country, 'nomn')})"
        return f"{text} ({self.country(country, 'nomn')})"

    def _foreign(self, p: Place) -> None:
        if p.country != "RU":
            self.countries.add(p.country)
            if all(name != p.name for name, _ in self.places):
                self.places.append((p.name, p.country))

    def at(self, p: Place) -> None:
        """The activity was held there."""
        if p.kind == "settlement" and p.name not in self.venue:
            self.venue.append(p.name)

    def org(self, o: Org, case: str, city: bool = True) -> str:
        """An institution, with "г. X" after it when its name does not say where it is.

        A foreign institution's city is a place of the event even when its name only implies it
        («Гродненский станкостроительный завод» → Гродно), as the sample gold does for
        «Минский автомобильный завод» → Минск.
        """
        if all(name != o.name for name, _, _ in self.orgs):
            self.orgs.append((o.name, o.place.name, o.country))
        self._foreign(o.place)
        text = o.form(case)
        if city and not o.place_inside and o.place.kind == "settlement":
            text += " " + o.place.marked("gent")
        return text

    def body(self, name: str, place: Place | None, country: str | None = "RU") -> None:
        """A body named without a legal form ("Администрация города Смоленска")."""
        if all(n != name for n, _, _ in self.orgs):
            self.orgs.append((name, place.name if place else None, country))

    def gold(self) -> dict:
        return {
            "n": self.n, "section": self.section, "actor": self.actor, "title": " ".join(self.title.split()),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "online": self.online, "venue": list(self.venue), "countries": sorted(self.countries),
            "foreign_places": [{"name": n, "country": c} for n, c in self.places],
            "organizations": [{"name": n, "place": p, "country": c} for n, p, c in self.orgs],
            "agreements": list(self.agreements), "participants": self.participants, "sphere": self.sphere,
        }


def _links(events: list[_Event], refs: list[int], stated: list[tuple[str, str, str, str]]) -> list[dict]:
    """Pairs of a Russian and a foreign place, each with its strongest kind and the events that show it."""
    order = ("sister_city", "friendship_city", "institutional", "event")
    pairs: dict[tuple[str, str], dict] = {}
    for ru, foreign, country, kind in stated:
        pairs[(ru, foreign)] = {"ru": ru, "foreign": foreign, "country": country, "kind": kind, "events": []}
    for ev, ref in zip(events, refs):
        org_places = {p for _, p, c in ev.orgs if p and c != "RU"}
        for name, country in ev.places:
            kind = "sister_city" if name in ev.sister else "institutional" if name in org_places else "event"
            entry = pairs.setdefault((ev.ru, name), {"ru": ev.ru, "foreign": name, "country": country,
                                                     "kind": kind, "events": []})
            if ref not in entry["events"]:
                entry["events"].append(ref)
            if order.index(kind) < order.index(entry["kind"]):
                entry["kind"] = kind
    for entry in pairs.values():
        entry["events"].sort()
    return list(pairs.values())


# ---------------------------------------------------------------------------------------------
# Shared choices.
# ---------------------------------------------------------------------------------------------


class _Writer:
    """Choices both layouts make: countries, foreign cities, institutions, names, dates."""

    def __init__(self, rng: random.Random, vocab: Vocabulary, region: Region, year: int,
                 period: tuple[date, date]) -> None:
        self.rng = rng
        self.v = vocab
        self.region = region
        self.year = year
        self.period = period
        self.months = [(y, m) for y in range(period[0].year, period[1].year + 1) for m in range(1, 13)
                       if period[0] <= date(y, m, 1) <= period[1]]

    # -- countries and places
    def pick_countries(self, k: int, exclude: set[str] = frozenset(), cities: bool = False) -> list[Country]:
        """``k`` distinct countries, the often-named ones more often."""
        pool, cumulative = self.v.pool(cities)
        out: list[Country] = []
        seen = set(exclude)
        for _ in range(8 * k):  # draws with rejection: k is small beside the pool
            c = self.rng.choices(pool, cum_weights=cumulative)[0]
            if c.code not in seen:
                seen.add(c.code)
                out.append(c)
                if len(out) == k:
                    break
        return out

    def pick_city(self, codes: tuple[str, ...] | None = None, declinable: bool = False) -> Place:
        codes, weights = self.v.city_codes(codes)
        code = self.rng.choices(codes, weights)[0]
        cities = self.v.declinable(code) if declinable else self.v.cities(code)
        # Larger cities are named more often; the tail keeps the variety.
        return cities[min(int(self.rng.expovariate(1 / 5)), len(cities) - 1)]

    def country_of(self, code: str) -> Country:
        return self.v.countries[code]

    def name(self) -> str:
        return f"«{self.rng.choice(_NAMES)}»"

    def topic(self, sphere: str = "culture") -> str:
        return f"«{self.rng.choice(_TOPICS.get(sphere) or _TOPICS['culture'])}»"

    def number(self) -> int:
        return self.rng.choice((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 17, 21, 25, 27, 33, 36, 40))

    def ordinal(self) -> str:
        return self.rng.choice(_ROMAN) + " " if self.rng.random() < 0.4 else ""

    # -- institutions
    def ru_org(self, sphere: str, town: Place) -> Org:
        options = _RU_ORGS.get(sphere) or _RU_ORGS[self.rng.choice(("culture", "education"))]
        head, quoted = self.rng.choice(options)
        if "{adj" in quoted and not town.adjective:
            head, quoted = self.rng.choice([o for o in _RU_ORGS["culture"] if "{adj" not in o[1]])
        adjective = town.adjective or ""
        quoted = quoted.format(n=self.number(), person=self.rng.choice(_PERSONS_RU),
                               adj_m=adjective_form(adjective, "masc") if adjective else "",
                               adj_f=adjective_form(adjective, "femn") if adjective else "")
        return Org(head, quoted, town, "RU", place_inside=bool(adjective) and adjective_form(adjective, "masc")[:4] in quoted)

    def regional_org(self, sphere: str) -> Org | None:
        options = _REGIONAL_ORGS.get(sphere)
        capital = self.region.capital
        if not options or not capital.adjective:
            return None
        head, quoted = self.rng.choice(options)
        level_f = "краевая" if self.region.krai else "областная"
        quoted = quoted.format(adj_m=adjective_form(capital.adjective, "masc"),
                               adj_f=adjective_form(capital.adjective, "femn"), level=self.region.level,
                               level_f=level_f, person=self.rng.choice(_PERSONS_RU))
        return Org(head, quoted, capital, "RU", place_inside=True)

    def foreign_org(self, spheres: tuple[str, ...], city: Place) -> Org | None:
        options = [o for o in _FOREIGN_ORGS.get(city.country, ()) if o[0] in spheres]
        if not city.adjective:
            options = [o for o in options if "{adj" not in o[2] and "{district" not in o[2]]
        if not options:
            return None
        _, head, quoted = self.rng.choice(options)
        place: Place | None = city
        if "{district_gen}" in quoted:
            place = city.district()
            if place is None:
                return None
            quoted = quoted.format(district_gen=place.form("gent"))
        else:
            quoted = quoted.format(n=self.number(), gen=city.form("gent"), by_person=self.rng.choice(_PERSONS_BY),
                                   adj_m=adjective_form(city.adjective, "masc") if city.adjective else "",
                                   adj_f=adjective_form(city.adjective, "femn") if city.adjective else "")
        return Org(head, quoted, place, city.country, place_inside=True)

    # -- dates
    def dates(self, ev: _Event, with_year: bool, lines: bool = True) -> str:
        """A date or range in one of the forms reports use; sets the event's start and end."""
        rng = self.rng
        start_p = self.period[0]
        months = self.months
        br = (lambda: rng.choice(("\n", " \n", " "))) if lines else (lambda: " ")
        dash = rng.choice(("–", "–", "-"))
        kind = rng.choices(("day", "days", "cross", "month", "months", "prior"), (40, 22, 12, 10, 8, 5))[0]
        y, m = rng.choice(months)
        last = calendar.monthrange(y, m)[1]
        year = (lambda yy: f"{yy} года") if with_year else (lambda yy: "")

        def tail(text: str, yy: int) -> str:
            return f"{text}{br()}{year(yy)}".rstrip() if with_year else text

        if kind == "day":
            d = rng.randint(1, last)
            ev.start = ev.end = date(y, m, d)
            return tail(f"{d} {_month(m, 'gent')}", y)
        if kind == "days":
            d1 = rng.randint(1, last - 1)
            d2 = rng.randint(d1 + 1, min(last, d1 + 14))
            ev.start, ev.end = date(y, m, d1), date(y, m, d2)
            return tail(f"{d1}-{d2} {_month(m, 'gent')}", y)
        if kind == "cross" and (y, m + 1) in months:
            d1, d2 = rng.randint(10, last), rng.randint(1, 20)
            ev.start, ev.end = date(y, m, d1), date(y, m + 1, d2)
            return tail(f"{d1} {_month(m, 'gent')} {dash}{br()}{d2} {_month(m + 1, 'gent')}", y)
        if kind == "months" and (y, m + 1) in months:
            ev.start, ev.end = date(y, m, 1), date(y, m + 1, calendar.monthrange(y, m + 1)[1])
            first = _month(m, "nomn")
            first = rng.choice((first, first.capitalize(), "c" + first[1:] if first.startswith("с") else first))
            sep = rng.choice(("-", " – "))
            return tail(f"{first}{sep}{_month(m + 1, 'nomn')}", y)
        if kind == "prior" and with_year and start_p.month == 1 and (y, m) == (start_p.year, 1):
            # Begun in the last month of the year before: "18 декабря 2022 года – 18 января 2023 года".
            if rng.random() < 0.5:
                d1, d2 = rng.randint(10, 31), rng.randint(5, 31)
                ev.start, ev.end = date(y - 1, 12, d1), date(y, 1, d2)
                return f"{d1} декабря {y - 1} года – {br()}{d2} января{br()}{y} года"
            ev.start, ev.end = date(y - 1, 12, 1), date(y, 1, 31)
            return f"Декабрь {br()}{y - 1}  года – январь {br()}{y} года"
        ev.start, ev.end = date(y, m, 1), date(y, m, last)
        word = _month(m, "nomn")
        return tail(rng.choice((word, word.capitalize())), y)

    def month(self, ev: _Event) -> str:
        """"В июле" (prose): the whole month of the report's year."""
        y = self.year
        m = self.rng.randint(1, 12)
        ev.start, ev.end = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        return f"В {_month(m, 'loct')}" + (f" {y} года" if self.rng.random() < 0.2 else "")

    # -- lists of countries
    def country_list(self, ev: _Event, countries: list[Country], case: str, official: float = 0.7,
                     conj: bool = True) -> str:
        names = [ev.country(c, case, official) for c in countries]
        if conj and len(names) > 1 and self.rng.random() < 0.5:
            return ", ".join(names[:-1]) + " и " + names[-1]
        return ", ".join(names)


# ---------------------------------------------------------------------------------------------
# Table reports.
# ---------------------------------------------------------------------------------------------

_HEADER_VARIANTS = (
    ("№\nп/п", "Наименование мероприятия", "Место проведения\nмероприятия", "Сроки\nпроведения\nмероприятия",
     "Цель, содержание и результат мероприятия\n(в том числе краткая информация о достигнутых договоренностях, подписанных документах)",
     "Участники мероприятия\n(общее количество, другие дополнительные сведения)"),
    ("№ п/п", "Наименование мероприятия", "Место проведения\nмероприятия", "Сроки проведения мероприятия",
     "Цель, содержание и результат мероприятия (в том числе краткая информация о достигнутых договоренностях, подписанных документах)",
     "Участники мероприятия (общее количество, другие дополнительные сведения)"),
    ("№\nп/п", "Наименование мероприятия", "Место проведения\nмероприятия", "Сроки\nпроведения\nмероприятия",
     "Содержание мероприятия\n(в том числе краткая информация о достигнутых договоренностях)",
     "Участники мероприятия\n(ФИО, должность)"),
)


@dataclass
class _Unit:
    """Where rows stand: a municipality (its seat town) or the region's executive bodies."""

    heading: str | None
    actor: str
    ru: str
    town: Place
    actor_gen: str            # "города Смоленска", "Вяземского района", "Администрации Смоленской области"
    admin: tuple[str, str] | None  # the body named in participants: (genitive as written, nominative)
    spheres: tuple[str, ...] = ()


class _TableReport(_Writer):
    def __init__(self, rng: random.Random, vocab: Vocabulary, region: Region, year: int,
                 period: tuple[date, date], with_year: bool) -> None:
        super().__init__(rng, vocab, region, year, period)
        self.with_year = with_year

    # ---- structure
    def units(self, style: str, n_events: int) -> list[tuple[_Unit, int]]:
        rng = self.rng
        region, capital = self.region, self.region.capital
        if style == "topic":
            k = min(len(_TOPIC_HEADINGS), max(1, min(n_events // 3, rng.randint(3, 7))))
            chosen = sorted(rng.sample(range(len(_TOPIC_HEADINGS)), k))
            admin_gen = f"Администрации {region.form('gent')}"
            units = [_Unit(_TOPIC_HEADINGS[i][0], f"Администрация {region.form('gent')}", capital.name, capital,
                           admin_gen, (admin_gen, f"Администрация {region.form('gent')}"), _TOPIC_HEADINGS[i][1])
                     for i in chosen]
        else:
            towns = [t for t in region.towns]
            k = max(1, min(n_events // 4, rng.randint(2, 6)))
            units = [_Unit(f"Город {capital.name}", capital.name, capital.name, capital,
                           f"города {capital.form('gent')}",
                           (f"Администрации города {capital.form('gent')}", f"Администрация города {capital.form('gent')}"))]
            towns = [x for x in towns if x.adjective or x.population >= 15_000]
            for town in rng.sample(towns, min(len(towns), k - 1)):
                if town.adjective and (town.population < 60_000 or rng.random() < 0.3):
                    word = "муниципальный округ" if rng.random() < 0.1 else "район"
                    district = f"{adjective_form(town.adjective, 'masc')} {word}"
                    units.append(_Unit(f"Муниципальное образование «{district}» {region.form('gent')}", district,
                                       district, town, inflect_phrase(district, "gent"), None))
                else:
                    units.append(_Unit(f"Муниципальное образование «город {town.name}» {region.form('gent')}",
                                       town.name, town.name, town, f"города {town.form('gent')}", None))
        units = units[:n_events]
        # Rows per unit: the first (the capital, or the first topic) gets the most.
        weights = [rng.random() + (1.5 if i == 0 else 0) for i in range(len(units))]
        counts = [1] * len(units)
        for _ in range(n_events - len(units)):
            counts[rng.choices(range(len(units)), weights)[0]] += 1
        return list(zip(units, counts))

    def title(self, style: str) -> str:
        rng = self.rng
        start, end = self.period
        region_gen = self.region.form("gent")
        if end.month - start.month == 2:
            q = (start.month - 1) // 3 + 1
            roman = ("I", "II", "III", "IV")[q - 1]
            prep = "во" if q == 2 and rng.random() < 0.5 else "в"
            when = f"{prep} {roman} квартале {self.year} года"
        elif end.month - start.month == 5:
            when = f"в {'I' if start.month == 1 else 'II'} полугодии {self.year} года"
        else:
            when = rng.choice((f"за {self.year} год", f"в {self.year} году"))
        self.when = when
        if style == "topic":
            return (f"Отчет о мероприятиях в международной сфере, проведенных исполнительными органами \n"
                    f"{region_gen} и подведомственными им учреждениями \n{when}")
        return rng.choice((
            (f"Отчет о мероприятиях в международной сфере, проведенных органами местного самоуправления \n"
            f"муниципальных образований {region_gen} {when}"),
            f"Отчет о мероприятиях, проведенных органами местного самоуправления\n{region_gen} в международной сфере {when}",
            (f"Информация о мероприятиях в международной сфере, проведенных органами местного самоуправления "
            f"муниципальных образований {region_gen} {when}"),
        ))

    # ---- one row
    def row(self, unit: _Unit, n: int) -> tuple[list[str], _Event]:
        rng = self.rng
        scenarios = [s for s in _TABLE_SCENARIOS if not unit.spheres or set(s[2]) & set(unit.spheres)]
        method, _, spheres = rng.choices(scenarios, [s[1] for s in scenarios])[0]
        allowed = [s for s in spheres if not unit.spheres or s in unit.spheres]
        ev = _Event(sphere=rng.choice(allowed), section=unit.heading, actor=unit.actor, ru=unit.ru, n=n, rng=rng)
        dates = self.dates(ev, self.with_year)
        cells = method(self, unit, ev)
        if unit.heading and unit.spheres and cells.get("host") is not None:
            host: Org = cells["host"]
            ev.actor, ev.ru = host.name, host.place.name
        number = f"{n}." + rng.choice((" ", " ", ""))
        return [number, cells["title"], cells["venue"], dates, cells["content"], cells["participants"]], ev

    # ---- helpers for cells
    def own(self, ev: _Event, unit: _Unit, online: bool = False, region: bool = False) -> str:
        ev.at(unit.town)
        text = unit.town.marked("nomn")
        if region or unit.town is not self.region.capital and self.rng.random() < 0.4:
            text += ",\n" + self.region.name
        if online:
            ev.online = True
            text += "\n" + self.rng.choice(_ONLINE_VENUE)
        return text

    def abroad(self, ev: _Event, city: Place, online: bool = False) -> str:
        ev.at(city)
        c = self.country_of(city.country)
        style = self.rng.random()
        if style < 0.45:
            text = f"{ev.place(city, 'nomn')}\n({ev.country(c, 'nomn')})"
        elif style < 0.75 or not city.region:
            text = f"{ev.place(city, 'nomn')}, {ev.country(c, 'nomn')}"
        else:
            text = f"{ev.place(city, 'nomn')},\n{city.region}\n({ev.country(c, 'nomn')})"
        if online:
            ev.online = True
            text += "\n" + self.rng.choice(_ONLINE_VENUE)
        return text

    def federal(self, ev: _Event, online: bool) -> str:
        city = self.rng.choice(self.v.federal[:4] if self.rng.random() < 0.7 else self.v.federal)
        ev.at(city)
        text = city.marked("nomn")
        if online:
            ev.online = True
            text += "\n" + self.rng.choice(_ONLINE_VENUE)
        return text

    def with_russia(self, ev: _Event, countries: list[Country], case: str = "gent") -> str:
        lead = ""
        if self.rng.random() < 0.6:
            lead = ev.country(self.v.russia, case, 0.85) + ", "
        return lead + self.country_list(ev, countries, case)

    def delegation(self, ev: _Event, unit: _Unit) -> str:
        """"Делегация Хиславичского района"; a region's administration is itself an institution taking part."""
        if unit.spheres and unit.admin:
            ev.body(unit.admin[1], self.region.capital)
        return f"Делегация {unit.actor_gen}"

    def admin(self, ev: _Event, unit: _Unit) -> str:
        """"Представители Администрации города Смоленска": the body of the unit, when it has one."""
        if unit.admin is None:
            return f"Делегация {unit.actor_gen}"
        ev.body(unit.admin[1], self.region.capital if unit.spheres else unit.town)
        return f"Представители {unit.admin[0]}"

    def headcount(self, ev: _Event, low: int = 15, high: int = 600) -> str:
        n = self.rng.randint(low, high)
        if self.rng.random() < 0.5:
            n = round(n, -1) or n
        ev.participants = n
        about = "около " if self.rng.random() < 0.3 else ""
        return f"Общее количество участников – {about}{_people(n)}"

    def purpose(self, sphere: str) -> str:
        return self.rng.choice(_PURPOSES[sphere])


def _s_remote_contest(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    kinds = {"culture": ("конкурс", "фестиваль", "конкурс-фестиваль", "фестиваль-конкурс", "смотр-конкурс"),
             "education": ("конкурс", "олимпиада", "конкурс проектов", "конкурс исследовательских работ")}
    kind = rng.choice(kinds.get(ev.sphere, kinds["culture"]))
    complement = {"конкурс": rng.choice(("искусств", "ансамблей", "вокалистов", "хореографических коллективов",
                                         "юных пианистов", "чтецов", "детского творчества", "")),
                  "фестиваль": rng.choice(("искусств", "детского творчества", "народного творчества", ""))}.get(kind, "")
    adj = "Международный" if rng.random() < 0.7 else "международный"
    phrase = f"{adj} {kind}"
    if rng.random() < 0.6:
        ev.title = f"Участие в {t.ordinal()}{inflect_phrase(phrase, 'loct')} {complement} {t.name()}"
    else:
        ev.title = f"{t.ordinal()}{phrase[:1].upper() + phrase[1:]} {complement} {t.name()}"
    ev.title = " ".join(ev.title.split())
    online = rng.random() < 0.7
    venue = t.federal(ev, online) if rng.random() < 0.8 else t.own(ev, unit, online)
    countries = t.pick_countries(rng.randint(1, 4))
    content = t.purpose(ev.sphere)
    if rng.random() < 0.3:
        jury = t.pick_countries(rng.randint(1, 2), {c.code for c in countries})
        content += f". \nВ жюри конкурса присутствовали представители из {t.with_russia(ev, jury)}"
    if rng.random() < 0.15:
        ev.body("Министерство культуры Российской Федерации", None)
        content += ". \nКонкурс проводится при поддержке Министерства культуры Российской Федерации"
    if rng.random() < 0.7:
        org = t.ru_org(ev.sphere, unit.town)
        who = rng.choice(("Обучающиеся", "Учащиеся и преподаватели", "Творческие коллективы"))
        participants = f"{who} {ev.org(org, 'gent')}, участники из {t.with_russia(ev, countries)}"
    else:
        group = rng.choice(("Хореографические коллективы", "Вокальные ансамбли", "Юные исполнители"))
        participants = f"{group} {unit.town.marked('gent')} и {t.country_list(ev, countries, 'gent', conj=False)}"
    return {"title": ev.title, "venue": venue, "content": content, "participants": participants}


def _s_school_partnership(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    city = t.pick_city(("BY", "BY", "BY", "KZ"))
    c = t.country_of(city.country)
    theirs = t.foreign_org((ev.sphere,), city) or t.foreign_org(("education", "culture"), city)
    ours = t.ru_org(ev.sphere, unit.town)
    options = [f"Олимпиада {t.name()} в рамках Недели иностранного языка",
               f"Участие в круглом столе {t.topic(ev.sphere)}",
               f"Участие в Международном конкурсе проектов {t.name()}"]
    if ev.sphere == "culture":
        options = [f"Совместный концерт {t.name()}", f"Участие в международном пленэре {t.name()}",
                   f"Участие в Международном конкурсе-фестивале {t.name()}"]
    ev.title = rng.choice(options)
    style = rng.random()
    if style < 0.4:
        ev.at(unit.town)
        venue = f"{unit.town.marked('nomn')}, \n{ev.place(city, 'nomn')} \n({ev.country(c, 'nomn')})\n{rng.choice(_ONLINE_VENUE)}"
        ev.at(city)
        ev.online = True
    elif style < 0.7:
        venue = t.abroad(ev, city)
    else:
        venue = t.own(ev, unit, online=rng.random() < 0.5)
    content = t.purpose(ev.sphere)
    if theirs is not None and rng.random() < 0.4:
        content += (f" в рамках договора о сотрудничестве между {ev.org(ours, 'ablt')} и "
                    f"{ev.foreign_org(theirs, 'ablt', c)}")
    who = rng.choice(("Преподаватели и обучающиеся", "Обучающиеся", "Представители"))
    if theirs is not None:
        participants = f"{who} {ev.org(ours, 'gent')} и {ev.foreign_org(theirs, 'gent', c)}"
    else:
        participants = f"{who} {ev.org(ours, 'gent')} и учащиеся {ev.place(city, 'gent')} ({ev.country(c, 'nomn')})"
    return {"title": ev.title, "venue": venue, "content": content, "participants": participants}


def _s_agreement(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    city = t.pick_city(("BY", "BY", "KZ"))
    c = t.country_of(city.country)
    theirs = t.foreign_org((ev.sphere, "culture", "education"), city)
    host = t.regional_org(ev.sphere) if unit.spheres and rng.random() < 0.5 else None
    ours = host or t.ru_org(ev.sphere, unit.town)
    kind = rng.choice(_AGREEMENTS)
    if theirs is None:
        return _s_school_partnership(t, unit, ev)
    if rng.random() < 0.5:
        ev.title = (f"Встреча администраций {ev.org(ours, 'gent')} и {ev.org(theirs, 'gent')} "
                    f"({ev.country(c, 'nomn')})")
    else:
        ev.title = f"Подписание {inflect_phrase(kind, 'gent')} между {ev.org(ours, 'ablt')} и {ev.org(theirs, 'ablt')}"
    if host is not None:
        ev.at(host.place)
        venue = f"{host.place.marked('nomn')},\n{ev.org(host, 'nomn')}"
    elif rng.random() < 0.5:
        venue = t.abroad(ev, city)
    else:
        venue = t.own(ev, unit)
    verb = "подписано" if kind.startswith("соглашение") else "подписан"
    lead = rng.choice(("В рамках встречи", "По итогам встречи", "В ходе мероприятия"))
    content = (f"{t.purpose(ev.sphere)}. \n{lead} {verb} {kind} между {ev.org(ours, 'ablt')} и "
               f"{ev.foreign_org(theirs, 'ablt', c)}")
    ev.agreements.append({"kind": kind, "parties": [ours.name, theirs.name],
                          "date": ev.start.isoformat() if ev.start and ev.start == ev.end else None})
    participants = f"Представители {ev.org(ours, 'gent')} и {ev.foreign_org(theirs, 'gent', c)}"
    if rng.random() < 0.3:
        participants += ".\n" + t.headcount(ev, 8, 60)
    return {"title": ev.title, "venue": venue, "content": content, "participants": participants, "host": ours}


def _s_official_visit(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    city = t.pick_city(("BY", "BY", "BY", "KZ", "UZ", "KG", "AM", "TJ", "AZ", "MD"))
    c = t.country_of(city.country)
    district = city.district() if city.country == "BY" and city.region else None
    if district is not None and rng.random() < 0.6:
        occasion = rng.choice(("торжественном собрании по итогам социально-экономического развития",
                               "торжественном мероприятии, посвященном подведению итогов социально-экономического развития",
                               "районном празднике «Дожинки», посвященном итогам уборочной кампании"))
        if "Дожинки" in occasion:
            ev.title = f"Участие в {occasion} {ev.place(district, 'gent')} ({ev.country(c, 'nomn')})"
        else:
            ev.title = (f"Участие в {occasion} {ev.place(district, 'gent')} {inflect_phrase(city.region, 'gent')} "
                        f"({ev.country(c, 'nomn')})")
        ev.sphere = "economy" if "экономическ" in occasion else "culture"
        theirs = (f"организации, учреждения и предприятия {ev.place(district, 'gent')} "
                  f"{inflect_phrase(city.region, 'gent')} ({ev.country(c, 'nomn')})")
    else:
        occasion = rng.choice((f"праздновании Дня города {ev.place(city, 'gent', marker=False)}",
                               f"международном фестивале {t.name()}", f"международной ярмарке {t.name()}"))
        if rng.random() < 0.5:
            ev.title = f"Участие в {occasion}"
        else:
            ev.title = (f"Визит {t.delegation(ev, unit).replace('Делегация', 'делегации', 1)} в "
                        f"{ev.place(city, 'nomn')} ({ev.country(c, 'nomn')}) для участия в {occasion}")
        ev.sphere = "culture" if "фестивал" in occasion or "Дня" in occasion else "economy"
        theirs = f"представители {ev.place(city, 'gent')} ({ev.country(c, 'nomn')})"
    if unit.spheres and ev.sphere not in unit.spheres:
        ev.sphere = unit.spheres[0]
    venue = t.abroad(ev, city)
    ours = t.delegation(ev, unit)
    if unit.heading and not unit.spheres and "район" in unit.actor:
        ours += f" {t.region.form('gent')}"
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": f"{ours}, {theirs}"}


def _s_tournament(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    sport = rng.choice(_SPORTS)
    by = inflect_phrase(sport, "datv")
    ev.title = rng.choice((f"{rng.randint(3, 25)}-й традиционный турнир по {by} {t.name()}",
                           f"Открытый турнир по {by} среди юношеских команд",
                           f"Рождественский турнир по {by}", f"Кубок Дружбы по {by}",
                           f"Международные соревнования по {by} {t.name()}",
                           f"Участие в международном турнире по {by}"))
    venue = t.own(ev, unit)
    participants = ""
    style = rng.random()
    countries = t.pick_countries(rng.randint(1, 3), cities=True)
    if style < 0.4:
        participants = f"Спортсмены и тренеры из {t.with_russia(ev, countries)}"
    elif style < 0.7:
        participants = f"Спортивные команды {t.region.form('gent')} и {t.country_list(ev, countries[:1], 'gent')}"
    else:
        cities = [t.pick_city((countries[0].code,))]
        other = t.pick_city((countries[0].code,))
        if other.name != cities[0].name:
            cities.append(other)
        names = ", ".join(ev.place(x, "gent") for x in cities)
        participants = f"Команды {unit.town.marked('gent')}, {names} ({ev.country(countries[0], 'nomn')})"
    if rng.random() < 0.4:
        participants += ".\n" + t.headcount(ev, 40, 400)
    return {"title": ev.title, "venue": venue, "content": t.purpose("sport"), "participants": participants}


def _s_festival_list(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    kind = rng.choice(("фестиваль исторической реконструкции", "фестиваль народного творчества",
                       "праздник-конкурс народных художественных ремесел", "фестиваль ремесленников",
                       "фестиваль славянской культуры"))
    ev.title = rng.choice((f"{t.ordinal()}{kind[:1].upper()}{kind[1:]} {t.name()}",
                           f"Межрегиональный {kind} {t.name()}" if kind.startswith("фестиваль") else
                           f"Международный {kind} {t.name()}"))
    venue = t.own(ev, unit)
    c = t.country_of(rng.choice(("BY", "BY", "KZ", "AM", "UZ")) if t.v.cities("KZ") else "BY")
    cities: list[Place] = []
    for _ in range(rng.randint(2, 5)):
        city = t.pick_city((c.code,))
        if all(x.name != city.name for x in cities):
            cities.append(city)
    group = rng.choice(("Реконструкторы", "Мастера-ремесленники", "Творческие коллективы", "Участники"))
    listed = ", ".join(ev.place(x, "nomn") for x in cities)
    participants = (f"{group} из {ev.country(t.v.russia, 'gent', 0.3)} и {ev.country(c, 'gent')} ({listed}).\n"
                    + t.headcount(ev, 60, 12000))
    return {"title": ev.title, "venue": venue, "content": t.purpose("culture"), "participants": participants}


def _s_conference(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    topic = t.topic(ev.sphere)
    ev.title = rng.choice((f"{t.ordinal()}Международная научно-практическая конференция {topic}",
                           f"{t.ordinal()}научно-практическая конференция (с международным участием) {topic}",
                           f"Участие в международной онлайн-конференции {topic}",
                           f"Международный семинар {topic}"))
    if "онлайн" in ev.title:
        ev.online = True
    combined = rng.random() < 0.25
    venue = t.own(ev, unit)
    if combined:
        ev.online = True
        venue += "\n(в комбинированном формате: \nочно и дистанционно)"
    countries = t.pick_countries(rng.randint(1, 2), cities=True)
    content = t.purpose(ev.sphere)
    if rng.random() < 0.4:
        where = "семинара" if "семинар" in ev.title else "конференции"
        content += f". По результатам работы {where} запланировано издание сборника докладов"
    if rng.random() < 0.5:
        c = countries[0]
        cities = []
        for _ in range(rng.randint(1, 3)):
            city = t.pick_city((c.code,))
            if all(x.name != city.name for x in cities):
                cities.append(city)
        listed = ", ".join(ev.place(x, "nomn") for x in cities)
        where = "семинаре" if "семинар" in ev.title else "конференции"
        participants = (f"На {where} представлено около {_round_count(rng, 10, 60)} докладов исследователей из "
                        f"г. Москвы, {unit.town.marked('gent')}, {ev.country(c, 'gent')} ({listed}).\n"
                        + t.headcount(ev, 30, 250))
    else:
        participants = f"{t.admin(ev, unit)}, специалисты из {t.with_russia(ev, countries)}"
    return {"title": ev.title, "venue": venue, "content": content, "participants": participants}


def _s_foreign_session(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    city = t.pick_city()
    c = t.country_of(city.country)
    ev.title = (f"Участие в панельной сессии {t.topic(ev.sphere)} в рамках международного "
                f"{rng.choice(('форума', 'фестиваля'))} {t.name()}")
    ev.at(city)
    venue = f"{ev.place(city, 'nomn')}, \n{ev.country(c, 'nomn', 0.9)} \n{rng.choice(_ONLINE_VENUE)}"
    ev.online = True
    others = t.pick_countries(rng.randint(2, 5), {c.code})
    participants = (f"{t.admin(ev, unit)}, эксперты и представители государственной и муниципальной власти из "
                    f"{t.with_russia(ev, [c] + others)}")
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": participants}


def _s_expo(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    ev.title = rng.choice((f"Участие в Международной туристической выставке {t.name()}",
                           f"Участие в Международной выставке-ярмарке {t.name()}",
                           f"Участие в Российско-{rng.choice(('белорусской', 'казахстанской'))} деловой встрече {t.name()}"))
    if "Российско-" in ev.title:
        ev.countries.add("BY" if "белорусской" in ev.title else "KZ")
    venue = t.federal(ev, False)
    countries = t.pick_countries(rng.randint(1, 5))
    tour = ""
    if ev.sphere == "tourism" and rng.random() < 0.5:
        name = f"АНО «Центр развития туризма {t.region.form('gent')}»"
        ev.body(name, None)
        tour = f", {name}, туроператоры {t.region.form('gent')}"
    participants = f"{t.admin(ev, unit)}{tour}, участники из {t.with_russia(ev, countries)}"
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": participants}


def _s_compatriots(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    ev.title = rng.choice(("Участие в круглом столе «Взаимодействие с соотечественниками за рубежом на уровне регионов Российской Федерации»",
                           ("Участие в видеоконференции по вопросам реализации Государственной программы по оказанию "
                           "содействия добровольному переселению в Российскую Федерацию соотечественников, проживающих за рубежом"),
                           f"Участие в Международном форуме соотечественников {t.name()}"))
    online = "видеоконференц" in ev.title or rng.random() < 0.6
    venue = t.federal(ev, online)
    ev.online = ev.online or "видеоконференц" in ev.title
    countries = t.pick_countries(rng.randint(2, 8))
    ev.body("Россотрудничество", None)
    participants = (f"Представители Россотрудничества, органов исполнительной власти и организаций субъектов "
                    f"Российской Федерации, соотечественники из {t.country_list(ev, countries, 'gent')}")
    return {"title": ev.title, "venue": venue, "content": t.purpose("compatriots"), "participants": participants}


def _s_memory(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    ev.title = rng.choice((f"{t.ordinal()}Международная учебно-тренировочная Вахта Памяти {t.year}",
                           f"Международная патриотическая акция {t.name()}",
                           "Участие в Международной акции «Сад памяти»",
                           f"Международная поисковая экспедиция {t.name()}"))
    if rng.random() < 0.4 and unit.town.adjective:
        venue = f"{adjective_form(unit.town.adjective, 'masc')} район, {t.region.name}"
    else:
        venue = t.own(ev, unit)
    c = t.pick_countries(1, cities=True)
    participants = (f"Поисковые отряды из различных регионов России, а также {t.country_list(ev, c, 'gent')}.\n"
                    + t.headcount(ev, 50, 700))
    return {"title": ev.title, "venue": venue, "content": t.purpose("memory"), "participants": participants}


def _s_youth(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    ev.title = rng.choice((f"{t.ordinal()}Международный молодежный форум {t.name()}",
                           f"Участие в Международной молодежной смене {t.name()}",
                           f"Молодежный фестиваль {t.name()}"))
    venue = t.own(ev, unit) if rng.random() < 0.6 else t.federal(ev, False)
    countries = t.pick_countries(rng.randint(1, 3))
    participants = f"Молодежные делегации {t.region.form('gent')} и {t.country_list(ev, countries, 'gent')}"
    if rng.random() < 0.5:
        participants += ".\n" + t.headcount(ev, 30, 500)
    return {"title": ev.title, "venue": venue, "content": t.purpose("youth"), "participants": participants}


def _s_social(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    city = t.pick_city(("BY",))
    c = t.country_of("BY")
    theirs = t.foreign_org(("social",), city)
    host = t.ru_org("social", unit.town)
    if theirs is None:
        return _s_official_visit(t, unit, ev)
    if rng.random() < 0.5:
        ev.title = f"Посещение делегацией {ev.foreign_org(theirs, 'gent', c)} {ev.org(host, 'gent', city=False)}"
        ev.at(unit.town)
        venue = f"{unit.town.marked('nomn')},\n{t.region.name},\n{ev.org(host, 'nomn', city=False)}"
    else:
        ev.title = (f"Поездка сотрудников {ev.org(host, 'gent', city=False)} в "
                    f"{ev.place(theirs.place, 'accs')} ({ev.country(c, 'nomn')})")
        ev.at(city)
        venue = f"{ev.place(city, 'nomn')}; \n{ev.place(theirs.place, 'nomn')}, \n{ev.country(c, 'nomn')}"
    participants = (f"Сотрудники и получатели социальных услуг {ev.foreign_org(theirs, 'gent', c)} "
                    f"({_people(rng.randint(8, 50))}), сотрудники {ev.org(host, 'gent', city=False)} ({_people(rng.randint(5, 30))})")
    return {"title": ev.title, "venue": venue, "content": t.purpose("social"), "participants": participants,
            "host": host}


def _s_business(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    city = t.pick_city(("BY",))
    c = t.country_of("BY")
    theirs = t.foreign_org(("economy",), city)
    if theirs is None:
        return _s_official_visit(t, unit, ev)
    who = f"Главы города {unit.town.form('gent')}" if unit.admin and not unit.spheres else f"представителей {unit.actor_gen}"
    # The company's country is written out, as reports do; its city may only be implied by its name.
    ev.title = f"Встреча {who} с представителями {ev.foreign_org(theirs, 'gent', c)}"
    if rng.random() < 0.6:
        venue = t.own(ev, unit)
    else:
        venue = t.abroad(ev, city)
    participants = f"{t.admin(ev, unit)}, {ev.org(theirs, 'gent')}"
    return {"title": ev.title, "venue": venue, "content": t.purpose("economy"), "participants": participants}


def _s_twin_day(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    city = t.pick_city(declinable=True)
    c = t.country_of(city.country)
    ev.sister.add(city.name)
    own = unit.actor_gen if "район" in unit.actor or "округ" in unit.actor else unit.town.form("gent")
    if rng.random() < 0.6:
        ev.title = (f"Участие {t.delegation(ev, unit).replace('Делегация', 'делегации', 1)} в праздновании Дня города "
                    f"{ev.place(city, 'gent', marker=False)} "
                    f"({ev.country(c, 'nomn')}) – города-побратима {own}")
        venue = t.abroad(ev, city)
        ev.sphere = "culture"
    else:
        ev.title = f"Прием делегации города-побратима {ev.place(city, 'gent', marker=False)} ({ev.country(c, 'nomn')})"
        venue = t.own(ev, unit)
    if unit.spheres and ev.sphere not in unit.spheres:
        ev.sphere = unit.spheres[0]
    participants = f"{t.admin(ev, unit)}, делегация {ev.place(city, 'gent')} ({ev.country(c, 'nomn')})"
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": participants}


def _s_virtual(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    ev.title = f"Виртуальная выставка {t.name()}"
    ev.online = True
    minsk = next((p for p in t.v.cities("BY") if p.name == "Минск"), None)
    museum = "ГУ «Национальный исторический музей Республики Беларусь»"
    if minsk is not None and rng.random() < 0.5:
        ev.body(museum, minsk, "BY")
        ev.countries.add("BY")
        ev.at(minsk)
        venue = f"{ev.place(minsk, 'nomn')}, \nРеспублика Беларусь, {museum}\n(в дистанционном формате)"
        content = f"Виртуальная выставка организована на официальном сайте {museum} ({minsk.marked('nomn')})"
    else:
        ev.at(unit.town)
        venue = f"{unit.town.marked('nomn')}\n(в дистанционном формате)"
        city = t.pick_city(("BY", "KZ"))
        theirs = t.foreign_org(("culture",), city)
        if theirs is not None:
            content = (f"На официальном сайте организована виртуальная выставка, подготовленная совместно с "
                       f"{ev.foreign_org(theirs, 'ablt', t.country_of(city.country))}")
        else:
            content = f"Выставка подготовлена совместно с коллегами из {ev.place(city, 'gent')} ({ev.country(t.country_of(city.country), 'nomn')})"
    participants = "Посетители официального сайта"
    return {"title": ev.title, "venue": venue, "content": content, "participants": participants}


def _s_internship(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    city = t.pick_city(("BY", "KZ", "UZ", "AM", "CN"))
    c = t.country_of(city.country)
    ours = t.ru_org("health", unit.town)
    if rng.random() < 0.5:
        ev.title = (f"Стажировка медицинских работников {ev.org(ours, 'gent')} в {ev.place(city, 'loct')} "
                    f"({ev.country(c, 'nomn')})")
        venue = t.abroad(ev, city)
        participants = f"Медицинские работники {ev.org(ours, 'gent')}"
        return {"title": ev.title, "venue": venue, "content": t.purpose("health"), "participants": participants,
                "host": ours}
    else:
        ev.title = f"Участие в международной конференции {t.topic('health')}"
        venue = t.federal(ev, rng.random() < 0.5)
        countries = t.pick_countries(rng.randint(1, 3))
        participants = f"Специалисты здравоохранения из {t.with_russia(ev, countries)}"
    return {"title": ev.title, "venue": venue, "content": t.purpose("health"), "participants": participants}


_MEETINGS = (("Участие в рабочей встрече в формате видеоконференц-связи", None),
             ("Участие в заседании Совета Ассоциации приграничных муниципальных образований",
              "Ассоциация приграничных муниципальных образований"),
             ("Участие в заседании Международной ассамблеи столиц и крупных городов",
              "Международная ассамблея столиц и крупных городов"),
             ("Участие в собрании делегатов Международного Ганзейского союза в онлайн-формате",
              "Международный Ганзейский союз"))


def _s_working_meeting(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    rng = t.rng
    ev.title, body = rng.choice(_MEETINGS)
    if body:
        ev.body(body, None, None)
    ev.online = "видеоконференц" in ev.title or "онлайн" in ev.title
    venue = rng.choice(("", "В дистанционном формате")) if ev.online else t.federal(ev, False)
    countries = t.pick_countries(rng.randint(1, 6))
    side = rng.choice(("инвесторы со стороны", "представители", "представители городов-участников из"))
    participants = f"{t.admin(ev, unit)}, {side} {t.country_list(ev, countries, 'gent')}"
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": participants}


def _s_hosted_institution(t: _TableReport, unit: _Unit, ev: _Event) -> dict:
    """A regional institution hosts the activity, named in the venue (topic reports)."""
    rng = t.rng
    host = t.regional_org(ev.sphere)
    if host is None:
        return _s_remote_contest(t, unit, ev)
    city = t.pick_city(("BY",))
    c = t.country_of("BY")
    kind = rng.choice(("фестиваль ремесленников", "выставка декоративно-прикладного творчества", "семинар-практикум"))
    ev.title = f"Межрегиональный {kind} {t.name()}" if kind.startswith("фестиваль") else f"{kind[:1].upper()}{kind[1:]} {t.name()}"
    ev.at(host.place)
    venue = f"{host.place.marked('nomn')},\n{ev.org(host, 'nomn')}"
    cities = [city]
    other = t.pick_city(("BY",))
    if other.name != city.name:
        cities.append(other)
    listed = ", ".join(ev.place(x, "gent") for x in cities)
    participants = f"{t.headcount(ev, 30, 300)}, в том числе из {listed} {ev.country(c, 'gent')}"
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": participants,
            "host": host}


_Scenario = Callable[[_TableReport, _Unit, _Event], dict]
_TABLE_SCENARIOS: tuple[tuple[_Scenario, float, tuple[str, ...]], ...] = (
    (_s_remote_contest, 14, ("culture", "education")),
    (_s_school_partnership, 10, ("education", "culture")),
    (_s_agreement, 6, ("culture", "education")),
    (_s_official_visit, 7, ("economy", "culture", "governance")),
    (_s_tournament, 9, ("sport",)),
    (_s_festival_list, 5, ("culture",)),
    (_s_conference, 6, ("science", "education", "health")),
    (_s_foreign_session, 4, ("tourism", "economy", "governance")),
    (_s_expo, 4, ("tourism", "economy")),
    (_s_compatriots, 3, ("compatriots",)),
    (_s_memory, 4, ("memory",)),
    (_s_youth, 4, ("youth",)),
    (_s_social, 3, ("social",)),
    (_s_business, 3, ("economy",)),
    (_s_twin_day, 3, ("culture", "governance")),
    (_s_virtual, 2, ("culture",)),
    (_s_internship, 2, ("health",)),
    (_s_working_meeting, 3, ("governance", "economy")),
    (_s_hosted_institution, 2, ("culture", "education", "youth", "social")),
)


def _table_report(rng: random.Random, vocab: Vocabulary, n_events: int) -> tuple[dict, list]:
    """One table report: its title, header, headings and rows, and its gold."""
    region = rng.choice(vocab.regions)
    year = rng.randint(2019, 2024)
    kind = rng.choices(("quarter", "half", "year"), (80, 12, 8))[0]
    if kind == "quarter":
        q = rng.randint(1, 4)
        period = (date(year, 3 * q - 2, 1), date(year, 3 * q, calendar.monthrange(year, 3 * q)[1]))
    elif kind == "half":
        h = rng.randint(1, 2)
        period = (date(year, 1 if h == 1 else 7, 1), date(year, 6 if h == 1 else 12, 30 if h == 1 else 31))
    else:
        period = (date(year, 1, 1), date(year, 12, 31))
    style = "topic" if rng.random() < 0.3 else "municipal"
    t = _TableReport(rng, vocab, region, year, period, with_year=kind != "quarter" or rng.random() > 0.1)
    blocks: list = [("title", t.title(style)), ("header", list(rng.choice(_HEADER_VARIANTS)))]
    events: list[_Event] = []
    n = 0
    for unit, count in t.units(style, n_events):
        if unit.heading:
            blocks.append(("heading", unit.heading))
        for _ in range(count):
            n += 1
            cells, ev = t.row(unit, n)
            blocks.append(("row", cells))
            events.append(ev)
    if rng.random() < 0.15 and not t.when.startswith("за"):
        when = t.when[:1].upper() + t.when[1:]
        blocks.append(("heading", (f"{when} состоялись {rng.randint(2, 4)} встречи (приемы, переговоры) "
                                  f"с иностранными делегациями (отдельными лицами)")))
    gold = {"layout": "table", "reporter": region.name,
            "period": {"start": period[0].isoformat(), "end": period[1].isoformat()},
            "events": [e.gold() for e in events], "links": _links(events, [e.n or 0 for e in events], [])}
    return gold, blocks


# ---------------------------------------------------------------------------------------------
# Prose reports.
# ---------------------------------------------------------------------------------------------


class _ProseReport(_Writer):
    """A city's or a district's yearly account in sentences and bullets."""

    def __init__(self, rng: random.Random, vocab: Vocabulary, region: Region, year: int, city: bool) -> None:
        super().__init__(rng, vocab, region, year, (date(year, 1, 1), date(year, 12, 31)))
        if city:
            towns = [region.capital] + [x for x in region.towns if x.population >= 40_000]
            self.town = rng.choice(towns) if rng.random() < 0.3 else region.capital
            self.reporter = self.town.name
            self.own_gen = f"города {self.town.form('gent')}"
        else:
            towns = [x for x in region.towns if x.adjective]
            self.town = rng.choice(towns or list(region.towns))
            adjective = self.town.adjective or place_adjective(region.capital.name) or "городской"
            self.reporter = f"{adjective_form(adjective, 'masc')} район"
            self.own_gen = inflect_phrase(self.reporter, "gent")
        self.city = city
        self.twins: list[Place] = []
        self.friends: list[Place] = []
        self._used: dict[str, int] = {}
        self._titles: set[str] = set()

    def event(self, sphere: str, section: str | None) -> _Event:
        return _Event(sphere=sphere, section=section, actor=self.reporter, ru=self.reporter, rng=self.rng)

    def partner(self, codes: tuple[str, ...] | None = None, declinable: bool = False) -> Place:
        """A foreign city, often one of the reporter's twins or friends (as in real reports)."""
        known = [p for p in self.twins + self.friends if (codes is None or p.country in codes)
                 and (not declinable or inflect_name(p.name, "gent") != p.name)]
        if known and self.rng.random() < 0.4:
            return self.rng.choice(known)
        return self.pick_city(codes, declinable)

    def mark_twin(self, ev: _Event, city: Place) -> None:
        if any(city.name == t.name for t in self.twins):
            ev.sister.add(city.name)

    # ---- sentences: each returns (text, event); the title is the phrase that names the activity
    def _say(self, *options: str) -> str:
        return self.rng.choice(options)

    def p_delegation(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("culture", section)
        when = self.month(ev)
        city = self.partner(declinable=True)
        c = self.country_of(city.country)
        g = city.form("gent")
        name = self.name()
        nomn, loct = self.rng.choice((
            (f"мероприятия, посвященные Дню города {g}", f"мероприятиях, посвященных Дню города {g}"),
            (f"торжественные мероприятия по случаю Дня города {g}", f"торжественных мероприятиях по случаю Дня города {g}"),
            (f"международный фестиваль {name}", f"международном фестивале {name}"),
            (f"международная ярмарка {name}", f"международной ярмарке {name}"),
            (f"праздник {name}", f"празднике {name}"),
        ))
        ev.title = nomn
        ev.sphere = "economy" if "ярмарк" in nomn else "culture"
        ev.at(city)
        self.mark_twin(ev, city)
        where = f"{ev.place(city, 'nomn')} ({ev.country(c, 'nomn', 0.6)})"
        if self.rng.random() < 0.6:
            verb = self._say("была направлена", "направлялась")
            text = f"{when} {verb} делегация {self.own_gen} в {where} для участия в {loct}."
        else:
            text = (f"{when} делегация {self.own_gen} приняла участие в {loct} в {city.marked('loct')} "
                    f"({ev.country(c, 'nomn', 0.6)}).")
        return text, ev

    def p_school_meeting(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("education", section)
        when = self.month(ev)
        city = self.partner(("BY", "KZ"))
        c = self.country_of(city.country)
        theirs = self.foreign_org(("education", "culture"), city)
        if theirs is None:
            return self.p_students(section)
        ours = self.ru_org("education", self.town)
        self.mark_twin(ev, city)
        a, b = f"{ours.form('gent')} {self.town.marked('gent')}", theirs.form("gent")
        kind = self.rng.randrange(3)
        if kind == 0:
            ev.title = f"встреча между руководством {a} и {b}"
            text = (f"{when} была организована встреча между руководством {ev.org(ours, 'gent')} и "
                    f"{ev.foreign_org(theirs, 'gent', c)} с целью обсуждения перспектив сотрудничества.")
        elif kind == 1:
            ev.title = f"рабочая встреча педагогов {a} и {b}"
            text = (f"{when} {self._say('состоялась', 'прошла')} рабочая встреча педагогов {ev.org(ours, 'gent')} и "
                    f"{ev.foreign_org(theirs, 'gent', c)}, посвященная обмену опытом.")
        else:
            ev.online = True
            ev.title = f"онлайн-урок для учащихся {a} и {b}"
            text = f"{when} проведен онлайн-урок для учащихся {ev.org(ours, 'gent')} и {ev.foreign_org(theirs, 'gent', c)}."
        return text, ev

    def p_students(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("education", section)
        when = self.month(ev)
        city = self.partner(declinable=True)
        c = self.country_of(city.country)
        self.mark_twin(ev, city)
        own = self.town.marked("gent")
        if self.rng.random() < 0.5:
            ev.title = f"встреча школьников {own} с представителями муниципалитета {city.marked('gent')}"
            text = (f"{when} была организована встреча школьников {own} с представителями "
                    f"муниципалитета {ev.place(city, 'gent')} ({ev.country(c, 'nomn', 0.5)}).")
        else:
            ev.online = True
            ev.title = f"телемост между школьниками {own} и их сверстниками из {city.marked('gent')}"
            text = (f"{when} {self._say('состоялся', 'был организован')} телемост между школьниками {own} и их "
                    f"сверстниками из {ev.place(city, 'gent')} ({ev.country(c, 'nomn', 0.5)}).")
        return text, ev

    def p_masterclass(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("culture", section)
        when = self.month(ev)
        city = self.partner(("BY", "KZ"))
        c = self.country_of(city.country)
        theirs = self.foreign_org(("culture",), city)
        ours = self.ru_org("culture", self.town)
        self.mark_twin(ev, city)
        mode = self._say("в режиме ВКС ", "в онлайн-формате ", "", "")
        ev.online = bool(mode)
        noun, verb = self.rng.choice((("мастер-класс", "был проведен"), ("совместный концерт", "состоялся"),
                                      ("творческая встреча", "прошла")))
        if theirs is None:
            ev.title = f"{noun} учащихся {ours.form('gent')} и {city.marked('gent')}"
            partner = f"учащихся {ev.place(city, 'gent')} ({ev.country(c, 'nomn', 0.6)})"
        else:
            ev.title = f"{noun} учащихся {ours.form('gent')} и {theirs.form('gent')}"
            partner = ev.foreign_org(theirs, "gent", c)
        text = f"{when} {verb} {noun} {mode}учащихся {ev.org(ours, 'gent')} и {partner}."
        return text, ev

    def p_talks(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("governance", section)
        when = self.month(ev)
        city = self.partner(declinable=True)
        c = self.country_of(city.country)
        self.mark_twin(ev, city)
        ev.online = True
        if self.city:
            pair = f"городов {self.town.form('gent')} и {ev.place(city, 'gent', marker=False)}"
        else:
            pair = f"{self.own_gen} и {ev.place(city, 'gent')}"
        kind = self.rng.randrange(3)
        if kind == 0:
            mode = self._say("ВКС", "видеоконференцсвязи")
            ev.title = f"переговоры в режиме {mode} между главами {pair}"
            text = (f"{when} состоялись {ev.title} ({ev.country(c, 'nomn', 0.5)}), во время которых "
                    f"обсуждались перспективы сотрудничества.")
        elif kind == 1:
            ev.title = f"онлайн-совещание руководителей администраций {pair}"
            text = f"{when} {self._say('проведено', 'состоялось')} {ev.title} ({ev.country(c, 'nomn', 0.5)})."
        else:
            ev.title = f"видеоконференция глав {pair}"
            text = (f"{when} прошла {ev.title} ({ev.country(c, 'nomn', 0.5)}), посвященная подготовке "
                    f"совместных мероприятий.")
        return text, ev

    def p_participation(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("culture", section)
        when = self.month(ev)
        kind = self._say("конкурс", "фестиваль", "конкурс-фестиваль", "выставка изобразительного искусства",
                         "конкурс вокалистов")
        phrase = f"Международный {kind}" if not kind.startswith("выставка") else f"Международная {kind}"
        ordinal = self.ordinal()
        name = self.name()
        ev.title = f"{ordinal}{phrase} {name}"
        lead = self._say("принято участие в", "творческие коллективы города приняли участие в",
                         "учащиеся детских школ искусств приняли участие в")
        text = f"{when} {lead} {ordinal}{inflect_phrase(phrase, 'loct')} {name}."
        if self.rng.random() < 0.7:
            countries = self.pick_countries(self.rng.randint(1, 4))
            group = self._say("Музыканты", "Творческие коллективы", "Юные художники", "Исполнители")
            remote = self.rng.random() < 0.3
            ev.online = remote
            tail = " в заочном формате" if remote else ""
            text += f" {group} из {self.country_list(ev, countries, 'gent', 0.5)} приняли участие в мероприятии{tail}."
        return text, ev

    def p_tournament(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("sport", section)
        when = self.month(ev)
        sport = self.rng.choice(_SPORTS)
        ordinal = self.ordinal()
        kind = self._say("международный турнир", "международный турнир", "открытое первенство", "международные соревнования")
        ev.title = f"{ordinal}{kind} по {inflect_phrase(sport, 'datv')}"
        countries = self.pick_countries(self.rng.randint(2, 9), cities=False)
        listed = ", ".join(ev.country(c, "nomn", 0.2) for c in countries)
        if self.city or self.rng.random() < 0.5:
            ev.at(self.town)
            where = f"в {self.town.marked('loct')}"
        else:
            ev.venue.append(self.reporter)  # "на территории … района": the district, as the sample gold has it
            where = f"на территории {self.own_gen}"
        verb = ("прошли", "были проведены") if kind.endswith("соревнования") else ("прошел", "был проведен") \
            if kind.endswith("турнир") else ("прошло", "было проведено")
        joined = "объединили" if kind.endswith("соревнования") else "объединил" if kind.endswith("турнир") else "объединило"
        which = "которые" if kind.endswith("соревнования") else "который" if kind.endswith("турнир") else "которое"
        text = (f"{when} {where} {self.rng.choice(verb)} {ev.title}, {which} {joined} "
                f"спортсменов из {len(countries)} зарубежных стран ({listed}).")
        return text, ev

    def p_drawings(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("culture", section)
        when = self.month(ev)
        city = self.partner(declinable=True)
        c = self.country_of(city.country)
        self.mark_twin(ev, city)
        name = self.name()
        kind, loct = self.rng.choice((("выставка рисунков", "выставке рисунков"),
                                      ("выставка детского творчества", "выставке детского творчества"),
                                      ("конкурс детского рисунка", "конкурсе детского рисунка")))
        ev.title = f"{kind} {name}"
        ev.at(city)
        count = self.rng.choice((5, 6, 7, 8, 9, 10, 12, 15, 16, 18, 20, 25, 27, 30, 35, 40))
        text = (f"{when} {count} творческих работ детей {self.town.marked('gent')} были направлены в "
                f"{ev.place(city, 'nomn')} ({ev.country(c, 'nomn', 0.5)}) для участия в {loct} {name}.")
        return text, ev

    def p_teams(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("sport", section)
        sport = self._say("киберспорту", "шахматам", "мини-футболу", "настольному теннису")
        cities: list[Place] = []
        for _ in range(self.rng.randint(2, 3)):
            city = self.partner(declinable=True)
            if all(city.name != x.name for x in cities):
                cities.append(city)
        parts = []
        for i, city in enumerate(cities):
            self.mark_twin(ev, city)
            name = ev.place(city, "gent", marker=False)
            last_of_country = i + 1 == len(cities) or cities[i + 1].country != city.country
            parts.append(f"{name} ({ev.country(self.country_of(city.country), 'nomn', 0.4)})" if last_of_country else name)
        own = self.town.form("gent")
        kind = self._say("дружеские соревнования", "товарищеские встречи", "онлайн-турнир")
        ev.online = kind == "онлайн-турнир"
        ev.title = f"{kind} по {sport}"
        listed = ", ".join([own] + parts[:-1]) + " и " + parts[-1]
        verb = "был организован" if kind == "онлайн-турнир" else "были организованы"
        text = f"{self._say('В течение года', 'В отчетном году')} {verb} {ev.title} между командами гг. {listed}."
        return text, ev

    def p_agreement(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("culture", section)
        when = self.month(ev)
        city = self.partner(("BY", "KZ"))
        c = self.country_of(city.country)
        theirs = self.foreign_org(("culture", "education"), city)
        if theirs is None:
            return self.p_delegation(section)
        sphere = "education" if theirs.quoted.startswith(("Гимназия", "Средняя", "Общеобразовательная")) else "culture"
        ev.sphere = sphere
        ours = self.ru_org(sphere, self.town)
        self.mark_twin(ev, city)
        kind = self.rng.choice(_AGREEMENTS)
        ev.agreements.append({"kind": kind, "parties": [ours.name, theirs.name], "date": None})
        a, b = f"{ours.form('ablt')} {self.town.marked('gent')}", theirs.form("ablt")
        if self.rng.random() < 0.5:
            ev.title = f"подписание {inflect_phrase(kind, 'gent')} между {a} и {b}"
            text = (f"{when} состоялось подписание {inflect_phrase(kind, 'gent')} между {ev.org(ours, 'ablt')} и "
                    f"{ev.foreign_org(theirs, 'ablt', c)}.")
        else:
            verb = "подписано" if kind.startswith("соглашение") else "подписан"
            ev.title = f"{kind} между {a} и {b}"
            text = (f"{when} между {ev.org(ours, 'ablt')} и {ev.foreign_org(theirs, 'ablt', c)} {verb} {kind}.")
        return text, ev

    def p_online_conference(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("tourism", section)
        when = self.month(ev)
        city = self.partner(declinable=True)
        c = self.country_of(city.country)
        self.mark_twin(ev, city)
        topic = self._say("развития туризма", "развития въездного туризма", "поддержки малого бизнеса",
                          "организации молодежных обменов")
        ev.sphere = {"развития туризма": "tourism", "развития въездного туризма": "tourism",
                     "поддержки малого бизнеса": "economy"}.get(topic, "youth")
        ev.online = True
        kind, verb = self.rng.choice((("онлайн-конференция", "состоялась"), ("онлайн-семинар", "состоялся"),
                                      ("вебинар", "был проведен")))
        ev.title = f"{kind} с городом {city.form('ablt')} по вопросам {topic}"
        text = (f"{when} {verb} {kind} с городом {ev.place(city, 'ablt', marker=False)} "
                f"({ev.country(c, 'nomn', 0.5)}) по вопросам {topic}.")
        return text, ev

    def p_visit(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("governance", section)
        when = self.month(ev)
        city = self.partner(declinable=True)
        c = self.country_of(city.country)
        self.mark_twin(ev, city)
        ev.at(self.town)
        kind = self._say("официальный визит", "рабочий визит", "визит")
        head = self._say("", " во главе с мэром города", " во главе с заместителем главы администрации")
        ev.title = f"{kind} делегации {city.marked('gent')}{head} в {self.town.marked('nomn')}"
        text = (f"{when} состоялся {kind} делегации {ev.place(city, 'gent')} ({ev.country(c, 'nomn', 0.5)}){head} "
                f"в {self.town.marked('nomn')}.")
        if self.rng.random() < 0.4:
            n = self.rng.randint(10, 60)
            ev.participants = n
            text += f" Всего в мероприятиях визита приняли участие {_people(n)}."
        return text, ev

    def p_camp(self, section: str | None) -> tuple[str, _Event]:
        ev = self.event("youth", section)
        when = self.month(ev)
        city = self.partner(declinable=True)
        c = self.country_of(city.country)
        self.mark_twin(ev, city)
        kind = self._say("международный молодежный лагерь", "международная летняя школа",
                         "международный молодежный форум", "международная молодежная смена")
        name = self.name()
        ev.title = f"{kind} {name}"
        ev.at(city)
        who = self._say(f"молодежи {self.own_gen}", f"школьников {self.town.marked('gent')}",
                        f"молодежной делегации {self.own_gen}")
        text = (f"{when} было организовано участие {who} в {inflect_phrase(kind, 'loct')} {name} "
                f"в {ev.place(city, 'loct')} ({ev.country(c, 'nomn', 0.5)}).")
        return text, ev

    SENTENCES = ("p_delegation", "p_school_meeting", "p_students", "p_masterclass", "p_talks", "p_participation",
                 "p_tournament", "p_drawings", "p_teams", "p_agreement", "p_online_conference", "p_visit", "p_camp")
    WEIGHTS = (10, 6, 5, 7, 6, 9, 6, 5, 3, 4, 4, 5, 5)

    def sentence(self, section: str | None, kinds: tuple[str, ...] = SENTENCES) -> tuple[str, _Event]:
        """A dated sentence of one of ``kinds``; a kind used already is less likely again, as in real reports,
        and no two activities of a report share a name (a reader could not tell them apart either)."""
        used = self._used
        names = [n for n in self.SENTENCES if n in kinds]
        weights = [w * 0.6 ** used.get(n, 0) for n, w in zip(self.SENTENCES, self.WEIGHTS) if n in kinds]
        for _ in range(8):
            name = self.rng.choices(names, weights)[0]
            text, ev = getattr(self, name)(section)
            if ev.title not in self._titles:
                break
        used[name] = used.get(name, 0) + 1
        self._titles.add(ev.title)
        return text, ev

    # ---- lists of joint activities (a partnership introduces them)
    _ITEMS = (("семинар на тему {q}", "culture", False), ("презентация социального проекта {q}", "culture", False),
              ("медиаконкурс {q}", "culture", False), ("профориентационный проект {q}", "education", False),
              ("дистанционный день специалиста {q}", "culture", True), ("виртуальная выставка {q}", "culture", True),
              ("литературные чтения {q} онлайн", "culture", True), ("конкурс чтецов {q}", "culture", False),
              ("мастер-класс {q}", "culture", False), ("онлайн-викторина {q}", "education", True),
              ("книжная выставка {q}", "culture", False))

    def partnership(self, k: int) -> tuple[str, list[tuple[str, _Event]]]:
        city = self.partner(("BY", "KZ"))
        c = self.country_of(city.country)
        theirs = self.foreign_org(("culture", "education"), city)
        ours = self.ru_org("culture", self.town)
        probe = _Event("culture", rng=self.rng)
        if theirs is not None:
            partner = f"{probe.org(theirs, 'gent')} ({probe.country(c, 'nomn', 0.3)})"
        else:
            partner = f"учреждений культуры {probe.place(city, 'gent')} ({probe.country(c, 'nomn', 0.3)})"
        who = self._say("учреждениями", "библиотеками", "партнерами")
        intro = self._say(
            f"Данные мероприятия проведены в результате сотрудничества {probe.org(ours, 'gent')} и {partner}. "
            f"В {self.year} году {who} реализованы совместные мероприятия:",
            f"В рамках сотрудничества {probe.org(ours, 'gent')} и {partner} в {self.year} году проведены "
            f"совместные мероприятия:",
            f"Продолжено взаимодействие {probe.org(ours, 'gent')} с {partner.replace(probe.org(theirs, 'gent'), probe.org(theirs, 'ablt')) if theirs else partner}. "
            f"Совместно проведены:",
        )
        items = []
        for _ in range(k):
            for _ in range(20):  # a name not used yet in the report
                pattern, sphere, online = self.rng.choice(self._ITEMS)
                title = pattern.format(q=self.name())
                if title not in self._titles:
                    break
            self._titles.add(title)
            ev = self.event(sphere, None)
            ev.countries, ev.places, ev.orgs = set(probe.countries), list(probe.places), list(probe.orgs)
            ev.online = online
            ev.title = title
            items.append((ev.title + ";", ev))
        items[-1] = (items[-1][0][:-1] + ".", items[-1][1])
        return intro, items

    # ---- ties stated in words
    def ties(self) -> tuple[list[str], list[tuple[str, str, str, str]]]:
        rng = self.rng
        seen: set[str] = set()

        def pick_cis(k: int) -> list[Place]:
            return pick(k, tuple(sorted(_CIS)))

        def pick(k: int, codes: tuple[str, ...] | None = None) -> list[Place]:
            out = []
            for _ in range(k * 3):
                city = self.pick_city(codes)
                if city.name not in seen:
                    seen.add(city.name)
                    out.append(city)
                if len(out) == k:
                    break
            return out

        self.twins = pick(rng.randint(1, 4)) if self.city else pick_cis(rng.randint(1, 3))
        self.friends = pick(rng.randint(0, 6)) if self.city else []
        probe = _Event("other", rng=rng)

        def listing(cities: list[Place]) -> str:
            # One country after the run of its cities: "Пусан, Иксан (Республика Корея)".
            cities = sorted(cities, key=lambda p: p.country)
            parts = []
            for i, city in enumerate(cities):
                last = i + 1 == len(cities) or cities[i + 1].country != city.country
                parts.append(f"{city.name} ({probe.country(self.country_of(city.country), 'nomn', 0.5)})" if last
                             else city.name)
            return ", ".join(parts[:-1]) + " и " + parts[-1] if len(parts) > 1 else parts[0]

        owner = f"Город {self.town.name}" if self.city else f"{self.reporter[:1].upper()}{self.reporter[1:]}"
        sentences = [rng.choice((
            f"{owner} поддерживает побратимские связи с городами-побратимами {listing(self.twins)}.",
            f"Городами-побратимами {self.own_gen} являются {listing(self.twins)}.",
        ))]
        if self.friends:
            sentences.append(rng.choice((
                (f"Помимо зарубежных городов-побратимов администрация {self.own_gen} развивает отношения сотрудничества "
                f"со следующими зарубежными городами: {listing(self.friends)}."),
                f"Дружественными городами {self.own_gen} являются {listing(self.friends)}.",
            )))
        stated = [(self.reporter, p.name, p.country, "sister_city") for p in self.twins]
        stated += [(self.reporter, p.name, p.country, "friendship_city") for p in self.friends]
        return sentences, stated


#: Bullet headings of a city's report and the kinds of sentences that stand under each.
_CITY_SECTIONS = (
    ("Деятельность по развитию гуманитарного сотрудничества с зарубежными городами-побратимами и дружественными городами.",
     ("p_delegation", "p_students", "p_visit", "p_agreement", "p_talks", "p_school_meeting")),
    ("Деятельность по развитию сотрудничества с зарубежными городами-побратимами и дружественными городами в области спорта.",
     ("p_tournament", "p_teams")),
    ("Деятельность по продвижению творческого потенциала жителей города {gen} в зарубежных городах-побратимах и дружественных городах.",
     ("p_masterclass", "p_participation", "p_drawings")),
    ("Участие администрации города {gen} в международных конференциях, совещаниях и переговорах.",
     ("p_talks", "p_online_conference", "p_visit")),
    ("Деятельность по развитию сотрудничества в сфере образования.",
     ("p_school_meeting", "p_students", "p_agreement", "p_masterclass")),
    ("Деятельность по развитию молодежных обменов и туризма.",
     ("p_camp", "p_online_conference", "p_delegation")),
)
_FILLERS = (
    ("Международные связи в {year} году развивались с использованием компьютерных технологий, позволяющих "
    "организовывать рабочие встречи и переговоры на различных уровнях."),
    "На постоянной основе осуществляется техническое сопровождение и актуализация туристического сайта города.",
    "Для повышения узнаваемости города изготовлена сувенирная продукция с символикой города.",
    ("Действует рабочая группа из представителей администрации и бизнес-сообщества для разработки мероприятий, "
    "направленных на развитие въездного и внутреннего туризма."),
)
_PLANS = (
    "организация участия официальных и творческих делегаций зарубежных городов-побратимов в мероприятиях, посвященных Дню города;",
    "дальнейшее укрепление и расширение побратимских и дружественных связей с зарубежными городами;",
    "повышение узнаваемости города и продвижение его туристического потенциала;",
    "оказание содействия в организации участия предпринимателей в международных выставках и ярмарках.",
)


def _prose_report(rng: random.Random, vocab: Vocabulary, n_events: int) -> tuple[dict, list]:
    """One prose report: a city's (headed by bullets) or a district's (lists and dated sentences)."""
    region = rng.choice(vocab.regions)
    year = rng.randint(2019, 2024)
    city = rng.random() < 0.6
    p = _ProseReport(rng, vocab, region, year, city)
    blocks: list = []
    events: list[_Event] = []
    stated: list[tuple[str, str, str, str]] = []

    def add(text: str, ev: _Event | None = None, bullet: bool = False) -> None:
        blocks.append(("bullet" if bullet else "para", text))
        if ev is not None:
            events.append(ev)

    if city:
        blocks.append(("title", p.town.name.upper()))
        add("Международная деятельность муниципалитета")
        add(f"Администрация города {p.town.form('gent')}, развивая взаимовыгодные связи со своими зарубежными "
            f"партнерами, осуществляет международную деятельность в таких направлениях, как укрепление традиционных "
            f"побратимских связей и участие в деятельности международных муниципальных организаций.")
        add(rng.choice(_FILLERS).format(year=year))
        sentences, stated = p.ties()
        for s in sentences:
            add(s)
        add(f"Основными международными мероприятиями в {year} году стали нижеследующие.")
        left = n_events
        sections = list(_CITY_SECTIONS)
        rng.shuffle(sections)
        count = min(len(sections), max(1, n_events // 3), rng.randint(3, 6))
        sections = sections[:count]
        while left > 0:
            heading, kinds = sections.pop()
            section = heading.format(gen=p.town.form("gent"))
            add(section, bullet=True)
            k = left if not sections else max(1, min(left - len(sections), round(left / (len(sections) + 1))
                                                     + rng.randint(-1, 2)))
            for _ in range(k):
                text, ev = p.sentence(section, kinds)
                add(text, ev)
            left -= k
        add(f"Основными перспективными направлениями по развитию отрасли «Международная деятельность» в {year + 1} году будут являться:")
        for plan in rng.sample(_PLANS, rng.randint(2, 4)):
            add(plan, bullet=True)
    else:
        blocks.append(("title", (f"Аналитическая информация о результатах международной \nи внешнеэкономической "
                                f"деятельности администрации {p.own_gen}\nза {year} год")))
        blocks.append(("tab", ""))
        add(f"Деятельность по международным связям в {inflect_phrase(p.reporter, 'loct')} осуществлялась в соответствии "
            f"с Планом мероприятий по развитию международного сотрудничества на {year} год (далее – План).")
        add(f"В целях исполнения Плана в {inflect_phrase(p.reporter, 'loct')} проведено {_count(n_events, 'мероприятие')}.")
        if rng.random() < 0.5:
            sentences, stated = p.ties()
            for s in sentences:
                add(s)
        left = n_events
        agreement = False
        while left > 0:
            if rng.random() < 0.4 and left >= 2:
                k = min(left, rng.randint(2, 8))
                intro, items = p.partnership(k)
                add(intro)
                for text, ev in items:
                    add(text, ev, bullet=True)
                left -= k
            else:
                text, ev = p.sentence(None)
                agreement = agreement or bool(ev.agreements)
                add(text, ev)
                left -= 1
        if not agreement:
            add(f"Муниципальным образованием {p.reporter} не заключались соглашения об осуществлении международных "
                f"и внешнеэкономических связей.")
    refs = list(range(1, len(events) + 1))
    gold = {"layout": "narrative", "reporter": p.reporter,
            "period": {"start": date(year, 1, 1).isoformat(), "end": date(year, 12, 31).isoformat()},
            "events": [e.gold() for e in events], "links": _links(events, refs, stated)}
    return gold, blocks


# ---------------------------------------------------------------------------------------------
# Rendering: the text export (as Word's "save as text" writes it) and DOCX.
# ---------------------------------------------------------------------------------------------

_NO_BREAK_AFTER = re.compile(r"(?:№|г\.|гг\.|им\.|пос\.|[А-ЯЁ]\.|–|-)$")


def _wrap(text: str, rng: random.Random, p: float = 0.07) -> str:
    """Line breaks inside a cell where the author pressed Enter, as the export keeps them.

    The gaps between breaks are drawn from their geometric distribution, so a long
    cell costs a few draws rather than one per word.
    """
    words = text.split(" ")
    scale = 1 / math.log(1 - p)
    breaks: list[int] = []
    i = 1 + int(math.log(1 - rng.random()) * scale)
    while i < len(words):
        if words[i] and not _NO_BREAK_AFTER.search(words[i - 1]):
            breaks.append(i)
        i += 1 + int(math.log(1 - rng.random()) * scale)
    if not breaks:
        return text
    for i in breaks:
        words[i] = ("\n" if rng.random() < 0.5 else " \n") + words[i]
    return "".join([words[0]] + [w if w.startswith(("\n", " \n")) and i in breaks else " " + w
                                 for i, w in enumerate(words) if i > 0])


def _text_table(blocks: list, rng: random.Random) -> str:
    parts: list[str] = []
    if rng.random() < 0.2:
        parts.append(f"{rng.randint(2, 4)}\n\n")
    bookmark = "[bookmark: _GoBack]" if rng.random() < 0.3 else ""
    for kind, value in blocks:
        if kind == "title":
            parts.append((" " if rng.random() < 0.5 else "") + bookmark + value + "\n\n")
            bookmark = ""
        elif kind == "header":
            parts.append("".join(f"\t{cell}\n" for cell in value) + "\n")
        elif kind == "heading":
            parts.append(f"\t{value}\n\n")
        else:
            cells = [value[0]] + [_wrap(c, rng, 0.035) for c in value[1:]]
            parts.append("".join(f"\t{c}\n" for c in cells) + ("\n" if rng.random() < 0.8 else "\n\n"))
    return "".join(parts)


def _text_prose(blocks: list, rng: random.Random) -> str:
    gap = "\n\n" if rng.random() < 0.6 else "\n"
    parts: list[str] = ["\n\n" if rng.random() < 0.5 else ""]
    for kind, value in blocks:
        if kind == "title":
            parts.append(value + gap)
        elif kind == "tab":
            parts.append("\t\n")
        elif kind == "bullet":
            parts.append(f"- {value}{gap}")
        else:
            parts.append(value + gap)
    return "".join(parts)


def _p(text: str, bold: bool = False, center: bool = False) -> str:
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    if not text:
        return f"<w:p>{ppr}</w:p>"
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _tc(text: str, width: int, span: int = 1) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    paragraphs = "".join(_p(line) for line in text.split("\n")) or _p("")
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}</w:tcPr>{paragraphs}</w:tc>'


_WIDTHS = (700, 3000, 2200, 1800, 4200, 3400)


def _docx_table_body(blocks: list, rng: random.Random) -> str:
    body: list[str] = []
    rows: list[str] = []
    for kind, value in blocks:
        if kind == "title":
            body += [_p(line.strip(), bold=True, center=True) for line in value.split("\n")]
            body.append(_p(""))
        elif kind == "header":
            cells = "".join(_tc(c, w) for c, w in zip(value, _WIDTHS))
            rows.append(f'<w:tr><w:trPr><w:tblHeader/></w:trPr>{cells}</w:tr>')
        elif kind == "heading":
            if rng.random() < 0.85:  # merged across the table, as reports do
                rows.append(f"<w:tr>{_tc(value, sum(_WIDTHS), len(_WIDTHS))}</w:tr>")
            else:
                rows.append("<w:tr>" + _tc(value, _WIDTHS[0]) + "".join(_tc("", w) for w in _WIDTHS[1:]) + "</w:tr>")
        else:
            cells = [value[0].strip()] + [_wrap(c, rng, 0.02) for c in value[1:]]
            rows.append("<w:tr>" + "".join(_tc(c, w) for c, w in zip(cells, _WIDTHS)) + "</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in _WIDTHS)
    table = (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
             f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
    return "".join(body) + table + _p("")


def _docx_prose_body(blocks: list) -> str:
    out: list[str] = []
    for kind, value in blocks:
        if kind == "title":
            out += [_p(line.strip(), bold=True, center=True) for line in value.split("\n")]
        elif kind == "bullet":
            out.append(_p(f"- {value}"))
        elif kind == "para":
            out.append(_p(value))
    return "".join(out)


@dataclass(frozen=True)
class _Template:
    """The package python-docx makes, split once: static parts, and the document's head and tail."""

    static: tuple[tuple[str, int, int, bytes], ...]   # name, CRC-32, size, deflated bytes
    head: str
    tails: dict[str, str]


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


@lru_cache(maxsize=1)
def _template() -> _Template:
    """A blank python-docx document without its optional parts, landscape and portrait section settings."""
    import io
    import zipfile
    from datetime import datetime

    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt
    from lxml import etree

    document = docx.Document()
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rid)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    props = document.core_properties
    props.author = props.last_modified_by = ""
    props.title = props.comments = ""
    props.revision = 1
    props.created = props.modified = datetime(2024, 1, 1)
    section = document.sections[0]
    tails = {"portrait": etree.tostring(section._sectPr, encoding="unicode") + "</w:body></w:document>"}
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    tails["landscape"] = etree.tostring(section._sectPr, encoding="unicode") + "</w:body></w:document>"
    buffer = io.BytesIO()
    document.save(buffer)
    static = []
    head = ""
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zf:
        for info in zf.infolist():
            data = zf.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                head = text[:text.index("<w:body>") + len("<w:body>")]
                continue
            static.append((info.filename, zlib.crc32(data), len(data), _deflate(data)))
    return _Template(tuple(static), head, tails)


def _zip(entries: list[tuple[str, int, int, bytes]]) -> bytes:
    """A ZIP of already deflated entries with a fixed timestamp (1980-01-01), so equal input gives equal bytes."""
    out = bytearray()
    central = bytearray()
    for name, crc, size, data in entries:
        raw = name.encode("ascii")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 33, crc, len(data), size, len(raw), 0)
        out += raw + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 33, crc, len(data), size,
                               len(raw), 0, 0, 0, 0, 0, offset) + raw
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


def _docx(body: str, landscape: bool) -> bytes:
    template = _template()
    xml = (template.head + body + template.tails["landscape" if landscape else "portrait"]).encode("utf-8")
    entries = list(template.static)
    entries.insert(1, ("word/document.xml", zlib.crc32(xml), len(xml), _deflate(xml)))
    return _zip(entries)


# ---------------------------------------------------------------------------------------------
# The corpus.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SynthReport:
    stem: str
    suffix: str      # ".txt" or ".docx"
    layout: str      # "table" or "narrative"
    data: bytes
    gold: dict

    @property
    def filename(self) -> str:
        return self.stem + self.suffix


def plan_sizes(n_events: int, rng: random.Random) -> list[int]:
    """Report sizes of 10-60 events that add up to ``n_events`` (one smaller report when fewer are asked)."""
    sizes: list[int] = []
    left = n_events
    while left > MAX_EVENTS:
        size = rng.randint(MIN_EVENTS, MAX_EVENTS)
        if left - size < MIN_EVENTS:
            size = left - MIN_EVENTS
        sizes.append(size)
        left -= size
    if left > 0:
        sizes.append(left)
    return sizes


def _quota(k: int, share: float, rng: random.Random) -> set[int]:
    """Which of ``k`` reports get a property, so that both kinds appear whenever there are two reports."""
    count = round(k * share)
    if k >= 2:
        count = min(max(count, 1), k - 1)
    return set(rng.sample(range(k), count))


def generate(n_events: int, seed: int) -> Iterator[SynthReport]:
    """The reports of a corpus of ``n_events`` events, in order; the same seed gives the same reports."""
    rng = random.Random(seed)
    vocab = vocabulary()
    sizes = plan_sizes(n_events, rng)
    prose = _quota(len(sizes), PROSE_SHARE, rng)
    docx_ = _quota(len(sizes), DOCX_SHARE, rng)
    for index, size in enumerate(sizes):
        report_rng = random.Random(rng.getrandbits(64))
        stem = f"{index:05d}_{rng.getrandbits(64):016x}"
        if index in prose:
            gold, blocks = _prose_report(report_rng, vocab, size)
        else:
            gold, blocks = _table_report(report_rng, vocab, size)
        layout = gold["layout"]
        if index in docx_:
            body = _docx_table_body(blocks, report_rng) if layout == "table" else _docx_prose_body(blocks)
            data, suffix = _docx(body, landscape=layout == "table"), ".docx"
        else:
            text = _text_table(blocks, report_rng) if layout == "table" else _text_prose(blocks, report_rng)
            data, suffix = text.encode("utf-8"), ".txt"
        gold = {"document": stem + suffix, **gold}
        yield SynthReport(stem, suffix, layout, data, gold)


def gold_json(gold: dict) -> str:
    """The gold as JSON with one event or link per line: readable, and fast to write (the C encoder
    does each line; ``indent=`` would fall back to the pure-Python one)."""
    dump = partial(json.dumps, ensure_ascii=False)
    head = ",\n".join(f" {dump(k)}: {dump(v)}" for k, v in gold.items() if k not in ("events", "links"))
    events = ",\n".join("  " + dump(e) for e in gold["events"])
    links = ",\n".join("  " + dump(link) for link in gold["links"])
    return f"{{\n{head},\n \"events\": [\n{events}\n ],\n \"links\": [\n{links}\n ]\n}}\n"


def write_corpus(out: Path | str, n_events: int, seed: int) -> dict[str, int]:
    """Write ``out/reports/<stem>.{txt,docx}`` and ``out/gold/<stem>.json``; returns counts."""
    out = Path(out)
    reports, golds = out / "reports", out / "gold"
    reports.mkdir(parents=True, exist_ok=True)
    golds.mkdir(parents=True, exist_ok=True)
    counts = {"reports": 0, "events": 0, "table": 0, "narrative": 0, "txt": 0, "docx": 0}
    for report in generate(n_events, seed):
        (reports / report.filename).write_bytes(report.data)
        (golds / f"{report.stem}.json").write_text(gold_json(report.gold), encoding="utf-8")
        counts["reports"] += 1
        counts["events"] += len(report.gold["events"])
        counts[report.layout] += 1
        counts[report.suffix[1:]] += 1
    return counts
