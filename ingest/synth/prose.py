"""Prose reports: a city's account under bulleted headings, or a district's with lists of joint
activities and dated sentences, both with the twin and friendly towns stated in words.

The sentences themselves are in ``prose_sentences``; this module holds the report that
writes them (who reports, its partners, which kind comes next) and lays them out.
"""
from __future__ import annotations

import random
from datetime import date

from . import prose_sentences as ps
from .event import Event, gold_links
from .forms import adjective_form, count_of, inflect_name, inflect_phrase, place_adjective
from .prose_sentences import SENTENCES, Sentence
from .vocabulary import CIS, Country, Place, Region, Vocabulary
from .writer import Writer, distinct

__all__ = ["ProseReport", "prose_report"]


class ProseReport(Writer):
    """A city's or a district's yearly account in sentences and bullets."""

    def __init__(self, rng: random.Random, vocab: Vocabulary, region: Region, year: int, city: bool) -> None:
        super().__init__(rng, vocab, region, year, (date(year, 1, 1), date(year, 12, 31)))
        if city:
            towns = [region.capital] + [x for x in region.towns if x.population >= 40_000]
            self.town = rng.choice(towns) if rng.random() < 0.3 else region.capital
            self.reporter = self.town.name
            self.own_gen = f"города {self.town.form('gent')}"
        else:
            towns = [x for x in region.towns if x.adjective]
            self.town = rng.choice(towns or list(region.towns))
            adjective = self.town.adjective or place_adjective(region.capital.name) or "городской"
            self.reporter = f"{adjective_form(adjective, 'masc')} район"
            self.own_gen = inflect_phrase(self.reporter, "gent")
        self.city = city
        self.twins: list[Place] = []
        self.friends: list[Place] = []
        self._used: dict[Sentence, int] = {}
        self._titles: set[str] = set()

    def event(self, sphere: str, section: str | None) -> Event:
        """A new activity of the reporter, under ``section``."""
        return Event(sphere=sphere, section=section, actor=self.reporter, ru=self.reporter, rng=self.rng)

    def partner(self, codes: tuple[str, ...] | None = None, declinable: bool = False) -> Place:
        """A foreign city, often one of the reporter's twins or friends (as in real reports)."""
        known = [p for p in self.twins + self.friends if (codes is None or p.country in codes)
                 and (not declinable or inflect_name(p.name, "gent") != p.name)]
        if known and self.rng.random() < 0.4:
            return self.rng.choice(known)
        return self.pick_city(codes, declinable)

    def mark_twin(self, ev: Event, city: Place) -> None:
        """A twin city's name goes on the event, so that its link is a sister-city one."""
        if any(city.name == t.name for t in self.twins):
            ev.sister.add(city.name)

    # ---- sentences (``prose_sentences``): each returns (text, event)
    def say(self, *options: str) -> str:
        """One of ``options``."""
        return self.rng.choice(options)

    def dated(self, sphere: str, section: str | None) -> tuple[Event, str]:
        """A new activity and the month it took place in ("В июле"), which opens its sentence."""
        ev = self.event(sphere, section)
        return ev, self.month(ev)

    def with_partner(self, sphere: str, section: str | None, codes: tuple[str, ...] | None = None,
                     declinable: bool = False) -> tuple[Event, str, Place, Country]:
        """What a sentence about one partner city starts from: the activity, its month, the city
        (often a twin or a friend) and its country; a twin city is marked as such for the links."""
        ev, when = self.dated(sphere, section)
        city = self.partner(codes, declinable)
        self.mark_twin(ev, city)
        return ev, when, city, self.country_of(city.country)

    def sentence(self, section: str | None, kinds: tuple[Sentence, ...] | None = None) -> tuple[str, Event]:
        """A dated sentence of one of ``kinds`` (default: any); a kind used already is less likely again, as in
        real reports, and no two activities of a report share a name (a reader could not tell them apart either)."""
        used = self._used
        names = [n for n, _ in SENTENCES if kinds is None or n in kinds]
        weights = [w * 0.6 ** used.get(n, 0) for n, w in SENTENCES if kinds is None or n in kinds]
        for _ in range(8):
            name = self.rng.choices(names, weights)[0]
            text, ev = name(self, section)
            if ev.title not in self._titles:
                break
        used[name] = used.get(name, 0) + 1
        self._titles.add(ev.title)
        return text, ev

    # ---- lists of joint activities (a partnership introduces them)
    _ITEMS = (("семинар на тему {q}", "culture", False), ("презентация социального проекта {q}", "culture", False),
              ("медиаконкурс {q}", "culture", False), ("профориентационный проект {q}", "education", False),
              ("дистанционный день специалиста {q}", "culture", True), ("виртуальная выставка {q}", "culture", True),
              ("литературные чтения {q} онлайн", "culture", True), ("конкурс чтецов {q}", "culture", False),
              ("мастер-класс {q}", "culture", False), ("онлайн-викторина {q}", "education", True),
              ("книжная выставка {q}", "culture", False))

    def partnership(self, k: int) -> tuple[str, list[tuple[str, Event]]]:
        """A partnership's introduction and its ``k`` joint activities, which share the partner's countries, places and
        institutions."""
        city = self.partner(("BY", "KZ"))
        c = self.country_of(city.country)
        theirs = self.foreign_org(("culture", "education"), city)
        ours = self.ru_org("culture", self.town)
        probe = Event("culture", rng=self.rng)
        if theirs is not None:
            partner = f"{probe.org(theirs, 'gent')} ({probe.country(c, 'nomn', 0.3)})"
        else:
            partner = f"учреждений культуры {probe.place(city, 'gent')} ({probe.country(c, 'nomn', 0.3)})"
        who = self.say("учреждениями", "библиотеками", "партнерами")
        intro = self.say(
            f"Данные мероприятия проведены в результате сотрудничества {probe.org(ours, 'gent')} и {partner}. "
            f"В {self.year} году {who} реализованы совместные мероприятия:",
            f"В рамках сотрудничества {probe.org(ours, 'gent')} и {partner} в {self.year} году проведены "
            f"совместные мероприятия:",
            f"Продолжено взаимодействие {probe.org(ours, 'gent')} с {partner.replace(probe.org(theirs, 'gent'), probe.org(theirs, 'ablt')) if theirs else partner}. "
            f"Совместно проведены:",
        )
        items = []
        for _ in range(k):
            for _ in range(20):  # a name not used yet in the report
                pattern, sphere, online = self.rng.choice(self._ITEMS)
                title = pattern.format(q=self.name())
                if title not in self._titles:
                    break
            self._titles.add(title)
            ev = self.event(sphere, None)
            ev.countries, ev.places, ev.orgs = set(probe.countries), list(probe.places), list(probe.orgs)
            ev.online = online
            ev.title = title
            items.append((ev.title + ";", ev))
        items[-1] = (items[-1][0][:-1] + ".", items[-1][1])
        return intro, items

    # ---- ties stated in words
    def ties(self) -> tuple[list[str], list[tuple[str, str, str, str]]]:
        """Sentences that state the reporter's twin and friendly towns, and those ties for the links."""
        rng = self.rng
        seen: set[str] = set()

        def pick_cis(k: int) -> list[Place]:
            return pick(k, tuple(sorted(CIS)))

        def pick(k: int, codes: tuple[str, ...] | None = None) -> list[Place]:
            return distinct(lambda: self.pick_city(codes), lambda city: city.name, k, k * 3, seen)

        self.twins = pick(rng.randint(1, 4)) if self.city else pick_cis(rng.randint(1, 3))
        self.friends = pick(rng.randint(0, 6)) if self.city else []
        probe = Event("other", rng=rng)

        def listing(cities: list[Place]) -> str:
            # One country after the run of its cities: "Пусан, Иксан (Республика Корея)".
            cities = sorted(cities, key=lambda p: p.country)
            parts = []
            for i, city in enumerate(cities):
                last = i + 1 == len(cities) or cities[i + 1].country != city.country
                parts.append(f"{city.name} ({probe.country(self.country_of(city.country), 'nomn', 0.5)})" if last
                             else city.name)
            return ", ".join(parts[:-1]) + " и " + parts[-1] if len(parts) > 1 else parts[0]

        owner = f"Город {self.town.name}" if self.city else f"{self.reporter[:1].upper()}{self.reporter[1:]}"
        sentences = [rng.choice((
            f"{owner} поддерживает побратимские связи с городами-побратимами {listing(self.twins)}.",
            f"Городами-побратимами {self.own_gen} являются {listing(self.twins)}.",
        ))]
        if self.friends:
            sentences.append(rng.choice((
                (f"Помимо зарубежных городов-побратимов администрация {self.own_gen} развивает отношения сотрудничества "
                f"со следующими зарубежными городами: {listing(self.friends)}."),
                f"Дружественными городами {self.own_gen} являются {listing(self.friends)}.",
            )))
        stated = [(self.reporter, p.name, p.country, "sister_city") for p in self.twins]
        stated += [(self.reporter, p.name, p.country, "friendship_city") for p in self.friends]
        return sentences, stated


#: Bullet headings of a city's report and the kinds of sentences that stand under each.
_CITY_SECTIONS = (
    ("Деятельность по развитию гуманитарного сотрудничества с зарубежными городами-побратимами и дружественными городами.",
     (ps.delegation, ps.students, ps.visit, ps.agreement, ps.talks, ps.school_meeting)),
    ("Деятельность по развитию сотрудничества с зарубежными городами-побратимами и дружественными городами в области спорта.",
     (ps.tournament, ps.teams)),
    ("Деятельность по продвижению творческого потенциала жителей города {gen} в зарубежных городах-побратимах и дружественных городах.",
     (ps.masterclass, ps.participation, ps.drawings)),
    ("Участие администрации города {gen} в международных конференциях, совещаниях и переговорах.",
     (ps.talks, ps.online_conference, ps.visit)),
    ("Деятельность по развитию сотрудничества в сфере образования.",
     (ps.school_meeting, ps.students, ps.agreement, ps.masterclass)),
    ("Деятельность по развитию молодежных обменов и туризма.",
     (ps.camp, ps.online_conference, ps.delegation)),
)
_FILLERS = (
    ("Международные связи в {year} году развивались с использованием компьютерных технологий, позволяющих "
    "организовывать рабочие встречи и переговоры на различных уровнях."),
    "На постоянной основе осуществляется техническое сопровождение и актуализация туристического сайта города.",
    "Для повышения узнаваемости города изготовлена сувенирная продукция с символикой города.",
    ("Действует рабочая группа из представителей администрации и бизнес-сообщества для разработки мероприятий, "
    "направленных на развитие въездного и внутреннего туризма."),
)
_PLANS = (
    "организация участия официальных и творческих делегаций зарубежных городов-побратимов в мероприятиях, посвященных Дню города;",
    "дальнейшее укрепление и расширение побратимских и дружественных связей с зарубежными городами;",
    "повышение узнаваемости города и продвижение его туристического потенциала;",
    "оказание содействия в организации участия предпринимателей в международных выставках и ярмарках.",
)


def prose_report(rng: random.Random, vocab: Vocabulary, n_events: int) -> tuple[dict, list]:
    """One prose report: a city's (headed by bullets) or a district's (lists and dated sentences)."""
    region = rng.choice(vocab.regions)
    year = rng.randint(2019, 2024)
    city = rng.random() < 0.6
    p = ProseReport(rng, vocab, region, year, city)
    blocks: list = []
    events: list[Event] = []
    stated: list[tuple[str, str, str, str]] = []

    def add(text: str, ev: Event | None = None, bullet: bool = False) -> None:
        blocks.append(("bullet" if bullet else "para", text))
        if ev is not None:
            events.append(ev)

    if city:
        blocks.append(("title", p.town.name.upper()))
        add("Международная деятельность муниципалитета")
        add(f"Администрация города {p.town.form('gent')}, развивая взаимовыгодные связи со своими зарубежными "
            f"партнерами, осуществляет международную деятельность в таких направлениях, как укрепление традиционных "
            f"побратимских связей и участие в деятельности международных муниципальных организаций.")
        add(rng.choice(_FILLERS).format(year=year))
        sentences, stated = p.ties()
        for s in sentences:
            add(s)
        add(f"Основными международными мероприятиями в {year} году стали нижеследующие.")
        left = n_events
        sections = list(_CITY_SECTIONS)
        rng.shuffle(sections)
        count = min(len(sections), max(1, n_events // 3), rng.randint(3, 6))
        sections = sections[:count]
        while left > 0:
            heading, kinds = sections.pop()
            section = heading.format(gen=p.town.form("gent"))
            add(section, bullet=True)
            k = left if not sections else max(1, min(left - len(sections), round(left / (len(sections) + 1))
                                                     + rng.randint(-1, 2)))
            for _ in range(k):
                text, ev = p.sentence(section, kinds)
                add(text, ev)
            left -= k
        add(f"Основными перспективными направлениями по развитию отрасли «Международная деятельность» в {year + 1} году будут являться:")
        for plan in rng.sample(_PLANS, rng.randint(2, 4)):
            add(plan, bullet=True)
    else:
        blocks.append(("title", (f"Аналитическая информация о результатах международной \nи внешнеэкономической "
                                f"деятельности администрации {p.own_gen}\nза {year} год")))
        blocks.append(("tab", ""))
        add(f"Деятельность по международным связям в {inflect_phrase(p.reporter, 'loct')} осуществлялась в соответствии "
            f"с Планом мероприятий по развитию международного сотрудничества на {year} год (далее – План).")
        add(f"В целях исполнения Плана в {inflect_phrase(p.reporter, 'loct')} проведено {count_of(n_events, 'мероприятие')}.")
        if rng.random() < 0.5:
            sentences, stated = p.ties()
            for s in sentences:
                add(s)
        left = n_events
        agreement = False
        while left > 0:
            if rng.random() < 0.4 and left >= 2:
                k = min(left, rng.randint(2, 8))
                intro, items = p.partnership(k)
                add(intro)
                for text, ev in items:
                    add(text, ev, bullet=True)
                left -= k
            else:
                text, ev = p.sentence(None)
                agreement = agreement or bool(ev.agreements)
                add(text, ev)
                left -= 1
        if not agreement:
            add(f"Муниципальным образованием {p.reporter} не заключались соглашения об осуществлении международных "
                f"и внешнеэкономических связей.")
    refs = list(range(1, len(events) + 1))
    gold = {"layout": "narrative", "reporter": p.reporter,
            "period": {"start": date(year, 1, 1).isoformat(), "end": date(year, 12, 31).isoformat()},
            "events": [e.gold() for e in events], "links": gold_links(events, refs, stated)}
    return gold, blocks
