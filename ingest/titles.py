"""The shortest phrase that names an activity told in a sentence of news.

"6 июля в администрации города Иркутска прошел официальный прием дружественной
делегации …" is titled from its activity noun on ("официальный прием
дружественной делегации …"); "Делегация посетила японский город-побратим" from
its verb, made a noun ("посещение японского …" reads as "посещение японский …",
which is close enough for a title and loses no word of the sentence).
"""
from __future__ import annotations

import re

from .cues import ACTIVITY, CLASSES, WEAK, Cues
from .fields import DOC_NOUN
from .morph import parses
from .tokens import tokenize

#: Verbs of activity and the noun that names what they tell.
NOMINAL = {
    "посетить": "посещение", "побывать": "посещение", "приехать": "визит", "прибыть": "визит",
    "прилететь": "визит", "съездить": "поездка", "встретиться": "встреча", "встретить": "встреча",
    "встречать": "встреча", "принимать": "прием", "подписать": "подписание", "подписывать": "подписание",
    "заключить": "заключение", "обсудить": "обсуждение", "обсуждать": "обсуждение",
    "участвовать": "участие", "выступить": "выступление", "наградить": "награждение",
    "вручить": "вручение", "открыть": "открытие", "открыться": "открытие", "познакомиться": "знакомство",
    "отправиться": "поездка",
}
_MAX_WORDS = 14
_DOCUMENT = re.compile(DOC_NOUN)
_CLAUSE_END = re.compile(r"[;:!?]|,\s+(?:(?:на|в|во|с|со|по|для|о|об|из|к|при)\s+котор\w+|который|которая|которое|которые|где|когда|чтобы|что|а|но|после|"
                         r"в ходе|во время|в рамках|с целью|посвященн|приуроченн)\b|\s[-–—]\s")


def _outside_quotes(text: str, pos: int) -> bool:
    return text.count("«", 0, pos) <= text.count("»", 0, pos)


def _clause_end(text: str, start: int) -> int:
    for m in _CLAUSE_END.finditer(text, start):
        if _outside_quotes(text, m.start()):
            return m.start()
    return len(text.rstrip(" ."))


def _start(tokens: list, i: int, text: str) -> tuple[int, str] | None:
    """Where a title starting at activity word ``i`` begins, and the noun put before it for a verb."""
    tok = tokens[i]
    readings = parses(tok.text.lower())[:1]
    lemma = readings[0].normal_form.replace("ё", "е") if readings else tok.text.lower()
    pos = readings[0].tag.POS if readings else None
    if pos in ("VERB", "INFN", "PRTS", "PRTF", "GRND"):
        noun = NOMINAL.get(lemma)
        if noun is None:
            return None  # "прошел", "провел": the activity is named after them
        after = text[tok.end:_clause_end(text, tok.end)]
        if len(re.findall(r"[А-Яа-яЁё]{3,}", after)) < 2:
            # "Договор о партнерстве … был подписан 29 апреля": the thing signed stands before.
            return 0, noun + " "
        return tok.end, noun + " "
    j = i  # adjectives in front belong to the name: "официальный прием"
    while j > 0 and parses(tokens[j - 1].text.lower())[0].tag.POS in ("ADJF", "PRTF") \
            and text[tokens[j - 1].end:tokens[j].start].strip() == "":
        j -= 1
    return tokens[j].start, ""


def event_title(sentence: str, cues: Cues) -> str:
    """From the first activity word to the end of its clause, at most ``_MAX_WORDS`` words.

    A signing names the sentence when it has one (a signing at a reception is what the sentence
    reports); a delegation is who comes, not what is done: the title starts there only when the
    sentence names no other activity.
    """
    text = sentence.strip()
    tokens = tokenize(text)
    found: list[tuple[int, str, bool, bool]] = []  # begin, noun for a verb, weak, a signing
    for i, tok in enumerate(tokens):
        readings = parses(tok.text.lower())[:1]
        lemma = readings[0].normal_form.replace("ё", "е") if readings else tok.text.lower()
        if lemma not in ACTIVITY and not set(lemma.split("-")) & ACTIVITY:  # "онлайн-встречу"
            continue
        start = _start(tokens, i, text)
        if start is not None:
            found.append((start[0], start[1], lemma in WEAK, lemma in CLASSES["signing"]))
    if found:
        signing = [f for f in found if f[3]]
        begin, prefix, _, _ = signing[0] if signing else next((f for f in found if not f[2]), found[0])
        document = _DOCUMENT.search(text)
        if prefix in ("подписание ", "заключение ") and document:
            # "… глава района и мэр Агры подписали соглашение о …": named by what was signed.
            words = (prefix + text[document.start():_clause_end(text, document.start())]).split()
            return " ".join(words[:_MAX_WORDS]).rstrip(",.")
        if begin == 0 and prefix:
            words = (prefix + text[:_clause_end(text, 0)]).split()
        else:
            words = (prefix + text[begin:_clause_end(text, begin)]).split()
        return " ".join(words[:_MAX_WORDS]).rstrip(",.")
    return " ".join(text.split()[:_MAX_WORDS]).rstrip(",.")
