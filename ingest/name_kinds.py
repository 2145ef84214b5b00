"""What a bare name is, for names that come without their kind (actors, parties, an institution's town).

A report's actor or an agreement's party is often only a name: a body has a telling word
("администрация", "школа"), quotes or an abbreviation; a place known only by name is a
district or a region by the word that says so. Kept in ``ingest`` with the other Russian-text
classifiers (``org_kinds``, ``agreement_kinds``, ``place_kinds``), so that the graph writer holds
no Russian patterns of its own.
"""
from __future__ import annotations

import re

_ORG_WORDS = re.compile(
    r"«|\"|\b(администрац|управлени|департамент|министерств|учреждени|комитет|отдел|школ|"
    r"гимнази|лицей|университет|колледж|институт|музе|библиотек|центр|ассоциаци|фонд|"
    r"совет\b|дума\b)", re.IGNORECASE)
_ABBREVIATION = re.compile(r"\b[А-ЯЁ]{3,}\b")
_DISTRICT_WORD = re.compile(r"\bрайон", re.IGNORECASE)
_REGION_WORD = re.compile(r"\b(област|кра[йяю]\b|республик)", re.IGNORECASE)


def looks_like_org(name: str) -> bool:
    """Actors and parties come as bare names: a body has a telling word, quotes or an abbreviation."""
    return bool(_ORG_WORDS.search(name) or _ABBREVIATION.search(name))


def kind_by_name(name: str) -> str:
    """Place kind for a place known only by name (actors, an organization's town)."""
    if _DISTRICT_WORD.search(name):
        return "district"
    if _REGION_WORD.search(name):
        return "region"
    return "settlement"


#: Bodies of the federation and of a region, by the words of their names.
_FEDERAL = re.compile(r"Российской\s+Федерации|\bРФ\b|Федеральн\w+|Государственн\w+\s+Дум\w+|Союзн\w+\s+государств\w*|"
                      r"Россотрудничеств\w*|Министерств\w+\s+(?:иностранных|культуры|образования|просвещения)", re.IGNORECASE)
_REGIONAL = re.compile(r"\b[А-ЯЁа-яё-]+(?:ской|цкой)\s+област\w*|\b[А-ЯЁа-яё-]+(?:ского|цкого)\s+кра[яю]\b|\bкраев\w+|"
                       r"\bобластн\w+|\bГубернатор\w*|\bПравительств\w+\s+[А-ЯЁ]|\bРеспублик\w+\s+[А-ЯЁ]|"
                       r"^(?:ОГ|ГБ|ГА|ГК|СОГ|КГ)[А-ЯЁ]*\b")


def actor_level(name: str | None) -> str:
    """"federal", "regional" or "municipal": the level of the body that carried an activity out.

    "Администрация Смоленской области", "ОГБУК «…»", "областная библиотека" are regional;
    "Государственная Дума Федерального Собрания Российской Федерации" federal; a town, a district
    and their institutions municipal."""
    if not name:
        return "municipal"
    if _FEDERAL.search(name):
        return "federal"
    if _REGIONAL.search(name) or name.endswith(("область", "край")) or name.startswith("Республика"):
        return "regional"
    return "municipal"
