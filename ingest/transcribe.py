"""A town the gazetteer knows only by its Latin name, found from the Russian spelling.

GeoNames gives many Asian towns no Russian name ("Hulunbuir", "Dujiangyan", "Donghae"),
while Russian texts write them in Russian transcription: the Palladius system for
Chinese ("Дуцзянъянь", "Цзиньхуа"), plain romanisation for the rest ("Донг Хэ"). When
the text places a name in a country, its Latin spellings are compared with that
country's settlements and the closest one above a threshold is taken.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from .gazetteer import GazPlace, Gazetteer, romanize
from .morph import parses

#: Countries whose names Russian writes in Palladius transcription.
PALLADIUS_COUNTRIES = frozenset({"CN", "TW", "HK", "MO"})
#: Countries whose names Russian writes in Kontsevich transcription, and GeoNames in the
#: Revised Romanization (or McCune-Reischauer): "Пучон" is Bucheon, "Тэджон" Daejeon.
KOREAN_COUNTRIES = frozenset({"KR", "KP"})
_ASPIRATED = (("chkh", "ch"), ("pkh", "p"), ("tkh", "t"), ("kkh", "k"), ("dzh", "j"), ("zh", "j"),
              ("kh", "h"), ("v", "w"))
_LENIS = {"p": "b", "t": "d", "k": "g"}

# Palladius syllable pieces and their pinyin, longest first ("цзя" before "цз" before "ц").
_PALLADIUS = sorted({
    "цзы": "zi", "цзюй": "ju", "цзю": "jiu", "цзя": "jia", "цзи": "ji", "цзе": "jie", "цз": "z",
    "сюй": "xu", "сюэ": "xue", "сюн": "xiong", "сю": "xiu", "ся": "xia", "си": "xi", "сы": "si",
    "цюй": "qu", "цю": "qiu", "ця": "qia", "ци": "qi", "цы": "ci", "ц": "c",
    "чж": "zh", "ч": "ch", "ш": "sh", "жэ": "re", "ж": "r", "х": "h", "ы": "i",
    "юй": "yu", "ю": "yu", "я": "ya", "е": "ye", "э": "e", "й": "i", "ъ": "", "ь": "",
}.items(), key=lambda kv: -len(kv[0]))
_VOWELS = set("аеёиоуыэюя")


def palladius_to_pinyin(cyrillic: str) -> str:
    """"Дуцзянъянь" → "dujiangyan", "Цзиньхуа" → "jinhua", "Чжоуцунь" → "zhoucun": a syllable's
    final "н" is "ng" unless a soft sign follows ("нь" is "n")."""
    text = cyrillic.lower().replace("ё", "е")
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "н":
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if nxt == "ь":
                out.append("n")
                i += 2
                continue
            out.append("n" if nxt in _VOWELS else "ng")
            i += 1
            continue
        for cyr, lat in _PALLADIUS:
            if text.startswith(cyr, i):
                out.append(lat)
                i += len(cyr)
                break
        else:
            out.append(romanize(ch))
            i += 1
    return "".join(c for c in "".join(out) if "a" <= c <= "z")


def kontsevich_to_latin(plain: str) -> set[str]:
    """Revised-Romanization spellings of a romanised Kontsevich name: aspirates as plain letters
    ("чх" ch), "дж" j, "в" w, a word-initial lenis voiced (п b, т d, к g), and "о", "э" as either
    of the two Korean vowels each stands for (o/eo, e/ae).

    >>> sorted(kontsevich_to_latin("puchon"))
    ['bucheon', 'buchon']
    """
    s = plain
    for cyrillic_sound, latin in _ASPIRATED:
        s = s.replace(cyrillic_sound, latin)
    if s[:1] in _LENIS and not plain.startswith(("pkh", "tkh", "kkh")):
        s = _LENIS[s[0]] + s[1:]
    return {s, s.replace("o", "eo"), s.replace("e", "ae"), s.replace("e", "ae").replace("o", "eo")}


def latin_spellings(cyrillic: str, country: str) -> set[str]:
    """The ASCII spellings a Russian transcription may stand for in that country."""
    plain = romanize(cyrillic)
    # Variants: х as h, й as i, ю/я/ё as a bare vowel, ц as c ("Кавадарци" → kavadarci).
    loose = plain.replace("kh", "h").replace("ts", "c")
    soft = loose.replace("yu", "u").replace("ya", "a").replace("yo", "o")
    spellings = {plain, loose, loose.replace("y", "i"), soft, soft.replace("y", "i")}
    if country in PALLADIUS_COUNTRIES:
        spellings.add(palladius_to_pinyin(cyrillic))
    if country in KOREAN_COUNTRIES:
        spellings |= kontsevich_to_latin(plain)
    return {s for s in spellings if s}


def _skeleton(latin: str) -> str:
    """ASCII letters of a Latin name, without an administrative suffix ("Donghae City", "Jinju-si")."""
    latin = re.sub(r"(?:[\s-](?:city|shi|si|gun|gu|xian|shiqu))$", "", unicodedata.normalize("NFKD", latin.lower()))
    return "".join(ch for ch in latin if "a" <= ch <= "z")


@lru_cache(maxsize=64)
def _index(gaz: Gazetteer, country: str) -> dict[str, tuple[tuple[str, GazPlace], ...]]:
    """A country's settlements by the first letter of their Latin skeleton, skeletons made once."""
    by_letter: dict[str, list[tuple[str, GazPlace]]] = {}
    for place in gaz.places_in(country):
        target = _skeleton(place.name_en)
        if target:
            by_letter.setdefault(target[0], []).append((target, place))
    return {k: tuple(v) for k, v in by_letter.items()}


@lru_cache(maxsize=4096)
def _closest(gaz: Gazetteer, cyrillic: str, country: str, threshold: float) -> GazPlace | None:
    best: tuple[float, GazPlace] | None = None
    index = _index(gaz, country)
    for spelling in latin_spellings(cyrillic, country):
        for target, place in index.get(spelling[0], ()):
            if abs(len(target) - len(spelling)) > 3:
                continue
            matcher = SequenceMatcher(None, spelling, target, autojunk=False)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            score = matcher.ratio()
            if score >= threshold and (best is None or score > best[0]):
                best = (score, place)
    return best[1] if best else None


def closest(gaz: Gazetteer, cyrillic: str, country: str, threshold: float = 0.84) -> GazPlace | None:
    """The settlement of ``country`` whose Latin name is closest to a Latin spelling of ``cyrillic``."""
    if len(cyrillic) < 4 or not country or any(_known(w) for w in re.findall(r"[А-Яа-яЁё]+", cyrillic)):
        return None  # a word of the dictionary ("Татарстана", "Брянской") is no foreign name
    return _closest(gaz, cyrillic, country.upper(), threshold)


def _known(word: str) -> bool:
    found = parses(word)
    return bool(found) and found[0].is_known
