"""Who files a report and for which period, from the report's title lines."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import Period, quarter_period
from .morph import phrase_nominative
from .places import derived_city
from .text import clean

_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*"
_REGION = re.compile(rf"({_WORD}(?:ской|цкой|ого)\s+(?:области|края|автономного\s+округа|республики))")
_DISTRICT = re.compile(rf"({_WORD}(?:ского|цкого)\s+(?:муниципального\s+)?(?:района|округа))")
_CITY = re.compile(r"(?:города|г\.)\s*([А-ЯЁ][а-яё-]+)")
#: Whose activity a region's report lists: its municipalities' («органами местного самоуправления
#: муниципальных образований …») or its own executive bodies' («исполнительными органами …»,
#: «органами государственной власти …»). One region files both kinds, for the same quarters.
_MUNICIPAL = re.compile(r"местн\w*\s+самоуправлени|муниципальн\w*\s+образовани", re.IGNORECASE)
_REGIONAL = re.compile(r"исполнительн\w*\s+орган|орган\w*\s+(?:исполнительной|государственной)\s+власти",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Reporter:
    name: str | None          # nominative: "Смоленская область", "Нефтеюганский район", "Хабаровск"
    genitive: str | None      # as written in the title: "Смоленской области"
    kind: str                 # "region", "district", "city" or "unknown"

    @property
    def administration(self) -> str | None:
        """The body that acts for the reporter when a row names no other."""
        if self.kind == "region" and self.genitive:
            return f"Администрация {self.genitive}"
        return self.name

    @property
    def seat(self) -> str | None:
        """The Russian place that stands for the reporter in the network (a region's capital)."""
        if self.kind == "region" and self.genitive:
            city = derived_city(self.genitive.split()[0], ("RU",))
            return city.name if city else self.name
        return self.name


def find_reporter(title: str, body: str = "") -> Reporter:
    """From the title; from the opening of the body only when the title names no one."""
    found = _reporter(clean(title))
    if found.kind == "unknown" and body:
        found = _reporter(clean(body[:2000]))
    return found


def _reporter(text: str) -> Reporter:
    m = _REGION.search(text)
    if m:
        return Reporter(phrase_nominative(m.group(1)), m.group(1), "region")
    m = _DISTRICT.search(text)
    if m:
        return Reporter(phrase_nominative(m.group(1)), m.group(1), "district")
    m = _CITY.search(text)
    if m:
        return Reporter(phrase_nominative(m.group(1)), m.group(0), "city")
    # A title that is only a city's name in capitals ("ХАБАРОВСК").
    m = re.search(r"\b([А-ЯЁ]{4,}(?:-[А-ЯЁ]+)?)\b", text)
    if m:
        name = m.group(1).capitalize()
        return Reporter(name, name, "city")
    return Reporter(None, None, "unknown")


def find_level(title: str) -> str | None:
    """"municipal" or "regional": whose activity the title says the report lists; None when it says
    neither, or both (a joint report). Two reports of one region for one quarter, its municipalities'
    and its executive bodies', are two reporters: neither shows the other's ties."""
    text = clean(title)
    municipal, regional = bool(_MUNICIPAL.search(text)), bool(_REGIONAL.search(text))
    return ("municipal" if municipal else "regional") if municipal != regional else None


def find_period(title: str, body: str = "") -> Period | None:
    """The period from the title; failing that, the first year the text speaks of."""
    return quarter_period(title) or quarter_period(body[:3000])
