"""Settlements and districts named in Russian text, in nominative, with their country.

A place is found by what stands before it ("г.", "пос.", "агрогородок", "гг."),
by the word "район" after an adjective, or by the gazetteer when a bare name
sits next to its country ("Мусасино (Япония)"). Its country comes from the text
around it first ("г. Витебск (Республика Беларусь)", "Республики Беларусь
(г. Минск, г. Мир)", "Могилевской области"), then from the gazetteer; a place
the gazetteer lacks and the text doesn't place abroad is taken as Russian.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterator
from functools import lru_cache

from .countries import CountryMention, find_countries
from .divisions import derived_city, district_country, gazetteer, region_country
from .gazetteer import GazPlace
from .transcribe import closest
from .morph import adjective_like, lemma, parses, phrase_nominative, restore_case
from .records import Place
from .tokens import word_lemmas

_MARKER = (r"(?<![А-Яа-яЁё])(?:г|гор|пос|п|пгт|дер|д|с|аг|рп|ст|х)\.\s*"
           r"|(?<![А-Яа-яЁё])(?:гг)\.\s*"
           r"|\b(?:город|города|городу|городом|городе|городов|городами|городах)-(?:побратим|партн[её]р)[а-яё]*\s+"
           r"|\b(?:города|городе|городу|городом|город|поселка|поселке|поселок|посёлок|деревни|деревне|деревня"
           r"|села|селе|село|агрогородка|агрогородке|агрогородок|станицы|станица|городов|городах|городами)\s+")
_NAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]*)*"
_MENTION = re.compile(rf"(?P<marker>{_MARKER})(?P<name>{_NAME}(?:\s+{_NAME})?)")
_DISTRICT = re.compile(r"(?P<adj>[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*)\s+(?P<noun>район(?:а|у|ом|е|ы|ов|ам|ами|ах)?)\b")

_PAREN_AHEAD = re.compile(r"\s*\(")
_LIST_SEP = re.compile(r"\s*(?:\([^()]{0,60}\))?\s*(?:,|\bи\b)\s*")

_INSTITUTION_WORDS = frozenset("университет институт академия клиника школа музей компания фирма банк".split())

@dataclass(frozen=True)
class Hints:
    """What one document says of its places, for reading its other sentences: "Пучона (Республика
    Корея)" tells that a later bare "г. Пучон" is Korean too. Made by ``document_hints`` and passed
    to every reader of that document, so no document's hints reach another's."""

    countries: tuple[tuple[str, str], ...] = ()   # (lowercase name, country) of unresolved foreign places
    names: frozenset[str] = frozenset()           # every place name the document writes, nominative

NO_HINTS = Hints()

@dataclass(frozen=True)
class PlaceMention:
    place: Place
    start: int
    end: int
    marked: bool  # written with "г.", "пос." … (so surely a settlement)

class _Spans:
    """Sorted [start, end) spans answering "does any overlap [a, b)?" in O(log n), so a huge
    cell full of names stays linear instead of comparing every mention with every other."""

    def __init__(self, spans: Iterator[tuple[int, int]] | list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []  # the furthest end among the spans up to each index
        for _, end in ordered:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # spans [0, i) start before ``end``
        return i > 0 and self._reach[i - 1] > start

    def covers(self, pos: int) -> bool:
        return self.overlaps(pos, pos + 1)

@lru_cache(maxsize=50_000)
def candidates(surface: str) -> tuple[str, ...]:
    """Possible nominatives of a written place name, most likely first."""
    words = surface.split()
    river = re.match(r"^([^-\s]+)(-на-[^\s]+)$", surface)
    if river:  # "Ростова-на-Дону": only the town's own name inflects, "-на-Дону" is fixed
        first, rest = river.groups()
        return tuple(dict.fromkeys([surface] + [restore_case(first, f) + rest for f in word_lemmas(first)]))
    if len(words) == 1:
        forms = [surface] + [restore_case(surface, f) for f in word_lemmas(surface)]
    else:
        forms = [surface, phrase_nominative(surface)]
        # Per word: the last word's lemma carries the case in most names.
        lem = [restore_case(w, word_lemmas(w)[0]) for w in words]
        forms.append(" ".join(lem))
    return tuple(dict.fromkeys(forms))

def _geox_lemma(surface: str) -> str | None:
    for p in parses(surface):
        if "Geox" in p.tag and p.tag.POS == "NOUN":
            return restore_case(surface, p.normal_form.replace("ё", "е"))
    return None

def resolve(surface: str, context: str | None) -> tuple[str, GazPlace | None]:
    """Nominative name and gazetteer entry for a written name, given a country hint."""
    gaz = gazetteer()
    cands = candidates(surface)
    if context:
        for form in cands:
            hit = gaz.best(form, context)
            if hit:
                return form, hit
        for form in cands:  # a town GeoNames names in Latin only ("Хулунбуир" → Hulunbuir)
            hit = closest(gaz, form, context)
            if hit:
                return form, hit
    found = [(form, hit) for form in cands for hit in gaz.lookup(form)]
    if found:
        # A Russian report's unplaced town is Russian when it can be, unless a foreign reading is
        # far larger; else the most populous reading ("г. Орши" is Орша, BY, 100k — not Orchies, FR).
        best = max(found, key=lambda f: f[1].population)
        ru = [f for f in found if f[1].country == "RU"]
        if ru and not context:
            best_ru = max(ru, key=lambda f: f[1].population)
            if best[1].population < 10 * max(best_ru[1].population, 1):
                return best_ru
        return best
    geo = _geox_lemma(surface) if " " not in surface else None
    if geo:
        return geo, None
    # Unknown to both: keep it as written; the document-level pass unifies its case forms.
    return surface, None

def _context_country(text: str, start: int, end: int, countries: list[CountryMention]) -> str | None:
    """Country the text gives a place: right after it, or as the opener of its list.

    ``countries`` is ``find_countries`` output (in order, not overlapping), so the nearest
    country on each side is found by bisection rather than by a walk over all of them.
    """
    after = bisect_left(countries, end, key=lambda c: c.start)
    if after < len(countries) and countries[after].start - end <= 90:
        c = countries[after]
        between = text[end:c.start]
        opens_list = "(" not in between and _PAREN_AHEAD.match(text, c.end)
        if not opens_list \
                and not re.search(r"(?<![А-Яа-яЁё])(?:г|гг|пос|п|дер|д|с)\.|;", between) \
                and re.fullmatch(r"[\s,()«»\-–]*(?:[А-ЯЁ][а-яё]+\s+(?:области|область|района|район|края|край)[\s,()«»]*)*", between):
            return c.code  # "г. Каир, Египет"; not "г. Воронежа, Республики Беларусь (г. Брест)"
    before = bisect_right(countries, start, key=lambda c: c.end)
    if before and start - countries[before - 1].end <= 80:
        between = text[countries[before - 1].end:start]
        if "(" in between and ")" not in between:
            return countries[before - 1].code
        if len(between) <= 4 and re.fullmatch(r"[\s,]*", between):
            return countries[before - 1].code
    return None

def find_places(text: str, hints: Hints = NO_HINTS) -> list[PlaceMention]:
    """Settlements and districts named in ``text`` with their countries, in order."""
    return list(_cached_places(text, hints))

@lru_cache(maxsize=8192)
def _cached_places(text: str, hints: Hints) -> tuple[PlaceMention, ...]:
    """The places of a text under its document's hints (part of the key): a row, its venue and its
    institutions' names are searched several times, as are names shared by many reports
    (13,000 searches of 5,100 distinct texts in a 3,000-event corpus)."""
    return tuple(_find_places(text, find_countries(text), hints))

def _find_places(text: str, countries: list[CountryMention], hints: Hints = NO_HINTS) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    in_country = _Spans((c.start, c.end) for c in countries)
    for m in _MENTION.finditer(text):
        marker = m.group("marker").strip()
        plural = marker.startswith("гг") or marker.split("-")[0] in ("городов", "городах", "городами")
        surface_end = m.end("name")
        name = m.group("name")
        # Two capitalised words are one name only if the gazetteer knows them together.
        if " " in name:
            first = name.split()[0]
            ctx = _context_country(text, m.start("name"), surface_end, countries)
            full, hit = resolve(name, ctx)
            if hit is None:
                name, surface_end = first, m.start("name") + len(first)
        if in_country.covers(m.start("name")):
            continue  # "с городами Японии": a country, not a town
        found = _mention(text, name, m.start("name"), surface_end, countries, True, hints)
        if found.place.geonames_id is None and not marker.endswith(".") and _adjective(name.split()[0]):
            continue  # "городов Дальнего Востока": a word after "город…" that is no town
        out.append(found)
        if plural:
            pos = surface_end
            while True:
                sep = _LIST_SEP.match(text, pos)
                if not sep:
                    break
                nm = re.compile(_NAME).match(text, sep.end())
                if not nm:
                    break
                out.append(_mention(text, nm.group(0), nm.start(), nm.end(), countries, True, hints))
                pos = nm.end()
    for m in _DISTRICT.finditer(text):
        adj = m.group("adj")
        name = phrase_nominative(f"{adj} {m.group('noun')}")
        if not name.endswith(" район") or name.split()[0] == adj and not adj.endswith(("ий", "ый", "ой")):
            continue
        ctx = _context_country(text, m.start(), m.end(), countries) or region_country(text, m.end()) \
            or district_country(name.split()[0])
        out.append(PlaceMention(Place(name, ctx, kind="district"), m.start(), m.end(), False))
    out.extend(_bare_places(text, countries, {(p.start, p.end) for p in out}))
    out.extend(_after_country(text, countries, {(p.start, p.end) for p in out}))
    out.sort(key=lambda p: p.start)
    return out

def document_hints(text: str) -> Hints:
    """What the whole document says of its places: places the gazetteer lacks take the country the
    document gives them elsewhere."""
    countries: dict[str, str] = {}
    found = find_places(text)
    for m in found:
        if m.place.country not in (None, "RU"):  # also when resolved: GeoNames may know it only in Latin
            countries.setdefault(m.place.name.lower(), m.place.country)
    return Hints(tuple(countries.items()), frozenset(m.place.name for m in found))

def _hinted(name: str, hints: Hints) -> str | None:
    """The document's country for a name, allowing for case endings ("Пучон" ~ "Пучона")."""
    low = name.lower()
    for key, code in hints.countries:
        short, long_ = sorted((low, key), key=len)
        if long_.startswith(short) and len(long_) - len(short) <= 3 and len(short) >= 3:
            return code
    return None

def _mention(text: str, surface: str, start: int, end: int,
             countries: list[CountryMention], marked: bool, hints: Hints = NO_HINTS) -> PlaceMention:
    ctx = _context_country(text, start, end, countries) or region_country(text, end)
    name, hit = resolve(surface, ctx)
    if ctx is None and hit is None:
        ctx = _hinted(name, hints)
        if ctx:  # the country the document gives it elsewhere may find it ("Пучона" → Bucheon, KR)
            name, hit = resolve(surface, ctx)
    country = ctx or (hit.country if hit else "RU")
    if hit and hit.country == country:
        place = Place(name, country, "settlement",
                      hit.geonames_id, hit.lat, hit.lon)
    else:
        place = Place(name, country, "settlement")
    return PlaceMention(place, start, end, marked)

def _bare_places(text: str, countries: list[CountryMention], taken: set[tuple[int, int]]) -> list[PlaceMention]:
    """Unmarked names followed by their country in parentheses: "Мусасино (Япония)", "Пусан, Иксан (Республика Корея)"."""
    out: list[PlaceMention] = []
    taken_spans = _Spans(taken)
    for c in countries:
        seg_end = c.start  # "(" and spaces before the country; not a regex over all the text before it
        while seg_end > 0 and text[seg_end - 1].isspace():
            seg_end -= 1
        if seg_end == 0 or text[seg_end - 1] != "(":
            continue
        seg_end -= 1
        # Walk back over "Name, Name и Name " before the parenthesis.
        segment = text[max(0, seg_end - 120):seg_end]
        names = list(re.finditer(rf"({_NAME})(?=\s*(?:,|\bи\b|$))", segment))
        chain: list[re.Match[str]] = []
        pos = len(segment.rstrip())
        for nm in reversed(names):
            tail = segment[nm.end():pos]
            if chain and not re.fullmatch(r"\s*(?:\([^()]*\))?\s*(?:,|и)\s*", tail):
                break
            if not chain and tail.strip():
                break
            chain.append(nm)
            pos = nm.start()
        for nm in reversed(chain):
            start = max(0, seg_end - 120) + nm.start()
            end = start + len(nm.group(1))
            if taken_spans.covers(start):
                continue
            name, hit = resolve(nm.group(1), c.code)
            if nm is not chain[0] and (hit is None or hit.country != c.code) and gazetteer().lookup(name):
                continue  # "…, Ялта, Вологда, Йосу (Южная Корея)": the country is only the last name's
            if hit is None:
                name = nm.group(1)  # a list names its towns in nominative: "Доль (Франция)" is not "Доля"
            if (hit is None or hit.country != c.code) and any(h.country == "RU" for h in gazetteer().lookup(name)):
                continue  # "Хабаровск и Портленд (США)": the Russian city is not in the USA
            prev = re.findall(r"[А-Яа-яЁё]+", text[max(0, start - 30):start])
            if prev and lemma(prev[-1].lower()) in _INSTITUTION_WORDS:
                continue  # "Университета Хоккайдо (Япония)": part of a name
            if hit is None and not gazetteer().is_place(name):
                # Unknown to the gazetteer but standing before its country: keep it, unresolved.
                if not _looks_like_name(nm.group(1)):
                    continue
            if c.code == "RU":
                continue
            out.append(PlaceMention(Place(name, c.code, "settlement", hit.geonames_id if hit else None,
                                          hit.lat if hit else None, hit.lon if hit else None),
                                    start, end, False))
    return out

def _after_country(text: str, countries: list[CountryMention], taken: set[tuple[int, int]]) -> list[PlaceMention]:
    """An unmarked name after its country and a comma, as a place column writes it ("Беларусь,
    Витебск", "КНР, Харбин"): kept only when the gazetteer knows it as a town of that country."""
    out: list[PlaceMention] = []
    taken_spans = _Spans(taken)
    for c in countries:
        if c.code == "RU":
            continue
        nm = re.compile(rf"\s*,\s*({_NAME})").match(text, c.end)
        if not nm or taken_spans.covers(nm.start(1)):
            continue
        name, hit = resolve(nm.group(1), c.code)
        if hit is None or hit.country != c.code:
            continue
        out.append(PlaceMention(Place(name, c.code, "settlement", hit.geonames_id, hit.lat, hit.lon),
                                nm.start(1), nm.end(1), False))
    return out

def _adjective(word: str) -> bool:
    return any(p.tag.POS in ("ADJF", "PRTF") for p in parses(word)[:1])

def _looks_like_name(word: str) -> bool:
    """A capitalised word that is not a common noun or a country."""
    found = parses(word)
    return not any(p.tag.POS in ("ADJF", "VERB", "PREP", "CONJ") for p in found[:1]) and not find_countries(word)

def ner_places(text: str, spans: list[tuple[int, int, str]], countries: list[CountryMention],
               taken: list[PlaceMention], context: frozenset[str] = frozenset()) -> list[PlaceMention]:
    """Settlements slovnet tags as LOC without a marker ("в Минске", "Пекин и Шанхай").

    slovnet leaves "г." outside its spans and returns case forms as written, so each
    span is resolved here; only names the gazetteer knows as settlements are taken,
    since LOC spans also cover regions, countries and rivers.
    """
    out: list[PlaceMention] = []
    taken_spans = _Spans((p.start, p.end) for p in taken)
    country_spans = _Spans((c.start, c.end) for c in countries)
    named = {c.code for c in countries} | context  # ``context``: countries the whole text names
    for start, end, surface in spans:
        if " " in surface.strip() or taken_spans.overlaps(start, end):
            continue
        if country_spans.overlaps(start, end):
            continue
        ctx = _context_country(text, start, end, countries)
        name, hit = resolve(surface.strip(), ctx)
        if hit is None:
            continue
        if not (ctx or hit.country in named | {"RU"} or hit.population >= 100_000):
            continue  # "Азии" is also a small town in the Philippines: only well-known or placed towns
        country = ctx or hit.country
        out.append(PlaceMention(Place(name, country, "settlement", hit.geonames_id if hit.country == country else None,
                                      hit.lat, hit.lon), start, end, False))
    return out

def quoted_name_places(quoted: str, countries: tuple[str, ...], foreign_only: bool = True) -> list[Place]:
    """Cities an institution's name is formed from: «Минский автомобильный завод» → Минск,
    «Кардымовский КЦСОН» → Кардымово; adjectives of a region or district are skipped."""
    out: list[Place] = []
    for m in re.finditer(rf"{_NAME}", quoted):
        word = m.group(0)
        nxt = quoted[m.end():m.end() + 12].lower()
        if re.match(r"\s*(?:област(?:ь|и|ью|ей|ям|ях)|кра(?:й|я|ю|ем|е)|район\w*|республик\w*|округ\w*)\b", nxt):
            continue
        if not any(adjective_like(p) for p in parses(word)[:2]):
            continue
        city = derived_city(word, countries)
        if city and (city.country != "RU" or not foreign_only):
            out.append(Place(city.name.replace("ё", "е"), city.country, "settlement", city.geonames_id,
                             city.lat, city.lon))
    return out
