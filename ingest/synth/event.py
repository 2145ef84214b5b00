"""One activity being written: the only way names get into the text, so the gold matches it."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date

from .institutions import Org
from .vocabulary import Country, Place

__all__ = ["Event", "gold_links"]


@dataclass
class Event:
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
        """A country's name in ``case``; a foreign one is recorded."""
        if c.code != "RU":
            self.countries.add(c.code)
        return c.name(self.rng, case, official)

    def place(self, p: Place, case: str, marker: bool = True) -> str:
        """A place's name in ``case``, after "г." unless ``marker`` is False; a foreign one is recorded."""
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
        """The event as the gold schema writes it."""
        return {
            "n": self.n, "section": self.section, "actor": self.actor, "title": " ".join(self.title.split()),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "online": self.online, "venue": list(self.venue), "countries": sorted(self.countries),
            "foreign_places": [{"name": n, "country": c} for n, c in self.places],
            "organizations": [{"name": n, "place": p, "country": c} for n, p, c in self.orgs],
            "agreements": list(self.agreements), "participants": self.participants, "sphere": self.sphere,
        }


def gold_links(events: list[Event], refs: list[int], stated: list[tuple[str, str, str, str]]) -> list[dict]:
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
