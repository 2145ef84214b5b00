"""Rows of a table report with one named foreign partner: a school, a town, an institution or a
company, met at home or abroad, sometimes with an agreement signed.

Each scenario writes one row's title, venue, content and participants through the row's
``Event`` (so the gold is what the cells say) and returns the cells.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .event import Event
from .forms import inflect_phrase, people_count
from .phrases import AGREEMENTS, ONLINE_VENUE

if TYPE_CHECKING:
    from .table import TableReport, Unit

__all__ = ["agreement", "business", "internship", "official_visit", "school_partnership", "social", "twin_day",
           "virtual"]


def school_partnership(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A school and its Belarusian or Kazakh partner: an olympiad, a concert, a contest."""
    rng = t.rng
    city = t.pick_city(("BY", "BY", "BY", "KZ"))
    c = t.country_of(city.country)
    theirs = t.foreign_org((ev.sphere,), city) or t.foreign_org(("education", "culture"), city)
    ours = t.ru_org(ev.sphere, unit.town)
    options = [f"Олимпиада {t.name()} в рамках Недели иностранного языка",
               f"Участие в круглом столе {t.topic(ev.sphere)}",
               f"Участие в Международном конкурсе проектов {t.name()}"]
    if ev.sphere == "culture":
        options = [f"Совместный концерт {t.name()}", f"Участие в международном пленэре {t.name()}",
                   f"Участие в Международном конкурсе-фестивале {t.name()}"]
    ev.title = rng.choice(options)
    style = rng.random()
    if style < 0.4:
        ev.at(unit.town)
        venue = f"{unit.town.marked('nomn')}, \n{ev.place(city, 'nomn')} \n({ev.country(c, 'nomn')})\n{rng.choice(ONLINE_VENUE)}"
        ev.at(city)
        ev.online = True
    elif style < 0.7:
        venue = t.abroad(ev, city)
    else:
        venue = t.own(ev, unit, online=rng.random() < 0.5)
    content = t.purpose(ev.sphere)
    if theirs is not None and rng.random() < 0.4:
        content += (f" в рамках договора о сотрудничестве между {ev.org(ours, 'ablt')} и "
                    f"{ev.foreign_org(theirs, 'ablt', c)}")
    who = rng.choice(("Преподаватели и обучающиеся", "Обучающиеся", "Представители"))
    if theirs is not None:
        participants = f"{who} {ev.org(ours, 'gent')} и {ev.foreign_org(theirs, 'gent', c)}"
    else:
        participants = f"{who} {ev.org(ours, 'gent')} и учащиеся {ev.place(city, 'gent')} ({ev.country(c, 'nomn')})"
    return {"title": ev.title, "venue": venue, "content": content, "participants": participants}


def agreement(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A meeting of two institutions at which an agreement is signed."""
    rng = t.rng
    city = t.pick_city(("BY", "BY", "KZ"))
    c = t.country_of(city.country)
    theirs = t.foreign_org((ev.sphere, "culture", "education"), city)
    host = t.regional_org(ev.sphere) if unit.spheres and rng.random() < 0.5 else None
    ours = host or t.ru_org(ev.sphere, unit.town)
    kind = rng.choice(AGREEMENTS)
    if theirs is None:
        return school_partnership(t, unit, ev)
    if rng.random() < 0.5:
        ev.title = (f"Встреча администраций {ev.org(ours, 'gent')} и {ev.org(theirs, 'gent')} "
                    f"({ev.country(c, 'nomn')})")
    else:
        ev.title = f"Подписание {inflect_phrase(kind, 'gent')} между {ev.org(ours, 'ablt')} и {ev.org(theirs, 'ablt')}"
    if host is not None:
        ev.at(host.place)
        venue = f"{host.place.marked('nomn')},\n{ev.org(host, 'nomn')}"
    elif rng.random() < 0.5:
        venue = t.abroad(ev, city)
    else:
        venue = t.own(ev, unit)
    verb = "подписано" if kind.startswith("соглашение") else "подписан"
    lead = rng.choice(("В рамках встречи", "По итогам встречи", "В ходе мероприятия"))
    content = (f"{t.purpose(ev.sphere)}. \n{lead} {verb} {kind} между {ev.org(ours, 'ablt')} и "
               f"{ev.foreign_org(theirs, 'ablt', c)}")
    ev.agreements.append({"kind": kind, "parties": [ours.name, theirs.name],
                          "date": ev.start.isoformat() if ev.start and ev.start == ev.end else None})
    participants = f"Представители {ev.org(ours, 'gent')} и {ev.foreign_org(theirs, 'gent', c)}"
    if rng.random() < 0.3:
        participants += ".\n" + t.headcount(ev, 8, 60)
    return {"title": ev.title, "venue": venue, "content": content, "participants": participants, "host": ours}


def official_visit(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A delegation abroad: a district's harvest or anniversary festivities, a city day, a fair."""
    rng = t.rng
    city = t.pick_city(("BY", "BY", "BY", "KZ", "UZ", "KG", "AM", "TJ", "AZ", "MD"))
    c = t.country_of(city.country)
    district = city.district() if city.country == "BY" and city.region else None
    if district is not None and rng.random() < 0.6:
        occasion = rng.choice(("торжественном собрании по итогам социально-экономического развития",
                               "торжественном мероприятии, посвященном подведению итогов социально-экономического развития",
                               "районном празднике «Дожинки», посвященном итогам уборочной кампании"))
        if "Дожинки" in occasion:
            ev.title = f"Участие в {occasion} {ev.place(district, 'gent')} ({ev.country(c, 'nomn')})"
        else:
            ev.title = (f"Участие в {occasion} {ev.place(district, 'gent')} {inflect_phrase(city.region, 'gent')} "
                        f"({ev.country(c, 'nomn')})")
        ev.sphere = "economy" if "экономическ" in occasion else "culture"
        theirs = (f"организации, учреждения и предприятия {ev.place(district, 'gent')} "
                  f"{inflect_phrase(city.region, 'gent')} ({ev.country(c, 'nomn')})")
    else:
        occasion = rng.choice((f"праздновании Дня города {ev.place(city, 'gent', marker=False)}",
                               f"международном фестивале {t.name()}", f"международной ярмарке {t.name()}"))
        if rng.random() < 0.5:
            ev.title = f"Участие в {occasion}"
        else:
            ev.title = (f"Визит {t.delegation(ev, unit).replace('Делегация', 'делегации', 1)} в "
                        f"{ev.place(city, 'nomn')} ({ev.country(c, 'nomn')}) для участия в {occasion}")
        ev.sphere = "culture" if "фестивал" in occasion or "Дня" in occasion else "economy"
        theirs = f"представители {ev.place(city, 'gent')} ({ev.country(c, 'nomn')})"
    if unit.spheres and ev.sphere not in unit.spheres:
        ev.sphere = unit.spheres[0]
    venue = t.abroad(ev, city)
    ours = t.delegation(ev, unit)
    if unit.heading and not unit.spheres and "район" in unit.actor:
        ours += f" {t.region.form('gent')}"
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": f"{ours}, {theirs}"}


def social(t: TableReport, unit: Unit, ev: Event) -> dict:
    """Social services of the town and a Belarusian territorial centre visiting each other."""
    rng = t.rng
    city = t.pick_city(("BY",))
    c = t.country_of("BY")
    theirs = t.foreign_org(("social",), city)
    host = t.ru_org("social", unit.town)
    if theirs is None:
        return official_visit(t, unit, ev)
    if rng.random() < 0.5:
        ev.title = f"Посещение делегацией {ev.foreign_org(theirs, 'gent', c)} {ev.org(host, 'gent', city=False)}"
        ev.at(unit.town)
        venue = f"{unit.town.marked('nomn')},\n{t.region.name},\n{ev.org(host, 'nomn', city=False)}"
    else:
        ev.title = (f"Поездка сотрудников {ev.org(host, 'gent', city=False)} в "
                    f"{ev.place(theirs.place, 'accs')} ({ev.country(c, 'nomn')})")
        ev.at(city)
        venue = f"{ev.place(city, 'nomn')}; \n{ev.place(theirs.place, 'nomn')}, \n{ev.country(c, 'nomn')}"
    participants = (f"Сотрудники и получатели социальных услуг {ev.foreign_org(theirs, 'gent', c)} "
                    f"({people_count(rng.randint(8, 50))}), сотрудники {ev.org(host, 'gent', city=False)} ({people_count(rng.randint(5, 30))})")
    return {"title": ev.title, "venue": venue, "content": t.purpose("social"), "participants": participants,
            "host": host}


def business(t: TableReport, unit: Unit, ev: Event) -> dict:
    """The town's head or officials meeting a Belarusian company."""
    rng = t.rng
    city = t.pick_city(("BY",))
    c = t.country_of("BY")
    theirs = t.foreign_org(("economy",), city)
    if theirs is None:
        return official_visit(t, unit, ev)
    who = f"Главы города {unit.town.form('gent')}" if unit.admin and not unit.spheres else f"представителей {unit.actor_gen}"
    # The company's country is written out, as reports do; its city may only be implied by its name.
    ev.title = f"Встреча {who} с представителями {ev.foreign_org(theirs, 'gent', c)}"
    if rng.random() < 0.6:
        venue = t.own(ev, unit)
    else:
        venue = t.abroad(ev, city)
    participants = f"{t.admin(ev, unit)}, {ev.org(theirs, 'gent')}"
    return {"title": ev.title, "venue": venue, "content": t.purpose("economy"), "participants": participants}


def twin_day(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A twin town's day abroad, or its delegation received at home."""
    rng = t.rng
    city = t.pick_city(declinable=True)
    c = t.country_of(city.country)
    ev.sister.add(city.name)
    own = unit.actor_gen if "район" in unit.actor or "округ" in unit.actor else unit.town.form("gent")
    if rng.random() < 0.6:
        ev.title = (f"Участие {t.delegation(ev, unit).replace('Делегация', 'делегации', 1)} в праздновании Дня города "
                    f"{ev.place(city, 'gent', marker=False)} "
                    f"({ev.country(c, 'nomn')}) – города-побратима {own}")
        venue = t.abroad(ev, city)
        ev.sphere = "culture"
    else:
        ev.title = f"Прием делегации города-побратима {ev.place(city, 'gent', marker=False)} ({ev.country(c, 'nomn')})"
        venue = t.own(ev, unit)
    if unit.spheres and ev.sphere not in unit.spheres:
        ev.sphere = unit.spheres[0]
    participants = f"{t.admin(ev, unit)}, делегация {ev.place(city, 'gent')} ({ev.country(c, 'nomn')})"
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": participants}


def virtual(t: TableReport, unit: Unit, ev: Event) -> dict:
    """An online exhibition with a Belarusian museum or a partner institution."""
    rng = t.rng
    ev.title = f"Виртуальная выставка {t.name()}"
    ev.online = True
    minsk = next((p for p in t.v.cities("BY") if p.name == "Минск"), None)
    museum = "ГУ «Национальный исторический музей Республики Беларусь»"
    if minsk is not None and rng.random() < 0.5:
        ev.body(museum, minsk, "BY")
        ev.countries.add("BY")
        ev.at(minsk)
        venue = f"{ev.place(minsk, 'nomn')}, \nРеспублика Беларусь, {museum}\n(в дистанционном формате)"
        content = f"Виртуальная выставка организована на официальном сайте {museum} ({minsk.marked('nomn')})"
    else:
        ev.at(unit.town)
        venue = f"{unit.town.marked('nomn')}\n(в дистанционном формате)"
        city = t.pick_city(("BY", "KZ"))
        theirs = t.foreign_org(("culture",), city)
        if theirs is not None:
            content = (f"На официальном сайте организована виртуальная выставка, подготовленная совместно с "
                       f"{ev.foreign_org(theirs, 'ablt', t.country_of(city.country))}")
        else:
            content = f"Выставка подготовлена совместно с коллегами из {ev.place(city, 'gent')} ({ev.country(t.country_of(city.country), 'nomn')})"
    participants = "Посетители официального сайта"
    return {"title": ev.title, "venue": venue, "content": content, "participants": participants}


def internship(t: TableReport, unit: Unit, ev: Event) -> dict:
    """Medical staff trained abroad, or a medical conference in a big Russian city."""
    rng = t.rng
    city = t.pick_city(("BY", "KZ", "UZ", "AM", "CN"))
    c = t.country_of(city.country)
    ours = t.ru_org("health", unit.town)
    if rng.random() < 0.5:
        ev.title = (f"Стажировка медицинских работников {ev.org(ours, 'gent')} в {ev.place(city, 'loct')} "
                    f"({ev.country(c, 'nomn')})")
        venue = t.abroad(ev, city)
        participants = f"Медицинские работники {ev.org(ours, 'gent')}"
        return {"title": ev.title, "venue": venue, "content": t.purpose("health"), "participants": participants,
                "host": ours}
    else:
        ev.title = f"Участие в международной конференции {t.topic('health')}"
        venue = t.federal(ev, rng.random() < 0.5)
        countries = t.pick_countries(rng.randint(1, 3))
        participants = f"Специалисты здравоохранения из {t.with_russia(ev, countries)}"
    return {"title": ev.title, "venue": venue, "content": t.purpose("health"), "participants": participants}
