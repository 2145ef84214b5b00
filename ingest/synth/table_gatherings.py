"""Rows of a table report where many countries meet at one activity: contests, tournaments,
festivals, conferences, fairs, forums, memorial actions and the meetings of associations.

Each scenario writes one row's title, venue, content and participants through the row's
``Event`` (so the gold is what the cells say) and returns the cells.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .event import Event
from .forms import adjective_form, inflect_phrase, round_count
from .phrases import ONLINE_VENUE, SPORTS
from .vocabulary import Place

if TYPE_CHECKING:
    from .table import TableReport, Unit

__all__ = ["compatriots", "conference", "expo", "festival_list", "foreign_session", "hosted_institution", "memory",
           "remote_contest", "tournament", "working_meeting", "youth"]


def remote_contest(t: TableReport, unit: Unit, ev: Event) -> dict:
    """An international contest or festival, mostly remote, with participants from several countries."""
    rng = t.rng
    kinds = {"culture": ("конкурс", "фестиваль", "конкурс-фестиваль", "фестиваль-конкурс", "смотр-конкурс"),
             "education": ("конкурс", "олимпиада", "конкурс проектов", "конкурс исследовательских работ")}
    kind = rng.choice(kinds.get(ev.sphere, kinds["culture"]))
    complement = {"конкурс": rng.choice(("искусств", "ансамблей", "вокалистов", "хореографических коллективов",
                                         "юных пианистов", "чтецов", "детского творчества", "")),
                  "фестиваль": rng.choice(("искусств", "детского творчества", "народного творчества", ""))}.get(kind, "")
    adj = "Международный" if rng.random() < 0.7 else "международный"
    phrase = f"{adj} {kind}"
    if rng.random() < 0.6:
        ev.title = f"Участие в {t.ordinal()}{inflect_phrase(phrase, 'loct')} {complement} {t.name()}"
    else:
        ev.title = f"{t.ordinal()}{phrase[:1].upper() + phrase[1:]} {complement} {t.name()}"
    ev.title = " ".join(ev.title.split())
    online = rng.random() < 0.7
    venue = t.federal(ev, online) if rng.random() < 0.8 else t.own(ev, unit, online)
    countries = t.pick_countries(rng.randint(1, 4))
    content = t.purpose(ev.sphere)
    if rng.random() < 0.3:
        jury = t.pick_countries(rng.randint(1, 2), {c.code for c in countries})
        content += f". \nВ жюри конкурса присутствовали представители из {t.with_russia(ev, jury)}"
    if rng.random() < 0.15:
        ev.body("Министерство культуры Российской Федерации", None)
        content += ". \nКонкурс проводится при поддержке Министерства культуры Российской Федерации"
    if rng.random() < 0.7:
        org = t.ru_org(ev.sphere, unit.town)
        who = rng.choice(("Обучающиеся", "Учащиеся и преподаватели", "Творческие коллективы"))
        participants = f"{who} {ev.org(org, 'gent')}, участники из {t.with_russia(ev, countries)}"
    else:
        group = rng.choice(("Хореографические коллективы", "Вокальные ансамбли", "Юные исполнители"))
        participants = f"{group} {unit.town.marked('gent')} и {t.country_list(ev, countries, 'gent', conj=False)}"
    return {"title": ev.title, "venue": venue, "content": content, "participants": participants}


def tournament(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A sports tournament at home with teams or athletes from one to three countries."""
    rng = t.rng
    sport = rng.choice(SPORTS)
    by = inflect_phrase(sport, "datv")
    ev.title = rng.choice((f"{rng.randint(3, 25)}-й традиционный турнир по {by} {t.name()}",
                           f"Открытый турнир по {by} среди юношеских команд",
                           f"Рождественский турнир по {by}", f"Кубок Дружбы по {by}",
                           f"Международные соревнования по {by} {t.name()}",
                           f"Участие в международном турнире по {by}"))
    venue = t.own(ev, unit)
    participants = ""
    style = rng.random()
    countries = t.pick_countries(rng.randint(1, 3), cities=True)
    if style < 0.4:
        participants = f"Спортсмены и тренеры из {t.with_russia(ev, countries)}"
    elif style < 0.7:
        participants = f"Спортивные команды {t.region.form('gent')} и {t.country_list(ev, countries[:1], 'gent')}"
    else:
        cities = [t.pick_city((countries[0].code,))]
        other = t.pick_city((countries[0].code,))
        if other.name != cities[0].name:
            cities.append(other)
        names = ", ".join(ev.place(x, "gent") for x in cities)
        participants = f"Команды {unit.town.marked('gent')}, {names} ({ev.country(countries[0], 'nomn')})"
    if rng.random() < 0.4:
        participants += ".\n" + t.headcount(ev, 40, 400)
    return {"title": ev.title, "venue": venue, "content": t.purpose("sport"), "participants": participants}


def festival_list(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A crafts or folk festival at home, with the foreign towns its guests came from."""
    rng = t.rng
    kind = rng.choice(("фестиваль исторической реконструкции", "фестиваль народного творчества",
                       "праздник-конкурс народных художественных ремесел", "фестиваль ремесленников",
                       "фестиваль славянской культуры"))
    ev.title = rng.choice((f"{t.ordinal()}{kind[:1].upper()}{kind[1:]} {t.name()}",
                           f"Межрегиональный {kind} {t.name()}" if kind.startswith("фестиваль") else
                           f"Международный {kind} {t.name()}"))
    venue = t.own(ev, unit)
    c = t.country_of(rng.choice(("BY", "BY", "KZ", "AM", "UZ")) if t.v.cities("KZ") else "BY")
    cities: list[Place] = []
    for _ in range(rng.randint(2, 5)):
        city = t.pick_city((c.code,))
        if all(x.name != city.name for x in cities):
            cities.append(city)
    group = rng.choice(("Реконструкторы", "Мастера-ремесленники", "Творческие коллективы", "Участники"))
    listed = ", ".join(ev.place(x, "nomn") for x in cities)
    participants = (f"{group} из {ev.country(t.v.russia, 'gent', 0.3)} и {ev.country(c, 'gent')} ({listed}).\n"
                    + t.headcount(ev, 60, 12000))
    return {"title": ev.title, "venue": venue, "content": t.purpose("culture"), "participants": participants}


def conference(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A conference or seminar at home, with the countries or towns of its speakers."""
    rng = t.rng
    topic = t.topic(ev.sphere)
    ev.title = rng.choice((f"{t.ordinal()}Международная научно-практическая конференция {topic}",
                           f"{t.ordinal()}научно-практическая конференция (с международным участием) {topic}",
                           f"Участие в международной онлайн-конференции {topic}",
                           f"Международный семинар {topic}"))
    if "онлайн" in ev.title:
        ev.online = True
    combined = rng.random() < 0.25
    venue = t.own(ev, unit)
    if combined:
        ev.online = True
        venue += "\n(в комбинированном формате: \nочно и дистанционно)"
    countries = t.pick_countries(rng.randint(1, 2), cities=True)
    content = t.purpose(ev.sphere)
    if rng.random() < 0.4:
        where = "семинара" if "семинар" in ev.title else "конференции"
        content += f". По результатам работы {where} запланировано издание сборника докладов"
    if rng.random() < 0.5:
        c = countries[0]
        cities = []
        for _ in range(rng.randint(1, 3)):
            city = t.pick_city((c.code,))
            if all(x.name != city.name for x in cities):
                cities.append(city)
        listed = ", ".join(ev.place(x, "nomn") for x in cities)
        where = "семинаре" if "семинар" in ev.title else "конференции"
        participants = (f"На {where} представлено около {round_count(rng, 10, 60)} докладов исследователей из "
                        f"г. Москвы, {unit.town.marked('gent')}, {ev.country(c, 'gent')} ({listed}).\n"
                        + t.headcount(ev, 30, 250))
    else:
        participants = f"{t.admin(ev, unit)}, специалисты из {t.with_russia(ev, countries)}"
    return {"title": ev.title, "venue": venue, "content": content, "participants": participants}


def foreign_session(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A forum's panel session abroad, joined online, with experts from several countries."""
    rng = t.rng
    city = t.pick_city()
    c = t.country_of(city.country)
    ev.title = (f"Участие в панельной сессии {t.topic(ev.sphere)} в рамках международного "
                f"{rng.choice(('форума', 'фестиваля'))} {t.name()}")
    ev.at(city)
    venue = f"{ev.place(city, 'nomn')}, \n{ev.country(c, 'nomn', 0.9)} \n{rng.choice(ONLINE_VENUE)}"
    ev.online = True
    others = t.pick_countries(rng.randint(2, 5), {c.code})
    participants = (f"{t.admin(ev, unit)}, эксперты и представители государственной и муниципальной власти из "
                    f"{t.with_russia(ev, [c] + others)}")
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": participants}


def expo(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A fair or exhibition in a big Russian city, with participants from up to five countries."""
    rng = t.rng
    ev.title = rng.choice((f"Участие в Международной туристической выставке {t.name()}",
                           f"Участие в Международной выставке-ярмарке {t.name()}",
                           f"Участие в Российско-{rng.choice(('белорусской', 'казахстанской'))} деловой встрече {t.name()}"))
    if "Российско-" in ev.title:
        ev.countries.add("BY" if "белорусской" in ev.title else "KZ")
    venue = t.federal(ev, False)
    countries = t.pick_countries(rng.randint(1, 5))
    tour = ""
    if ev.sphere == "tourism" and rng.random() < 0.5:
        name = f"АНО «Центр развития туризма {t.region.form('gent')}»"
        ev.body(name, None)
        tour = f", {name}, туроператоры {t.region.form('gent')}"
    participants = f"{t.admin(ev, unit)}{tour}, участники из {t.with_russia(ev, countries)}"
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": participants}


def compatriots(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A forum, round table or video call on compatriots abroad, with Rossotrudnichestvo."""
    rng = t.rng
    ev.title = rng.choice(("Участие в круглом столе «Взаимодействие с соотечественниками за рубежом на уровне регионов Российской Федерации»",
                           ("Участие в видеоконференции по вопросам реализации Государственной программы по оказанию "
                           "содействия добровольному переселению в Российскую Федерацию соотечественников, проживающих за рубежом"),
                           f"Участие в Международном форуме соотечественников {t.name()}"))
    online = "видеоконференц" in ev.title or rng.random() < 0.6
    venue = t.federal(ev, online)
    ev.online = ev.online or "видеоконференц" in ev.title
    countries = t.pick_countries(rng.randint(2, 8))
    ev.body("Россотрудничество", None)
    participants = (f"Представители Россотрудничества, органов исполнительной власти и организаций субъектов "
                    f"Российской Федерации, соотечественники из {t.country_list(ev, countries, 'gent')}")
    return {"title": ev.title, "venue": venue, "content": t.purpose("compatriots"), "participants": participants}


def memory(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A memorial action or search expedition, with search teams from another country."""
    rng = t.rng
    ev.title = rng.choice((f"{t.ordinal()}Международная учебно-тренировочная Вахта Памяти {t.year}",
                           f"Международная патриотическая акция {t.name()}",
                           "Участие в Международной акции «Сад памяти»",
                           f"Международная поисковая экспедиция {t.name()}"))
    if rng.random() < 0.4 and unit.town.adjective:
        venue = f"{adjective_form(unit.town.adjective, 'masc')} район, {t.region.name}"
    else:
        venue = t.own(ev, unit)
    c = t.pick_countries(1, cities=True)
    participants = (f"Поисковые отряды из различных регионов России, а также {t.country_list(ev, c, 'gent')}.\n"
                    + t.headcount(ev, 50, 700))
    return {"title": ev.title, "venue": venue, "content": t.purpose("memory"), "participants": participants}


def youth(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A youth forum or camp session, with delegations from up to three countries."""
    rng = t.rng
    ev.title = rng.choice((f"{t.ordinal()}Международный молодежный форум {t.name()}",
                           f"Участие в Международной молодежной смене {t.name()}",
                           f"Молодежный фестиваль {t.name()}"))
    venue = t.own(ev, unit) if rng.random() < 0.6 else t.federal(ev, False)
    countries = t.pick_countries(rng.randint(1, 3))
    participants = f"Молодежные делегации {t.region.form('gent')} и {t.country_list(ev, countries, 'gent')}"
    if rng.random() < 0.5:
        participants += ".\n" + t.headcount(ev, 30, 500)
    return {"title": ev.title, "venue": venue, "content": t.purpose("youth"), "participants": participants}


_MEETINGS = (("Участие в рабочей встрече в формате видеоконференц-связи", None),
             ("Участие в заседании Совета Ассоциации приграничных муниципальных образований",
              "Ассоциация приграничных муниципальных образований"),
             ("Участие в заседании Международной ассамблеи столиц и крупных городов",
              "Международная ассамблея столиц и крупных городов"),
             ("Участие в собрании делегатов Международного Ганзейского союза в онлайн-формате",
              "Международный Ганзейский союз"))


def working_meeting(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A meeting of an international association or a video call, with its members' countries."""
    rng = t.rng
    ev.title, body = rng.choice(_MEETINGS)
    if body:
        ev.body(body, None, None)
    ev.online = "видеоконференц" in ev.title or "онлайн" in ev.title
    venue = rng.choice(("", "В дистанционном формате")) if ev.online else t.federal(ev, False)
    countries = t.pick_countries(rng.randint(1, 6))
    side = rng.choice(("инвесторы со стороны", "представители", "представители городов-участников из"))
    participants = f"{t.admin(ev, unit)}, {side} {t.country_list(ev, countries, 'gent')}"
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": participants}


def hosted_institution(t: TableReport, unit: Unit, ev: Event) -> dict:
    """A regional institution hosts the activity, named in the venue (topic reports)."""
    rng = t.rng
    host = t.regional_org(ev.sphere)
    if host is None:
        return remote_contest(t, unit, ev)
    city = t.pick_city(("BY",))
    c = t.country_of("BY")
    kind = rng.choice(("фестиваль ремесленников", "выставка декоративно-прикладного творчества", "семинар-практикум"))
    ev.title = f"Межрегиональный {kind} {t.name()}" if kind.startswith("фестиваль") else f"{kind[:1].upper()}{kind[1:]} {t.name()}"
    ev.at(host.place)
    venue = f"{host.place.marked('nomn')},\n{ev.org(host, 'nomn')}"
    cities = [city]
    other = t.pick_city(("BY",))
    if other.name != city.name:
        cities.append(other)
    listed = ", ".join(ev.place(x, "gent") for x in cities)
    participants = f"{t.headcount(ev, 30, 300)}, в том числе из {listed} {ev.country(c, 'gent')}"
    return {"title": ev.title, "venue": venue, "content": t.purpose(ev.sphere), "participants": participants,
            "host": host}
