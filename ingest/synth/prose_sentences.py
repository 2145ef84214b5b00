"""The dated sentences of a prose report, one kind a function: each writes one activity through
its ``Event`` (so the gold is what the sentence says) and returns ``(text, event)``; the event's
title is the phrase that names the activity.

Most kinds are about one partner city and open alike (``ProseReport.with_partner``: the event,
its month, the city, often a twin, and its country); what differs is only the sentence.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .event import Event
from .forms import inflect_phrase, people_count
from .phrases import AGREEMENTS, SPORTS
from .vocabulary import Place

if TYPE_CHECKING:
    from .prose import ProseReport

__all__ = ["SENTENCES", "Sentence", "agreement", "camp", "delegation", "drawings", "masterclass",
           "online_conference", "participation", "school_meeting", "students", "talks", "teams", "tournament",
           "visit"]

Sentence = Callable[["ProseReport", "str | None"], "tuple[str, Event]"]


def delegation(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """A delegation sent to a partner town's day, festival or fair."""
    ev, when, city, c = p.with_partner("culture", section, declinable=True)
    g = city.form("gent")
    name = p.name()
    nomn, loct = p.rng.choice((
        (f"мероприятия, посвященные Дню города {g}", f"мероприятиях, посвященных Дню города {g}"),
        (f"торжественные мероприятия по случаю Дня города {g}", f"торжественных мероприятиях по случаю Дня города {g}"),
        (f"международный фестиваль {name}", f"международном фестивале {name}"),
        (f"международная ярмарка {name}", f"международной ярмарке {name}"),
        (f"праздник {name}", f"празднике {name}"),
    ))
    ev.title = nomn
    ev.sphere = "economy" if "ярмарк" in nomn else "culture"
    ev.at(city)
    where = f"{ev.place(city, 'nomn')} ({ev.country(c, 'nomn', 0.6)})"
    if p.rng.random() < 0.6:
        verb = p.say("была направлена", "направлялась")
        text = f"{when} {verb} делегация {p.own_gen} в {where} для участия в {loct}."
    else:
        text = (f"{when} делегация {p.own_gen} приняла участие в {loct} в {city.marked('loct')} "
                f"({ev.country(c, 'nomn', 0.6)}).")
    return text, ev


def school_meeting(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """A school and a Belarusian or Kazakh one meeting, in person or online."""
    ev, when, city, c = p.with_partner("education", section, ("BY", "KZ"))
    theirs = p.foreign_org(("education", "culture"), city)
    if theirs is None:
        return students(p, section)
    ours = p.ru_org("education", p.town)
    a, b = f"{ours.form('gent')} {p.town.marked('gent')}", theirs.form("gent")
    kind = p.rng.randrange(3)
    if kind == 0:
        ev.title = f"встреча между руководством {a} и {b}"
        text = (f"{when} была организована встреча между руководством {ev.org(ours, 'gent')} и "
                f"{ev.foreign_org(theirs, 'gent', c)} с целью обсуждения перспектив сотрудничества.")
    elif kind == 1:
        ev.title = f"рабочая встреча педагогов {a} и {b}"
        text = (f"{when} {p.say('состоялась', 'прошла')} рабочая встреча педагогов {ev.org(ours, 'gent')} и "
                f"{ev.foreign_org(theirs, 'gent', c)}, посвященная обмену опытом.")
    else:
        ev.online = True
        ev.title = f"онлайн-урок для учащихся {a} и {b}"
        text = f"{when} проведен онлайн-урок для учащихся {ev.org(ours, 'gent')} и {ev.foreign_org(theirs, 'gent', c)}."
    return text, ev


def students(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """Pupils meeting a partner town's officials, or a video link with pupils there."""
    ev, when, city, c = p.with_partner("education", section, declinable=True)
    own = p.town.marked("gent")
    if p.rng.random() < 0.5:
        ev.title = f"встреча школьников {own} с представителями муниципалитета {city.marked('gent')}"
        text = (f"{when} была организована встреча школьников {own} с представителями "
                f"муниципалитета {ev.place(city, 'gent')} ({ev.country(c, 'nomn', 0.5)}).")
    else:
        ev.online = True
        ev.title = f"телемост между школьниками {own} и их сверстниками из {city.marked('gent')}"
        text = (f"{when} {p.say('состоялся', 'был организован')} телемост между школьниками {own} и их "
                f"сверстниками из {ev.place(city, 'gent')} ({ev.country(c, 'nomn', 0.5)}).")
    return text, ev


def masterclass(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """A master class, concert or creative meeting of art pupils with a partner institution or town."""
    ev, when, city, c = p.with_partner("culture", section, ("BY", "KZ"))
    theirs = p.foreign_org(("culture",), city)
    ours = p.ru_org("culture", p.town)
    mode = p.say("в режиме ВКС ", "в онлайн-формате ", "", "")
    ev.online = bool(mode)
    noun, verb = p.rng.choice((("мастер-класс", "был проведен"), ("совместный концерт", "состоялся"),
                               ("творческая встреча", "прошла")))
    if theirs is None:
        ev.title = f"{noun} учащихся {ours.form('gent')} и {city.marked('gent')}"
        partner = f"учащихся {ev.place(city, 'gent')} ({ev.country(c, 'nomn', 0.6)})"
    else:
        ev.title = f"{noun} учащихся {ours.form('gent')} и {theirs.form('gent')}"
        partner = ev.foreign_org(theirs, "gent", c)
    text = f"{when} {verb} {noun} {mode}учащихся {ev.org(ours, 'gent')} и {partner}."
    return text, ev


def talks(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """Online talks of the heads of the town and of a partner town."""
    ev, when, city, c = p.with_partner("governance", section, declinable=True)
    ev.online = True
    if p.city:
        pair = f"городов {p.town.form('gent')} и {ev.place(city, 'gent', marker=False)}"
    else:
        pair = f"{p.own_gen} и {ev.place(city, 'gent')}"
    kind = p.rng.randrange(3)
    if kind == 0:
        mode = p.say("ВКС", "видеоконференцсвязи")
        ev.title = f"переговоры в режиме {mode} между главами {pair}"
        text = (f"{when} состоялись {ev.title} ({ev.country(c, 'nomn', 0.5)}), во время которых "
                f"обсуждались перспективы сотрудничества.")
    elif kind == 1:
        ev.title = f"онлайн-совещание руководителей администраций {pair}"
        text = f"{when} {p.say('проведено', 'состоялось')} {ev.title} ({ev.country(c, 'nomn', 0.5)})."
    else:
        ev.title = f"видеоконференция глав {pair}"
        text = (f"{when} прошла {ev.title} ({ev.country(c, 'nomn', 0.5)}), посвященная подготовке "
                f"совместных мероприятий.")
    return text, ev


def participation(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """Taking part in an international contest or exhibition, with the other participants' countries."""
    ev, when = p.dated("culture", section)
    kind = p.say("конкурс", "фестиваль", "конкурс-фестиваль", "выставка изобразительного искусства",
                 "конкурс вокалистов")
    phrase = f"Международный {kind}" if not kind.startswith("выставка") else f"Международная {kind}"
    ordinal = p.ordinal()
    name = p.name()
    ev.title = f"{ordinal}{phrase} {name}"
    lead = p.say("принято участие в", "творческие коллективы города приняли участие в",
                 "учащиеся детских школ искусств приняли участие в")
    text = f"{when} {lead} {ordinal}{inflect_phrase(phrase, 'loct')} {name}."
    if p.rng.random() < 0.7:
        countries = p.pick_countries(p.rng.randint(1, 4))
        group = p.say("Музыканты", "Творческие коллективы", "Юные художники", "Исполнители")
        remote = p.rng.random() < 0.3
        ev.online = remote
        tail = " в заочном формате" if remote else ""
        text += f" {group} из {p.country_list(ev, countries, 'gent', 0.5)} приняли участие в мероприятии{tail}."
    return text, ev


def tournament(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """An international tournament at home, with the countries its athletes came from."""
    ev, when = p.dated("sport", section)
    sport = p.rng.choice(SPORTS)
    ordinal = p.ordinal()
    kind = p.say("международный турнир", "международный турнир", "открытое первенство", "международные соревнования")
    ev.title = f"{ordinal}{kind} по {inflect_phrase(sport, 'datv')}"
    countries = p.pick_countries(p.rng.randint(2, 9), cities=False)
    listed = ", ".join(ev.country(c, "nomn", 0.2) for c in countries)
    if p.city or p.rng.random() < 0.5:
        ev.at(p.town)
        where = f"в {p.town.marked('loct')}"
    else:
        ev.venue.append(p.reporter)  # "на территории … района": the district, as the sample gold has it
        where = f"на территории {p.own_gen}"
    verb = ("прошли", "были проведены") if kind.endswith("соревнования") else ("прошел", "был проведен") \
        if kind.endswith("турнир") else ("прошло", "было проведено")
    joined = "объединили" if kind.endswith("соревнования") else "объединил" if kind.endswith("турнир") else "объединило"
    which = "которые" if kind.endswith("соревнования") else "который" if kind.endswith("турнир") else "которое"
    text = (f"{when} {where} {p.rng.choice(verb)} {ev.title}, {which} {joined} "
            f"спортсменов из {len(countries)} зарубежных стран ({listed}).")
    return text, ev


def drawings(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """Children's drawings sent to an exhibition or contest in a partner town."""
    ev, when, city, c = p.with_partner("culture", section, declinable=True)
    name = p.name()
    kind, loct = p.rng.choice((("выставка рисунков", "выставке рисунков"),
                               ("выставка детского творчества", "выставке детского творчества"),
                               ("конкурс детского рисунка", "конкурсе детского рисунка")))
    ev.title = f"{kind} {name}"
    ev.at(city)
    count = p.rng.choice((5, 6, 7, 8, 9, 10, 12, 15, 16, 18, 20, 25, 27, 30, 35, 40))
    text = (f"{when} {count} творческих работ детей {p.town.marked('gent')} были направлены в "
            f"{ev.place(city, 'nomn')} ({ev.country(c, 'nomn', 0.5)}) для участия в {loct} {name}.")
    return text, ev


def teams(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """Friendly matches of the town's teams with those of two or three partner towns, dated by the year only."""
    ev = p.event("sport", section)
    sport = p.say("киберспорту", "шахматам", "мини-футболу", "настольному теннису")
    cities: list[Place] = []
    for _ in range(p.rng.randint(2, 3)):
        city = p.partner(declinable=True)
        if all(city.name != x.name for x in cities):
            cities.append(city)
    parts = []
    for i, city in enumerate(cities):
        p.mark_twin(ev, city)
        name = ev.place(city, "gent", marker=False)
        last_of_country = i + 1 == len(cities) or cities[i + 1].country != city.country
        parts.append(f"{name} ({ev.country(p.country_of(city.country), 'nomn', 0.4)})" if last_of_country else name)
    own = p.town.form("gent")
    kind = p.say("дружеские соревнования", "товарищеские встречи", "онлайн-турнир")
    ev.online = kind == "онлайн-турнир"
    ev.title = f"{kind} по {sport}"
    listed = ", ".join([own] + parts[:-1]) + " и " + parts[-1]
    verb = "был организован" if kind == "онлайн-турнир" else "были организованы"
    text = f"{p.say('В течение года', 'В отчетном году')} {verb} {ev.title} между командами гг. {listed}."
    return text, ev


def agreement(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """An agreement signed by a school or cultural institution and a Belarusian or Kazakh one."""
    ev, when, city, c = p.with_partner("culture", section, ("BY", "KZ"))
    theirs = p.foreign_org(("culture", "education"), city)
    if theirs is None:
        return delegation(p, section)
    sphere = "education" if theirs.quoted.startswith(("Гимназия", "Средняя", "Общеобразовательная")) else "culture"
    ev.sphere = sphere
    ours = p.ru_org(sphere, p.town)
    kind = p.rng.choice(AGREEMENTS)
    ev.agreements.append({"kind": kind, "parties": [ours.name, theirs.name], "date": None})
    a, b = f"{ours.form('ablt')} {p.town.marked('gent')}", theirs.form("ablt")
    if p.rng.random() < 0.5:
        ev.title = f"подписание {inflect_phrase(kind, 'gent')} между {a} и {b}"
        text = (f"{when} состоялось подписание {inflect_phrase(kind, 'gent')} между {ev.org(ours, 'ablt')} и "
                f"{ev.foreign_org(theirs, 'ablt', c)}.")
    else:
        verb = "подписано" if kind.startswith("соглашение") else "подписан"
        ev.title = f"{kind} между {a} и {b}"
        text = (f"{when} между {ev.org(ours, 'ablt')} и {ev.foreign_org(theirs, 'ablt', c)} {verb} {kind}.")
    return text, ev


def online_conference(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """An online conference or webinar with a partner town on tourism, business or youth exchanges."""
    ev, when, city, c = p.with_partner("tourism", section, declinable=True)
    topic = p.say("развития туризма", "развития въездного туризма", "поддержки малого бизнеса",
                  "организации молодежных обменов")
    ev.sphere = {"развития туризма": "tourism", "развития въездного туризма": "tourism",
                 "поддержки малого бизнеса": "economy"}.get(topic, "youth")
    ev.online = True
    kind, verb = p.rng.choice((("онлайн-конференция", "состоялась"), ("онлайн-семинар", "состоялся"),
                               ("вебинар", "был проведен")))
    ev.title = f"{kind} с городом {city.form('ablt')} по вопросам {topic}"
    text = (f"{when} {verb} {kind} с городом {ev.place(city, 'ablt', marker=False)} "
            f"({ev.country(c, 'nomn', 0.5)}) по вопросам {topic}.")
    return text, ev


def visit(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """A partner town's delegation visiting, sometimes with how many took part."""
    ev, when, city, c = p.with_partner("governance", section, declinable=True)
    ev.at(p.town)
    kind = p.say("официальный визит", "рабочий визит", "визит")
    head = p.say("", " во главе с мэром города", " во главе с заместителем главы администрации")
    ev.title = f"{kind} делегации {city.marked('gent')}{head} в {p.town.marked('nomn')}"
    text = (f"{when} состоялся {kind} делегации {ev.place(city, 'gent')} ({ev.country(c, 'nomn', 0.5)}){head} "
            f"в {p.town.marked('nomn')}.")
    if p.rng.random() < 0.4:
        n = p.rng.randint(10, 60)
        ev.participants = n
        text += f" Всего в мероприятиях визита приняли участие {people_count(n)}."
    return text, ev


def camp(p: ProseReport, section: str | None) -> tuple[str, Event]:
    """Young people or pupils at an international camp, school or forum in a partner town."""
    ev, when, city, c = p.with_partner("youth", section, declinable=True)
    kind = p.say("международный молодежный лагерь", "международная летняя школа",
                 "международный молодежный форум", "международная молодежная смена")
    name = p.name()
    ev.title = f"{kind} {name}"
    ev.at(city)
    who = p.say(f"молодежи {p.own_gen}", f"школьников {p.town.marked('gent')}",
                f"молодежной делегации {p.own_gen}")
    text = (f"{when} было организовано участие {who} в {inflect_phrase(kind, 'loct')} {name} "
            f"в {ev.place(city, 'loct')} ({ev.country(c, 'nomn', 0.5)}).")
    return text, ev


#: Every kind with its weight, in the order the draws are made (a kind used already is less likely).
SENTENCES: tuple[tuple[Sentence, float], ...] = (
    (delegation, 10), (school_meeting, 6), (students, 5), (masterclass, 7), (talks, 6), (participation, 9),
    (tournament, 6), (drawings, 5), (teams, 3), (agreement, 4), (online_conference, 4), (visit, 5), (camp, 5),
)
