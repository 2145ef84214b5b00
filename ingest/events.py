"""One activity's fields from its text, whatever layout it came from.

The table extractor hands over the cells it knows (title, venue, dates …); the
prose extractor hands over a sentence. Both end here, so that countries,
places and institutions are found the same way everywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .countries import CountryMention, find_countries
from .fields import agreements, head_count, is_online
from .morph import lemma
from .ner import ner_spans
from .orgs import OrgMention, find_orgs, quote_spans
from .places import NO_HINTS, Hints, PlaceMention, find_places, ner_places
from .records import Event, Organization, Place
from .text import fold_key


@dataclass(frozen=True)
class Found:
    """Everything named in one activity's text, before it is sorted into fields."""

    places: tuple[PlaceMention, ...] = ()
    orgs: tuple[OrgMention, ...] = ()
    countries: tuple[str, ...] = ()


_WAR_BEFORE = re.compile(r"(?:войск\w*|войн\w*|боев\w*|воин\w*-интернационалист\w*)\s+(?:[а-яё]+\s+){0,2}(?:из|в|во|на)\s+$",
                         re.IGNORECASE)


#: Institutions that host rather than act: a venue column naming one gives a place, not a party.
VENUE_HEADS = frozenset("санаторий гостиница отель пансионат курорт стадион дворец дом зал парк центр-выставка".split())


@lru_cache(maxsize=2048)
def scan(text: str, use_ner: bool = True, hints: Hints = NO_HINTS) -> Found:
    """Cached (the document's hints are part of the key): prose asks about a paragraph, then its
    sentences, then the same sentence again."""
    mentions = find_countries(text)
    places = find_places(text, hints)
    if use_ner:
        locs = [(s.start, s.stop, s.text) for s in ner_spans(text) if s.type == "LOC"]
        places = sorted(places + ner_places(text, locs, mentions, places), key=lambda p: p.start)
    named = partner_countries(text, mentions)
    return Found(tuple(places), tuple(find_orgs(text, use_ner)), tuple(m.code for m in named))


def partner_countries(text: str, mentions: list[CountryMention]) -> list[CountryMention]:
    """The countries a text names as partners: not one named only inside a quoted title
    («Афганистан – наша память и боль»), nor one a war is remembered in ("ко дню вывода
    советских войск из Афганистана")."""
    titles = quote_spans(text)
    return [m for m in mentions if not any(a <= m.start < b for a, b in titles)
            and not _WAR_BEFORE.search(text[max(0, m.start - 40):m.start])]


def unique_places(places: list[Place]) -> list[Place]:
    out: list[Place] = []
    seen: set[str] = set()
    for p in places:
        key = fold_key(p.name)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def unique_orgs(orgs: list[Organization]) -> list[Organization]:
    out: list[Organization] = []
    seen: dict[str, int] = {}
    for o in orgs:
        key = fold_key(o.name)
        if key in seen:
            i = seen[key]
            if out[i].place is None and o.place:
                out[i] = o
            continue
        seen[key] = len(out)
        out.append(o)
    return out


def fill(event: Event, text: str, venue_text: str | None, online_text: str, use_ner: bool = True,
         dates: tuple[date | None, date | None] | None = None, hints: Hints = NO_HINTS) -> Found:
    """Fill the fields of ``event`` that come from its text; return what was found.

    ``dates`` are the event's dates as its text gives them, when they may since have changed.
    """
    found = scan(text, use_ner, hints)
    venue_places = find_places(venue_text, hints) if venue_text else []
    event.venue = unique_places([p.place for p in venue_places if p.place.kind == "settlement"])
    foreign = [p.place for p in found.places if p.place.country and p.place.country != "RU"]
    orgs = unique_orgs([o.org for o in found.orgs])
    foreign_codes = {c for c in found.countries if c != "RU"}
    for org in orgs:
        if org.place and org.country and org.country != "RU":
            foreign.append(Place(org.place, org.country))
    event.foreign_places = unique_places(foreign)
    event.organizations = orgs
    event.countries = sorted(foreign_codes | {p.country for p in event.foreign_places if p.country})
    event.online = is_online(online_text)
    event.participants = head_count(text)
    # A sanatorium or hotel of the venue column is where a document was signed, not a party to it.
    at_venue = {fold_key(o.org.name) for o in find_orgs(venue_text, use_ner=False)
                if lemma(o.org.name.split()[0].lower()) in VENUE_HEADS} if venue_text else set()
    signers = [o for o in found.orgs if fold_key(o.org.name) not in at_venue]
    event.agreements = agreements(text, signers, *(dates or (event.start, event.end)))
    return found
