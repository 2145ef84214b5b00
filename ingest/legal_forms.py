"""Spelled-out legal forms written as their abbreviation, as names are cited.

A report may write "Бюджетное учреждение Нефтеюганского района «Межпоселенческая библиотека»"
or "Коммунальное государственное учреждение «…»" where the institution's own name is
"БУ «Межпоселенческая библиотека»", "КГУ «…»": the abbreviation is the initials of the
legal form (its adjectives, its noun, and the sphere in the genitive that belongs to it:
"учреждение образования" → ГУО, "учреждение культуры" → МБУК), and the owner named after
it ("Нефтеюганского района", "акимата …") is not part of the name.
"""
from __future__ import annotations

import re

from .morph import parses, phrase_nominative

#: The nouns a legal form ends in.
FORM_NOUNS = frozenset("учреждение предприятие организация общество объединение".split())
#: Spheres in the genitive that belong to the form ("учреждение культуры" → …К).
SPHERES = frozenset("образование культура здравоохранение спорт".split())


def _reading(word: str):
    found = parses(word.lower())
    return found[0] if found else None


def legal_abbreviation(phrase: str) -> str | None:
    """"Бюджетным учреждением Нефтеюганского района" → "БУ"; ``None`` unless the phrase opens with
    adjectives and a legal-form noun."""
    words = phrase.split()
    letters: list[str] = []
    i = 0
    while i < len(words):
        p = _reading(words[i])
        if p is None:
            return None
        lemma = p.normal_form
        if lemma in FORM_NOUNS:
            letters.append(words[i][0].upper())
            i += 1
            # "учреждение дополнительного образования", "учреждение культуры"
            j = i
            extra: list[str] = []
            while j < len(words) and (q := _reading(words[j])) is not None and q.tag.case == "gent":
                extra.append(words[j][0].upper())
                if q.normal_form in SPHERES:
                    letters += extra
                    break
                if q.tag.POS != "ADJF":
                    break
                j += 1
            return "".join(letters) if len(letters) >= 2 else None
        if p.tag.POS != "ADJF" or not words[i][:1].isalpha():
            return None
        letters.append(words[i][0].upper())
        i += 1
    return None


_NUMBERED = re.compile(
    r"(?<![А-Яа-яЁё])((?:[А-ЯЁа-яё][а-яё-]+\s+){0,3}"
    r"(?:школ[аыеуой]\w*|гимнази\w+|лице\w+|детск\w+\s+сад\w*|сад\w*|библиотек\w+(?:-филиал\w*)?|центр\w*\s+образования|"
    r"колледж\w*|училищ\w+|детск\w+\s+дом\w*)"
    r"\s*№\s*\d+(?:\s+(?:им\.|имени)\s+(?:[А-ЯЁ]\.\s*){0,2}[А-ЯЁ][а-яё]+)?)")


_HEAD = re.compile(r"школ|гимнази|лице|сад|библиотек|центр|колледж|училищ|дом|детск")


def numbered_institutions(text: str) -> list[tuple[int, int, str]]:
    """Schools, kindergartens and libraries named by their number, without a legal form or quotes:
    "посетили детский сад № 41", "средней школы № 3" → (start, end, nominative name)."""
    out: list[tuple[int, int, str]] = []
    for m in _NUMBERED.finditer(text):
        words = m.group(1).split()
        # Keep the adjectives that belong to the institution ("средней", "Псковскую"), not a verb before them.
        while len(words) > 1 and not _HEAD.match(words[0].lower()) and (
                (p := _reading(words[0])) is None or p.tag.POS != "ADJF"):
            words = words[1:]
        if not words:
            continue
        phrase = " ".join(words)
        start = m.start(1) + m.group(1).index(words[0])
        out.append((start, m.end(1), phrase_nominative(phrase)))
    return out
