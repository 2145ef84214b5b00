"""The sphere of an activity, from the lemmas of its title, its section and its content.

Cue lemmas are looked for first in the title (what the activity is), then in
the section heading ("Сотрудничество в сфере спорта"), then in the rest of
the row; the first sphere with a cue wins, in the order of ``CUES``, which puts
narrow spheres (memory, compatriots, health) before broad ones (culture).
"""
from __future__ import annotations

import re

from .morph import lemma
from .tokens import tokenize

CUES: dict[str, frozenset[str]] = {
    "sport": frozenset("""спорт спортивный турнир соревнование чемпионат первенство кубок спартакиада
        баскетбол волейбол футбол хоккей тхэквондо борьба ориентирование гимнастка гимнаст
        спортсмен киберспорт шахматы забег марафон""".split()),
    "memory": frozenset("""память памятный вахта поисковый поисковик победа мемориал
        патриотический героический блокада увековечение военный памятник битва ветеран""".split()),
    "compatriots": frozenset("соотечественник переселение".split()),
    "health": frozenset("""здоровье здоровый медицинский медицина больница клиника операция врач
        здравоохранение заболевание""".split()),
    "youth": frozenset("молодежь молодежный молодой юношество лагерь".split()),
    "tourism": frozenset("""туризм туристический туристский турист турбизнес гостеприимство туроператор
        турпродукт экскурсия""".split()),
    "science": frozenset("""научный наука научно-практический исследователь исследование чтение
        конференция ученый исследовательский семинар симпозиум""".split()),
    "education": frozenset("""образование образовательный школьник учиться обучаться обучать обучение олимпиада
        гимназия школа учитель педагогический язык урок студент университет наставник
        проектный профориентационный профориентация""".split()),
    "social": frozenset("""социальный инвалид пожилой волонтер кцсон соцзащита благотворительный
        санаторно-курортный""".split()),
    "economy": frozenset("""экономический экономика инвестиционный инвестиция инвестор торговый
        торгово-экономический экспорт экспортный выставка-ярмарка бизнес промышленность
        промышленный предприятие завод производитель ярмарка деловой автомобильный
        транспортный социально-экономический""".split()),
    "governance": frozenset("""выборы наблюдатель мэр глава администрация делегат собрание совещание
        муниципальный управление практика""".split()),
    "culture": frozenset("""культура культурный искусство фестиваль конкурс выставка музей концерт
        художественный творческий творчество хореографический вокальный вокалист музыкальный
        библиотека библиотечный театр сольфеджио ремесленник реконструкция праздник пленэр
        литературный живопись""".split()),
}

_ORDER = tuple(CUES)

# A dedication names the occasion, not the activity: in "чтения, посвящённые памяти Гагарина" or
# "турнир по хоккею памяти Степанова" the head noun decides and what follows the marker weighs less.
_DEDICATION = re.compile(r"(?:,\s*)?\b(?:посвящ[её]нн?\w*|в\s+честь|памяти)\b", re.IGNORECASE)


def _lemmas(text: str) -> set[str]:
    """Lemmas outside quotations: a quoted name ("«Песни Победы»") is a title, not a topic."""
    text = re.sub(r"«[^«»]*»", " ", text)
    words = [t.text.lower() for t in tokenize(text)]
    # A hyphenated compound also says what its parts say: "онлайн-выставка" is a выставка,
    # "бизнес-миссия" is business.
    parts = [part for word in words if "-" in word for part in word.split("-") if len(part) > 2]
    return {lemma(word) for word in words + parts}


def _split_dedication(title: str) -> tuple[str, str]:
    """The title before its dedication ("посвящённый …", "в честь …", "памяти …") and the dedication."""
    found = _DEDICATION.search(title)
    return (title[:found.start()], title[found.start():]) if found and found.start() else (title, "")


def classify(title: str, section: str | None = None, body: str = "", context: str = "") -> str:
    """One of the spheres of SCHEMA.md; ``other`` when nothing cues one.

    Cues count with the weight of where they stand (title 3, section 2, the rest 1);
    ties go to the sphere listed first in ``CUES``.
    """
    scores = dict.fromkeys(_ORDER, 0)
    # A quoted name is a title, not the topic, but it does say something of it («Молодежь – за …»).
    quoted = " ".join(re.findall(r"«([^«»]*)»", title))
    head, dedication = _split_dedication(title)
    for text, weight in ((head, 3), (dedication, 2), (section or "", 2), (quoted, 2), (body, 1), (context, 1)):
        if not text:
            continue
        found = _lemmas(text)
        if {"день", "город"} <= found:
            found = found | {"праздник"}  # "День города" is a town's festival
        for sphere in _ORDER:
            scores[sphere] += weight * len(found & CUES[sphere])
    best = max(_ORDER, key=lambda s: (scores[s], -_ORDER.index(s)))
    return best if scores[best] else "other"
