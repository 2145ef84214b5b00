"""Table reports: a title, a header, municipality or topic headings and numbered rows, each row
written by a scenario drawn by weight among those that fit the heading's spheres."""
from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from . import table_gatherings as g
from . import table_partners as pt
from .event import Event, gold_links
from .forms import adjective_form, inflect_phrase, people_count
from .institutions import Org
from .phrases import ONLINE_VENUE, PURPOSES, TOPIC_HEADINGS
from .vocabulary import Country, Place, Region, Vocabulary
from .writer import Writer

__all__ = ["SCENARIOS", "TableReport", "Unit", "table_report"]


_HEADER_VARIANTS = (
    ("№\nп/п", "Наименование мероприятия", "Место проведения\nмероприятия", "Сроки\nпроведения\nмероприятия",
     "Цель, содержание и результат мероприятия\n(в том числе краткая информация о достигнутых договоренностях, подписанных документах)",
     "Участники мероприятия\n(общее количество, другие дополнительные сведения)"),
    ("№ п/п", "Наименование мероприятия", "Место проведения\nмероприятия", "Сроки проведения мероприятия",
     "Цель, содержание и результат мероприятия (в том числе краткая информация о достигнутых договоренностях, подписанных документах)",
     "Участники мероприятия (общее количество, другие дополнительные сведения)"),
    ("№\nп/п", "Наименование мероприятия", "Место проведения\nмероприятия", "Сроки\nпроведения\nмероприятия",
     "Содержание мероприятия\n(в том числе краткая информация о достигнутых договоренностях)",
     "Участники мероприятия\n(ФИО, должность)"),
)


@dataclass
class Unit:
    """Where rows stand: a municipality (its seat town) or the region's executive bodies."""

    heading: str | None
    actor: str
    ru: str
    town: Place
    actor_gen: str            # "города Смоленска", "Вяземского района", "Администрации Смоленской области"
    admin: tuple[str, str] | None  # the body named in participants: (genitive as written, nominative)
    spheres: tuple[str, ...] = ()


class TableReport(Writer):
    """A region's table report: its period, whether dates carry the year, and the cells' phrasing."""

    def __init__(self, rng: random.Random, vocab: Vocabulary, region: Region, year: int,
                 period: tuple[date, date], with_year: bool) -> None:
        super().__init__(rng, vocab, region, year, period)
        self.with_year = with_year

    # ---- structure
    def units(self, style: str, n_events: int) -> list[tuple[Unit, int]]:
        """Where the rows stand (the capital and other municipalities, or the region's topics), with how many rows
        each."""
        rng = self.rng
        region, capital = self.region, self.region.capital
        if style == "topic":
            k = min(len(TOPIC_HEADINGS), max(1, min(n_events // 3, rng.randint(3, 7))))
            chosen = sorted(rng.sample(range(len(TOPIC_HEADINGS)), k))
            admin_gen = f"Администрации {region.form('gent')}"
            units = [Unit(TOPIC_HEADINGS[i][0], f"Администрация {region.form('gent')}", capital.name, capital,
                          admin_gen, (admin_gen, f"Администрация {region.form('gent')}"), TOPIC_HEADINGS[i][1])
                     for i in chosen]
        else:
            towns = [t for t in region.towns]
            k = max(1, min(n_events // 4, rng.randint(2, 6)))
            units = [Unit(f"Город {capital.name}", capital.name, capital.name, capital,
                          f"города {capital.form('gent')}",
                          (f"Администрации города {capital.form('gent')}", f"Администрация города {capital.form('gent')}"))]
            towns = [x for x in towns if x.adjective or x.population >= 15_000]
            for town in rng.sample(towns, min(len(towns), k - 1)):
                if town.adjective and (town.population < 60_000 or rng.random() < 0.3):
                    word = "муниципальный округ" if rng.random() < 0.1 else "район"
                    district = f"{adjective_form(town.adjective, 'masc')} {word}"
                    units.append(Unit(f"Муниципальное образование «{district}» {region.form('gent')}", district,
                                      district, town, inflect_phrase(district, "gent"), None))
                else:
                    units.append(Unit(f"Муниципальное образование «город {town.name}» {region.form('gent')}",
                                      town.name, town.name, town, f"города {town.form('gent')}", None))
        units = units[:n_events]
        # Rows per unit: the first (the capital, or the first topic) gets the most.
        weights = [rng.random() + (1.5 if i == 0 else 0) for i in range(len(units))]
        counts = [1] * len(units)
        for _ in range(n_events - len(units)):
            counts[rng.choices(range(len(units)), weights)[0]] += 1
        return list(zip(units, counts))

    def title(self, style: str) -> str:
        """The report's title with its period ("во II квартале 2023 года"), kept as ``when``."""
        rng = self.rng
        start, end = self.period
        region_gen = self.region.form("gent")
        if end.month - start.month == 2:
            q = (start.month - 1) // 3 + 1
            roman = ("I", "II", "III", "IV")[q - 1]
            prep = "во" if q == 2 and rng.random() < 0.5 else "в"
            when = f"{prep} {roman} квартале {self.year} года"
        elif end.month - start.month == 5:
            when = f"в {'I' if start.month == 1 else 'II'} полугодии {self.year} года"
        else:
            when = rng.choice((f"за {self.year} год", f"в {self.year} году"))
        self.when = when
        if style == "topic":
            return (f"Отчет о мероприятиях в международной сфере, проведенных исполнительными органами \n"
                    f"{region_gen} и подведомственными им учреждениями \n{when}")
        return rng.choice((
            (f"Отчет о мероприятиях в международной сфере, проведенных органами местного самоуправления \n"
            f"муниципальных образований {region_gen} {when}"),
            f"Отчет о мероприятиях, проведенных органами местного самоуправления\n{region_gen} в международной сфере {when}",
            (f"Информация о мероприятиях в международной сфере, проведенных органами местного самоуправления "
            f"муниципальных образований {region_gen} {when}"),
        ))

    # ---- one row
    def row(self, unit: Unit, n: int) -> tuple[list[str], Event]:
        """One numbered row, written by a scenario that fits the unit's spheres, and its event."""
        rng = self.rng
        scenarios = [s for s in SCENARIOS if not unit.spheres or set(s[2]) & set(unit.spheres)]
        method, _, spheres = rng.choices(scenarios, [s[1] for s in scenarios])[0]
        allowed = [s for s in spheres if not unit.spheres or s in unit.spheres]
        ev = Event(sphere=rng.choice(allowed), section=unit.heading, actor=unit.actor, ru=unit.ru, n=n, rng=rng)
        dates = self.dates(ev, self.with_year)
        cells = method(self, unit, ev)
        if unit.heading and unit.spheres and cells.get("host") is not None:
            host: Org = cells["host"]
            ev.actor, ev.ru = host.name, host.place.name
        number = f"{n}." + rng.choice((" ", " ", ""))
        return [number, cells["title"], cells["venue"], dates, cells["content"], cells["participants"]], ev

    # ---- helpers for cells
    def own(self, ev: Event, unit: Unit, online: bool = False, region: bool = False) -> str:
        """The unit's own town as the venue, sometimes with its region, and online if so."""
        ev.at(unit.town)
        text = unit.town.marked("nomn")
        if region or unit.town is not self.region.capital and self.rng.random() < 0.4:
            text += ",\n" + self.region.name
        if online:
            ev.online = True
            text += "\n" + self.rng.choice(ONLINE_VENUE)
        return text

    def abroad(self, ev: Event, city: Place, online: bool = False) -> str:
        """A foreign city and its country as the venue, in one of three layouts."""
        ev.at(city)
        c = self.country_of(city.country)
        style = self.rng.random()
        if style < 0.45:
            text = f"{ev.place(city, 'nomn')}\n({ev.country(c, 'nomn')})"
        elif style < 0.75 or not city.region:
            text = f"{ev.place(city, 'nomn')}, {ev.country(c, 'nomn')}"
        else:
            text = f"{ev.place(city, 'nomn')},\n{city.region}\n({ev.country(c, 'nomn')})"
        if online:
            ev.online = True
            text += "\n" + self.rng.choice(ONLINE_VENUE)
        return text

    def federal(self, ev: Event, online: bool) -> str:
        """A big Russian city as the venue of a national or international activity."""
        city = self.rng.choice(self.v.federal[:4] if self.rng.random() < 0.7 else self.v.federal)
        ev.at(city)
        text = city.marked("nomn")
        if online:
            ev.online = True
            text += "\n" + self.rng.choice(ONLINE_VENUE)
        return text

    def with_russia(self, ev: Event, countries: list[Country], case: str = "gent") -> str:
        """A list of countries in ``case``, most often after Russia."""
        lead = ""
        if self.rng.random() < 0.6:
            lead = ev.country(self.v.russia, case, 0.85) + ", "
        return lead + self.country_list(ev, countries, case)

    def delegation(self, ev: Event, unit: Unit) -> str:
        """"Делегация Хиславичского района"; a region's administration is itself an institution taking part."""
        if unit.spheres and unit.admin:
            ev.body(unit.admin[1], self.region.capital)
        return f"Делегация {unit.actor_gen}"

    def admin(self, ev: Event, unit: Unit) -> str:
        """"Представители Администрации города Смоленска": the body of the unit, when it has one."""
        if unit.admin is None:
            return f"Делегация {unit.actor_gen}"
        ev.body(unit.admin[1], self.region.capital if unit.spheres else unit.town)
        return f"Представители {unit.admin[0]}"

    def headcount(self, ev: Event, low: int = 15, high: int = 600) -> str:
        """"Общее количество участников – N человек", often rounded; sets the event's count."""
        n = self.rng.randint(low, high)
        if self.rng.random() < 0.5:
            n = round(n, -1) or n
        ev.participants = n
        about = "около " if self.rng.random() < 0.3 else ""
        return f"Общее количество участников – {about}{people_count(n)}"

    def purpose(self, sphere: str) -> str:
        """A purpose of activities of ``sphere``, for the content cell."""
        return self.rng.choice(PURPOSES[sphere])


Scenario = Callable[["TableReport", Unit, Event], dict]
#: Each scenario with its weight and the spheres it writes; a topic heading takes only those of its spheres.
SCENARIOS: tuple[tuple[Scenario, float, tuple[str, ...]], ...] = (
    (g.remote_contest, 14, ("culture", "education")),
    (pt.school_partnership, 10, ("education", "culture")),
    (pt.agreement, 6, ("culture", "education")),
    (pt.official_visit, 7, ("economy", "culture", "governance")),
    (g.tournament, 9, ("sport",)),
    (g.festival_list, 5, ("culture",)),
    (g.conference, 6, ("science", "education", "health")),
    (g.foreign_session, 4, ("tourism", "economy", "governance")),
    (g.expo, 4, ("tourism", "economy")),
    (g.compatriots, 3, ("compatriots",)),
    (g.memory, 4, ("memory",)),
    (g.youth, 4, ("youth",)),
    (pt.social, 3, ("social",)),
    (pt.business, 3, ("economy",)),
    (pt.twin_day, 3, ("culture", "governance")),
    (pt.virtual, 2, ("culture",)),
    (pt.internship, 2, ("health",)),
    (g.working_meeting, 3, ("governance", "economy")),
    (g.hosted_institution, 2, ("culture", "education", "youth", "social")),
)


def table_report(rng: random.Random, vocab: Vocabulary, n_events: int) -> tuple[dict, list]:
    """One table report: its title, header, headings and rows, and its gold."""
    region = rng.choice(vocab.regions)
    year = rng.randint(2019, 2024)
    kind = rng.choices(("quarter", "half", "year"), (80, 12, 8))[0]
    if kind == "quarter":
        q = rng.randint(1, 4)
        period = (date(year, 3 * q - 2, 1), date(year, 3 * q, calendar.monthrange(year, 3 * q)[1]))
    elif kind == "half":
        h = rng.randint(1, 2)
        period = (date(year, 1 if h == 1 else 7, 1), date(year, 6 if h == 1 else 12, 30 if h == 1 else 31))
    else:
        period = (date(year, 1, 1), date(year, 12, 31))
    style = "topic" if rng.random() < 0.3 else "municipal"
    t = TableReport(rng, vocab, region, year, period, with_year=kind != "quarter" or rng.random() > 0.1)
    blocks: list = [("title", t.title(style)), ("header", list(rng.choice(_HEADER_VARIANTS)))]
    events: list[Event] = []
    n = 0
    for unit, count in t.units(style, n_events):
        if unit.heading:
            blocks.append(("heading", unit.heading))
        for _ in range(count):
            n += 1
            cells, ev = t.row(unit, n)
            blocks.append(("row", cells))
            events.append(ev)
    if rng.random() < 0.15 and not t.when.startswith("за"):
        when = t.when[:1].upper() + t.when[1:]
        blocks.append(("heading", (f"{when} состоялись {rng.randint(2, 4)} встречи (приемы, переговоры) "
                                  f"с иностранными делегациями (отдельными лицами)")))
    gold = {"layout": "table", "reporter": region.name,
            "period": {"start": period[0].isoformat(), "end": period[1].isoformat()},
            "events": [e.gold() for e in events], "links": gold_links(events, [e.n or 0 for e in events], [])}
    return gold, blocks
