"""Choices both layouts make: countries, foreign cities, institutions, names, dates."""
from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from .event import Event
from .forms import adjective_form, month_name
from .institutions import FOREIGN_ORGS, PERSONS_BY, PERSONS_RU, REGIONAL_ORGS, RU_ORGS, Org
from .phrases import NAMES, ROMAN, TOPICS
from .vocabulary import Country, Place, Region, Vocabulary

__all__ = ["Writer", "distinct"]


T = TypeVar("T")


def distinct(draw: Callable[[], T], key: Callable[[T], str], k: int, tries: int, seen: set[str]) -> list[T]:
    """Up to ``k`` draws whose keys are not in ``seen`` yet (it grows), in at most ``tries`` draws:
    rejection is cheap while ``k`` is small beside what is drawn from."""
    out: list[T] = []
    for _ in range(tries):
        item = draw()
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
            if len(out) == k:
                break
    return out


class Writer:
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
        return distinct(lambda: self.rng.choices(pool, cum_weights=cumulative)[0], lambda c: c.code, k, 8 * k,
                        set(exclude))

    def pick_city(self, codes: tuple[str, ...] | None = None, declinable: bool = False) -> Place:
        """A foreign city of one of ``codes``, the often-named countries and the larger cities more often."""
        codes, weights = self.v.city_codes(codes)
        code = self.rng.choices(codes, weights)[0]
        cities = self.v.declinable(code) if declinable else self.v.cities(code)
        # Larger cities are named more often; the tail keeps the variety.
        return cities[min(int(self.rng.expovariate(1 / 5)), len(cities) - 1)]

    def country_of(self, code: str) -> Country:
        """The country of an ISO code."""
        return self.v.countries[code]

    def name(self) -> str:
        """A quoted activity name: «Звездный дождь»."""
        return f"«{self.rng.choice(NAMES)}»"

    def topic(self, sphere: str = "culture") -> str:
        """A quoted theme of ``sphere``, for round tables and conferences."""
        return f"«{self.rng.choice(TOPICS.get(sphere) or TOPICS['culture'])}»"

    def number(self) -> int:
        """An institution's number, small ones more often."""
        return self.rng.choice((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 17, 21, 25, 27, 33, 36, 40))

    def ordinal(self) -> str:
        """A Roman ordinal before a title ("XV ") four times in ten, else nothing."""
        return self.rng.choice(ROMAN) + " " if self.rng.random() < 0.4 else ""

    # -- institutions
    def ru_org(self, sphere: str, town: Place) -> Org:
        """A municipal institution of ``town`` in ``sphere`` (of culture or education if it has none)."""
        options = RU_ORGS.get(sphere) or RU_ORGS[self.rng.choice(("culture", "education"))]
        head, quoted = self.rng.choice(options)
        if "{adj" in quoted and not town.adjective:
            head, quoted = self.rng.choice([o for o in RU_ORGS["culture"] if "{adj" not in o[1]])
        adjective = town.adjective or ""
        quoted = quoted.format(n=self.number(), person=self.rng.choice(PERSONS_RU),
                               adj_m=adjective_form(adjective, "masc") if adjective else "",
                               adj_f=adjective_form(adjective, "femn") if adjective else "")
        return Org(head, quoted, town, "RU", place_inside=bool(adjective) and adjective_form(adjective, "masc")[:4] in quoted)

    def regional_org(self, sphere: str) -> Org | None:
        """A regional institution of ``sphere`` named after the capital, if the sphere has one."""
        options = REGIONAL_ORGS.get(sphere)
        capital = self.region.capital
        if not options or not capital.adjective:
            return None
        head, quoted = self.rng.choice(options)
        level_f = "краевая" if self.region.krai else "областная"
        quoted = quoted.format(adj_m=adjective_form(capital.adjective, "masc"),
                               adj_f=adjective_form(capital.adjective, "femn"), level=self.region.level,
                               level_f=level_f, person=self.rng.choice(PERSONS_RU))
        return Org(head, quoted, capital, "RU", place_inside=True)

    def foreign_org(self, spheres: tuple[str, ...], city: Place) -> Org | None:
        """A Belarusian or Kazakh institution of one of ``spheres`` in ``city``, if one fits."""
        options = [o for o in FOREIGN_ORGS.get(city.country, ()) if o[0] in spheres]
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
            quoted = quoted.format(n=self.number(), gen=city.form("gent"), by_person=self.rng.choice(PERSONS_BY),
                                   adj_m=adjective_form(city.adjective, "masc") if city.adjective else "",
                                   adj_f=adjective_form(city.adjective, "femn") if city.adjective else "")
        return Org(head, quoted, place, city.country, place_inside=True)

    # -- dates
    def dates(self, ev: Event, with_year: bool, lines: bool = True) -> str:
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
            return tail(f"{d} {month_name(m, 'gent')}", y)
        if kind == "days":
            d1 = rng.randint(1, last - 1)
            d2 = rng.randint(d1 + 1, min(last, d1 + 14))
            ev.start, ev.end = date(y, m, d1), date(y, m, d2)
            return tail(f"{d1}-{d2} {month_name(m, 'gent')}", y)
        if kind == "cross" and (y, m + 1) in months:
            d1, d2 = rng.randint(10, last), rng.randint(1, 20)
            ev.start, ev.end = date(y, m, d1), date(y, m + 1, d2)
            return tail(f"{d1} {month_name(m, 'gent')} {dash}{br()}{d2} {month_name(m + 1, 'gent')}", y)
        if kind == "months" and (y, m + 1) in months:
            ev.start, ev.end = date(y, m, 1), date(y, m + 1, calendar.monthrange(y, m + 1)[1])
            first = month_name(m, "nomn")
            first = rng.choice((first, first.capitalize(), "c" + first[1:] if first.startswith("с") else first))
            sep = rng.choice(("-", " – "))
            return tail(f"{first}{sep}{month_name(m + 1, 'nomn')}", y)
        if kind == "prior" and with_year and start_p.month == 1 and (y, m) == (start_p.year, 1):
            # Begun in the last month of the year before: "18 декабря 2022 года – 18 января 2023 года".
            if rng.random() < 0.5:
                d1, d2 = rng.randint(10, 31), rng.randint(5, 31)
                ev.start, ev.end = date(y - 1, 12, d1), date(y, 1, d2)
                return f"{d1} декабря {y - 1} года – {br()}{d2} января{br()}{y} года"
            ev.start, ev.end = date(y - 1, 12, 1), date(y, 1, 31)
            return f"Декабрь {br()}{y - 1}  года – январь {br()}{y} года"
        ev.start, ev.end = date(y, m, 1), date(y, m, last)
        word = month_name(m, "nomn")
        return tail(rng.choice((word, word.capitalize())), y)

    def month(self, ev: Event) -> str:
        """"В июле" (prose): the whole month of the report's year."""
        y = self.year
        m = self.rng.randint(1, 12)
        ev.start, ev.end = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        return f"В {month_name(m, 'loct')}" + (f" {y} года" if self.rng.random() < 0.2 else "")

    # -- lists of countries
    def country_list(self, ev: Event, countries: list[Country], case: str, official: float = 0.7,
                     conj: bool = True) -> str:
        """Countries in ``case``, joined by commas, the last by "и" half the time."""
        names = [ev.country(c, case, official) for c in countries]
        if conj and len(names) > 1 and self.rng.random() < 0.5:
            return ", ".join(names[:-1]) + " и " + names[-1]
        return ", ".join(names)
