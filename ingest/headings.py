"""What a heading between table rows says: a municipality, a body, or a topic.

"Город Смоленск" and "Муниципальное образование «Вяземский район» Смоленской
области" name the municipality whose rows follow; "Сотрудничество в сфере
культуры" names a topic; anything else short is a body ("Представительство
Администрации Смоленской области при Правительстве Российской Федерации").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .morph import phrase_nominative
from .text import clean

HeadingKind = Literal["municipality", "topic", "body", "note"]

_TOPIC = re.compile(r"^(?:Сотрудничество|Взаимодействие|Общие\s+направления|Направлени|Мероприятия|Раздел|"
                    r"Международн\w+\s+(?:сотрудничество|деятельность|связи))|\bв\s+(?:сфере|области)\b",
                    re.IGNORECASE)
_MUNICIPAL = re.compile(
    r"^(?:Город(?:ской\s+округ)?|Муниципальн\w+\s+(?:образование|район|округ)|Городское\s+поселение|"
    r"Сельское\s+поселение|Поселение|МО)\b|(?:район|округ|поселение)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Heading:
    text: str
    kind: HeadingKind
    actor: str | None  # short nominative name of the municipality or body


def classify_heading(raw: str) -> Heading:
    text = clean(raw)
    if len(text) > 200 or re.search(r"\b(?:19|20)\d{2}\s+год", text) or text.endswith("."):
        return Heading(text, "note", None)
    if _TOPIC.search(text) and not _MUNICIPAL.search(text):
        return Heading(text, "topic", None)
    if _MUNICIPAL.search(text):
        return Heading(text, "municipality", municipality_name(text))
    return Heading(text, "body", text)


def municipality_name(text: str) -> str:
    """Short nominative name: "Муниципальное образование «город Десногорск» …" → "Десногорск"."""
    quoted = re.search(r"«([^»]+)»", text)
    core = quoted.group(1) if quoted else text
    core = re.sub(r"^(?:Муниципальн\w+\s+образовани\w+|Городской\s+округ|Муниципальн\w+\s+округ)\s*", "", core,
                  flags=re.IGNORECASE)
    core = re.sub(r"\s+(?:[А-ЯЁ][а-яё]+(?:ской|цкой)\s+(?:области|края|республики)|"
                  r"[А-ЯЁ][а-яё-]+\s+автономного\s+округа.*)$", "", core)
    core = re.sub(r"^(?:город|г\.)\s*", "", core, flags=re.IGNORECASE).strip()
    if re.search(r"район$|округ$", core):
        return phrase_nominative(core)
    return core[:1].upper() + core[1:]
