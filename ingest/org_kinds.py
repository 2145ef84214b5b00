"""The kind of an organization (school, library, administration…) recognised from its name.

Reports name institutions the Russian way: a legal-form abbreviation, then a
head noun with its dependents, then a proper name in quotes ("МБОУ «СШ № 8»",
"Главное управление Смоленской области", "ГУО «Детская школа искусств № 3»").
The kind is the head noun's, so the words are read left to right and the first
one that tells a kind decides ("Управление международных связей" is an
administration, not an international body; "Музей истории школы" a museum).
Only the first :data:`HEAD_WINDOW` words are read: a head noun comes early,
and extraction sometimes glues a sentence onto a name.

Words are compared by lemma (``ingest.morph.lemma``), so every case form
counts: "Гимназии", "гимназией" → гимназия. Some signals beat word order:
names of international bodies (ООН, СНГ, Союзное государство) anywhere in
the name, and legal forms (ООО, АНО, ФГБОУ ВО) only when no head noun speaks.
"""
from __future__ import annotations

import re
from itertools import pairwise

from .morph import lemma

#: How many words of a name may hold its head noun.
HEAD_WINDOW = 8

#: Lemmas that name a kind when they head the name (first match wins).
HEAD_LEMMAS: dict[str, str] = {
    **dict.fromkeys(("школа", "гимназия", "лицей", "колледж", "училище", "техникум"), "School"),
    **dict.fromkeys(("библиотека", "библиотечный"), "Library"),
    **dict.fromkeys(("музей",), "Museum"),
    **dict.fromkeys(("университет", "институт", "академия", "консерватория"), "University"),
    **dict.fromkeys(("администрация", "министерство", "департамент", "управление", "комитет",
                     "правительство", "мэрия", "исполком", "райисполком", "горисполком",
                     "облисполком", "акимат", "дума", "собрание"), "Administration"),
    **dict.fromkeys(("завод", "компания", "фабрика", "комбинат", "концерн", "холдинг",
                     "корпорация", "банк", "предприятие"), "Company"),
    **dict.fromkeys(("ассоциация", "союз", "фонд", "движение", "партнерство", "общественный"),
                   "Association"),
    **dict.fromkeys(("ассамблея", "миссия", "посольство", "консульство", "международный",
                     "межгосударственный", "межпарламентский"), "InternationalBody"),
}

#: Abbreviations (as written, upper case) that name a kind when they head the name.
HEAD_ABBREVIATIONS: dict[str, str] = {
    **dict.fromkeys(("СШ", "СОШ", "ООШ", "НОШ", "ДЮСШ", "СШОР", "СДЮСШОР"), "School"),
    **dict.fromkeys(("ДШИ", "ДМШ", "ДХШ"), "MusicOrArtSchool"),
    **dict.fromkeys(("ЦБС",), "Library"),
    **dict.fromkeys(("ТПП",), "Association"),
}

#: International bodies, wherever they stand in the name.
INTERNATIONAL_ABBREVIATIONS = frozenset(("ООН", "СНГ", "ЮНЕСКО", "ЕАЭС", "ШОС", "БРИКС", "ОДКБ",
                                         "АТЭС", "ОБСЕ", "ПАСЕ", "МПА"))
#: Lemma pairs, adjacent, naming an interstate body ("Союзного государства", "Союза Беларуси и России").
INTERNATIONAL_PAIRS = frozenset((("союзный", "государство"), ("союз", "беларусь")))

#: Words next to "школа"/"училище" that make it a music or art school.
ART_LEMMAS = frozenset(("искусство", "музыкальный", "художественный", "хореографический",
                        "театральный", "искусств"))

#: Lemma pairs telling a kind regardless of the head ("торгово-промышленная палата").
PAIRS: dict[tuple[str, str], str] = {("промышленный", "палата"): "Association"}

#: Legal forms, used only when no head word tells the kind.
LEGAL_FORMS: dict[str, str] = {
    **dict.fromkeys(("ООО", "ОАО", "АО", "ЗАО", "ПАО", "ОДО", "ЧУП", "УП", "ИП", "СП"), "Company"),
    **dict.fromkeys(("АНО", "НКО", "ОО", "РОО", "МОО"), "Association"),
    **dict.fromkeys(("МБОУ", "МАОУ", "МКОУ", "ГБОУ", "ГУО"), "School"),
    **dict.fromkeys(("ФГБОУ", "ФГАОУ", "ВУЗ"), "University"),
}

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")


def org_kind(name: str) -> str | None:
    """Local name of the ``ties`` class for this organization name, or None if no word tells."""
    words = _WORD.findall(name)
    lemmas = [lemma(w.lower()) for w in words]
    pairs = set(pairwise(lemmas))
    if any(w in INTERNATIONAL_ABBREVIATIONS for w in words) or pairs & INTERNATIONAL_PAIRS:
        return "InternationalBody"
    for pair, kind in PAIRS.items():
        if pair in pairs:
            return kind
    for i, (word, lem) in enumerate(zip(words[:HEAD_WINDOW], lemmas[:HEAD_WINDOW])):
        kind = HEAD_ABBREVIATIONS.get(word) or HEAD_LEMMAS.get(lem)
        if kind == "School" and ART_LEMMAS & set(lemmas[max(0, i - 2):i + 3]):
            return "MusicOrArtSchool"
        if kind:
            return kind
    for word in words:
        if word in LEGAL_FORMS:
            return LEGAL_FORMS[word]
    return None
