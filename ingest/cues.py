"""What a sentence of news or report prose does, read from the lemmas of its words.

Real texts tell an activity in many phrasings ("прошел официальный прием
делегации", "обсудил с иранской делегацией", "побывали на Байкале"), so the
cues are lemma sets, not surface patterns: pymorphy3 maps every case and tense
of a word to its lemma, and a sentence is classified by which sets its lemmas
meet. The sets are general Russian vocabulary of international cooperation;
none is keyed to a particular text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .morph import parses
from .tokens import tokenize

#: Nouns and verbs that name an activity on their own: a visit, a meeting, a signing …
ACTIVITY = frozenset("""
    визит посещение поездка прием приём встреча переговоры беседа консультация совещание заседание
    подписание церемония форум фестиваль конференция конгресс симпозиум семинар вебинар
    выставка выставка-ярмарка ярмарка конкурс олимпиада турнир соревнование чемпионат первенство
    спартакиада эстафета концерт спектакль гастроль праздник празднование торжество юбилей
    экскурсия смена лагерь стажировка обмен телемост видеоконференция видеомост видеосвязь
    мастер-класс акция ассамблея саммит сессия миссия бизнес-миссия делегация презентация
    круглый чтение биеннале пленэр слет слёт марафон забег урок лекция
    посетить побывать приехать прибыть прилететь съездить встретиться встречать встретить
    принимать принять провести проводить состояться пройти проходить подписать подписывать
    заключить обсудить обсуждать участвовать выступить наградить вручить открыть открыться
    организовать отправиться вернуться познакомиться знакомство подпись поставить
""".split())

#: Kinds of activity: a sentence of another kind than the activity before it tells a new one
#: (a signing during a visit, a concert during a festival); one of the same kind tells more of it.
CLASSES: dict[str, frozenset[str]] = {
    "visit": frozenset("""визит посещение поездка прием приём посетить побывать приехать прибыть прилететь
        съездить принимать встречать встретить делегация отправиться вернуться экскурсия""".split()),
    "talks": frozenset("встреча переговоры беседа консультация совещание заседание встретиться обсудить обсуждать".split()),
    "signing": frozenset("подписание подписать подписывать заключить церемония подпись".split()),
    "public": frozenset("""форум фестиваль конференция конгресс симпозиум семинар вебинар выставка ярмарка
        выставка-ярмарка конкурс олимпиада турнир соревнование чемпионат первенство спартакиада эстафета
        концерт спектакль гастроль праздник празднование торжество юбилей смена лагерь стажировка
        телемост видеоконференция видеомост видеосвязь мастер-класс акция ассамблея саммит сессия
        миссия бизнес-миссия презентация круглый чтение биеннале пленэр слет слёт марафон забег урок лекция
        выступить выступление""".split()),
}


def classes(activity: frozenset[str]) -> frozenset[str]:
    """The kinds of activity a set of activity lemmas names."""
    return frozenset(name for name, words in CLASSES.items() if activity & words)

#: Verbs and nouns that only report an activity when something else in the sentence names it.
WEAK = frozenset("""поставить делегация принять провести проводить пройти проходить открыть организовать
    делегация вернуться отправиться""".split())

#: Ties between places, strongest first. A lemma of a kind's set names that kind.
SISTER = frozenset("побратим побратимство побратимский породнённый породненный породниться породнить".split())
FRIEND = frozenset("""партнер партнёр партнерский партнёрский партнерство партнёрство дружественный
    дружественность""".split())
#: Friendship words that name a tie of towns only beside the word "город" ("Мост дружбы" is a title).
FRIENDSHIP = frozenset("дружба дружеский".split())
#: A signed document: a tie of towns (friendship_city), or of institutions when the sentence names them.
AGREEMENT = frozenset("соглашение меморандум договор протокол".split())
#: Words of an institution that may pair with a foreign one (school, library, university …).
INSTITUTION = frozenset("""школа гимназия лицей колледж техникум университет институт академия библиотека
    музей театр детсад садик училище консерватория""".split())

#: A plan or intention is no activity yet and no tie yet.
PLAN = frozenset("""планировать планироваться запланировать намереваться предстоять мочь
    предполагаться предполагать собираться
    инициатива предложить предлагать""".split())
#: A tie on hold, and a tie that has ended.
SUSPENDED = frozenset("приостановить приостановленный приостановка заморозить заморозка".split())
TERMINATED = frozenset("""прекратить прекратиться прекращение разорвать расторгнуть расторжение аннулировать
    денонсировать""".split())
ENDED = SUSPENDED | TERMINATED
#: Becoming partners is itself an event ("Якутск и Харбин стали побратимами", "установлены отношения").
BECAME = frozenset("стать становиться установить устанавливать установление обрести породниться".split())
#: Who took part: "участниками конкурса" tells the contest as surely as "прошёл конкурс".
PARTICIPANT = frozenset("участник участница лауреат победитель призер призёр дипломант гость".split())
#: A state, not an activity: "является побратимом", "связывают узы дружбы".
STATE = frozenset("являться связывать насчитывать иметь существовать".split())


_EVENT_OF_TIES = re.compile(r"((?:форум|фестивал|конкурс|конференци|ассамбле|съезд|сл[её]т|саммит)\w*)"
                            r"(?:\s+[а-яё]+){0,2}\s+город\w*-(?:побратим|партн[её]р)\w*", re.IGNORECASE)
#: Times still to come: what they date is a plan.
_LATER = re.compile(r"\b(?:в|на)\s+(?:следующ\w+|будущ\w+|предстоящ\w+)\s+(?:году|месяце|неделе|сезоне|год)\b"
                    r"|\bв\s+ближайш\w+\s+(?:время|годы|месяцы)\b", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def _word(word: str) -> tuple[tuple[str, ...], str | None, bool, frozenset[str]]:
    """Lemmas of a word; its tense when it is a finite verb ("futr", "past", "pres"); whether it is a
    participle or gerund, which describes rather than tells ("принимающая сторона"); and the lemmas
    of its readings that can assert what they name: a finite verb, a short participle ("подписано")
    or a noun in the nominative ("состоялась встреча"), not a noun in an oblique case ("в ходе встречи")."""
    found = parses(word.lower())
    lemmas = tuple(dict.fromkeys(p.normal_form.replace("ё", "е") for p in found[:3]))
    participle = bool(found) and found[0].tag.POS in ("PRTF", "GRND")
    # Only a word the dictionary knows: pymorphy3 guesses unknown names as verbs ("Дуцзянъянем").
    tense = found[0].tag.tense if found and found[0].is_known and found[0].tag.POS == "VERB" else None
    # A verb reading among the likeliest three ("прибыли" is also "прибыль") unless the likeliest
    # is itself an activity ("встречу" is the noun, not "I shall meet"); a noun only by its likeliest
    # reading ("встречи" is rather genitive than a plural subject).
    readings = found[:1] if found and found[0].normal_form.replace("ё", "е") in ACTIVITY else found[:3]
    asserts = frozenset(p.normal_form.replace("ё", "е") for i, p in enumerate(readings)
                        if p.tag.POS in ("VERB", "PRTS", "INFN") or i == 0 and p.tag.POS == "NOUN" and p.tag.case == "nomn")
    return lemmas, tense, participle, asserts


@dataclass(frozen=True)
class Cues:
    """The lemma sets a sentence meets, and where its first activity word stands."""

    activity: frozenset[str]
    kinds: tuple[str, ...]          # tie kinds named, strongest first
    plan: bool
    ended: bool
    state: bool
    future: bool                    # its first finite verb is in the future tense
    future_clause: bool             # some verb of it is ("договорились, что города станут побратимами")
    asserted: bool                  # an activity is told by a verb or a subject, not only mentioned
    institution: bool
    became: bool                    # "стали побратимами", "установлены партнёрские отношения"
    first_activity: int | None      # character offset of the first activity word
    status: str | None = None       # "suspended" or "terminated" when the sentence ends a tie
    institutions: int = 0           # how many institution words (школа, библиотека …) it has
    told: frozenset[str] = frozenset()  # the activity lemmas it asserts (a verb or a subject)

    @property
    def strong_activity(self) -> bool:
        return bool(self.activity - WEAK)


@lru_cache(maxsize=20_000)
def read(sentence: str) -> Cues:
    """Cues of one sentence; quoted names («Дружба», «Город-побратим») are titles, not cues."""
    unquoted = re.sub(r"«[^«»]*»|\"[^\"]*\"", lambda m: " " * len(m.group(0)), sentence)
    # "форум городов-побратимов": the tie word names the forum's guests, not a tie of its venue.
    unquoted = _EVENT_OF_TIES.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), unquoted)
    activity: set[str] = set()
    kinds: set[str] = set()
    flags = dict(plan=False, ended=False, state=False, future=False, institution=False, became=False,
                 future_clause=False, asserted=False)
    main_tense: str | None = None
    friendship = town = intention = suspended = coop = ongoing = False
    institutions = documents = 0
    participant = False
    told: set[str] = set()
    first: int | None = None
    for tok in tokenize(unquoted):
        lemmas, tense, participle, asserts = _word(tok.text)
        parts = set(lemmas) | {p for lem in lemmas for p in lem.split("-")}
        hit = set() if participle else parts & ACTIVITY
        if hit:
            activity |= hit
            flags["asserted"] |= bool(hit & asserts)
            told |= hit & asserts
            if first is None:
                first = tok.start
        participant |= bool(parts & PARTICIPANT)
        if parts & SISTER or any(p.startswith("побратим") for p in parts):
            kinds.add("sister_city")
        if parts & FRIEND:
            kinds.add("friendship_city")
        friendship |= bool(parts & FRIENDSHIP)
        town |= "город" in parts
        intention |= "намерение" in parts
        coop |= "сотрудничество" in parts
        ongoing |= bool(parts & {"развивать", "развиваться", "поддерживать", "отношение", "налаживать"})
        if parts & AGREEMENT:
            kinds.add("agreement")
            documents += 1
        flags["plan"] |= bool(parts & PLAN)
        flags["ended"] |= bool(parts & ENDED)
        suspended |= bool(parts & SUSPENDED)
        flags["state"] |= bool(parts & STATE)
        main_tense = main_tense or tense
        if tense == "pres" and parts & {"обсуждаться", "рассматриваться", "прорабатываться"}:
            flags["plan"] = True  # "сейчас обсуждается возможность партнёрства"
        flags["future_clause"] |= tense == "futr"
        flags["institution"] |= bool(parts & INSTITUTION)
        institutions += bool(parts & INSTITUTION)
        flags["became"] |= bool(parts & BECAME)
    if coop and ongoing:
        kinds.add("friendship_city")  # "развивает отношения сотрудничества со следующими городами"
    if participant and activity:
        flags["asserted"] = True  # "стали участниками и лауреатами конкурса"
    if _LATER.search(sentence):
        flags["plan"] = True  # "приглашены на фестиваль в следующем году"
    # The sentence's own verb decides its time ("договорились, что станут" is past); any future
    # clause still makes a tie it names a plan.
    flags["future"] = main_tense == "futr"
    if friendship and town:
        kinds.add("friendship_city")  # "наши города связывает дружба"
    if intention and "agreement" in kinds:
        kinds.discard("sister_city")  # "соглашение о намерении установить побратимские отношения"
    if "agreement" in kinds and "sister_city" in kinds and "friendship_city" not in kinds and documents == 1:
        kinds.discard("agreement")  # "соглашение … установить побратимские связи": a twinning agreement
    if "agreement" in kinds:
        kinds.discard("agreement")
        kinds.add("institutional" if flags["institution"] else "friendship_city")
    order = ("sister_city", "friendship_city", "institutional")
    return Cues(frozenset(activity), tuple(k for k in order if k in kinds), first_activity=first,
                status="suspended" if suspended else "terminated" if flags["ended"] else None,
                institutions=institutions, told=frozenset(told), **flags)
